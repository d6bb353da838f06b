using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace GenGemini.Diagnostics;

/// <summary>
/// The console logger with its writes batched (<see cref="BatchedConsoleWriter"/>). Everything
/// else is the standard console provider's: its alias ("Console", so <c>Logging:Console:LogLevel</c>
/// filters it), its options (<c>Logging:Console</c>: FormatterName, LogToStandardErrorThreshold,
/// QueueFullMode) and its formatters (simple, json, systemd, and any added with
/// <c>AddConsoleFormatter</c>), which write each line exactly as they do there.
/// </summary>
[ProviderAlias("Console")]
internal sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, BatchedConsoleLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConsoleFormatter> _formatters;
    private readonly IDisposable? _optionsReload;

    public BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, ConsoleStreams streams)
    {
        _formatters = new Dictionary<string, ConsoleFormatter>(StringComparer.OrdinalIgnoreCase);
        foreach (var formatter in formatters)
        {
            _formatters.TryAdd(formatter.Name, formatter);
        }

        Writer = new BatchedConsoleWriter(streams.Output, streams.Error, streams.BatchWindow);
        Apply(options.CurrentValue);
        _optionsReload = options.OnChange(Apply);
    }

    internal BatchedConsoleWriter Writer { get; }

    internal ConsoleFormatter Formatter { get; private set; } = null!;

    internal ConsoleLoggerOptions Options { get; private set; } = null!;

    internal IExternalScopeProvider Scopes { get; private set; } = new LoggerExternalScopeProvider();

    private void Apply(ConsoleLoggerOptions options)
    {
        Options = options;
        Formatter = options.FormatterName is { } name && _formatters.TryGetValue(name, out var named)
            ? named
            : _formatters.TryGetValue(ConsoleFormatterNames.Simple, out var simple) ? simple : _formatters.Values.First();
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, provider) => new BatchedConsoleLogger(name, provider), this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Scopes = scopeProvider;

    public void Dispose()
    {
        _optionsReload?.Dispose();
        Writer.Dispose();
    }
}

/// <summary>Where the console's lines go (the process's stdout and stderr, or a test's streams), and how long a batch gathers.</summary>
internal sealed class ConsoleStreams(Stream output, Stream error, TimeSpan? batchWindow = null)
{
    public ConsoleStreams()
        : this(Console.OpenStandardOutput(), Console.OpenStandardError())
    {
    }

    public TimeSpan BatchWindow { get; } = batchWindow ?? BatchedConsoleWriter.DefaultBatchWindow;

    public Stream Output { get; } = output;

    public Stream Error { get; } = error;
}

internal sealed class BatchedConsoleLogger(string category, BatchedConsoleLoggerProvider provider) : ILogger
{
    [ThreadStatic]
    private static StringWriter? t_writer;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.Scopes.Push(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var writer = t_writer ??= new StringWriter(new StringBuilder(256));
        var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
        provider.Formatter.Write(in entry, provider.Scopes, writer);
        var text = writer.GetStringBuilder();
        if (text.Length == 0)
        {
            return;
        }

        var options = provider.Options;
        provider.Writer.Append(text, logLevel >= options.LogToStandardErrorThreshold, logLevel >= LogLevel.Warning, options.QueueFullMode);
        text.Clear();
        if (text.Capacity > 4096)
        {
            text.Capacity = 256;
        }
    }
}
