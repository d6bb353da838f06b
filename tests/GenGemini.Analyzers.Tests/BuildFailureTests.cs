using System.Diagnostics;

namespace GenGemini.Analyzers.Tests;

/// <summary>A capsule with a bad route does not build, and the build output says where and why.</summary>
public class BuildFailureTests
{
    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GenGemini.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("GenGemini.sln not found above the test directory.");
    }

    [Fact]
    public async Task Dotnet_build_fails_naming_the_id_file_and_line()
    {
        var root = RepositoryRoot();
        var dir = Path.Combine(Path.GetTempPath(), "gengemini-buildfail-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "BadCapsule.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{root}/src/GenGemini/GenGemini.csproj" />
                    <ProjectReference Include="{root}/generators/GenGemini.Generators/GenGemini.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                    <ProjectReference Include="{root}/analyzers/GenGemini.Analyzers/GenGemini.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(dir, "Directory.Build.props"), "<Project />");
            await File.WriteAllTextAsync(Path.Combine(dir, "Directory.Packages.props"), "<Project />");
            await File.WriteAllTextAsync(Path.Combine(dir, "Capsule.cs"), """
                using GenGemini;

                public partial class Capsule
                {
                    [Gemini("/users/{id:integer}")]
                    public string User(int id) => "user";
                }
                """);

            // The generator and analyzers under test, built in this run's configuration (an up-to-date
            // build does nothing), never whatever DLLs an earlier build left on disk.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { "build", dir, "-c", configuration, "-nodeReuse:false", "--disable-build-servers", "-clp:NoSummary" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await stdout + await stderr;

            Assert.NotEqual(0, process.ExitCode);
            Assert.Matches(@"Capsule\.cs\(5,\d+\): error GG0003: Unknown route constraint 'integer'", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
