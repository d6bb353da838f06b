using System.Net;
using GenGemini.Internal;

namespace GenGemini.Transport;

/// <summary>
/// Who gets a connection slot, decided at accept, before any TLS state exists: the access list,
/// a cap per client address (an IPv6 client by its /64, as rate limits count it), and the global
/// cap. Over its address's cap a connection is not reset: it WAITS, un-handshaken (a socket and a
/// pooled connection object, no TLS, no buffers), in a short queue for that address, and starts
/// when one of the address's connections ends; it is closed only past the queue's deadline or
/// bound. At the global cap a connection that has not sent its request line is shed to make room:
/// first the oldest that never sent a byte (queued ones among them), then the oldest that is
/// talking (in its handshake or its request line), so a talking client is not shed for a silent one.
/// </summary>
internal sealed class ConnectionAdmission
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, AddressSlots> _perAddress = [];
    private readonly int _maxPerAddress;
    private readonly int _maxQueuedPerAddress;
    private readonly int _maxConnections;
    private readonly NetworkAccessList _access;
    private readonly WaitingList _silent = new();
    private readonly WaitingList _talking = new();
    private int _active;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _draining;

    public ConnectionAdmission(int maxConnections, int maxPerAddress, NetworkAccessList access, int maxQueuedPerAddress = 0)
    {
        _maxConnections = maxConnections;
        _maxPerAddress = maxPerAddress;
        _maxQueuedPerAddress = maxQueuedPerAddress;
        _access = access;
    }

    public int Active => Volatile.Read(ref _active);

    /// <summary>The reasons a connection is refused, as the metrics and the log name them.</summary>
    public static class Reasons
    {
        public const string Denied = "access_denied";
        public const string PerAddressLimit = "per_address_limit";
        public const string QueueTimeout = "per_address_queue_timeout";
        public const string ConnectionLimit = "connection_limit";
        public const string Shed = "shed";
        public const string UntrustedProxy = "untrusted_proxy";
        public const string InvalidProxyHeader = "invalid_proxy_header";
    }

    /// <summary>
    /// Admits a client from <paramref name="address"/>, or names why not. Over the address's cap,
    /// with room in its queue, the connection is admitted to WAIT: <paramref name="mustWait"/> says
    /// so, and it calls <see cref="WaitForSlot"/> before it reads a byte. A connection may be shed
    /// to make room (its own token is cancelled; <paramref name="shed"/> says so, for the metrics).
    /// A null address (a balancer's connection, whose client is named by its PROXY header) takes a
    /// global slot only: <see cref="TryAdmitClient"/> checks the client once its address is known.
    /// </summary>
    public string? TryAdmit(IPAddress? address, out bool shed, out bool mustWait)
    {
        shed = false;
        mustWait = false;
        if (address is not null && !_access.IsAllowed(address))
        {
            return Reasons.Denied;
        }

        var key = address?.Group();
        lock (_lock)
        {
            AddressSlots? slots = null;
            if (key is not null && _perAddress.TryGetValue(key, out slots) && slots.Count >= _maxPerAddress)
            {
                if (slots.Queued >= _maxQueuedPerAddress)
                {
                    return Reasons.PerAddressLimit;
                }

                mustWait = true;
            }

            if (_active >= _maxConnections && !ShedOne())
            {
                mustWait = false;
                return Reasons.ConnectionLimit; // every slot is serving a request: nothing to shed
            }

            shed = _active >= _maxConnections;
            if (shed)
            {
                _active--; // the shed connection's slot is this one's now
            }

            if (key is not null)
            {
                if (slots is null)
                {
                    _perAddress[key] = slots = new AddressSlots();
                }

                if (mustWait)
                {
                    slots.Queued++; // reserved; the connection queues itself in WaitForSlot
                }
                else
                {
                    slots.Count++;
                }
            }

            _active++;
            return null;
        }
    }

    /// <summary>
    /// The client behind a balancer, once its PROXY header names it (or the balancer itself, for a
    /// header that names no client): the access list and its per-address cap, as for a direct
    /// client. Null when admitted (then counted against it); <paramref name="mustWait"/> when it
    /// is to wait in the address's queue (<see cref="WaitForSlot"/>).
    /// </summary>
    public string? TryAdmitClient(IPAddress address, out bool mustWait)
    {
        mustWait = false;
        if (!_access.IsAllowed(address))
        {
            return Reasons.Denied;
        }

        var key = address.Group();
        lock (_lock)
        {
            if (!_perAddress.TryGetValue(key, out var slots))
            {
                _perAddress[key] = slots = new AddressSlots();
            }

            if (slots.Count < _maxPerAddress)
            {
                slots.Count++;
                return null;
            }

            if (slots.Queued >= _maxQueuedPerAddress)
            {
                Forget(key, slots);
                return Reasons.PerAddressLimit;
            }

            slots.Queued++;
            mustWait = true;
            return null;
        }
    }

    /// <summary>
    /// Queues a connection for a slot of <paramref name="address"/> (reserved by
    /// <see cref="TryAdmit"/> or <see cref="TryAdmitClient"/>); the task completes true once it
    /// holds one (at once if one is free by now). Call <see cref="Abandon"/> if it stops waiting.
    /// </summary>
    public SlotWaiter WaitForSlot(IPAddress address)
    {
        var key = address.Group();
        var waiter = new SlotWaiter(key);
        lock (_lock)
        {
            var slots = _perAddress[key];
            if (slots.Count < _maxPerAddress)
            {
                slots.Queued--;
                slots.Count++;
                waiter.Grant();
            }
            else
            {
                (slots.Waiters ??= new Queue<SlotWaiter>()).Enqueue(waiter);
            }
        }

        return waiter;
    }

    /// <summary>
    /// A waiting connection gives up (its deadline passed, it was shed, the server stops). True
    /// when a slot was granted meanwhile: then it holds it and releases it as any admitted one.
    /// </summary>
    public bool Abandon(SlotWaiter waiter)
    {
        lock (_lock)
        {
            if (waiter.IsGranted)
            {
                return true;
            }

            if (!waiter.IsAbandoned)
            {
                waiter.IsAbandoned = true; // left in the queue; skipped when it comes up
                var slots = _perAddress[waiter.Address];
                slots.Queued--;
                Forget(waiter.Address, slots);
            }

            return false;
        }
    }

    /// <summary>Puts an admitted connection at the new end of the silent list (it has not sent a byte yet).</summary>
    public void StartWaiting(AdmissionTicket connection)
    {
        lock (_lock)
        {
            connection.WasShed = false;
            _silent.Append(connection);
        }
    }

    /// <summary>Its first bytes arrived: it moves to the talking list, shed only when no silent one is left.</summary>
    public void StartedTalking(AdmissionTicket connection)
    {
        lock (_lock)
        {
            if (connection.WaitingIn == _silent)
            {
                _silent.Remove(connection);
                _talking.Append(connection);
            }
        }
    }

    /// <summary>The request line is in: the connection can no longer be shed. False when it was shed first.</summary>
    public bool StopWaiting(AdmissionTicket connection)
    {
        lock (_lock)
        {
            if (connection.WaitingIn is not { } list)
            {
                return false;
            }

            list.Remove(connection);
            return true;
        }
    }

    /// <summary>
    /// A connection counted against <paramref name="address"/> (null: against none) ended; its slot
    /// goes to the address's oldest waiting connection, if any, else back to the pool.
    /// </summary>
    public void Release(AdmissionTicket connection, IPAddress? address)
    {
        var key = address?.Group();
        lock (_lock)
        {
            connection.WaitingIn?.Remove(connection);
            if (key is not null && _perAddress.TryGetValue(key, out var slots))
            {
                if (!HandOver(slots))
                {
                    slots.Count--;
                    Forget(key, slots);
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

    /// <summary>How many addresses hold slots or queue for them (for tests: the table forgets idle addresses).</summary>
    internal int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _perAddress.Count;
            }
        }
    }

    /// <summary>Gives the slot of a connection that ended to the oldest connection still waiting for one.</summary>
    private static bool HandOver(AddressSlots slots)
    {
        while (slots.Waiters is { Count: > 0 } waiters)
        {
            var next = waiters.Dequeue();
            if (next.IsAbandoned)
            {
                continue;
            }

            slots.Queued--;
            next.Grant(); // its continuation runs elsewhere (RunContinuationsAsynchronously)
            return true;
        }

        return false;
    }

    private void Forget(IPAddress key, AddressSlots slots)
    {
        if (slots.Count <= 0 && slots.Queued <= 0)
        {
            _perAddress.Remove(key);
        }
    }

    /// <summary>Sheds the oldest silent connection, else the oldest talking one; false when none is left to shed.</summary>
    private bool ShedOne()
    {
        var victim = _silent.Oldest ?? _talking.Oldest;
        if (victim is null)
        {
            return false;
        }

        // Cancelled under the lock: while it is in a list it is still the same connection (it
        // leaves the list before it is reset and pooled). Its slot goes to the new connection now,
        // so the count never exceeds the cap while it closes.
        victim.WaitingIn!.Remove(victim);
        victim.WasShed = true;
        _ = victim.Cancel.CancelAsync();
        return true;
    }
}
