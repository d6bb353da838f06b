using Microsoft.Extensions.Logging;

namespace GenGemini.Relay;

internal static partial class RelayLog
{
    [LoggerMessage(60, LogLevel.Warning, "Gemini backend {Backend} unreachable: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string backend, string reason);

    [LoggerMessage(61, LogLevel.Warning, "Gemini backend {Backend} timed out on {Url}")]
    public static partial void TimedOut(ILogger logger, string backend, string url);

    [LoggerMessage(62, LogLevel.Warning, "Gemini backend {Backend} sent a malformed header for {Url}")]
    public static partial void BadHeader(ILogger logger, string backend, string url);

    [LoggerMessage(64, LogLevel.Warning, "Gemini backend {Backend}: trusting its certificate on first use, SHA-256 {Fingerprint}; a different one will be refused (43)")]
    public static partial void Pinned(ILogger logger, string backend, string fingerprint);

    [LoggerMessage(65, LogLevel.Warning, "Gemini backend {Backend}: the kept certificate pin cannot be read ({Reason})")]
    public static partial void PinUnreadable(ILogger logger, string backend, string reason);

    [LoggerMessage(66, LogLevel.Warning, "Gemini backend {Backend}: the certificate pin cannot be kept on disk ({Reason}); it holds until a restart")]
    public static partial void PinUnwritable(ILogger logger, string backend, string reason);

    [LoggerMessage(63, LogLevel.Warning, "Gemini backend {Backend} presented certificate {Fingerprint}, not the trusted {Trusted}: refused (43)")]
    public static partial void UntrustedCertificate(ILogger logger, string backend, string fingerprint, string trusted);
}
