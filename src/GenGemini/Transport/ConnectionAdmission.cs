using System.Net;
using GenGemini.Internal;

namespace GenGemini.Transport;

/// <summary>
/// Who gets a connection slot, decided at accept, before any TLS state exists: the access list,
/// a cap per client address (an IPv6 client by its /64, as rate limits count it), and the global cap. At the global cap the oldest connection that has
/// not yet sent its whole request line (idle, in its handshake or in its request line) is shed to
/// make room, so a flood of silent sockets cannot keep a well-behaved client in the backlog.
/// </summary>
internal sealed class ConnectionAdmission
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly int _maxPerAddress;
    private readonly int _maxConnections;
    private readonly NetworkAccessList _access;
    private GeminiConnection? _oldestWaiting;
    private GeminiConnection? _newestWaiting;
    private int _active;

    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _draining;

    public ConnectionAdmission(int maxConnections, int maxPerAddress, NetworkAccessList access)
    {
        _maxConnections = maxConnections;
        _maxPerAddress = maxPerAddress;
        _access = access;
    }

    public int Active => Volatile.Read(ref _active);

    /// <summary>The reasons a connection is refused, as the metrics and the log name them.</summary>
    public static class Reasons
    {
        public const string Denied = "access_denied";
        public const string PerAddressLimit = "per_address_limit";
        public const string ConnectionLimit = "connection_limit";
        public const string Shed = "shed";
        public const string UntrustedProxy = "untrusted_proxy";
        public const string InvalidProxyHeader = "invalid_proxy_header";
    }

    /// <summary>
    /// Admits a client from <paramref name="address"/>, or names why not. A connection may be shed
    /// to make room (its own token is cancelled; <paramref name="shed"/> says so, for the metrics).
    /// A null address (a balancer's connection, whose client is named by its PROXY header) takes a
    /// slot only: <see cref="TryAdmitClient"/> checks the client once its address is known.
    /// </summary>
    public string? TryAdmit(IPAddress? address, out bool shed)
    {
        shed = false;
        if (address is not null && !_access.IsAllowed(address))
        {
            return Reasons.Denied;
        }

        address = address?.Group();

        lock (_lock)
        {
            var count = 0;
            if (address is not null && _perAddress.TryGetValue(address, out count) && count >= _maxPerAddress)
            {
                return Reasons.PerAddressLimit;
            }

            if (_active >= _maxConnections)
            {
                if (_oldestWaiting is not { } oldest)
                {
                    return Reasons.ConnectionLimit; // every slot is serving a request: nothing to shed
                }

                // Cancelled under the lock: while it is in the list it is still the same connection
                // (it leaves the list before it is reset and pooled). Its slot goes to the new
                // connection now, so the count never exceeds the cap while it closes.
                Unlink(oldest);
                oldest.Shed();
                _active--;
                shed = true;
            }

            if (address is not null)
            {
                _perAddress[address] = count + 1;
            }

            _active++;
            return null;
        }
    }

    /// <summary>
    /// The client behind a balancer, once its PROXY header names it: the access list and its
    /// per-address cap, as for a direct client; null when admitted (then counted against it).
    /// </summary>
    public string? TryAdmitClient(IPAddress address)
    {
        if (!_access.IsAllowed(address))
        {
            return Reasons.Denied;
        }

        address = address.Group();

        lock (_lock)
        {
            _perAddress.TryGetValue(address, out var count);
            if (count >= _maxPerAddress)
            {
                return Reasons.PerAddressLimit;
            }

            _perAddress[address] = count + 1;
            return null;
        }
    }

    /// <summary>Puts an admitted connection at the new end of the waiting list (it has not sent its request yet).</summary>
    public void StartWaiting(GeminiConnection connection)
    {
        lock (_lock)
        {
            connection.WaitingPrevious = _newestWaiting;
            connection.WaitingNext = null;
            connection.IsWaiting = true;
            if (_newestWaiting is { } newest)
            {
                newest.WaitingNext = connection;
            }
            else
            {
                _oldestWaiting = connection;
            }

            _newestWaiting = connection;
        }
    }

    /// <summary>The request line is in: the connection can no longer be shed. False when it was shed first.</summary>
    public bool StopWaiting(GeminiConnection connection)
    {
        lock (_lock)
        {
            if (!connection.IsWaiting)
            {
                return false;
            }

            Unlink(connection);
            return true;
        }
    }

    /// <summary>A connection counted against <paramref name="address"/> (null: against none) ended.</summary>
    public void Release(GeminiConnection connection, IPAddress? address)
    {
        address = address?.Group();
        lock (_lock)
        {
            if (connection.IsWaiting)
            {
                Unlink(connection);
            }

            if (address is not null && _perAddress.TryGetValue(address, out var count))
            {
                if (count <= 1)
                {
                    _perAddress.Remove(address);
                }
                else
                {
                    _perAddress[address] = count - 1;
                }
            }

            if (!connection.WasShed)
            {
                _active--; // a shed connection gave its slot away when it was shed
            }

            if (_active == 0 && _draining)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>Completes once no admitted connection is left, after <see cref="BeginDraining"/>.</summary>
    public Task Drained => _drained.Task;

    /// <summary>The server stopped accepting: <see cref="Drained"/> completes when the last connection ends.</summary>
    public void BeginDraining()
    {
        lock (_lock)
        {
            _draining = true;
            if (_active == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    private void Unlink(GeminiConnection connection)
    {
        if (connection.WaitingPrevious is { } previous)
        {
            previous.WaitingNext = connection.WaitingNext;
        }
        else
        {
            _oldestWaiting = connection.WaitingNext;
        }

        if (connection.WaitingNext is { } next)
        {
            next.WaitingPrevious = connection.WaitingPrevious;
        }
        else
        {
            _newestWaiting = connection.WaitingPrevious;
        }

        connection.WaitingPrevious = null;
        connection.WaitingNext = null;
        connection.IsWaiting = false;
    }
}
