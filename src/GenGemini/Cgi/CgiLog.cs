using Microsoft.Extensions.Logging;

namespace GenGemini.Cgi;

internal static partial class CgiLog
{
    [LoggerMessage(200, LogLevel.Warning, "CGI script {Script} could not be started")]
    public static partial void StartFailed(ILogger logger, string script, Exception exception);

    [LoggerMessage(201, LogLevel.Warning, "CGI script {Script} exited with {ExitCode}: {Stderr}")]
    public static partial void Failed(ILogger logger, string script, int exitCode, string stderr);

    [LoggerMessage(202, LogLevel.Warning, "CGI script {Script} timed out and was killed")]
    public static partial void TimedOut(ILogger logger, string script);

    [LoggerMessage(203, LogLevel.Warning, "CGI script {Script} wrote an invalid response header")]
    public static partial void InvalidHeader(ILogger logger, string script);

    [LoggerMessage(204, LogLevel.Warning, "CGI script {Script} wrote more than the maximum response size")]
    public static partial void TooLarge(ILogger logger, string script);
}
