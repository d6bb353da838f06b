using System.Net;
using Microsoft.Extensions.Logging;

namespace GenGemini.Diagnostics;

internal static partial class Log
{
    /// <summary>The access log line; the URL is escaped and its upload token redacted (<see cref="LogValues"/>).</summary>
    public static void Access(ILogger logger, EndPoint? remoteAddress, string url, int statusCode, long bytes, double durationMs, string route)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            AccessEvent(logger, remoteAddress, LogValues.Escape(url), statusCode, bytes, durationMs, LogValues.Escape(route));
        }
    }

    [LoggerMessage(1, LogLevel.Information, "{RemoteAddress} \"{Url}\" {StatusCode} {Bytes} {DurationMs:F1}ms {Route}")]
    private static partial void AccessEvent(ILogger logger, EndPoint? remoteAddress, string url, int statusCode, long bytes, double durationMs, string route);

    /// <summary>A handler's fault, with the URL escaped.</summary>
    public static void HandlerFailed(ILogger logger, string url, Exception exception) => HandlerFailedEvent(logger, LogValues.Escape(url), exception);

    [LoggerMessage(2, LogLevel.Error, "Unhandled exception while handling {Url}")]
    private static partial void HandlerFailedEvent(ILogger logger, string url, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "Serving gemini://{Host}:{Port}/ (certificate SHA-256 {Fingerprint})")]
    public static partial void Listening(ILogger logger, string host, int port, string fingerprint);

    [LoggerMessage(4, LogLevel.Debug, "Connection from {Remote} dropped: {Reason}")]
    public static partial void ConnectionDropped(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(5, LogLevel.Information, "Generated a self-signed certificate at {Path}")]
    public static partial void CertificateGenerated(ILogger logger, string path);

    [LoggerMessage(6, LogLevel.Warning, "Accept failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Shutting down; waiting up to {Seconds}s for {Count} connection(s)")]
    public static partial void ShuttingDown(ILogger logger, double seconds, int count);

    [LoggerMessage(10, LogLevel.Warning, "Refused {Count} connection(s) ({Reason}), the latest from {Address}; at most one such line every {Seconds}s")]
    public static partial void ConnectionsRejected(ILogger logger, string reason, long count, IPAddress address, double seconds);

    [LoggerMessage(11, LogLevel.Information, "Reloaded the certificate of {Host} (SHA-256 {Fingerprint}) for new connections")]
    public static partial void CertificateReloaded(ILogger logger, string host, string fingerprint);

    [LoggerMessage(12, LogLevel.Warning, "The certificate files of {Host} changed but cannot be loaded ({Reason}); still serving the previous one")]
    public static partial void CertificateReloadFailed(ILogger logger, string host, string reason);

    [LoggerMessage(13, LogLevel.Information, "Host {Host}: certificate SHA-256 {Fingerprint}, expires {Expires:yyyy-MM-dd}")]
    public static partial void HostCertificate(ILogger logger, string host, string fingerprint, DateTime expires);

    [LoggerMessage(14, LogLevel.Warning, "Host {Host}: {Problem}")]
    public static partial void CertificateProblem(ILogger logger, string host, string problem);

    [LoggerMessage(9, LogLevel.Warning, "Writing the response to {Remote} failed: {Reason}")]
    public static partial void WriteFailed(ILogger logger, EndPoint? remote, string reason);
}
