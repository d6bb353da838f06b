using Microsoft.Extensions.Logging;

namespace GenGemini.Scgi;

internal static partial class ScgiLog
{
    [LoggerMessage(100, LogLevel.Warning, "SCGI backend {Endpoint} refused or failed the connection: {Error}")]
    public static partial void ConnectFailed(ILogger logger, string endpoint, string error);

    [LoggerMessage(101, LogLevel.Warning, "SCGI connection to {Endpoint} timed out")]
    public static partial void ConnectTimeout(ILogger logger, string endpoint);

    [LoggerMessage(102, LogLevel.Warning, "SCGI backend timed out for {Url}")]
    public static partial void Timeout(ILogger logger, string url);

    [LoggerMessage(103, LogLevel.Warning, "SCGI backend failed for {Url}")]
    public static partial void BackendFailed(ILogger logger, string url, Exception exception);

    [LoggerMessage(104, LogLevel.Warning, "SCGI backend {Endpoint} sent an invalid response header")]
    public static partial void InvalidHeader(ILogger logger, string endpoint);

    [LoggerMessage(105, LogLevel.Warning, "SCGI backend {Endpoint} closed the connection after {Bytes} bytes, before a complete header")]
    public static partial void ClosedEarly(ILogger logger, string endpoint, int bytes);

    [LoggerMessage(106, LogLevel.Warning, "SCGI backend {Endpoint} response exceeds the maximum size ({Bytes} bytes read)")]
    public static partial void TooLarge(ILogger logger, string endpoint, long bytes);
}
