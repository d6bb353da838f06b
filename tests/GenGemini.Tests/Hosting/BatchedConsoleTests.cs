using System.Text;
using System.Text.Json;
using GenGemini.Diagnostics;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GenGemini.Tests.Hosting;

/// <summary>The console provider GeminiApp.CreateBuilder installs: the standard console's formats and options, written a batch at a time.</summary>
public sealed class BatchedConsoleTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly RecordingStream _stdout = new();
    private readonly RecordingStream _stderr = new();

    private ServiceProvider Build(Dictionary<string, string?> settings, TimeSpan? batchWindow = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(new ConsoleStreams(_stdout, _stderr, batchWindow));
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddBatchedConsole();
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Lines_are_the_simple_formatters_and_a_burst_of_them_is_written_in_a_few_writes()
    {
        using (var services = Build(new()
        {
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        }))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Capsule.Pages");
            for (var i = 0; i < 1000; i++)
            {
                logger.LogInformation("page {Number} served", i);
            }
        } // disposing the host's services writes what is pending

        var lines = _stdout.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, lines.Length);
        Assert.Equal("info: Capsule.Pages[0] page 0 served", lines[0]);
        Assert.Equal("info: Capsule.Pages[0] page 999 served", lines[^1]);
        // The standard console provider makes one write a line (1,000 here).
        Assert.InRange(_stdout.Writes, 1, 20);
        Assert.Equal(0, _stderr.Writes);
    }

    [Fact]
    public void The_formatter_and_the_console_filters_come_from_the_Logging_Console_section()
    {
        using (var services = Build(new()
        {
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:Console:LogLevel:Noisy"] = "Warning",
        }))
        {
            var factory = services.GetRequiredService<ILoggerFactory>();
            factory.CreateLogger("Noisy").LogInformation("filtered out");
            factory.CreateLogger("Useful").LogInformation("kept {Count}", 3);
        }

        var line = Assert.Single(_stdout.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("Useful", json.RootElement.GetProperty("Category").GetString());
        Assert.Equal("kept 3", json.RootElement.GetProperty("Message").GetString());
        Assert.Equal("Information", json.RootElement.GetProperty("LogLevel").GetString());
    }

    [Fact]
    public async Task An_error_is_written_at_once_to_stderr_when_the_threshold_says_so_with_what_came_before_it()
    {
        using var services = Build(new()
        {
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:LogToStandardErrorThreshold"] = "Error",
        }, batchWindow: TimeSpan.FromHours(1)); // only an urgent line gets anything written
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Capsule");

        logger.LogInformation("before");
        logger.LogError("backend down");

        // Still running, and the batch would gather for an hour: the error itself forced the write.
        await WaitUntilAsync(() => _stderr.Text.Length > 0);
        Assert.Equal("fail: Capsule[0] backend down\n", _stderr.Text);
        Assert.Equal("info: Capsule[0] before\n", _stdout.Text);
    }

    [Fact]
    public async Task A_warning_is_written_at_once_and_an_information_line_waits_for_its_batch()
    {
        using var services = Build(new() { ["Logging:Console:FormatterOptions:SingleLine"] = "true" }, batchWindow: TimeSpan.FromHours(1));
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Capsule");

        logger.LogInformation("served");
        await Task.Delay(200);
        Assert.Equal(0, _stdout.Writes); // gathering its batch

        logger.LogWarning("certificate expires in 3 days");
        await WaitUntilAsync(() => _stdout.Writes > 0);
        Assert.Equal("info: Capsule[0] served\nwarn: Capsule[0] certificate expires in 3 days\n", _stdout.Text);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Eventually.TrueAsync(condition, "a write", Limit);

    /// <summary>A stream that keeps what is written and counts the writes.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _bytes = new();
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public string Text
        {
            get
            {
                lock (_bytes)
                {
                    return Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_bytes)
            {
                _bytes.Write(buffer, offset, count);
            }

            Interlocked.Increment(ref _writes);
        }

        public override void Flush()
        {
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
