using System.Text;
using GenGemini.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace GenGemini.Tests.Protocol;

/// <summary>
/// The protocol layer on its own (the one class that reads request lines and writes responses),
/// one rule a test, through its two entry points, over a scripted stream and a recording application.
/// </summary>
public class GeminiProtocolTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Answers every request with <see cref="Answer"/>; records what it was asked.</summary>
    private sealed class RecordingApplication : IGeminiApplication
    {
        public List<Request> Requests { get; } = [];

        public Func<Request, ValueTask<Response>> Answer { get; set; } = r => ValueTask.FromResult(Response.Success("# " + r.Path + "\n"));

        public bool ServesHost { get; set; } = true;

        public bool ServesAuthority(GeminiUri uri, int listeningPort) => ServesHost && uri.Port == listeningPort;

        public ValueTask<Response> ProcessAsync(Request request)
        {
            Requests.Add(request);
            return Answer(request);
        }
    }

    /// <summary>Reads come from <c>input</c>, in chunks of at most <c>chunk</c> bytes; writes are recorded one by one.</summary>
    private sealed class ScriptedStream(byte[] input, int chunk = int.MaxValue) : Stream
    {
        private int _position;

        public List<byte[]> Writes { get; } = [];

        public int BytesRead => _position;

        public Exception? FailWritesWith { get; set; }

        public bool HangWrites { get; set; }

        public byte[] Written => [.. Writes.SelectMany(w => w)];

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = Math.Min(Math.Min(buffer.Length, chunk), input.Length - _position);
            input.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return ValueTask.FromResult(n);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (HangWrites)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (FailWritesWith is { } failure)
            {
                throw failure;
            }

            Writes.Add(buffer.ToArray());
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static GeminiProtocol Protocol(IGeminiApplication application, TimeSpan? responseTimeout = null) =>
        new(application, TimeSpan.FromSeconds(10), responseTimeout ?? TimeSpan.FromSeconds(10), 64 * 1024 * 1024, NullLogger.Instance);

    /// <summary>Reads the line from <paramref name="stream"/> and answers it, as a connection does.</summary>
    private static async Task<(RequestLine Line, Exchange Exchange)> ServeAsync(GeminiProtocol protocol, ScriptedStream stream)
    {
        var line = await protocol.ReadRequestLineAsync(stream, 1965, CancellationToken.None).AsTask().WaitAsync(Limit);
        using var timeout = new CancellationTokenSource();
        var exchange = line.IsAbsent ? default : await protocol.RespondAsync(stream, line, ConnectionInfo.None, timeout, CancellationToken.None).AsTask().WaitAsync(Limit);
        return (line, exchange);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_request_is_answered_with_header_and_body_in_one_write()
    {
        var application = new RecordingApplication();
        var stream = new ScriptedStream(Bytes("gemini://localhost/hello\r\n"));

        var (_, exchange) = await ServeAsync(Protocol(application), stream);

        Assert.Equal("/hello", Assert.Single(application.Requests).Path);
        Assert.Equal("20 text/gemini\r\n# /hello\n", Encoding.UTF8.GetString(Assert.Single(stream.Writes)));
        Assert.Equal((true, 20, 9L, "gemini://localhost/hello"), (exchange.Answered, exchange.Status, exchange.Bytes, exchange.Url));
    }

    [Fact]
    public async Task A_request_line_split_into_single_bytes_is_read_whole()
    {
        var application = new RecordingApplication();
        var stream = new ScriptedStream(Bytes("gemini://localhost/split\r\n"), chunk: 1);

        await ServeAsync(Protocol(application), stream);

        Assert.Equal("/split", Assert.Single(application.Requests).Path);
    }

    [Theory]
    [InlineData("gemini://localhost/cut", "59 Incomplete request line\r\n")]
    [InlineData("gemini://localhost/lf\n", "59 Request line must end with CRLF\r\n")]
    [InlineData("gemini://user@localhost/\r\n", null)]
    [InlineData("\r\n", "59 Empty request\r\n")]
    public async Task A_malformed_request_line_is_refused_with_59_and_reaches_no_application(string request, string? header)
    {
        var application = new RecordingApplication();
        var stream = new ScriptedStream(Bytes(request));

        var (_, exchange) = await ServeAsync(Protocol(application), stream);

        Assert.Empty(application.Requests);
        Assert.Equal(59, exchange.Status);
        var written = Encoding.UTF8.GetString(stream.Written);
        Assert.StartsWith("59 ", written);
        if (header is not null)
        {
            Assert.Equal(header, written);
        }
    }

    [Fact]
    public async Task A_client_that_sends_nothing_gets_nothing()
    {
        var application = new RecordingApplication();
        var stream = new ScriptedStream([]);

        var (line, _) = await ServeAsync(Protocol(application), stream);

        Assert.True(line.IsAbsent);
        Assert.Empty(stream.Writes);
        Assert.Empty(application.Requests);
    }

    [Fact]
    public async Task A_line_over_1024_bytes_is_59_and_nothing_past_the_limit_is_read()
    {
        var application = new RecordingApplication();
        var stream = new ScriptedStream(Bytes("gemini://localhost/" + new string('a', 5000) + "\r\n"));

        var (_, exchange) = await ServeAsync(Protocol(application), stream);

        Assert.Equal("59 Request exceeds 1024 bytes\r\n", Encoding.UTF8.GetString(stream.Written));
        Assert.Equal(59, exchange.Status);
        Assert.True(stream.BytesRead <= 1026, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public async Task A_host_this_capsule_does_not_serve_is_53_with_its_url_for_the_log()
    {
        var application = new RecordingApplication { ServesHost = false };
        var stream = new ScriptedStream(Bytes("gemini://elsewhere.example/\r\n"));

        var (_, exchange) = await ServeAsync(Protocol(application), stream);

        Assert.Empty(application.Requests);
        Assert.StartsWith("53 ", Encoding.UTF8.GetString(stream.Written));
        Assert.Equal("gemini://elsewhere.example/", exchange.Url);
    }

    [Fact]
    public async Task A_titan_upload_starts_with_the_bytes_that_came_with_its_line()
    {
        var application = new RecordingApplication();
        application.Answer = async request =>
        {
            var body = await request.Exchange.UploadBody!(10, CancellationToken.None);
            return Response.Success(Encoding.UTF8.GetString(body!), "text/plain");
        };
        var stream = new ScriptedStream(Bytes("titan://localhost/page;mime=text/plain;size=10\r\n0123456789"));

        await ServeAsync(Protocol(application), stream);

        Assert.Equal("20 text/plain\r\n0123456789", Encoding.UTF8.GetString(stream.Written));
    }

    [Fact]
    public async Task An_upload_that_comes_short_is_never_answered()
    {
        var application = new RecordingApplication();
        application.Answer = async request =>
        {
            if (await request.Exchange.UploadBody!(10, CancellationToken.None) is null)
            {
                request.Exchange.Unanswered = true;
                return Response.BadRequest("Incomplete upload");
            }

            return Response.Success("whole");
        };
        var stream = new ScriptedStream(Bytes("titan://localhost/page;mime=text/plain;size=10\r\n0123"));

        var (_, exchange) = await ServeAsync(Protocol(application), stream);

        Assert.False(exchange.Answered);
        Assert.Empty(stream.Writes);
    }

    [Fact]
    public async Task A_streamed_body_is_copied_after_the_header_and_disposed()
    {
        var body = new MemoryStream(Bytes(new string('x', 100_000)));
        var application = new RecordingApplication { Answer = _ => ValueTask.FromResult(Response.Success(body, "text/plain")) };
        var stream = new ScriptedStream(Bytes("gemini://localhost/big\r\n"));

        var (_, exchange) = await ServeAsync(Protocol(application), stream);

        Assert.Equal(100_000L, exchange.Bytes);
        Assert.Equal("20 text/plain\r\n", Encoding.UTF8.GetString(stream.Writes[0]));
        Assert.Equal(100_000 + 15, stream.Written.Length);
        Assert.Throws<ObjectDisposedException>(() => body.ReadByte());
    }

    [Fact]
    public async Task A_client_gone_mid_write_is_reported_as_minus_one_bytes_not_thrown()
    {
        var application = new RecordingApplication();
        var stream = new ScriptedStream(Bytes("gemini://localhost/\r\n")) { FailWritesWith = new IOException("Broken pipe") };

        var (_, exchange) = await ServeAsync(Protocol(application), stream);

        Assert.Equal(-1L, exchange.Bytes);
        Assert.True(exchange.Answered);
    }

    [Fact]
    public async Task A_write_that_hangs_is_cut_by_the_response_timeout()
    {
        var application = new RecordingApplication();
        var stream = new ScriptedStream(Bytes("gemini://localhost/\r\n")) { HangWrites = true };

        var (_, exchange) = await ServeAsync(Protocol(application, responseTimeout: TimeSpan.FromMilliseconds(200)), stream);

        Assert.Equal(-1L, exchange.Bytes);
    }
}
