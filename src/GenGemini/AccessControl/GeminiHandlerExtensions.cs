using GenGemini.AccessControl;
using GenGemini.Application;
using GenGemini.Certificates;

namespace GenGemini;

/// <summary>Checks in front of a mounted handler: network access, a rate limit, a client certificate.</summary>
public static class GeminiHandlerExtensions
{
    /// <summary>
    /// The mount answers only clients that <paramref name="access"/> allows; others get
    /// <c>51 Not found</c>, as if nothing were mounted there (the mount's existence is not disclosed).
    /// App-wide lists (<see cref="GeminiOptions.Access"/>) close the connection at accept instead.
    /// </summary>
    /// <param name="handler">The handler to guard.</param>
    /// <param name="access">The clients it answers.</param>
    /// <returns>The guarded handler, to mount in its place.</returns>
    public static IGeminiHandler RestrictTo(this IGeminiHandler handler, NetworkAccessList access)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(access);
        return new GuardedMount(handler, (request, _) =>
            request.RemoteEndPoint is { } remote && access.IsAllowed(remote.Address) ? null : Response.NotFound());
    }

    /// <summary>
    /// The mount counts its requests against the named policy (declared with
    /// <see cref="RateLimitPolicyAttribute"/> or in
    /// <c>Gemini:RateLimit:Policies</c>; an unknown name fails the start). Over it: <c>44 seconds</c>.
    /// </summary>
    /// <param name="handler">The handler to guard.</param>
    /// <param name="policy">The policy's name.</param>
    /// <returns>The guarded handler, to mount in its place.</returns>
    public static IGeminiHandler WithRateLimit(this IGeminiHandler handler, string policy)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentException.ThrowIfNullOrWhiteSpace(policy);
        return new GuardedMount(handler, (request, services) => services?.RateLimits?.Check(policy, request)) { RateLimitPolicy = policy };
    }

    /// <summary>The mount answers only clients with a valid certificate (in <paramref name="policy"/>, when given): 60, 62 or 61 otherwise.</summary>
    /// <param name="handler">The handler to guard.</param>
    /// <param name="policy">A certificate policy's name (<see cref="GeminiOptions.CertificatePolicies"/>), or null for any valid certificate.</param>
    /// <returns>The guarded handler, to mount in its place.</returns>
    public static IGeminiHandler RequireCertificate(this IGeminiHandler handler, string? policy = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new GuardedMount(handler, (request, services) => CertificateRequirement.Check(request, policy, services?.Options.CertificatePolicies));
    }
}
