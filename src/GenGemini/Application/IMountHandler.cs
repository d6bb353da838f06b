namespace GenGemini;

/// <summary>
/// Something mounted under a path prefix (SCGI, CGI, static files). Mounts take precedence
/// over routes for every path under their prefix.
/// </summary>
public interface IMountHandler
{
    /// <param name="context">Its request's <see cref="Request.MountPrefix"/> and <see cref="Request.PathInfo"/> are set.</param>
    ValueTask<Response> HandleAsync(GeminiContext context);
}
