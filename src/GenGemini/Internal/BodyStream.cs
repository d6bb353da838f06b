namespace GenGemini.Internal;

/// <summary>
/// A relayed response body, read only: the bytes that came in with the backend's header first,
/// then what <see cref="ReadSourceAsync"/> reads from the backend (SCGI's socket, a Gemini
/// backend's TLS stream) until it ends.
/// </summary>
internal abstract class BodyStream(byte[] leftover) : Stream
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

    /// <summary>Reads from the backend, once the leftover bytes are given out.</summary>
    protected abstract ValueTask<int> ReadSourceAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_leftoverPosition < leftover.Length)
        {
            var count = Math.Min(buffer.Length, leftover.Length - _leftoverPosition);
            leftover.AsMemory(_leftoverPosition, count).CopyTo(buffer);
            _leftoverPosition += count;
            return ValueTask.FromResult(count);
        }

        return ReadSourceAsync(buffer, cancellationToken);
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
}
