using System.IO.Pipelines;

namespace GenGemini.Testing;

/// <summary>
/// Two ends of an in-memory connection: what one end writes, the other reads; disposing an end is
/// its close (the other then reads end of stream). Neither side ever waits for the other to read,
/// so a server that answers before reading an upload cannot block the client that sends it.
/// </summary>
internal static class InMemoryConnection
{
    public static (Stream Client, Stream Server) Create()
    {
        // The server goes on reading on the thread that wrote the request, as it does on a socket
        // engine's thread with inline completions: handlers start where they would in the server
        // (HandlerScheduling decides which leave it).
        var toServer = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, useSynchronizationContext: false));
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        return (new End(toClient.Reader, toServer.Writer), new End(toServer.Reader, toClient.Writer));
    }

    /// <summary>Half-closes an end: the other end reads end of stream once it has read what was written.</summary>
    public static void CompleteWrites(Stream end) => ((End)end).CompleteWrites();

    private sealed class End(PipeReader input, PipeWriter output) : Stream
    {
        private readonly Stream _input = input.AsStream();
        private readonly Stream _output = output.AsStream();
        private bool _writesCompleted;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _input.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _input.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _output.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _output.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => _output.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public void CompleteWrites()
        {
            if (!_writesCompleted)
            {
                _writesCompleted = true;
                output.Complete();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                CompleteWrites();
                input.Complete();
            }

            base.Dispose(disposing);
        }
    }
}
