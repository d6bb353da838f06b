using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using GenGemini.Application;
using GenGemini.Gateways;
using GenGemini.Internal;
using GenGemini.Protocol;
using Microsoft.Extensions.Logging;

namespace GenGemini.Scgi;

/// <summary>
/// Forwards requests under a mount prefix to persistent SCGI backends (TCP or Unix sockets),
/// round robin, skipping a backend that refused a connection for a cool-down period.
/// Every failure is a 43 with a fixed META; the details go to the log only.
/// </summary>
public sealed class ScgiHandler : IGeminiHandler, IMountedHandler
{
    /// <summary>The META of the 43 answered when no backend accepts a connection.</summary>
    public const string ConnectFailedMeta = "Failed to connect to SCGI backend";
    /// <summary>The META of the 43 answered when connecting takes longer than the time-out.</summary>
    public const string ConnectTimeoutMeta = "SCGI connection timeout";
    /// <summary>The META of the 43 answered when the response takes longer than the time-out.</summary>
    public const string BackendTimeoutMeta = "SCGI backend timeout";
    /// <summary>The META of the 43 answered when the response is larger than <see cref="ScgiOptions.MaxResponseSize"/>.</summary>
    public const string TooLargeMeta = "SCGI response exceeds maximum size";
    /// <summary>The META of the 43 answered when the backend's header is malformed or it breaks off.</summary>
    public const string BackendErrorMeta = "SCGI backend error";

    private readonly ScgiEndpoint[] _endpoints;
    private readonly EndPoint[] _addresses;
    private readonly long[] _skipUntil;

    // Per-request deadlines, reset and reused (with their timers) when they did not fire.
    private readonly ObjectPool<CancellationTokenSource> _deadlines = new();
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private MountServices? _services;
    private long _requestSends;
    private int _next = -1;

    /// <summary>Proxies to one backend, with the default options.</summary>
    public ScgiHandler(ScgiEndpoint endpoint)
        : this([endpoint], null)
    {
    }

    /// <summary>Proxies to one backend, with <paramref name="options"/> (the defaults when null).</summary>
    public ScgiHandler(ScgiEndpoint endpoint, ScgiOptions? options)
        : this([endpoint], options)
    {
    }

    /// <summary>Proxies to several backends, round robin, with <paramref name="options"/> (the defaults when null).</summary>
    public ScgiHandler(IReadOnlyList<ScgiEndpoint> endpoints, ScgiOptions? options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("An SCGI handler needs at least one backend.", nameof(endpoints));
        }

        _endpoints = [.. endpoints];
        _addresses = [.. _endpoints.Select(e => e.ToEndPoint())];
        _skipUntil = new long[_endpoints.Length];
        Options = options ?? new ScgiOptions();
        Options.Validate();
    }

    /// <summary>Time-outs, sizes and the variables backends get.</summary>
    public ScgiOptions Options { get; }

    /// <summary>The backends, in the order they are tried.</summary>
    public IReadOnlyList<ScgiEndpoint> Endpoints => _endpoints;

    /// <summary>How many sends to backends so far: one per request, the whole netstring in it.</summary>
    internal long RequestSends => Volatile.Read(ref _requestSends);

    /// <summary>Never blocks: the backend is connected to, written and read asynchronously.</summary>
    bool IGeminiHandler.NeverBlocks => true;

    /// <summary>Forwards <paramref name="request"/> to a backend and relays its response; every failure is a 43 with a fixed META.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Response> HandleAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await ForwardAsync(request).ConfigureAwait(false);
        _services?.Metrics?.ScgiCompleted(started, request.MountPrefix.Length == 0 ? "/" : request.MountPrefix, ErrorKind(response));
        return response;
    }

    void IMountedHandler.Mounted(MountServices services)
    {
        _services = services;
        _logger = services.LoggerFactory.CreateLogger("GenGemini.Scgi");
    }

    /// <summary>The kind of a failure this handler answered (the metrics' error.type); null for a backend's own answer.</summary>
    private static string? ErrorKind(Response response) => response.Status != StatusCode.ProxyError ? null : response.Meta switch
    {
        ConnectFailedMeta => "connect_failed",
        ConnectTimeoutMeta => "connect_timeout",
        BackendTimeoutMeta => "timeout",
        TooLargeMeta => "response_too_large",
        BackendErrorMeta => "backend_error",
        _ => null,
    };

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Response> ForwardAsync(Request request)
    {
        if (GatewayVariables.Refusal(request) is { } refused)
        {
            return refused;
        }

        var logger = _logger;
        var deadline = _deadlines.Rent() ?? new CancellationTokenSource();
        var aborted = deadline.CancelWith(request.RequestAborted);
        deadline.CancelAfter(Options.Timeout);

        Socket? socket = null;
        var ownsSocket = true;
        try
        {
            (socket, var endpoint, var failure) = await ConnectAsync(logger, deadline.Token).ConfigureAwait(false);
            if (socket is null)
            {
                return Response.ProxyError(failure!);
            }

            using (var header = new ScgiHeaderBuilder())
            {
                GatewayVariables.Write(header, request, _services?.State, Options, request.MountPrefix, request.PathInfo);
                // ONE send for the whole netstring: uWSGI drops a request whose final comma arrives
                // in a later read.
                await SendToBackendAsync(socket, header.Finish(), deadline.Token).ConfigureAwait(false);
            }

            var response = await ReadResponseAsync(socket, endpoint!, logger, request.RequestAborted, deadline.Token).ConfigureAwait(false);
            ownsSocket = response.BodyStream is null;
            return response;
        }
        catch (OperationCanceledException) when (!request.RequestAborted.IsCancellationRequested)
        {
            ScgiLog.Timeout(logger, Diagnostics.LogValues.Escape(request.Url));
            return Response.ProxyError(BackendTimeoutMeta);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            ScgiLog.BackendFailed(logger, Diagnostics.LogValues.Escape(request.Url), ex);
            return Response.ProxyError(BackendErrorMeta);
        }
        finally
        {
            if (ownsSocket)
            {
                socket?.Dispose();
            }

            await aborted.DisposeAsync().ConfigureAwait(false);
            if (deadline.TryReset())
            {
                _deadlines.Return(deadline);
            }
            else
            {
                deadline.Dispose();
            }
        }
    }

    /// <summary>Every byte this handler writes to a backend goes through here, counted, so a test can see the sends per request.</summary>
    private ValueTask<int> SendToBackendAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requestSends);
        return socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(Socket? Socket, ScgiEndpoint? Endpoint, string? Failure)> ConnectAsync(ILogger logger, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        bool[]? refused = null; // which backends already failed during this call

        // First pass: the next backends in turn that are not cooling down after a refusal (each
        // skip advances the shared counter, so the healthy ones share the load evenly). If all
        // of them fail or cool down, the second pass tries the cooling ones anyway.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < _endpoints.Length; i++)
            {
                var index = pass == 0
                    ? (int)((uint)Interlocked.Increment(ref _next) % (uint)_endpoints.Length)
                    : i;
                var cooling = Volatile.Read(ref _skipUntil[index]) > now;
                if (cooling != (pass == 1) || refused?[index] == true)
                {
                    continue;
                }

                var endpoint = _endpoints[index];
                var socket = endpoint.CreateSocket();
                try
                {
                    await socket.ConnectAsync(_addresses[index], cancellationToken).ConfigureAwait(false);
                    Volatile.Write(ref _skipUntil[index], 0);
                    return (socket, endpoint, null);
                }
                catch (OperationCanceledException)
                {
                    socket.Dispose();
                    ScgiLog.ConnectTimeout(logger, endpoint.ToString());
                    return (null, null, ConnectTimeoutMeta);
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    ScgiLog.ConnectFailed(logger, endpoint.ToString(), ex.SocketErrorCode.ToString());
                    Volatile.Write(ref _skipUntil[index], Stopwatch.GetTimestamp() + (long)(Options.FailureCooldown.TotalSeconds * Stopwatch.Frequency));
                    (refused ??= new bool[_endpoints.Length])[index] = true;
                }
            }
        }

        return (null, null, ConnectFailedMeta);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Response> ReadResponseAsync(Socket socket, ScgiEndpoint endpoint, ILogger logger, CancellationToken requestAborted, CancellationToken deadline)
    {
        var max = Options.MaxResponseSize;
        var buffer = ArrayPool<byte>.Shared.Rent(Options.BufferSize);
        var filled = 0;
        try
        {
            // Read until the header is complete.
            BackendResponseHeader header;
            while (true)
            {
                var status = BackendResponseParser.TryParse(buffer.AsSpan(0, filled), out header);
                if (status == BackendParseStatus.Complete)
                {
                    break;
                }

                if (status == BackendParseStatus.Invalid)
                {
                    ScgiLog.InvalidHeader(logger, endpoint.ToString());
                    return Response.ProxyError(BackendErrorMeta);
                }

                if (filled == buffer.Length)
                {
                    buffer = PooledBuffer.Grow(buffer, filled, buffer.Length * 2);
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, deadline).ConfigureAwait(false);
                if (read == 0)
                {
                    ScgiLog.ClosedEarly(logger, endpoint.ToString(), filled);
                    return Response.ProxyError(BackendErrorMeta);
                }

                filled += read;
                if (max is { } limit && filled > limit)
                {
                    return TooLarge(logger, endpoint, filled);
                }
            }

            if (!GeminiStatus.IsSuccess(header.Status))
            {
                return new Response(header.Status, header.Meta);
            }

            if (max is null)
            {
                // Unlimited: relay the rest as a stream; the socket now belongs to the stream.
                var leftover = buffer.AsSpan(header.HeaderLength, filled - header.HeaderLength).ToArray();
                return Response.Success(new ScgiBodyStream(socket, leftover, requestAborted, Options.Timeout), header.Meta);
            }

            // Limited: read everything before answering, so an over-size response is 43 and nothing else.
            while (true)
            {
                if (filled == buffer.Length)
                {
                    buffer = PooledBuffer.Grow(buffer, filled, (int)Math.Min((long)buffer.Length * 2, max.Value + 1));
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, deadline).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                if (filled > max.Value)
                {
                    return TooLarge(logger, endpoint, filled);
                }
            }

            var body = buffer.AsSpan(header.HeaderLength, filled - header.HeaderLength).ToArray();
            return Response.Success(body, header.Meta);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Response TooLarge(ILogger logger, ScgiEndpoint endpoint, long size)
    {
        ScgiLog.TooLarge(logger, endpoint.ToString(), size);
        return Response.ProxyError(TooLargeMeta);
    }
}
