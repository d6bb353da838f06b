namespace GenGemini.Protocol;

/// <summary>
/// What the protocol layer serves: the app as frozen when it starts. The protocol asks it whether
/// a request's host and port are this capsule's (53 otherwise) and hands it each request; it never
/// reaches further up.
/// </summary>
internal interface IGeminiApplication
{
    /// <summary>Whether this capsule serves the host and port <paramref name="uri"/> names.</summary>
    bool ServesAuthority(GeminiUri uri, int listeningPort);

    /// <summary>Runs one request to its response. Never throws for a handler's fault.</summary>
    ValueTask<Response> ProcessAsync(Request request);
}
