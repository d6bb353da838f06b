using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using GenGemini.Diagnostics;
using GenGemini.Internal;

namespace GenGemini.Server;

/// <summary>Listens, accepts and hands each connection to <see cref="GeminiConnection"/>.</summary>
internal sealed class GeminiServer : IDisposable
{
    private readonly GeminiApp _app;
    private readonly CertificateProvider _certificates;
    private readonly ConnectionAdmission _admission;
    private readonly RejectionLog _rejections;
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _abortConnections = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ServerOptionsSelectionCallback _optionsCallback;
    private readonly ObjectPool<GeminiConnection> _pool = new();
    private bool _stopping;

    public GeminiServer(GeminiApp app, CertificateProvider certificates, GeminiMetrics metrics)
    {
        _app = app;
        Metrics = metrics;
        _certificates = certificates;
        var options = app.Options;
        _admission = new ConnectionAdmission(options.MaxConcurrentConnections, options.MaxConnectionsPerAddress, options.GetAccessList());
        _rejections = new RejectionLog(app.Logger);
        CertificateFingerprint = GenGemini.CertificateFingerprint.Sha256(certificates.Default);
        _optionsCallback = SelectOptions;
    }

    public int Port { get; private set; }

    public string CertificateFingerprint { get; }

    internal GeminiApp App => _app;

    internal CertificateProvider Certificates => _certificates;

    internal GeminiMetrics Metrics { get; }

    internal CancellationToken Aborted => _abortConnections.Token;

    internal ServerOptionsSelectionCallback OptionsCallback => _optionsCallback;

    /// <summary>Binds and listens (a port in use throws here, before anything is served).</summary>
    public void Bind()
    {
        var port = _app.Options.Port;
        foreach (var address in ListenAddresses(_app.Options.ListenAddress))
        {
            var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (address.Equals(IPAddress.IPv6Any))
                {
                    listener.DualMode = true;
                }
                else if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    listener.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IPv6Only, true);
                }

                listener.Bind(new IPEndPoint(address, port));
                listener.Listen(512);
            }
            catch (SocketException) when (address.AddressFamily == AddressFamily.InterNetworkV6 && _listeners.Count > 0)
            {
                // A machine without IPv6 still serves IPv4 loopback.
                listener.Dispose();
                continue;
            }
            catch
            {
                listener.Dispose();
                foreach (var bound in _listeners)
                {
                    bound.Dispose();
                }

                _listeners.Clear();
                throw;
            }

            // With port 0, the second family must use the port the first one got.
            port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            _listeners.Add(listener);
        }

        Port = port;
    }

    /// <summary>Starts the accept loops on the bound sockets.</summary>
    public void StartAccepting()
    {
        foreach (var listener in _listeners)
        {
            _acceptLoops.Add(AcceptLoopAsync(listener));
        }
    }

    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _stopAccepting.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        var active = _admission.Active;
        if (active > 0)
        {
            Log.ShuttingDown(_app.Logger, gracePeriod.TotalSeconds, active);
            await Task.WhenAny(_drained.Task, Task.Delay(gracePeriod)).ConfigureAwait(false);
            _abortConnections.Cancel();
            await Task.WhenAny(_drained.Task, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stopAccepting.Dispose();
        _abortConnections.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        var token = _stopAccepting.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || token.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A client that reset before accept, or a transient resource shortage: keep serving.
                Log.AcceptFailed(_app.Logger, ex);
                continue;
            }

            // Accepted at once, always: a connection that may not stay is closed here, before any
            // TLS state exists, rather than left waiting in the listen backlog.
            var remote = socket.RemoteEndPoint as IPEndPoint;
            var address = remote?.Address is { } a ? (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a) : IPAddress.None;
            if (_admission.TryAdmit(address, out var shed) is { } reason)
            {
                Reject(socket, reason, address);
                continue;
            }

            if (shed)
            {
                Metrics.ConnectionShed();
                _rejections.Report(ConnectionAdmission.Reasons.Shed, address);
            }

            Metrics.ConnectionOpened();
            var connection = _pool.Rent() ?? new GeminiConnection(this);
            connection.Start(socket, remote, address);
        }
    }

    /// <summary>Closes a connection that is not admitted, with a reset: no lingering state on either side.</summary>
    private void Reject(Socket socket, string reason, IPAddress address)
    {
        Metrics.ConnectionRejected(reason);
        _rejections.Report(reason, address);
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }

        socket.Dispose();
    }

    internal void StartWaiting(GeminiConnection connection) => _admission.StartWaiting(connection);

    /// <summary>The connection's request line is in; false when it was shed meanwhile.</summary>
    internal bool StopWaiting(GeminiConnection connection) => _admission.StopWaiting(connection);

    /// <summary>Called by a connection when it is done; <paramref name="reusable"/> goes back to the pool.</summary>
    internal void ConnectionEnded(GeminiConnection connection, IPAddress address, bool reusable)
    {
        _admission.Release(connection, address);
        if (reusable)
        {
            _pool.Return(connection);
        }

        if (_admission.Active == 0 && _stopping)
        {
            _drained.TrySetResult();
        }
    }

    private ValueTask<SslServerAuthenticationOptions> SelectOptions(SslStream stream, SslClientHelloInfo hello, object? state, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_certificates.OptionsFor(hello.ServerName));

    private static IEnumerable<IPAddress> ListenAddresses(string host)
    {
        switch (host)
        {
            case "localhost":
                return [IPAddress.Loopback, IPAddress.IPv6Loopback];
            case "*" or "0.0.0.0" or "::" or "[::]":
                return Socket.OSSupportsIPv6 ? [IPAddress.IPv6Any] : [IPAddress.Any];
            default:
                if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
                {
                    return [address];
                }

                throw new InvalidOperationException($"Listen address '{host}' is not localhost, '*' or an IP address.");
        }
    }
}
