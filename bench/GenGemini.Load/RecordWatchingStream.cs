namespace GenGemini.Load;

/// <summary>
/// Watches the TLS records that pass from the server, to tell whether the connection ended with
/// close_notify: in TLS 1.2 the last record is an alert (type 21); in TLS 1.3 alerts are
/// encrypted, and a close_notify is the 19-byte record (2-byte alert, content type, 16-byte AEAD
/// tag) that comes last before the end of the stream.
/// </summary>
internal sealed class RecordWatchingStream(Stream inner) : Stream
{
    private readonly byte[] _header = new byte[5];
    private int _headerFilled;
    private int _bodyLeft;

    public byte LastRecordType { get; private set; }

    public int LastRecordLength { get; private set; }

    public bool EndedWithCloseNotify => LastRecordType == 21 || (LastRecordType == 23 && LastRecordLength == 19);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Observe(buffer.AsSpan(offset, read));
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_bodyLeft > 0)
            {
                var skip = Math.Min(_bodyLeft, data.Length);
                _bodyLeft -= skip;
                data = data[skip..];
                continue;
            }

            var take = Math.Min(5 - _headerFilled, data.Length);
            data[..take].CopyTo(_header.AsSpan(_headerFilled));
            _headerFilled += take;
            data = data[take..];
            if (_headerFilled == 5)
            {
                LastRecordType = _header[0];
                LastRecordLength = (_header[3] << 8) | _header[4];
                _bodyLeft = LastRecordLength;
                _headerFilled = 0;
            }
        }
    }
}
