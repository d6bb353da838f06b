namespace GenGemini;

/// <summary>
/// Makes a partial class the model of a Mustache template: the source generator compiles the
/// template file into <c>Render()</c> (a <see cref="Gemtext"/>), <c>Render(IBufferWriter&lt;byte&gt;)</c>
/// and <c>RenderAsync(Stream, CancellationToken)</c>. The class's public properties and fields are
/// the template's names; a name the model does not have is a build error at the template's line.
/// The file must be an <c>AdditionalFiles</c> item of the project. See docs/templates.md.
/// </summary>
/// <param name="path">The template file, relative to the project (<c>"Templates/planet.gmi"</c>).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GemtextTemplateAttribute(string path) : Attribute
{
    /// <summary>The template file, relative to the project.</summary>
    public string Path { get; } = path;

    /// <summary>
    /// How <c>{{name}}</c> escapes a value: by gemtext's line rules (the default), or as HTML (for
    /// templates of HTML fragments, and for the Mustache specification's own tests).
    /// </summary>
    public TemplateEscaping Escaping { get; set; } = TemplateEscaping.Gemtext;
}

/// <summary>How a template's <c>{{name}}</c> escapes a value.</summary>
public enum TemplateEscaping
{
    /// <summary>Gemtext's rules: a value cannot change the type of its line (see <see cref="GemtextWriter"/>).</summary>
    Gemtext,

    /// <summary>HTML: <c>&amp; &lt; &gt; " '</c> become entities; nothing else changes.</summary>
    Html,
}
