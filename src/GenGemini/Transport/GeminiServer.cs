using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using GenGemini.Diagnostics;
using GenGemini.Internal;
using GenGemini.Protocol;
using GenGemini.Tls;
using Microsoft.Extensions.Logging;

namespace GenGemini.Transport;

/// <summary>
/// The transport: listens, accepts, admits (or refuses) each connection before any TLS state
/// exists, and hands it to a <see cref="GeminiConnection"/> with what it needs to serve it.
/// </summary>
internal sealed class GeminiServer : IDisposable
{
    private readonly GeminiOptions _options;
    private readonly ILogger _logger;
    private readonly CertificateProvider _certificates;
    private readonly ConnectionAdmission _admission;
    private readonly RejectionLog _rejections;
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _abortConnections = new();
    private readonly List<(Socket Socket, bool Proxied)> _listeners = [];
    private readonly NetworkAccessList _trustedProxies;
    private readonly List<Task> _acceptLoops = [];
    private readonly ObjectPool<GeminiConnection> _pool = new();
    private readonly ConnectionServices _connectionServices;

    /// <summary>Who gets a slot (tests look at what it keeps).</summary>
    internal ConnectionAdmission Admission => _admission;

    /// <summary>The protocol layer its connections share (tests look at its upload budget).</summary>
    internal GeminiProtocol Protocol => _connectionServices.Protocol;
    private readonly GeminiMetrics _metrics;
    private bool _stopping;

    public GeminiServer(GeminiOptions options, IGeminiApplication application, CertificateProvider certificates, GeminiMetrics metrics, ILoggerFactory loggers)
    {
        _options = options;
        _metrics = metrics;
        _certificates = certificates;
        _logger = loggers.CreateLogger("GenGemini");
        _admission = new ConnectionAdmission(options.Limits.MaxConcurrentConnections, options.Limits.MaxConnectionsPerAddress, options.GetAccessList(), options.Limits.PerAddressQueueLimit);
        _rejections = new RejectionLog(_logger);
        _trustedProxies = options.GetTrustedProxies();
        CertificateFingerprint = GenGemini.CertificateFingerprint.Sha256(certificates.Default);
        _connectionServices = new ConnectionServices
        {
            Protocol = new GeminiProtocol(application, options.Limits.RequestTimeout, options.Limits.ResponseTimeout, options.Titan.MaxUploadBytesInFlight, _logger),
            TlsOptions = certificates.SelectOptionsAsync, // the TLS step is handed its certificate selection
            Admission = _admission,
            Pool = _pool,
            Metrics = metrics,
            Rejections = _rejections,
            Logger = _logger,
            AccessLogger = loggers.CreateLogger("GenGemini.Access"),
            HandshakeTimeout = options.Limits.HandshakeTimeout,
            RequestTimeout = options.Limits.RequestTimeout,
            QueueTimeout = options.Limits.PerAddressQueueTimeout,
            Aborted = _abortConnections.Token,
        };
    }

    public int Port { get; private set; }

    /// <summary>The port of each bound socket, in listener order.</summary>
    public IReadOnlyList<int> Ports => [.. _listeners.Select(l => ((IPEndPoint)l.Socket.LocalEndPoint!).Port)];

    /// <summary>The listener <see cref="Bind"/> failed on ("* port 1965"), for the operator's one line.</summary>
    public string? FailedListener { get; private set; }

    public string CertificateFingerprint { get; }

    internal CertificateProvider Certificates => _certificates;

    /// <summary>
    /// Binds and listens on every configured listener, or takes the sockets systemd passed (a port
    /// in use throws here, before anything is served).
    /// </summary>
    public void Bind()
    {
        var passed = SystemdSockets.Take();
        if (passed.Count > 0)
        {
            foreach (var (socket, name) in passed)
            {
                _listeners.Add((socket, name == SystemdSockets.ProxyName || (name is null && _options.ProxyProtocol.Enabled)));
            }

            Port = ((IPEndPoint)_listeners[0].Socket.LocalEndPoint!).Port;
            return;
        }

        try
        {
            foreach (var (host, configuredPort, proxied) in _options.GetListeners())
            {
                FailedListener = $"{host} port {configuredPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                var port = BindAll(host, configuredPort, proxied);
                if (Port == 0)
                {
                    Port = port;
                }
            }

            FailedListener = null;
        }
        catch
        {
            foreach (var (bound, _) in _listeners)
            {
                bound.Dispose();
            }

            _listeners.Clear();
            throw;
        }
    }

    /// <summary>Binds every address <paramref name="host"/> stands for; returns the port they got.</summary>
    private int BindAll(string host, int port, bool proxied)
    {
        var first = _listeners.Count;
        foreach (var address in ListenAddresses(host))
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
            catch (SocketException) when (address.AddressFamily == AddressFamily.InterNetworkV6 && _listeners.Count > first)
            {
                // A machine without IPv6 still serves IPv4 loopback.
                listener.Dispose();
                continue;
            }
            catch
            {
                listener.Dispose();
                throw;
            }

            // With port 0, the second family must use the port the first one got.
            port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            _listeners.Add((listener, proxied));
        }

        return port;
    }

    /// <summary>Starts the accept loops on the bound sockets.</summary>
    public void StartAccepting()
    {
        foreach (var (listener, proxied) in _listeners)
        {
            _acceptLoops.Add(AcceptLoopAsync(listener, ((IPEndPoint)listener.LocalEndPoint!).Port, proxied));
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
        foreach (var (listener, _) in _listeners)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        _admission.BeginDraining();
        var active = _admission.Active;
        if (active > 0)
        {
            Log.ShuttingDown(_logger, gracePeriod.TotalSeconds, active);
            await Task.WhenAny(_admission.Drained, Task.Delay(gracePeriod)).ConfigureAwait(false);
            _abortConnections.Cancel();
            await Task.WhenAny(_admission.Drained, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stopAccepting.Dispose();
        _abortConnections.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, int port, bool proxied)
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
                Log.AcceptFailed(_logger, ex);
                continue;
            }

            // Accepted at once, always: a connection that may not stay is closed here, before any
            // TLS state exists, rather than left waiting in the listen backlog.
            var remote = socket.RemoteEndPoint as IPEndPoint;
            var address = remote?.Address.Unmapped() ?? IPAddress.None;
            if (proxied && !_trustedProxies.IsAllowed(address))
            {
                Reject(socket, ConnectionAdmission.Reasons.UntrustedProxy, address);
                continue;
            }

            // A balancer's connection is counted against its client, once its PROXY header names it.
            if (_admission.TryAdmit(proxied ? null : address, out var shed, out var mustWait) is { } reason)
            {
                Reject(socket, reason, address);
                continue;
            }

            if (shed)
            {
                _metrics.ConnectionShed();
                _rejections.Report(ConnectionAdmission.Reasons.Shed, address);
            }

            _metrics.ConnectionOpened();
            var connection = _pool.Rent() ?? new GeminiConnection(_connectionServices);
            connection.Start(socket, remote, proxied ? null : address, port, proxied, mustWait);
        }
    }

    /// <summary>Closes a connection that is not admitted, with a reset: no lingering state on either side.</summary>
    private void Reject(Socket socket, string reason, IPAddress address)
    {
        _metrics.ConnectionRejected(reason);
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
