using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using GenGemini.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GenGemini.Tests.Server;

/// <summary>
/// Who gets a connection: per-address caps, shedding at the global cap, access lists. Real sockets
/// from distinct loopback addresses (127.0.0.x); what the well-behaved client sees is asserted.
/// </summary>
public sealed class AdmissionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static void Home(GeminiApp app) => app.Map("/", _ => "# Home\n");

    /// <summary>A TCP connection from <paramref name="source"/> that never sends a byte.</summary>
    private static async Task<Socket> IdleFromAsync(string source, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Limit);
        }
        catch (SocketException)
        {
            // Refused so fast that the reset beat the connect's completion: closed by the server.
        }

        return socket;
    }

    /// <summary>Whether the server closed (or reset) <paramref name="socket"/>, waiting up to the limit.</summary>
    private static async Task<bool> ClosedByServerAsync(Socket socket)
    {
        if (!socket.Connected)
        {
            return true;
        }

        try
        {
            return await socket.ReceiveAsync(new ArraySegment<byte>(new byte[1]), SocketFlags.None).WaitAsync(Limit) == 0;
        }
        catch (SocketException)
        {
            return true; // reset
        }
    }

    private static MetricCollector<long> Rejections(RunningApp server) =>
        new(server.App.Services.GetRequiredService<IMeterFactory>(), "GenGemini", "gemini.server.rejected_connections");

    private static Task WaitForAsync(Func<bool> condition) => Eventually.TrueAsync(condition, "the server", Limit);

    [Fact]
    public async Task One_address_cannot_take_more_than_its_share_and_others_are_served()
    {
        await using var server = await RunningApp.StartAsync(Home, o =>
        {
            o.MaxConnectionsPerAddress = 4;
            o.Limits.PerAddressQueueLimit = 2; // 4 served, 2 waiting, the other 4 refused
        });
        using var rejected = Rejections(server);
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                idle.Add(await IdleFromAsync("127.0.0.2", server.Port));
            }

            await WaitForAsync(() => rejected.GetMeasurementSnapshot().Count(m => (string?)m.Tags["gemini.rejection.reason"] == "per_address_limit") == 4);
            var page = await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit);

            Assert.Equal("20 text/gemini\r\n# Home\n", page.Text);
            Assert.True(await ClosedByServerAsync(idle[^1])); // over the cap and its queue: closed at once
            Assert.False(idle[5].Poll(TimeSpan.Zero, SelectMode.SelectRead)); // over the cap, in the queue: waiting, open
            Assert.False(idle[0].Poll(TimeSpan.Zero, SelectMode.SelectRead)); // within it: still open
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task At_the_global_cap_the_oldest_silent_connection_is_shed_for_a_new_client()
    {
        await using var server = await RunningApp.StartAsync(Home, o => o.MaxConcurrentConnections = 8);
        using var rejected = Rejections(server);
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                idle.Add(await IdleFromAsync("127.0.0.3", server.Port));
            }

            var page = await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit);

            Assert.Equal("20 text/gemini\r\n# Home\n", page.Text); // served, not left in the backlog
            Assert.True(await ClosedByServerAsync(idle[0])); // the oldest silent one made room
            Assert.False(idle[^1].Poll(TimeSpan.Zero, SelectMode.SelectRead)); // the newest is still open
            Assert.Contains(rejected.GetMeasurementSnapshot(), m => (string?)m.Tags["gemini.rejection.reason"] == "shed");
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task A_connection_in_its_handshake_can_be_shed_but_one_being_served_cannot()
    {
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var server = await RunningApp.StartAsync(app => app.Map("/busy", async _ =>
        {
            entered.TrySetResult();
            await release.Task;
            return Response.Success("done");
        }), o => o.MaxConcurrentConnections = 1);
        using var rejected = Rejections(server);

        var busy = OpenSslClient.GetAsync(server.Port, server.Url("/busy"));
        await entered.Task.WaitAsync(Limit);
        using var late = await IdleFromAsync("127.0.0.5", server.Port);

        Assert.True(await ClosedByServerAsync(late)); // refused: the only slot is serving a request
        Assert.Contains(rejected.GetMeasurementSnapshot(), m => (string?)m.Tags["gemini.rejection.reason"] == "connection_limit");
        release.SetResult();
        Assert.Equal("20 text/gemini\r\ndone", (await busy.WaitAsync(Limit)).Text); // never shed
    }

    [Fact]
    public async Task A_denied_address_is_closed_at_accept_before_TLS_and_others_are_served()
    {
        await using var server = await RunningApp.StartAsync(Home, o => o.Access.Deny.Add("127.0.0.4/32"));
        using var rejected = Rejections(server);
        using var denied = await IdleFromAsync("127.0.0.4", server.Port);

        Assert.True(await ClosedByServerAsync(denied));
        Assert.Equal("access_denied", Assert.Single(rejected.GetMeasurementSnapshot()).Tags["gemini.rejection.reason"]);
        Assert.Equal("20 text/gemini\r\n# Home\n", (await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit)).Text);
    }

    [Fact]
    public async Task With_an_allow_list_only_its_addresses_get_a_handshake()
    {
        await using var server = await RunningApp.StartAsync(Home, o => o.Access.Allow.Add("127.0.0.0/30")); // .0 to .3
        using var outside = await IdleFromAsync("127.0.0.9", server.Port);

        Assert.True(await ClosedByServerAsync(outside)); // without a byte of TLS
        Assert.StartsWith("20 ", (await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit)).Text);
    }

    [Fact]
    public async Task A_restricted_mount_answers_51_to_others()
    {
        await using var server = await RunningApp.StartAsync(app =>
        {
            app.Mount("/admin", new Fixed("# Admin\n").RestrictTo(NetworkAccessList.Parse(allow: ["10.0.0.0/8"])));
            app.Mount("/local", new Fixed("# Local\n").RestrictTo(NetworkAccessList.Parse(allow: ["127.0.0.1"])));
        });

        var admin = await OpenSslClient.GetAsync(server.Port, server.Url("/admin")).WaitAsync(Limit);
        var local = await OpenSslClient.GetAsync(server.Port, server.Url("/local")).WaitAsync(Limit);

        Assert.Equal("51 Not found\r\n", admin.Text);
        Assert.Equal("20 text/gemini\r\n# Local\n", local.Text);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("10.0.0.0/8", "9.255.255.255", false)]
    [InlineData("192.0.2.7", "192.0.2.7", true)]
    [InlineData("192.0.2.7", "192.0.2.8", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.9", true)] // an IPv4 client on a dual-stack socket
    [InlineData("0.0.0.0/0", "203.0.113.1", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    public void Allow_lists_match_addresses_and_ranges(string allow, string address, bool allowed) =>
        Assert.Equal(allowed, NetworkAccessList.Parse(allow: [allow]).IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public void Deny_wins_over_allow()
    {
        var list = NetworkAccessList.Parse(allow: ["10.0.0.0/8"], deny: ["10.1.0.0/16"]);

        Assert.True(list.IsAllowed(IPAddress.Parse("10.2.0.1")));
        Assert.False(list.IsAllowed(IPAddress.Parse("10.1.0.1")));
        Assert.True(NetworkAccessList.Parse(deny: ["10.1.0.0/16"]).IsAllowed(IPAddress.Parse("192.0.2.1")));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("not-an-address")]
    [InlineData("10.0.0.1/8")] // host bits set: almost always a typo
    public async Task A_bad_entry_fails_the_start_with_one_line(string entry)
    {
        await using var app = TestApps.Create(o => o.Access.Allow.Add(entry));

        var error = await Assert.ThrowsAsync<GeminiStartupException>(() => app.StartAsync()).WaitAsync(Limit);

        Assert.Contains($"Gemini:Access: '{entry}'", error.Message);
    }

    [Fact]
    public async Task The_per_address_cap_and_access_lists_bind_from_configuration()
    {
        await using var app = TestApps.Create(args: ["--Gemini:Limits:MaxConnectionsPerAddress=7", "--Gemini:Limits:PerAddressQueueLimit=3", "--Gemini:Access:Deny:0=192.0.2.0/24"]);

        Assert.Equal(7, app.Options.Limits.MaxConnectionsPerAddress);
        Assert.Equal(3, app.Options.Limits.PerAddressQueueLimit);
        Assert.Equal(["192.0.2.0/24"], app.Options.Access.Deny);
        await Task.CompletedTask;
    }

    private sealed class Fixed(string body) : IGeminiHandler
    {
        public ValueTask<Response> HandleAsync(Request request) => ValueTask.FromResult(Response.Success(body));
    }

    [Fact]
    public async Task A_burst_of_100_concurrent_requests_from_one_address_is_served_in_full_with_the_defaults()
    {
        var entered = 0;
        await using var server = await RunningApp.StartAsync(app => app.Map("/slow", async _ =>
        {
            Interlocked.Increment(ref entered);
            await Task.Delay(200); // each holds its slot a while, so the burst really overlaps the cap
            return "# Slow\n";
        }));

        var source = IPAddress.Parse("127.0.0.6");
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => SourceBoundClient.GetAsync(source, server.Port, server.Url("/slow")))).WaitAsync(Limit);

        Assert.All(answers, a => Assert.Equal(("20 text/gemini", "# Slow\n"), a));
        Assert.Equal(100, entered);
    }

    [Fact]
    public async Task A_connection_over_its_address_cap_waits_and_is_served_when_a_slot_frees()
    {
        await using var server = await RunningApp.StartAsync(Home, o => o.MaxConnectionsPerAddress = 1);
        using var holder = await IdleFromAsync("127.0.0.7", server.Port); // takes the address's one slot, silently

        var waiting = SourceBoundClient.GetAsync(IPAddress.Parse("127.0.0.7"), server.Port, server.Url("/"));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted); // waiting for the slot, not refused
        holder.Close(); // the slot frees

        Assert.Equal(("20 text/gemini", "# Home\n"), await waiting.WaitAsync(Limit));
    }

    [Fact]
    public async Task A_waiting_connection_is_closed_at_the_queue_deadline()
    {
        await using var server = await RunningApp.StartAsync(Home, o =>
        {
            o.MaxConnectionsPerAddress = 1;
            o.Limits.PerAddressQueueTimeout = TimeSpan.FromMilliseconds(500);
        });
        using var rejected = Rejections(server);
        using var holder = await IdleFromAsync("127.0.0.8", server.Port);
        using var waiting = await IdleFromAsync("127.0.0.8", server.Port);

        var openAtFirst = !waiting.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead);

        Assert.True(openAtFirst);
        Assert.True(await ClosedByServerAsync(waiting));
        await WaitForAsync(() => rejected.GetMeasurementSnapshot().Any(m => (string?)m.Tags["gemini.rejection.reason"] == "per_address_queue_timeout"));
        Assert.False(holder.Poll(TimeSpan.Zero, SelectMode.SelectRead)); // the one with the slot is untouched
    }

    [Fact]
    public async Task At_the_global_cap_silent_connections_are_shed_before_talking_ones()
    {
        await using var server = await RunningApp.StartAsync(Home, o =>
        {
            o.MaxConcurrentConnections = 4;
            o.HandshakeTimeout = TimeSpan.FromSeconds(20);
        });
        using var rejected = Rejections(server);
        var talking = new List<Socket>();
        var silent = new List<Socket>();
        try
        {
            // The two oldest are talking: a first byte of a TLS record, then nothing more.
            for (var i = 0; i < 2; i++)
            {
                var socket = await IdleFromAsync("127.0.0.9", server.Port);
                await socket.SendAsync(new byte[] { 0x16 }).WaitAsync(Limit);
                talking.Add(socket);
            }

            await Task.Delay(200); // their first bytes are in: they count as talking
            for (var i = 0; i < 4; i++)
            {
                silent.Add(await IdleFromAsync("127.0.0.10", server.Port)); // 2 fit, 2 more shed the 2 silent ones
            }

            await WaitForAsync(() => rejected.GetMeasurementSnapshot().Count(m => (string?)m.Tags["gemini.rejection.reason"] == "shed") == 2);

            Assert.True(await ClosedByServerAsync(silent[0]));
            Assert.True(await ClosedByServerAsync(silent[1]));
            Assert.All(talking, t => Assert.False(t.Poll(TimeSpan.Zero, SelectMode.SelectRead))); // talking: kept
            Assert.False(silent[3].Poll(TimeSpan.Zero, SelectMode.SelectRead));
        }
        finally
        {
            talking.ForEach(s => s.Dispose());
            silent.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Once_an_address_s_connections_and_waiters_are_gone_nothing_of_it_is_kept()
    {
        await using var server = await RunningApp.StartAsync(Home, o => o.Limits.MaxConnectionsPerAddress = 1);
        var sockets = new List<Socket>();
        for (var i = 0; i < 4; i++)
        {
            sockets.Add(await IdleFromAsync("127.0.0.11", server.Port)); // one served, three waiting
        }

        var admission = server.App.Server!.Admission;
        await WaitForAsync(() => admission.TrackedAddresses == 1);
        sockets.ForEach(s => s.Dispose());

        await WaitForAsync(() => admission.TrackedAddresses == 0 && admission.Active == 0);
    }

    [Fact]
    public void The_address_table_forgets_an_address_once_its_connections_and_waiters_are_gone()
    {
        var admission = new ConnectionAdmission(100, 1, NetworkAccessList.AllowAll, maxQueuedPerAddress: 1);
        var address = IPAddress.Parse("192.0.2.9");

        Assert.Null(admission.TryAdmit(address, out _, out var first));
        Assert.Null(admission.TryAdmit(address, out _, out var second));
        Assert.Equal(ConnectionAdmission.Reasons.PerAddressLimit, admission.TryAdmit(address, out _, out _)); // the queue's bound
        Assert.False(first);
        Assert.True(second);
        var waiter = admission.WaitForSlot(address);
        Assert.False(waiter.IsGranted);
        Assert.False(admission.Abandon(waiter)); // its deadline passed
        Assert.Equal(1, admission.TrackedAddresses);
    }
}
