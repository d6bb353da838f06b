namespace GenGemini;

/// <summary>Network access per mount.</summary>
public static class NetworkAccessExtensions
{
    /// <summary>
    /// The mount answers only clients that <paramref name="access"/> allows; others get
    /// <c>51 Not found</c>, as if nothing were mounted there (the mount's existence is not disclosed).
    /// App-wide lists (<see cref="GeminiOptions.Access"/>) close the connection at accept instead.
    /// </summary>
    public static IMountHandler RestrictTo(this IMountHandler handler, NetworkAccessList access)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(access);
        return new GuardedMount(handler, context =>
            context.Request.RemoteEndPoint is { } remote && access.IsAllowed(remote.Address) ? null : Response.NotFound());
    }
}
