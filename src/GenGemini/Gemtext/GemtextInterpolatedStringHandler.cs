using System.Runtime.CompilerServices;

namespace GenGemini;

/// <summary>
/// What the compiler turns the interpolated string of <see cref="Gemtext.Format"/> into: literal
/// parts are written as they are, holes through <see cref="GemtextWriter"/>'s value rules, straight
/// into UTF-8 (no intermediate string). Not meant to be used by hand.
/// </summary>
[InterpolatedStringHandler]
public ref struct GemtextInterpolatedStringHandler
{
    private GemtextWriter _writer;

    /// <summary>Called by the compiler with the sizes of the literal parts and the number of holes.</summary>
    public GemtextInterpolatedStringHandler(int literalLength, int formattedCount) =>
        _writer = new GemtextWriter(literalLength + (formattedCount * 16));

    /// <summary>A literal part: trusted, written as it is.</summary>
    public void AppendLiteral(string value) => _writer.WriteTrusted(value);

    /// <summary>A text hole.</summary>
    public void AppendFormatted(string? value) => _writer.WriteValue(value);

    /// <summary>A text hole.</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value) => _writer.WriteValue(value);

    /// <summary>A trusted hole: other gemtext, inserted as it is.</summary>
    public void AppendFormatted(Gemtext value) => _writer.WriteTrusted(value);

    /// <summary>A hole of any other type: formatted with the invariant culture, then a text hole.</summary>
    public void AppendFormatted<T>(T value) => _writer.WriteFormatted(value, null);

    /// <summary>A hole with a format string (<c>{date:yyyy-MM-dd}</c>), formatted with the invariant culture.</summary>
    public void AppendFormatted<T>(T value, string? format) => _writer.WriteFormatted(value, format);

    /// <summary>The page; the handler's buffer goes back to the pool.</summary>
    internal Gemtext ToGemtext()
    {
        try
        {
            return _writer.ToGemtext();
        }
        finally
        {
            _writer.Dispose();
        }
    }
}
