using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Security;

/// <summary>Titan: memory follows the bytes that arrived, within a server-wide budget; never the size a client declares.</summary>
public sealed class UploadMemoryTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>A TLS connection that declares <paramref name="size"/> bytes and sends <paramref name="sent"/>, then waits.</summary>
    private static async Task<SslStream> StalledUploadAsync(int port, long size, int sent)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(Limit);
        var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync("localhost").WaitAsync(Limit);
        await ssl.WriteAsync(Encoding.UTF8.GetBytes($"titan://localhost:{port}/uploads/big/x;size={size};mime=text/plain\r\n")).AsTask().WaitAsync(Limit);
        try
        {
            await ssl.WriteAsync(new byte[sent]).AsTask().WaitAsync(Limit);
            await ssl.FlushAsync().WaitAsync(Limit);
        }
        catch (IOException)
        {
            // The server closed the connection while the body was still going out.
        }

        return ssl;
    }

    [Fact]
    public async Task Declared_sizes_cost_nothing_until_their_bytes_arrive()
    {
        await using var server = await RunningApp.StartAsync(GeneratedApps.Map, o => o.RequestTimeout = TimeSpan.FromSeconds(20), builder: GeneratedApps.AddServices);
        var stalled = new List<SslStream>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                stalled.Add(await StalledUploadAsync(server.Port, 10 * 1024 * 1024, 1));
            }

            var budget = server.App.Server!.Protocol.Uploads;
            await Eventually.TrueAsync(() => budget.Held > 0, "the uploads to be read", Limit);

            // 20 x 10 MiB declared; held: at most the first 64 KiB of each.
            Assert.InRange(budget.Held, 1, 20 * 64 * 1024);
        }
        finally
        {
            foreach (var ssl in stalled)
            {
                await ssl.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_upload_past_the_server_budget_is_dropped_and_others_are_served()
    {
        await using var server = await RunningApp.StartAsync(GeneratedApps.Map, o => o.Titan.MaxUploadBytesInFlight = 256 * 1024, builder: GeneratedApps.AddServices);

        // 1 MiB really sent, against a budget of 256 KiB: the connection is closed, no handler runs.
        await using (var big = await StalledUploadAsync(server.Port, 1024 * 1024, 1024 * 1024))
        {
            var buffer = new byte[64];
            int read;
            try
            {
                read = await big.ReadAsync(buffer).AsTask().WaitAsync(Limit);
            }
            catch (IOException)
            {
                read = 0; // reset: closed all the same
            }

            Assert.Equal(0, read); // closed without an answer
        }

        await Eventually.TrueAsync(() => server.App.Server!.Protocol.Uploads.Held == 0, "the budget to be given back", Limit);
        var small = await new TestClient(server.App).UploadAsync("/uploads/big/small", new byte[100_000], "text/plain").WaitAsync(Limit);
        Assert.Equal("got 100000 bytes for small", small.Text);
    }

    [Fact]
    public async Task A_route_limit_over_2_GiB_refuses_what_no_array_holds_with_50()
    {
        var client = new TestClient(GeneratedApps.Create());

        var response = await client.SendRawAsync(Encoding.UTF8.GetBytes("titan://localhost/uploads/big/huge;size=2500000000;mime=text/plain\r\n"), [1]).WaitAsync(Limit);

        Assert.Equal(StatusCode.PermanentFailure, response.Status);
        Assert.StartsWith("Upload exceeds ", response.Meta);
    }
}
