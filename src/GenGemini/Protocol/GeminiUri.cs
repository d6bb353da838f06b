namespace GenGemini.Protocol;

/// <summary>A parsed, validated Gemini request URI.</summary>
public sealed class GeminiUri
{
    internal GeminiUri(string url, string host, int port, bool explicitPort, string rawPath, string path, string? rawQuery, string? query, TitanParameters? titan = null)
    {
        Titan = titan;
        Url = url;
        Host = host;
        Port = port;
        HasExplicitPort = explicitPort;
        RawPath = rawPath;
        Path = path;
        RawQuery = rawQuery;
        Query = query;
    }

    /// <summary>For a titan:// upload, its parameters (the path here excludes them); null for gemini://.</summary>
    public TitanParameters? Titan { get; }

    /// <summary>Whether this is a titan:// upload.</summary>
    public bool IsTitan => Titan is not null;

    /// <summary>The URI exactly as the client sent it.</summary>
    public string Url { get; }

    /// <summary>The host, lower-cased; IPv6 literals keep their brackets.</summary>
    public string Host { get; }

    /// <summary>The port, 1965 when the URI names none.</summary>
    public int Port { get; }

    /// <summary>Whether the URL names its port (<c>gemini://host:1965/</c>).</summary>
    public bool HasExplicitPort { get; }

    /// <summary>The path as sent (still percent-encoded) after dot-segment removal; "/" for an empty path.</summary>
    public string RawPath { get; }

    /// <summary>The percent-decoded path.</summary>
    public string Path { get; }

    /// <summary>The query as sent, without '?'; null when the URI has no '?'.</summary>
    public string? RawQuery { get; }

    /// <summary>The percent-decoded query ('+' stays '+'); null when the URI has no '?'.</summary>
    public string? Query { get; }
}
