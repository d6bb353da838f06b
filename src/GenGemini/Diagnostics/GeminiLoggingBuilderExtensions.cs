using GenGemini.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace GenGemini;

/// <summary>Logging for capsules.</summary>
public static class GeminiLoggingBuilderExtensions
{
    /// <summary>
    /// The console provider (<c>AddConsole</c>) with its writes batched: lines are written by one
    /// thread, woken once a batch (at most 50 ms after its first line) instead of once a line, in one
    /// system call per batch. Warnings, errors and anything bound for stderr are written at once, and
    /// what is pending is written when the host stops. Filters (<c>Logging:Console:LogLevel</c>),
    /// options (<c>Logging:Console</c>) and formatters (simple, json, systemd, your own) are the
    /// console provider's. <see cref="GeminiApp.CreateBuilder"/> uses it; to have the standard
    /// provider instead, <c>builder.Logging.ClearProviders().AddConsole()</c>.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <returns>The same builder.</returns>
    public static ILoggingBuilder AddBatchedConsole(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The console provider's options, configuration and formatters, without its provider.
        builder.AddConsole();
        for (var i = builder.Services.Count - 1; i >= 0; i--)
        {
            if (builder.Services[i].ServiceType == typeof(ILoggerProvider) && builder.Services[i].ImplementationType == typeof(ConsoleLoggerProvider))
            {
                builder.Services.RemoveAt(i);
            }
        }

        builder.Services.TryAddSingleton(static _ => new ConsoleStreams());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BatchedConsoleLoggerProvider>());
        return builder;
    }
}
