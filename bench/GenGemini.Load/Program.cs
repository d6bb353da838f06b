using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using GenGemini.Load;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var request = Encoding.UTF8.GetBytes(options.Url.OriginalString + "\r\n");
var host = options.Url.Host;
var port = options.Url.IsDefaultPort || options.Url.Port < 0 ? 1965 : options.Url.Port;
if (options.IdleConnections > 0)
{
    return await IdleAsync(options);
}

var statuses = new ConcurrentDictionary<int, int>();
var errors = new ConcurrentDictionary<string, int>();
var latencies = new ConcurrentBag<long[]>();
var noCloseNotify = 0;
long bytes = 0;

// Warm up (JIT, session caches), then measure.
await RunAsync(options.Warmup, null, record: false);
var serverBefore = ServerCpu(options.ServerPid);
var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
var measured = await RunAsync(options.Requests, options.Duration, record: true);
clock.Stop();
var serverAfter = ServerCpu(options.ServerPid);
var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientBefore;

var all = latencies.SelectMany(l => l).Where(l => l > 0).Order().ToArray();
string Percentile(double p) => all.Length == 0 ? "-" : (all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1000.0 / Stopwatch.Frequency).ToString("F2", CultureInfo.InvariantCulture) + " ms";
var inv = CultureInfo.InvariantCulture;
Console.WriteLine($"url                  {options.Url}");
Console.WriteLine($"connections          {options.Connections}   resume {(options.Resume ? "on" : "off")}");
Console.WriteLine($"requests             {measured} in {clock.Elapsed.TotalSeconds.ToString("F2", inv)} s");
Console.WriteLine($"requests/s           {(measured / clock.Elapsed.TotalSeconds).ToString("F0", inv)}");
Console.WriteLine($"latency p50/p90/p99  {Percentile(0.50)} / {Percentile(0.90)} / {Percentile(0.99)}");
Console.WriteLine($"statuses             {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
Console.WriteLine($"errors               {(errors.IsEmpty ? "none" : string.Join(", ", errors.Select(e => $"{e.Key}: {e.Value}")))}");
Console.WriteLine($"no close_notify      {noCloseNotify}");
Console.WriteLine($"body+header bytes    {bytes}");
Console.WriteLine($"client CPU/request   {(clientCpu.TotalMicroseconds / Math.Max(1, measured)).ToString("F0", inv)} us");
if (serverBefore is { } before && serverAfter is { } after)
{
    Console.WriteLine($"server CPU/request   {((after - before).TotalMicroseconds / Math.Max(1, measured)).ToString("F0", inv)} us");
    Console.WriteLine($"server RSS           {ServerRssKb(options.ServerPid!.Value)} KiB");
}

return errors.IsEmpty ? 0 : 1;

async Task<int> RunAsync(int count, TimeSpan? duration, bool record)
{
    var remaining = count;
    var done = 0;
    var deadline = duration is null ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(duration.Value.TotalSeconds * Stopwatch.Frequency);
    var workers = Enumerable.Range(0, options.Connections).Select(async _ =>
    {
        var mine = new List<long>();
        while ((duration is not null ? Stopwatch.GetTimestamp() < deadline : Interlocked.Decrement(ref remaining) >= 0))
        {
            var started = Stopwatch.GetTimestamp();
            var ok = await OneRequestAsync(record);
            if (record)
            {
                mine.Add(ok ? Stopwatch.GetTimestamp() - started : 0);
            }

            Interlocked.Increment(ref done);
        }

        if (record)
        {
            latencies.Add([.. mine]);
        }
    });
    await Task.WhenAll(workers);
    return done;
}

async Task<bool> OneRequestAsync(bool record)
{
    string stage = "connect";
    try
    {
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await tcp.ConnectAsync(host, port);
        var watcher = new RecordWatchingStream(new NetworkStream(tcp, ownsSocket: false));
        await using var tls = new SslStream(watcher, leaveInnerStreamOpen: false);
        stage = "handshake";
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = static (_, _, _, _) => true, // Gemini: TOFU, self-signed
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            AllowTlsResume = options.Resume,
        });
        stage = "request";
        await tls.WriteAsync(request);
        stage = "response";
        var buffer = new byte[16384];
        var total = 0;
        var header = new List<byte>(64);
        int n;
        while ((n = await tls.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < n && header.Count < 1100 && (header.Count == 0 || header[^1] != '\n'); i++)
            {
                header.Add(buffer[i]);
            }

            total += n;
        }

        if (!record)
        {
            return true;
        }

        if (header.Count < 3 || !char.IsAsciiDigit((char)header[0]) || !char.IsAsciiDigit((char)header[1]))
        {
            errors.AddOrUpdate("bad header", 1, (_, v) => v + 1);
            return false;
        }

        statuses.AddOrUpdate((header[0] - '0') * 10 + (header[1] - '0'), 1, (_, v) => v + 1);
        Interlocked.Add(ref bytes, total);
        if (!watcher.EndedWithCloseNotify)
        {
            Interlocked.Increment(ref noCloseNotify);
        }

        return true;
    }
    catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
    {
        if (record)
        {
            errors.AddOrUpdate(stage + ": " + ex.GetType().Name, 1, (_, v) => v + 1);
        }

        return false;
    }
}

static TimeSpan? ServerCpu(int? pid)
{
    if (pid is null)
    {
        return null;
    }

    // /proc/PID/stat: fields 14 and 15 are utime and stime in clock ticks (100 per second on Linux).
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    return TimeSpan.FromSeconds(ticks / 100.0);
}

static long ServerRssKb(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
    }

    return -1;
}

async Task<int> IdleAsync(LoadOptions o)
{
    var rssBefore = o.ServerPid is { } p ? ServerRssKb(p) : -1;
    var open = new List<SslStream>();
    var failures = 0;
    for (var i = 0; i < o.IdleConnections; i++)
    {
        try
        {
            var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await tcp.ConnectAsync(host, port);
            var tls = new SslStream(new NetworkStream(tcp, ownsSocket: true), false, static (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync(host);
            open.Add(tls);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            failures++;
        }
    }

    await Task.Delay(1000);
    var rssIdle = o.ServerPid is { } q ? ServerRssKb(q) : -1;
    Console.WriteLine($"idle connections     {open.Count} open, {failures} failed");
    Console.WriteLine($"server RSS           {rssBefore} KiB before, {rssIdle} KiB with them open");
    foreach (var tls in open)
    {
        await tls.DisposeAsync();
    }

    return 0;
}
