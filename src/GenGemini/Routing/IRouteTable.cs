namespace GenGemini;

/// <summary>
/// A set of routes. The source generator implements it for every attributed route in a
/// compilation; <see cref="GeminiApp.Map(string, Func{Request, ValueTask{Response}})"/> uses a small one for exact paths.
/// </summary>
public interface IRouteTable
{
    /// <summary>Returns the index of the best route for <paramref name="path"/>, or -1.</summary>
    int Match(in RouteSegments path);

    /// <summary>The best route for <paramref name="path"/> on <paramref name="host"/> (routes of classes with a Host answer only for it), or -1.</summary>
    int Match(in RouteSegments path, string host) => Match(path);

    /// <summary>Binds and runs route <paramref name="routeIndex"/>, which <see cref="Match(in RouteSegments)"/> returned for the same path.</summary>
    ValueTask<Response> InvokeAsync(int routeIndex, in RouteSegments path, Request request);

    /// <summary>The template of route <paramref name="routeIndex"/> ("/users/{id:int}"), for logs and metrics; null if unknown.</summary>
    string? GetTemplate(int routeIndex) => null;

    /// <summary>The rate-limit policy route <paramref name="routeIndex"/> names with [RateLimit], if any.</summary>
    string? GetRateLimitPolicy(int routeIndex) => null;

    /// <summary>
    /// The certificate route <paramref name="routeIndex"/> demands with [RequireCertificate]: null
    /// for none, "" for any valid certificate, else the policy's name.
    /// </summary>
    string? GetCertificateRequirement(int routeIndex) => null;

    /// <summary>
    /// True when route <paramref name="routeIndex"/>'s handler is synchronous (it returns a string,
    /// a Response or nothing): under <see cref="HandlerScheduling.Automatic"/> it runs on the thread
    /// that read the request. The generator says so for each synchronous method.
    /// </summary>
    bool IsSynchronous(int routeIndex) => false;

    /// <summary>
    /// The hosts this table's route classes name ([Gemini(Host = ...)]): served by the app, each
    /// with a certificate of its own unless a wildcard. Read once, when the table is mapped.
    /// </summary>
    IReadOnlyList<string> Hosts => [];

    /// <summary>
    /// The rate-limit policies this table's assembly declares ([assembly: RateLimitPolicy]), with
    /// their defaults; each key under <c>Gemini:RateLimit:Policies:{name}</c> overrides one. Read
    /// once, when the table is mapped.
    /// </summary>
    IReadOnlyDictionary<string, RateLimitPolicyOptions> RateLimitPolicies => EmptyPolicies.Value;

    /// <summary>The templates of the routes marked <c>Crawl = false</c>, for the generated <c>/robots.txt</c>.</summary>
    IReadOnlyList<string> NotCrawled => [];

    private static class EmptyPolicies
    {
        public static readonly IReadOnlyDictionary<string, RateLimitPolicyOptions> Value = new Dictionary<string, RateLimitPolicyOptions>();
    }
}
