using Microsoft.Extensions.Logging;

namespace GenGemini.Proxy;

internal static partial class ProxyLog
{
    [LoggerMessage(60, LogLevel.Warning, "Gemini backend {Backend} unreachable: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string backend, string reason);

    [LoggerMessage(61, LogLevel.Warning, "Gemini backend {Backend} timed out on {Url}")]
    public static partial void TimedOut(ILogger logger, string backend, string url);

    [LoggerMessage(62, LogLevel.Warning, "Gemini backend {Backend} sent a malformed header for {Url}")]
    public static partial void BadHeader(ILogger logger, string backend, string url);

    [LoggerMessage(63, LogLevel.Error, "Gemini backend {Backend} presented certificate {Fingerprint}, not the trusted {Trusted}")]
    public static partial void UntrustedCertificate(ILogger logger, string backend, string fingerprint, string trusted);
}
