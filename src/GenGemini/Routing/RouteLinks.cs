using System.ComponentModel;
using System.Globalization;
using GenGemini.Protocol;

namespace GenGemini.Routing;

/// <summary>Formats values for generated link builders: invariant culture, percent-encoded.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RouteLinks
{
    /// <summary>A link segment, percent-encoded where needed. For generated code: not meant to be called by hand.</summary>
    public static string Format(string value) => PercentEncoding.EncodeSegment(value);

    /// <summary>A link segment, percent-encoded where needed. For generated code: not meant to be called by hand.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A link segment, percent-encoded where needed. For generated code: not meant to be called by hand.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A link segment, percent-encoded where needed. For generated code: not meant to be called by hand.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A link segment, percent-encoded where needed. For generated code: not meant to be called by hand.</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A link segment, percent-encoded where needed. For generated code: not meant to be called by hand.</summary>
    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A link segment, percent-encoded where needed. For generated code: not meant to be called by hand.</summary>
    public static string Format(bool value) => value ? "true" : "false";

    /// <summary>A link segment, percent-encoded where needed. For generated code: not meant to be called by hand.</summary>
    public static string Format(Guid value) => value.ToString("D");

    /// <summary>A catch-all value: each segment encoded, '/' kept.</summary>
    public static string FormatPath(string value) => PercentEncoding.EncodePath(value.TrimStart('/'));

    /// <summary>A link's query, percent-encoded. For generated code: not meant to be called by hand.</summary>
    public static string FormatQuery(string value) => PercentEncoding.EncodeQuery(value);
}
