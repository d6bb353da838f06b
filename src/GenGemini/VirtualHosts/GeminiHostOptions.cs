namespace GenGemini;

/// <summary>
/// One capsule host (<c>Gemini:Hosts:example.org:*</c>): a served host with a certificate of its
/// own (PEM files, or generated once under <c>.certificates/example.org/</c> and kept), chosen by
/// SNI, and optionally a directory of static files served for that host.
/// </summary>
public sealed class GeminiHostOptions
{
    /// <summary>PEM certificate for this host; with <see cref="KeyPath"/>. Replaced on disk, it is picked up for new connections.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key that goes with <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>A directory served as static files at this host's root (routes of other capsules stay on their hosts).</summary>
    public string? StaticRoot { get; set; }

    /// <summary>Mounts for this host only, by prefix (checked before the app's own mounts).</summary>
    public IDictionary<string, GeminiMountOptions> Mounts { get; } = new Dictionary<string, GeminiMountOptions>(StringComparer.Ordinal);

    /// <summary>A named rate-limit policy every request for this host counts against (besides the global one).</summary>
    public string? RateLimitPolicy { get; set; }

    /// <summary>
    /// The language of this host's gemtext pages (<c>"en"</c>, <c>"de-CH"</c>): added as
    /// <c>; lang=</c> to the <c>text/gemini</c> a handler's string or <see cref="Gemtext"/> gets,
    /// instead of <see cref="GeminiOptions.Language"/>. A route's own Language wins.
    /// </summary>
    public string? Language { get; set; }
}
