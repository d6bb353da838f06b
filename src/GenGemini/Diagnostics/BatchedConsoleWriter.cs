using System.Text;
using Microsoft.Extensions.Logging.Console;

namespace GenGemini.Diagnostics;

/// <summary>
/// The console's writer thread, woken once a batch instead of once a line. Loggers copy each
/// formatted line into a pending buffer and return; the thread wakes when the first line of a
/// batch arrives, waits a moment (<see cref="DefaultBatchWindow"/>) for more, and writes them in one system call
/// per stream. Lines at Warning and above (and lines bound for stderr) end the wait at once, so
/// errors are not held back; so does a batch past <see cref="FlushThreshold"/>. Disposing writes
/// what is pending.
/// </summary>
internal sealed class BatchedConsoleWriter : IDisposable
{
    /// <summary>How long a batch gathers lines after its first one, by default.</summary>
    public static readonly TimeSpan DefaultBatchWindow = TimeSpan.FromMilliseconds(50);

    /// <summary>Pending characters past which a batch is written without waiting.</summary>
    public const int FlushThreshold = 32 * 1024;

    /// <summary>Pending characters past which <see cref="ConsoleLoggerQueueFullMode"/> applies.</summary>
    public const int Capacity = 1024 * 1024;

    private readonly object _gate = new();
    private readonly Stream _stdout;
    private readonly Stream _stderr;
    private readonly Thread _thread;
    private readonly long _windowMs;
    private Pending _out = new();
    private Pending _err = new();
    private Pending _spareOut = new();
    private Pending _spareErr = new();
    private bool _urgent;
    private bool _disposed;
    private bool _finished;
    private int _waitingProducers;

    public BatchedConsoleWriter(Stream stdout, Stream stderr, TimeSpan batchWindow)
    {
        _windowMs = (long)batchWindow.TotalMilliseconds;
        _stdout = stdout;
        _stderr = stderr;
        _thread = new Thread(Run) { IsBackground = true, Name = "GenGemini console writer" };
        _thread.Start();
    }

    /// <summary>Queues one formatted line (or lines).</summary>
    public void Append(StringBuilder text, bool toStandardError, bool urgent, ConsoleLoggerQueueFullMode fullMode)
    {
        lock (_gate)
        {
            while (!_finished && _out.Length + _err.Length + text.Length > Capacity)
            {
                if (fullMode == ConsoleLoggerQueueFullMode.DropWrite)
                {
                    return;
                }

                _urgent = true;
                Monitor.PulseAll(_gate);
                _waitingProducers++;
                Monitor.Wait(_gate);
                _waitingProducers--;
            }

            if (_finished)
            {
                // After the writer thread has ended: written by the caller's thread.
                WriteNow(text, toStandardError);
                return;
            }

            var wasEmpty = _out.Length == 0 && _err.Length == 0;
            (toStandardError ? _err : _out).Append(text);
            var now = urgent || toStandardError || _out.Length + _err.Length >= FlushThreshold;
            _urgent |= now;
            if (now || wasEmpty)
            {
                // The writer waits for a batch's first line, then for the window or something urgent.
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            Pending outBatch, errBatch;
            lock (_gate)
            {
                while (!_disposed && _out.Length == 0 && _err.Length == 0)
                {
                    Monitor.Wait(_gate);
                }

                // The first line of a batch woke this thread: gather more for a moment, unless
                // something is urgent.
                var deadline = Environment.TickCount64 + _windowMs;
                while (!_disposed && !_urgent)
                {
                    var left = deadline - Environment.TickCount64;
                    if (left <= 0)
                    {
                        break;
                    }

                    Monitor.Wait(_gate, (int)Math.Min(left, int.MaxValue));
                }

                if (_out.Length == 0 && _err.Length == 0 && _disposed)
                {
                    _finished = true;
                    return;
                }

                outBatch = _out;
                errBatch = _err;
                _out = _spareOut;
                _err = _spareErr;
                _urgent = false;
                if (_waitingProducers > 0)
                {
                    Monitor.PulseAll(_gate);
                }
            }

            outBatch.WriteTo(_stdout);
            errBatch.WriteTo(_stderr);
            lock (_gate)
            {
                _spareOut = outBatch;
                _spareErr = errBatch;
            }
        }
    }

    private void WriteNow(StringBuilder text, bool toStandardError)
    {
        var once = new Pending();
        once.Append(text);
        once.WriteTo(toStandardError ? _stderr : _stdout);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Monitor.PulseAll(_gate);
        }

        // What is pending is written before the thread ends; a stream that does not take it
        // within the time (a full pipe nobody reads) is given up on, as the console provider does.
        _thread.Join(TimeSpan.FromMilliseconds(1500));
    }

    /// <summary>Characters waiting for the writer; reused batch after batch.</summary>
    private sealed class Pending
    {
        private char[] _chars = new char[4096];
        private byte[] _bytes = [];

        public int Length { get; private set; }

        public void Append(StringBuilder text)
        {
            if (Length + text.Length > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + text.Length));
            }

            text.CopyTo(0, _chars.AsSpan(Length), text.Length);
            Length += text.Length;
        }

        public void WriteTo(Stream stream)
        {
            if (Length == 0)
            {
                return;
            }

            var count = Encoding.UTF8.GetMaxByteCount(Length);
            if (_bytes.Length < count)
            {
                _bytes = new byte[count];
            }

            var written = Encoding.UTF8.GetBytes(_chars, 0, Length, _bytes, 0);
            try
            {
                stream.Write(_bytes, 0, written);
                stream.Flush();
            }
            catch (IOException)
            {
                // stdout closed (a pipe whose reader went away): the lines have nowhere to go.
            }
            catch (ObjectDisposedException)
            {
            }

            Length = 0;
            if (_chars.Length > 4 * FlushThreshold)
            {
                // A burst grew the buffer; do not keep it.
                _chars = new char[4096];
                _bytes = [];
            }
        }
    }
}
