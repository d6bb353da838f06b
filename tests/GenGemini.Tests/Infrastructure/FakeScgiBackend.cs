using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GenGemini.Tests.Infrastructure;

/// <summary>An in-process SCGI backend for tests of one behaviour; the real ones are Perl and uWSGI.</summary>
internal sealed class FakeScgiBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<IReadOnlyList<KeyValuePair<string, string>>, NetworkStream, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeScgiBackend(Func<IReadOnlyList<KeyValuePair<string, string>>, NetworkStream, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public FakeScgiBackend(string rawResponse)
        : this((_, stream) => stream.WriteAsync(Encoding.UTF8.GetBytes(rawResponse)).AsTask())
    {
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<IReadOnlyList<KeyValuePair<string, string>>> Requests { get; } = [];

    /// <summary>The raw bytes of each request, and how many reads it took to arrive.</summary>
    public List<byte[]> RawRequests { get; } = [];

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var raw = await ReadNetstringAsync(stream);
            var headers = Parse(raw);
            lock (Requests)
            {
                Requests.Add(headers);
                RawRequests.Add(raw);
            }

            try
            {
                await _respond(headers, stream);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<byte[]> ReadNetstringAsync(NetworkStream stream)
    {
        var all = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return all.ToArray();
            }

            all.Write(buffer, 0, read);
            var bytes = all.ToArray();
            var colon = Array.IndexOf(bytes, (byte)':');
            if (colon > 0 && int.TryParse(Encoding.ASCII.GetString(bytes, 0, colon), out var length) && bytes.Length >= colon + 1 + length + 1)
            {
                return bytes;
            }
        }
    }

    public static List<KeyValuePair<string, string>> Parse(byte[] raw)
    {
        var colon = Array.IndexOf(raw, (byte)':');
        var length = int.Parse(Encoding.ASCII.GetString(raw, 0, colon), System.Globalization.CultureInfo.InvariantCulture);
        var parts = Encoding.UTF8.GetString(raw, colon + 1, length).Split('\0');
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            headers.Add(new(parts[i], parts[i + 1]));
        }

        return headers;
    }
}
