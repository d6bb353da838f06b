using GenGemini.Fuzz;
using SharpFuzz;

// Under AFL++: dotnet GenGemini.Fuzz.dll <target>   (see fuzz/run.sh)
// By hand:     dotnet GenGemini.Fuzz.dll <target> <file>...
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: GenGemini.Fuzz <{string.Join('|', FuzzTargets.All.Keys)}> [file...]");
    return 2;
}

if (args.Length > 1)
{
    foreach (var file in args[1..])
    {
        target(File.ReadAllBytes(file));
        Console.WriteLine($"ok {file}");
    }

    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    target(memory.ToArray());
});
return 0;
