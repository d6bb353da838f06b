using System.ComponentModel;
using System.Globalization;

namespace GenGemini.Routing;

/// <summary>Constraint checks and conversions that generated route tables call. Allocation-free.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RouteBinding
{
    private const NumberStyles Integer = NumberStyles.AllowLeadingSign;
    private const NumberStyles Real = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// Fails at <c>MapGenerated()</c>, not on the first request, when a handler parameter needs a
    /// service that was never registered.
    /// </summary>
    public static void RequireService(GeminiApp app, Type serviceType, string handler, string parameter)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService(typeof(Microsoft.Extensions.DependencyInjection.IServiceProviderIsService)) is Microsoft.Extensions.DependencyInjection.IServiceProviderIsService check
            && !check.IsService(serviceType))
        {
            throw new InvalidOperationException(
                $"{handler}: parameter '{parameter}' needs a service of type {Readable(serviceType)}, which is not registered: add it to builder.Services.");
        }
    }

    /// <summary>A type as C# writes it: <c>GenGemini.ICertificateIdentityStore&lt;My.User&gt;</c>, not its metadata name.</summary>
    private static string Readable(Type type) => !type.IsGenericType
        ? type.FullName ?? type.Name
        : type.GetGenericTypeDefinition().FullName![..type.GetGenericTypeDefinition().FullName!.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(Readable)) + ">";

    /// <summary>Whether <paramref name="host"/> is the class's host: the name itself, or one label under a "*." pattern.</summary>
    public static bool IsHost(string host, string pattern)
    {
        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);
        }

        var suffix = pattern.AsSpan(1);
        return host.Length > suffix.Length && host.AsSpan().EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
            && host.AsSpan(0, host.Length - suffix.Length).IndexOf('.') < 0;
    }

    /// <summary>Whether the segment satisfies the route constraint. For generated code: not meant to be called by hand.</summary>
    public static bool IsInt32(ReadOnlySpan<char> s) => int.TryParse(s, Integer, CultureInfo.InvariantCulture, out _);

    /// <summary>Whether the segment satisfies the route constraint. For generated code: not meant to be called by hand.</summary>
    public static bool IsInt64(ReadOnlySpan<char> s) => long.TryParse(s, Integer, CultureInfo.InvariantCulture, out _);

    /// <summary>Whether the segment satisfies the route constraint. For generated code: not meant to be called by hand.</summary>
    public static bool IsGuid(ReadOnlySpan<char> s) => Guid.TryParse(s, out _);

    /// <summary>Whether the segment satisfies the route constraint. For generated code: not meant to be called by hand.</summary>
    public static bool IsBoolean(ReadOnlySpan<char> s) => bool.TryParse(s, out _);

    /// <summary>Whether the segment satisfies the route constraint. For generated code: not meant to be called by hand.</summary>
    public static bool IsDouble(ReadOnlySpan<char> s) => double.TryParse(s, Real, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v);

    /// <summary>Whether the segment satisfies the route constraint. For generated code: not meant to be called by hand.</summary>
    public static bool IsSingle(ReadOnlySpan<char> s) => float.TryParse(s, Real, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v);

    /// <summary>Whether the segment satisfies the route constraint. For generated code: not meant to be called by hand.</summary>
    public static bool IsDecimal(ReadOnlySpan<char> s) => decimal.TryParse(s, Real, CultureInfo.InvariantCulture, out _);

    /// <summary>One or more ASCII letters, as ASP.NET Core's alpha constraint.</summary>
    public static bool IsAlpha(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The segment's value, already checked by its constraint. For generated code: not meant to be called by hand.</summary>
    public static int ParseInt32(ReadOnlySpan<char> s) => int.Parse(s, Integer, CultureInfo.InvariantCulture);

    /// <summary>The segment's value, already checked by its constraint. For generated code: not meant to be called by hand.</summary>
    public static long ParseInt64(ReadOnlySpan<char> s) => long.Parse(s, Integer, CultureInfo.InvariantCulture);

    /// <summary>The segment's value, already checked by its constraint. For generated code: not meant to be called by hand.</summary>
    public static Guid ParseGuid(ReadOnlySpan<char> s) => Guid.Parse(s);

    /// <summary>The segment's value, already checked by its constraint. For generated code: not meant to be called by hand.</summary>
    public static bool ParseBoolean(ReadOnlySpan<char> s) => bool.Parse(s);

    /// <summary>The segment's value, already checked by its constraint. For generated code: not meant to be called by hand.</summary>
    public static double ParseDouble(ReadOnlySpan<char> s) => double.Parse(s, Real, CultureInfo.InvariantCulture);

    /// <summary>The segment's value, already checked by its constraint. For generated code: not meant to be called by hand.</summary>
    public static float ParseSingle(ReadOnlySpan<char> s) => float.Parse(s, Real, CultureInfo.InvariantCulture);

    /// <summary>The segment's value, already checked by its constraint. For generated code: not meant to be called by hand.</summary>
    public static decimal ParseDecimal(ReadOnlySpan<char> s) => decimal.Parse(s, Real, CultureInfo.InvariantCulture);
}
