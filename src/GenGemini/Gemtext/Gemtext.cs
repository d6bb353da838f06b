using System.Runtime.CompilerServices;
using System.Text;

namespace GenGemini;

/// <summary>
/// A page of gemtext (<c>text/gemini</c>), held as UTF-8. A handler may return it (or a
/// <see cref="Task{TResult}"/>/<see cref="ValueTask{TResult}"/> of it): the client gets
/// <c>20 text/gemini</c>, with <c>; lang=</c> when the route, the host or the options set a language.
/// Make one with <see cref="Format"/> (values cannot change a line's type), with a template
/// (<see cref="GemtextTemplateAttribute"/>), or from text you trust with <see cref="Raw(string)"/>.
/// </summary>
public readonly struct Gemtext : IEquatable<Gemtext>
{
    private readonly ReadOnlyMemory<byte> _utf8;

    private Gemtext(ReadOnlyMemory<byte> utf8) => _utf8 = utf8;

    /// <summary>No text at all.</summary>
    public static Gemtext Empty => default;

    /// <summary>The page as UTF-8 bytes, what is sent.</summary>
    public ReadOnlyMemory<byte> Utf8 => _utf8;

    /// <summary>The length of the page in UTF-8 bytes.</summary>
    public int Length => _utf8.Length;

    /// <summary>True when the page has no text.</summary>
    public bool IsEmpty => _utf8.IsEmpty;

    /// <summary>
    /// Gemtext from text you wrote or trust, taken as it is: a line that starts with <c>=&gt;</c>
    /// is a link. Never pass a visitor's words here; put them in a hole of <see cref="Format"/>.
    /// </summary>
    public static Gemtext Raw(string trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        return new Gemtext(Encoding.UTF8.GetBytes(trusted));
    }

    /// <summary>Gemtext from UTF-8 bytes you trust, taken as they are (not copied).</summary>
    public static Gemtext Raw(ReadOnlyMemory<byte> trustedUtf8) => new(trustedUtf8);

    /// <summary>
    /// Builds gemtext from an interpolated string: the literal parts are trusted, each hole is a
    /// value that cannot change the type of its line (see <see cref="GemtextWriter"/> for what each
    /// place does to a value). A <see cref="Gemtext"/> in a hole is inserted as it is.
    /// </summary>
    /// <example><c>Gemtext.Format($"# Results for {query}\n=&gt; {url} {label}\n")</c></example>
    public static Gemtext Format([InterpolatedStringHandlerArgument] ref GemtextInterpolatedStringHandler page) => page.ToGemtext();

    /// <summary>The page as a string.</summary>
    public override string ToString() => Encoding.UTF8.GetString(_utf8.Span);

    /// <summary>True when both hold the same bytes.</summary>
    public bool Equals(Gemtext other) => _utf8.Span.SequenceEqual(other._utf8.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Gemtext other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_utf8.Span);
        return hash.ToHashCode();
    }

    /// <summary>True when both hold the same bytes.</summary>
    public static bool operator ==(Gemtext left, Gemtext right) => left.Equals(right);

    /// <summary>True when they hold different bytes.</summary>
    public static bool operator !=(Gemtext left, Gemtext right) => !left.Equals(right);
}
