using System.Net;

namespace GenGemini.Transport;

/// <summary>
/// Admission's record of one connection (made once per pooled connection, reused): its place in the
/// silent or talking list, whether it was shed, and the source to cancel when it is. Admission
/// alone writes it; the connection hands it over and reads <see cref="WasShed"/>.
/// </summary>
internal sealed class AdmissionTicket(CancellationTokenSource cancel)
{
    public CancellationTokenSource Cancel { get; } = cancel;

    public bool WasShed { get; set; }

    public AdmissionTicket? WaitingPrevious { get; set; }

    public AdmissionTicket? WaitingNext { get; set; }

    public WaitingList? WaitingIn { get; set; }
}

/// <summary>A connection waiting for a slot of its address; granted and abandoned are decided under the admission's lock.</summary>
internal sealed class SlotWaiter(IPAddress address)
{
    private readonly TaskCompletionSource<bool> _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IPAddress Address { get; } = address;

    public bool IsGranted { get; private set; }

    public bool IsAbandoned { get; set; }

    /// <summary>Completes (true) when the slot is granted.</summary>
    public Task<bool> Granted => _granted.Task;

    public void Grant()
    {
        IsGranted = true;
        _granted.TrySetResult(true);
    }
}

/// <summary>Connections not yet past their request line, oldest first, linked through their tickets.</summary>
internal sealed class WaitingList
{
    public AdmissionTicket? Oldest { get; private set; }

    private AdmissionTicket? _newest;

    public void Append(AdmissionTicket connection)
    {
        connection.WaitingIn = this;
        connection.WaitingPrevious = _newest;
        connection.WaitingNext = null;
        if (_newest is { } newest)
        {
            newest.WaitingNext = connection;
        }
        else
        {
            Oldest = connection;
        }

        _newest = connection;
    }

    public void Remove(AdmissionTicket connection)
    {
        if (connection.WaitingPrevious is { } previous)
        {
            previous.WaitingNext = connection.WaitingNext;
        }
        else
        {
            Oldest = connection.WaitingNext;
        }

        if (connection.WaitingNext is { } next)
        {
            next.WaitingPrevious = connection.WaitingPrevious;
        }
        else
        {
            _newest = connection.WaitingPrevious;
        }

        connection.WaitingPrevious = null;
        connection.WaitingNext = null;
        connection.WaitingIn = null;
    }
}

/// <summary>An address's connections, and those reserved or waiting for one of its slots.</summary>
internal sealed class AddressSlots
{
    public int Count;
    public int Queued;
    public Queue<SlotWaiter>? Waiters;
}
