namespace GenGemini;

/// <summary>The language gemtext pages are in, per host and for the app (<c>; lang=</c> on <c>text/gemini</c>).</summary>
internal sealed class PageLanguages
{
    private readonly string? _default;
    private readonly Dictionary<string, string> _hosts;

    private PageLanguages(string? fallback, Dictionary<string, string> hosts)
    {
        _default = fallback;
        _hosts = hosts;
    }

    /// <summary>The languages the options set, or null when none is set (nothing to add to any response).</summary>
    public static PageLanguages? From(GeminiOptions options)
    {
        var hosts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, hostOptions) in options.Hosts)
        {
            if (hostOptions.Language is { } language)
            {
                hosts[host] = language;
            }
        }

        return options.Language is null && hosts.Count == 0 ? null : new PageLanguages(options.Language, hosts);
    }

    /// <summary>The response with the language of <paramref name="host"/> added, when it takes one.</summary>
    public Response Apply(Response response, string host) =>
        !response.TakesLanguage ? response
        : _hosts.TryGetValue(host, out var language) ? response.WithLanguage(language)
        : _default is null ? response
        : response.WithLanguage(_default);
}
