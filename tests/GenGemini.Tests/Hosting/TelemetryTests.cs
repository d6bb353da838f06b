using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GenGemini.Tests.Hosting;

/// <summary>The access log as structured events, and the "GenGemini" meter, over real TLS.</summary>
public sealed class TelemetryTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static Task<RunningApp> StartAsync(int deadScgiPort) => RunningApp.StartAsync(
        app =>
        {
            app.Map("/", _ => "# Home\n");
            app.Map("/users", _ => "# Users\n");
            app.MapScgi("/api", host: "127.0.0.1", port: deadScgiPort);
        },
        builder: builder => builder.Logging.AddFakeLogging());

    /// <summary>A port nothing listens on: bound, then closed (connecting to it is refused).</summary>
    private static int DeadPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    [Fact]
    public async Task Each_request_is_one_access_log_event_with_named_properties()
    {
        await using var server = await StartAsync(DeadPort());
        var collector = server.App.Services.GetFakeLogCollector();

        await OpenSslClient.GetAsync(server.Port, server.Url("/users")).WaitAsync(Limit);
        var record = await WaitForAsync(() => collector.GetSnapshot().FirstOrDefault(r => r.Category == "GenGemini.Access"));

        Assert.Equal(LogLevel.Information, record.Level);
        Assert.StartsWith("127.0.0.1:", record.GetStructuredStateValue("RemoteAddress"));
        Assert.Equal(server.Url("/users"), record.GetStructuredStateValue("Url"));
        Assert.Equal("20", record.GetStructuredStateValue("StatusCode"));
        Assert.Equal("8", record.GetStructuredStateValue("Bytes")); // "# Users\n"
        Assert.True(double.Parse(record.GetStructuredStateValue("DurationMs")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("/users", record.GetStructuredStateValue("Route"));
    }

    [Fact]
    public async Task The_meter_records_requests_connections_handshakes_and_SCGI_failures_by_tag()
    {
        await using var server = await StartAsync(DeadPort());
        var meters = server.App.Services.GetRequiredService<IMeterFactory>();
        using var requests = new MetricCollector<double>(meters, "GenGemini", "gemini.server.request.duration");
        using var handshakes = new MetricCollector<double>(meters, "GenGemini", "gemini.server.tls_handshake.duration");
        using var connections = new MetricCollector<double>(meters, "GenGemini", "gemini.server.connection.duration");
        using var active = new MetricCollector<long>(meters, "GenGemini", "gemini.server.active_connections");
        using var scgi = new MetricCollector<double>(meters, "GenGemini", "gemini.scgi.request.duration");
        using var scgiErrors = new MetricCollector<long>(meters, "GenGemini", "gemini.scgi.errors");

        await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit);
        await OpenSslClient.GetAsync(server.Port, server.Url("/nothing/here")).WaitAsync(Limit);
        await OpenSslClient.GetAsync(server.Port, server.Url("/api/x")).WaitAsync(Limit);
        await SendNotTlsAsync(server.Port);
        await requests.WaitForMeasurementsAsync(3, Limit);
        await handshakes.WaitForMeasurementsAsync(4, Limit);
        await connections.WaitForMeasurementsAsync(4, Limit);

        var byStatus = requests.GetMeasurementSnapshot().ToDictionary(m => (int)m.Tags["gemini.response.status_code"]!, m => m);
        Assert.Equal([20, 43, 51], byStatus.Keys.Order());
        Assert.Equal("/", byStatus[20].Tags["gemini.route"]);
        Assert.False(byStatus[51].Tags.ContainsKey("gemini.route")); // no route: no tag, and never the client's path
        Assert.Equal("/api", byStatus[43].Tags["gemini.route"]);
        Assert.All(byStatus.Values, m => Assert.True(m.Value > 0));

        var handshakeSnapshot = handshakes.GetMeasurementSnapshot();
        Assert.Equal(3, handshakeSnapshot.Count(m => m.Tags.TryGetValue("tls.protocol.version", out var v) && (string?)v == "1.3"));
        Assert.Equal("tls_error", Assert.Single(handshakeSnapshot, m => m.Tags.ContainsKey("error.type")).Tags["error.type"]);

        var scgiError = Assert.Single(scgiErrors.GetMeasurementSnapshot());
        Assert.Equal(("connect_failed", "/api"), ((string?)scgiError.Tags["error.type"], (string?)scgiError.Tags["gemini.route"]));
        Assert.Equal("connect_failed", Assert.Single(scgi.GetMeasurementSnapshot()).Tags["error.type"]);
        Assert.DoesNotContain(scgiError.Tags.Values, v => v is string s && s.Contains("127.0.0.1", StringComparison.Ordinal));

        var opened = active.GetMeasurementSnapshot();
        Assert.Equal(4, opened.Count(m => m.Value == 1));
        await WaitForAsync(() => active.GetMeasurementSnapshot().Count(m => m.Value == -1) == 4 ? (object)true : null);
        Assert.Equal(0, active.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    /// <summary>A client that speaks plain text where a TLS hello belongs.</summary>
    private static async Task SendNotTlsAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Limit);
        var stream = client.GetStream();
        await stream.WriteAsync("gemini://localhost/\r\n"u8.ToArray()).AsTask().WaitAsync(Limit);
        var buffer = new byte[256];
        while (await stream.ReadAsync(buffer).AsTask().WaitAsync(Limit) > 0)
        {
        }
    }

    private static Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class => Eventually.FoundAsync(probe, "telemetry", Limit);
}
