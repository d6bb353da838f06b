using System.Diagnostics;
using GenGemini.Application;
using GenGemini.Gateways;
using GenGemini.Internal;
using GenGemini.Protocol;
using Microsoft.Extensions.Logging;

namespace GenGemini.Cgi;

/// <summary>
/// Runs a script per request from one directory: <c>/cgi-bin/hello.py/extra</c> runs
/// <c>hello.py</c> with PATH_INFO <c>/extra</c> and the same variables SCGI backends get.
/// </summary>
public sealed class CgiHandler : IGeminiHandler, IMountedHandler
{
    /// <summary>The META of the 42 answered when a script runs past its time-out.</summary>
    public const string TimeoutMeta = "CGI script timeout";
    /// <summary>The META of the 42 answered when a script fails or writes a bad header.</summary>
    public const string ErrorMeta = "CGI script error";

    /// <summary>The META of the 41 answered when every script slot stays busy past the time-out.</summary>
    public const string BusyMeta = "CGI busy";

    private readonly string _directory;
    private readonly SemaphoreSlim _slots;
    private string? _realDirectory;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private AppState? _state;

    /// <summary>Runs the executable scripts in <paramref name="scriptDirectory"/>, with <paramref name="options"/> (the defaults when null).</summary>
    public CgiHandler(string scriptDirectory, CgiOptions? options = null)
    {
        _directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(scriptDirectory));
        Options = options ?? new CgiOptions();
        if (Options.MaxConcurrentScripts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxConcurrentScripts, "MaxConcurrentScripts must be at least 1.");
        }

        _slots = new SemaphoreSlim(Options.MaxConcurrentScripts, Options.MaxConcurrentScripts);
    }

    /// <summary>Time-outs, sizes and the variables scripts get.</summary>
    public CgiOptions Options { get; }

    void IMountedHandler.Mounted(MountServices services)
    {
        _logger = services.LoggerFactory.CreateLogger("GenGemini.Cgi");
        _state = services.State;
    }

    /// <summary>Never blocks where the request was read: starting the script moves to the thread pool first.</summary>
    bool IGeminiHandler.NeverBlocks => true;

    /// <inheritdoc/>
    public async ValueTask<Response> HandleAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Thread.CurrentThread.IsThreadPoolThread)
        {
            // Starting a process blocks: not on a socket engine's thread (NeverBlocks, HandlerScheduling).
            await Task.Yield();
        }

        var logger = _logger;
        var pathInfo = request.PathInfo;
        if (!ServedPaths.TrySplit(pathInfo, out var segments))
        {
            return Response.BadRequest("Invalid script path");
        }

        if (segments.Length == 0 || segments[0].StartsWith('.'))
        {
            return Response.NotFound();
        }

        if (GatewayVariables.Refusal(request) is { } refused)
        {
            return refused;
        }

        var scriptPath = Path.GetFullPath(Path.Combine(_directory, segments[0]));
        if (!ServedPaths.IsUnder(_directory, scriptPath) || !File.Exists(scriptPath))
        {
            return Response.NotFound();
        }

        // The static files' rule: a script reached through a link must stay inside the directory.
        // What runs is the resolved path, so a link swapped after this check changes nothing.
        var realDirectory = _realDirectory ??= RealPaths.Resolve(_directory) ?? _directory;
        if (RealPaths.Resolve(scriptPath) is not { } realScript || !ServedPaths.IsUnder(realDirectory, realScript) || !IsExecutable(realScript))
        {
            return Response.NotFound();
        }

        scriptPath = realScript;
        var scriptName = request.MountPrefix + "/" + segments[0];
        var extraPath = pathInfo[(pathInfo.IndexOf(segments[0], StringComparison.Ordinal) + segments[0].Length)..];

        var start = new ProcessStartInfo(scriptPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        var environment = new EnvironmentSink(start.Environment);
        start.Environment.Clear();
        GatewayVariables.Write(environment, request, _state, Options, scriptName, extraPath);
        environment.Add("SCRIPT_FILENAME", scriptPath);
        if (Environment.GetEnvironmentVariable("PATH") is { } path)
        {
            environment.Add("PATH", path); // so "#!/usr/bin/env python3" works
        }

        try
        {
            if (!await _slots.WaitAsync(Options.QueueTimeout, request.RequestAborted).ConfigureAwait(false))
            {
                return Response.ServerUnavailable(BusyMeta);
            }
        }
        catch (OperationCanceledException)
        {
            return Response.ServerUnavailable(BusyMeta); // the client went away while waiting
        }

        try
        {
            // The script's own time starts once it has a slot.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(request.RequestAborted);
            deadline.CancelAfter(Options.Timeout);
            return await RunAsync(start, scriptName, logger, deadline.Token).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<Response> RunAsync(ProcessStartInfo start, string scriptName, ILogger logger, CancellationToken deadline)
    {
        // Logs name the script by its URL path: the server's own directories stay out of logs.
        var script = Diagnostics.LogValues.Escape(scriptName);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            CgiLog.StartFailed(logger, script, ex);
            return Response.CgiError(ErrorMeta);
        }

        process.StandardInput.Close();
        var stderr = ReadExcerptAsync(process.StandardError.BaseStream, Options.MaxStderrExcerpt, deadline);
        try
        {
            var output = await ReadLimitedAsync(process.StandardOutput.BaseStream, Options.MaxResponseSize, deadline).ConfigureAwait(false);
            if (output is null)
            {
                Kill(process);
                CgiLog.TooLarge(logger, script);
                return Response.CgiError(ErrorMeta);
            }

            await process.WaitForExitAsync(deadline).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                CgiLog.Failed(logger, script, process.ExitCode, Diagnostics.LogValues.Escape(await stderr.ConfigureAwait(false)));
                return Response.CgiError(ErrorMeta);
            }

            if (BackendResponseParser.TryParse(output, out var header) != BackendParseStatus.Complete)
            {
                CgiLog.InvalidHeader(logger, script);
                return Response.CgiError(ErrorMeta);
            }

            return GeminiStatus.IsSuccess(header.Status)
                ? Response.Success(output.AsMemory(header.HeaderLength), header.Meta)
                : new Response(header.Status, header.Meta);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            CgiLog.TimedOut(logger, script);
            return Response.CgiError(TimeoutMeta);
        }
    }

    /// <summary>The first <paramref name="max"/> bytes of <paramref name="stream"/> as text; the rest is read and dropped, so the script never blocks on a full pipe.</summary>
    private static async Task<string> ReadExcerptAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        var kept = new byte[Math.Max(0, max)];
        var filled = 0;
        var chunk = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var keep = Math.Min(read, kept.Length - filled);
                chunk.AsSpan(0, keep).CopyTo(kept.AsSpan(filled));
                filled += keep;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Killed, or timed out: what was kept is the excerpt.
        }

        return System.Text.Encoding.UTF8.GetString(kept, 0, filled);
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream stream, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private sealed class EnvironmentSink(IDictionary<string, string?> environment) : IVariableSink
    {
        public bool Add(string name, string value) => environment.TryAdd(name, value);
    }
}
