using GenGemini.Internal;

namespace GenGemini.Relay;

/// <summary>
/// A relayed Gemini body: what came with the header, then the backend's TLS stream until it ends;
/// each read within the time-out. Disposing it closes the backend connection.
/// </summary>
internal sealed class RelayStream(Stream backend, byte[] leftover, CancellationToken requestAborted, TimeSpan timeout) : BodyStream(leftover)
{
    protected override async ValueTask<int> ReadSourceAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, requestAborted);
        deadline.CancelAfter(timeout);
        return await backend.ReadAsync(buffer, deadline.Token).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        await backend.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            backend.Dispose();
        }

        base.Dispose(disposing);
    }
}
