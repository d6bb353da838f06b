namespace GenGemini.Proxy;

/// <summary>
/// A relayed body: what came with the header, then the backend's TLS stream until it ends; each
/// read within the time-out. Disposing it closes the backend connection.
/// </summary>
internal sealed class RelayStream(Stream backend, byte[] leftover, CancellationToken requestAborted, TimeSpan timeout) : Stream
{
    private int _leftoverPosition;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_leftoverPosition < leftover.Length)
        {
            var count = Math.Min(buffer.Length, leftover.Length - _leftoverPosition);
            leftover.AsMemory(_leftoverPosition, count).CopyTo(buffer);
            _leftoverPosition += count;
            return count;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, requestAborted);
        deadline.CancelAfter(timeout);
        return await backend.ReadAsync(buffer, deadline.Token).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
