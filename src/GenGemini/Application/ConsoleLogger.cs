using Microsoft.Extensions.Logging;

namespace GenGemini;

/// <summary>
/// The default log sink: one line per entry on standard output. Small on purpose, so a
/// capsule needs no logging package to see its access log.
/// </summary>
public sealed class ConsoleLoggerFactory : ILoggerFactory
{
    private static readonly Lock WriteLock = new();
    private readonly LogLevel _minimum;

    public ConsoleLoggerFactory(LogLevel minimum = LogLevel.Information) => _minimum = minimum;

    public ILogger CreateLogger(string categoryName) => new ConsoleLogger(categoryName, _minimum);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The console logger factory has one fixed sink.");

    public void Dispose()
    {
    }

    private sealed class ConsoleLogger(string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{LevelName(logLevel)} {category}: {formatter(state, exception)}";
            if (exception is not null)
            {
                line += Environment.NewLine + exception;
            }

            lock (WriteLock)
            {
                Console.Out.WriteLine(line);
            }
        }

        private static string LevelName(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
