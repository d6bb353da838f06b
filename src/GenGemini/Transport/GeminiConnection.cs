using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using GenGemini.Diagnostics;
using GenGemini.Internal;
using GenGemini.Tls;

namespace GenGemini.Transport;

/// <summary>
/// One connection, one request, in one direction: admission's waiting list, the zero-byte read,
/// the TLS handshake, then the protocol layer (request line, application, response), close_notify
/// and the access log. Instances are pooled with their timeout source and their state machine, so
/// a request allocates only what TLS and the user's code need.
/// </summary>
internal sealed class GeminiConnection
{
    private readonly ConnectionServices _services;

    // Handshake, request and response limits, and the server's abort, all through one source
    // that is reset and reused by the next connection (its timer with it).
    private readonly CancellationTokenSource _timeout = new();
    private readonly Action _onRunCompleted;
    private Socket _socket = null!;
    private long _accepted;
    private IPEndPoint? _remote;
    private IPAddress? _address; // what admission counted this connection against (null: nothing yet)
    private int _port;
    private bool _proxied;
    private ValueTask _run;

    public GeminiConnection(ConnectionServices services)
    {
        _services = services;
        _onRunCompleted = OnRunCompleted;
        _ticket = new AdmissionTicket(_timeout);
    }

    private SlotWaiter? _waiter; // over its address's cap: its place in the address's queue, until it has a slot or gives up

    // Admission's bookkeeping for this connection: admission reads and writes it, the connection
    // only hands it over (and reads whether it was shed). Shedding cancels the connection's own
    // timeout source, which the ticket was given when it was made.
    private readonly AdmissionTicket _ticket;

    /// <summary>Whether this connection was shed to make room (its slot was given away then).</summary>
    private bool WasShed => _ticket.WasShed;

    /// <summary>
    /// Serves <paramref name="socket"/>, accepted on <paramref name="port"/>, in the background; when
    /// it ends, its admission is released and it goes back to the pool. A <paramref name="proxied"/>
    /// connection comes from a trusted balancer and starts with a PROXY header naming its client.
    /// </summary>
    public void Start(Socket socket, IPEndPoint? remote, IPAddress? address, int port, bool proxied, bool mustWait = false)
    {
        _socket = socket;
        _accepted = Stopwatch.GetTimestamp();
        _remote = remote;
        _port = port;
        _proxied = proxied;
        _services.Admission.StartWaiting(_ticket);
        // Queued at once, so the reservation admission made is always either used or given back.
        _waiter = mustWait ? _services.Admission.WaitForSlot(address!) : null;
        _address = mustWait ? null : address;
        var run = RunAsync();
        if (run.IsCompleted)
        {
            Finish(run);
        }
        else
        {
            // Awaited here rather than dropped, so the pooled state machine goes back to its pool.
            _run = run;
            run.GetAwaiter().UnsafeOnCompleted(_onRunCompleted);
        }
    }

    private void OnRunCompleted()
    {
        var run = _run;
        _run = default;
        Finish(run);
    }

    private void Finish(ValueTask run)
    {
        try
        {
            run.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            // RunAsync handles its own faults; this is the last guard of the accept loop.
            Log.HandlerFailed(_services.Logger, "connection", ex);
        }

        _services.Metrics.ConnectionClosed(_accepted, stillCounted: !WasShed);
        var address = _address;
        if (_waiter is { } waiter)
        {
            // Ended while waiting for its slot: give the place back (or the slot, if it came meanwhile).
            _waiter = null;
            if (_services.Admission.Abandon(waiter))
            {
                address = waiter.Address;
            }
        }

        _socket = null!;
        _remote = null;
        _address = null;
        // A source that fired (a timeout, a shed or the server's abort) can't be reused: drop it.
        var reusable = _timeout.TryReset();
        _services.Admission.Release(_ticket, address);
        if (reusable)
        {
            _services.Pool.Return(this);
        }
    }

    // Pooled state machines: a connection's awaits nearly always complete asynchronously, and
    // without pooling each async method allocates its box per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunAsync()
    {
        var services = _services;
        var metrics = services.Metrics;
        var started = Stopwatch.GetTimestamp();
        _socket.NoDelay = true;
        SslStream? ssl = null;
        var timeout = _timeout;
        var abort = timeout.CancelWith(services.Aborted);
        try
        {
            if (_waiter is { } waiter && !await WaitForSlotAsync(waiter, _remote?.Address ?? waiter.Address, timeout).ConfigureAwait(false))
            {
                return;
            }

            timeout.CancelAfter(services.HandshakeTimeout);
            if (_proxied && !await ReadProxyHeaderAsync(timeout).ConfigureAwait(false))
            {
                return;
            }

            // A socket that has not spoken holds no SslStream and no OpenSSL state: a zero-byte read
            // waits for its first bytes. Then it is talking, and shed only after every silent one.
            var silentSince = Stopwatch.GetTimestamp();
            try
            {
                await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                // Counted as a handshake that never started: a silent socket's end.
                var timedOut = timeout.IsCancellationRequested;
                metrics.HandshakeFailed(silentSince, timedOut ? "timeout" : "connection_closed");
                Log.ConnectionDropped(services.Logger, _remote, timedOut ? (WasShed ? "shed to make room" : "TLS handshake timed out") : "closed before its handshake");
                return;
            }

            services.Admission.StartedTalking(_ticket);
            var handshake = await TlsHandshake.AuthenticateAsync(_socket, services.TlsOptions, timeout).ConfigureAwait(false);
            var handshakeStarted = handshake.Started;
            if (handshake.Stream is null)
            {
                metrics.HandshakeFailed(handshakeStarted, handshake.ErrorType!);
                Log.ConnectionDropped(services.Logger, _remote, handshake.Message!);
                return; // the handshake closed the socket
            }

            ssl = handshake.Stream;
            metrics.HandshakeCompleted(handshakeStarted, Diagnostics.GeminiMetrics.ProtocolVersion(ssl.SslProtocol));
            var requestStarted = Stopwatch.GetTimestamp();

            timeout.CancelAfter(services.RequestTimeout);
            var protocol = services.Protocol;
            var line = await protocol.ReadRequestLineAsync(ssl, _port, timeout.Token).ConfigureAwait(false);
            if (line.IsAbsent || !services.Admission.StopWaiting(_ticket))
            {
                return; // timed out, went away, or shed to make room: nothing to answer
            }

            var connection = new ConnectionInfo(_remote, ssl.RemoteCertificate as X509Certificate2, ssl.SslProtocol, ssl.NegotiatedCipherSuite, _socket);
            var exchange = await protocol.RespondAsync(ssl, line, connection, timeout, services.Aborted).ConfigureAwait(false);
            if (!exchange.Answered)
            {
                Log.ConnectionDropped(services.Logger, _remote, "upload came short or too late");
                return;
            }

            var bytes = exchange.Bytes;
            if (bytes >= 0)
            {
                // close_notify, so the client knows the body is complete; it goes out in the same
                // send as the response (and the session tickets before it).
                try
                {
                    await ssl.ShutdownAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
                    await handshake.Transport!.FlushAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
                {
                    Log.WriteFailed(services.Logger, _remote, ex.Message);
                    bytes = -1;
                }
            }

            metrics.RequestCompleted(requestStarted, exchange.Status, exchange.Route);
            Log.Access(services.AccessLogger, _remote, exchange.Url, exchange.Status, Math.Max(bytes, 0), Stopwatch.GetElapsedTime(started).TotalMilliseconds, exchange.Route ?? "-");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            Log.ConnectionDropped(services.Logger, _remote, ex.Message);
        }
        finally
        {
            await abort.DisposeAsync().ConfigureAwait(false);
            if (ssl is not null)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                _socket.Dispose(); // never handed to TLS, or already closed by a failed handshake (a second Dispose does nothing)
            }
        }
    }

    /// <summary>
    /// Reads the balancer's PROXY header (under the handshake time-out) and takes the client's
    /// address and the port it connected to from it; false when the connection is to be closed: a
    /// malformed header, or a client that admission refuses.
    /// </summary>
    private async ValueTask<bool> ReadProxyHeaderAsync(CancellationTokenSource timeout)
    {
        var services = _services;
        var (status, header) = await ProxyProtocolReader.ReadAsync(_socket, timeout.Token).ConfigureAwait(false);
        var mustWait = false;
        string? refusal = null;
        var reported = _remote?.Address ?? IPAddress.None;
        if (status != ProxyParseStatus.Complete)
        {
            refusal = ConnectionAdmission.Reasons.InvalidProxyHeader;
        }
        else if (header.Source is { } client)
        {
            var address = client.Address.Unmapped();
            refusal = services.Admission.TryAdmitClient(address, out mustWait);
            reported = address;
            if (refusal is null)
            {
                _remote = client;
                _address = mustWait ? null : address;
            }
        }
        else
        {
            // UNKNOWN, v2 LOCAL, or a protocol without addresses: no client is named, so the
            // connection counts against the balancer's own address (never against no one, which
            // would let such headers skip the per-address cap).
            var balancer = _remote?.Address.Unmapped() ?? IPAddress.None;
            refusal = services.Admission.TryAdmitClient(balancer, out mustWait);
            reported = balancer;
            if (refusal is null)
            {
                _address = mustWait ? null : balancer;
            }
        }

        if (refusal is not null)
        {
            services.Metrics.ConnectionRejected(refusal);
            services.Rejections.Report(refusal, reported);
            return false;
        }

        if (header.Destination is { } destination)
        {
            _port = destination.Port; // the port the client connected to, on the balancer
        }

        if (mustWait)
        {
            _waiter = services.Admission.WaitForSlot(reported);
            if (!await WaitForSlotAsync(_waiter, reported, timeout).ConfigureAwait(false))
            {
                return false;
            }
        }

        timeout.CancelAfter(services.HandshakeTimeout); // the handshake's own time starts now
        return true;
    }

    /// <summary>
    /// Over its address's cap: waits, un-handshaken, for one of the address's connections to end
    /// (the queue's deadline at most). True once it holds a slot; false when it is to be closed.
    /// </summary>
    private async ValueTask<bool> WaitForSlotAsync(SlotWaiter waiter, IPAddress reported, CancellationTokenSource timeout)
    {
        var services = _services;
        var granted = waiter.IsGranted;
        if (!granted)
        {
            timeout.CancelAfter(services.QueueTimeout);
            try
            {
                granted = await waiter.Granted.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                granted = services.Admission.Abandon(waiter);
            }
        }

        _waiter = null;
        if (granted)
        {
            _address = waiter.Address; // counted against it from here, released when the connection ends
            return true;
        }

        if (!WasShed && !services.Aborted.IsCancellationRequested)
        {
            services.Metrics.ConnectionRejected(ConnectionAdmission.Reasons.QueueTimeout);
            services.Rejections.Report(ConnectionAdmission.Reasons.QueueTimeout, reported);
        }

        return false;
    }
}
