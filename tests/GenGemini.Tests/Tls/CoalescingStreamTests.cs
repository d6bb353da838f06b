using System.Net;
using System.Net.Sockets;
using GenGemini.Tls;

namespace GenGemini.Tests.Tls;

/// <summary>The socket stream under SslStream: what it holds, and when it sends (one send per flight).</summary>
public sealed class CoalescingStreamTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly Socket _server;
    private readonly Socket _peer;

    public CoalescingStreamTests()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        _peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _peer.Connect(listener.LocalEndPoint!);
        _server = listener.Accept();
    }

    public void Dispose()
    {
        _server.Dispose();
        _peer.Dispose();
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes at the peer.</summary>
    private async Task<byte[]> ReceiveAsync(int count)
    {
        var buffer = new byte[count];
        var got = 0;
        while (got < count)
        {
            got += await _peer.ReceiveAsync(buffer.AsMemory(got)).AsTask().WaitAsync(Limit);
        }

        return buffer;
    }

    [Fact]
    public async Task During_the_handshake_writes_wait_for_the_next_read_even_past_a_flush()
    {
        var stream = new CoalescingStream(_server);
        await stream.WriteAsync(new byte[] { 1, 2 });
        await stream.WriteAsync(new byte[] { 3 });
        await stream.FlushAsync(); // SslStream flushes too; the read below is when the client needs the flight

        Assert.Equal(0, _peer.Available); // nothing was sent: there is nothing in flight

        var reading = stream.ReadAsync(new byte[1]).AsTask();
        Assert.Equal([1, 2, 3], await ReceiveAsync(3));
        await _peer.SendAsync(new byte[] { 9 });
        Assert.Equal(1, await reading.WaitAsync(Limit));
    }

    [Fact]
    public async Task After_the_handshake_reads_do_not_send_and_a_flush_sends_everything_held()
    {
        var stream = new CoalescingStream(_server);
        stream.HoldAcrossReads();
        await stream.WriteAsync(new byte[] { 1 }); // a session ticket
        await _peer.SendAsync(new byte[] { 7 });
        Assert.Equal(1, await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(Limit)); // the request line
        await stream.WriteAsync(new byte[] { 2, 3 }); // the response, then close_notify

        Assert.Equal(0, _peer.Available);
        await stream.FlushAsync();
        Assert.Equal([1, 2, 3], await ReceiveAsync(3));
    }

    [Fact]
    public async Task A_large_body_is_sent_as_it_grows_not_held_whole()
    {
        var stream = new CoalescingStream(_server);
        stream.HoldAcrossReads();
        var chunk = new byte[16 * 1024];

        await stream.WriteAsync(chunk);
        Assert.Equal(0, _peer.Available);
        await stream.WriteAsync(chunk); // 32 KiB held: sent

        Assert.Equal(32 * 1024, (await ReceiveAsync(32 * 1024)).Length);
    }
}
