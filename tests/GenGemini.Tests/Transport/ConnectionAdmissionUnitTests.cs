using System.Net;
using GenGemini.AccessControl;
using GenGemini.Transport;

namespace GenGemini.Tests.Transport;

/// <summary>
/// Admission's bookkeeping on its own, step by step: what each address and the whole server hold
/// after every admit, shed, wait and release. A slot counted once too often or once too few is a
/// server that refuses forever, or one that holds more than its cap.
/// </summary>
public sealed class ConnectionAdmissionUnitTests
{
    private static readonly IPAddress A = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress B = IPAddress.Parse("192.0.2.2");

    /// <summary>Admits a connection from <paramref name="address"/> and puts it in the silent list, as the server does.</summary>
    private static (string? Refusal, AdmissionTicket Ticket, bool Shed, bool MustWait) Admit(ConnectionAdmission admission, IPAddress? address)
    {
        var ticket = new AdmissionTicket(new CancellationTokenSource());
        var refusal = admission.TryAdmit(address, out var shed, out var mustWait);
        if (refusal is null)
        {
            admission.StartWaiting(ticket);
        }

        return (refusal, ticket, shed, mustWait);
    }

    [Fact]
    public void An_address_gets_its_slot_back_when_one_of_its_two_connections_ends()
    {
        var admission = new ConnectionAdmission(10, 2, NetworkAccessList.AllowAll);
        var first = Admit(admission, A);
        var second = Admit(admission, A);
        Assert.Equal(ConnectionAdmission.Reasons.PerAddressLimit, Admit(admission, A).Refusal);
        Assert.Equal(2, admission.Active);

        admission.Release(first.Ticket, A);

        Assert.Equal(1, admission.Active);
        var third = Admit(admission, A);
        Assert.Null(third.Refusal);
        Assert.False(third.MustWait);
        Assert.Equal(ConnectionAdmission.Reasons.PerAddressLimit, Admit(admission, A).Refusal);
        admission.Release(second.Ticket, A);
        admission.Release(third.Ticket, A);
        Assert.Equal(0, admission.Active);
        Assert.Equal(0, admission.TrackedAddresses);
    }

    [Fact]
    public void A_shed_connection_gives_its_slot_away_once_and_the_count_never_passes_the_cap()
    {
        var admission = new ConnectionAdmission(2, 10, NetworkAccessList.AllowAll);
        var oldest = Admit(admission, A);
        var newer = Admit(admission, B);

        var third = Admit(admission, B);

        Assert.Null(third.Refusal);
        Assert.True(third.Shed);
        Assert.True(oldest.Ticket.WasShed);
        Assert.True(oldest.Ticket.Cancel.IsCancellationRequested);
        Assert.False(newer.Ticket.WasShed);
        Assert.Equal(2, admission.Active);

        // The shed connection ends later: its slot is already the new one's.
        admission.Release(oldest.Ticket, A);
        Assert.Equal(2, admission.Active);
        admission.Release(newer.Ticket, B);
        admission.Release(third.Ticket, B);
        Assert.Equal(0, admission.Active);

        // And a full server admits again, shedding nothing.
        Assert.False(Admit(admission, A).Shed);
        Assert.False(Admit(admission, A).Shed);
        Assert.Equal(2, admission.Active);
    }

    [Fact]
    public void Silent_connections_are_shed_before_talking_ones_and_one_being_served_never()
    {
        var admission = new ConnectionAdmission(2, 10, NetworkAccessList.AllowAll);
        var talking = Admit(admission, A);
        admission.StartedTalking(talking.Ticket);
        var silent = Admit(admission, B);

        Assert.True(Admit(admission, B).Shed);
        Assert.True(silent.Ticket.WasShed);
        Assert.False(talking.Ticket.WasShed);
        Assert.False(admission.StopWaiting(silent.Ticket)); // shed first: nothing to answer

        Assert.True(admission.StopWaiting(talking.Ticket)); // its request line is in: being served
        var another = Admit(admission, B);
        Assert.True(another.Shed); // the newest silent one goes (the one admitted by shedding)
        Assert.False(talking.Ticket.WasShed);
    }

    [Fact]
    public void When_every_slot_is_serving_a_new_connection_is_refused_and_nothing_is_counted()
    {
        var admission = new ConnectionAdmission(1, 10, NetworkAccessList.AllowAll);
        var served = Admit(admission, A);
        Assert.True(admission.StopWaiting(served.Ticket));

        Assert.Equal(ConnectionAdmission.Reasons.ConnectionLimit, Admit(admission, B).Refusal);
        Assert.Equal(1, admission.Active);
        Assert.Equal(1, admission.TrackedAddresses); // B was not kept
        admission.Release(served.Ticket, A);
        Assert.Null(Admit(admission, B).Refusal);
    }

    [Fact]
    public async Task A_waiting_connection_gets_the_next_free_slot_of_its_address_and_the_queue_has_a_bound()
    {
        var admission = new ConnectionAdmission(10, 1, NetworkAccessList.AllowAll, maxQueuedPerAddress: 1);
        var holder = Admit(admission, A);
        var waiting = Admit(admission, A);
        Assert.True(waiting.MustWait);
        Assert.Equal(ConnectionAdmission.Reasons.PerAddressLimit, Admit(admission, A).Refusal); // the queue is full
        Assert.False(Admit(admission, B).MustWait);

        var waiter = admission.WaitForSlot(A);
        Assert.False(waiter.IsGranted);
        admission.Release(holder.Ticket, A);

        Assert.True(await waiter.Granted.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(admission.Abandon(waiter)); // granted meanwhile: it holds the slot
        Assert.True(Admit(admission, A).MustWait); // the slot is the waiter's; the queue has room again
    }

    [Fact]
    public void A_connection_that_gives_up_waiting_frees_its_place_and_is_skipped_when_a_slot_frees()
    {
        var admission = new ConnectionAdmission(10, 1, NetworkAccessList.AllowAll, maxQueuedPerAddress: 1);
        var holder = Admit(admission, A);
        Assert.True(Admit(admission, A).MustWait);
        var waiter = admission.WaitForSlot(A);

        Assert.False(admission.Abandon(waiter));
        Assert.False(admission.Abandon(waiter)); // twice is once
        Assert.True(Admit(admission, A).MustWait); // its place in the queue is free
        var next = admission.WaitForSlot(A);

        admission.Release(holder.Ticket, A);

        Assert.False(waiter.IsGranted);
        Assert.True(next.IsGranted);
    }

    [Fact]
    public void A_slot_free_by_the_time_a_connection_queues_is_granted_at_once()
    {
        var admission = new ConnectionAdmission(10, 1, NetworkAccessList.AllowAll, maxQueuedPerAddress: 4);
        var holder = Admit(admission, A);
        Assert.True(Admit(admission, A).MustWait);
        admission.Release(holder.Ticket, A);

        Assert.True(admission.WaitForSlot(A).IsGranted);
        Assert.Null(admission.TryAdmitClient(A, out var mustWait)); // the slot is taken again: the next one queues
        Assert.True(mustWait);
    }

    [Fact]
    public void A_balancer_connection_takes_a_global_slot_and_its_client_is_counted_once_named()
    {
        var admission = new ConnectionAdmission(10, 1, NetworkAccessList.AllowAll, maxQueuedPerAddress: 0);
        var proxied = Admit(admission, null);
        Assert.Null(proxied.Refusal);
        Assert.Equal(1, admission.Active);
        Assert.Equal(0, admission.TrackedAddresses);

        Assert.Null(admission.TryAdmitClient(A, out var mustWait));
        Assert.False(mustWait);
        Assert.Equal(ConnectionAdmission.Reasons.PerAddressLimit, admission.TryAdmitClient(A, out _));
        Assert.Equal(1, admission.TrackedAddresses); // the refused one left nothing behind

        admission.Release(proxied.Ticket, A);
        Assert.Equal(0, admission.Active);
        Assert.Equal(0, admission.TrackedAddresses);
    }

    [Fact]
    public void A_denied_address_takes_nothing()
    {
        var admission = new ConnectionAdmission(10, 1, NetworkAccessList.Parse([], ["192.0.2.1"]));
        Assert.Equal(ConnectionAdmission.Reasons.Denied, Admit(admission, A).Refusal);
        Assert.Equal(ConnectionAdmission.Reasons.Denied, admission.TryAdmitClient(A, out _));
        Assert.Equal(0, admission.Active);
        Assert.Equal(0, admission.TrackedAddresses);
    }

    [Fact]
    public async Task Draining_completes_when_the_last_connection_ends_shed_ones_included()
    {
        var admission = new ConnectionAdmission(1, 10, NetworkAccessList.AllowAll);
        var first = Admit(admission, A);
        var second = Admit(admission, B); // sheds the first
        admission.BeginDraining();
        Assert.False(admission.Drained.IsCompleted);

        admission.Release(first.Ticket, A);
        Assert.False(admission.Drained.IsCompleted); // the shed one held no slot any more
        admission.Release(second.Ticket, B);

        await admission.Drained.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
