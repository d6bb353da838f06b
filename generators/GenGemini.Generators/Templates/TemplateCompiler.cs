using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GenGemini.Generators.Emitters;
using Microsoft.CodeAnalysis;
using static GenGemini.Generators.Emitters.CodeWriter;

namespace GenGemini.Generators.Templates;

/// <summary>A template file: its path (as the compiler knows it) and its text.</summary>
internal sealed record TemplateFile(string Path, string Text);

/// <summary>A problem found while compiling, in a file.</summary>
internal sealed record FileProblem(TemplateFile File, TemplateProblem Problem);

/// <summary>
/// Compiles a parsed template against its model type into C#: every name is looked up on the
/// context stack at build time (innermost first, as Mustache does), so a name the model does not
/// have is a problem at its line; partials are compiled into methods (so recursive partials
/// work); parents are expanded with their blocks overridden.
/// </summary>
internal sealed partial class TemplateCompiler
{
    public const string UnknownNameId = "GG0029";
    public const string MissingFileId = "GG0030";
    public const string BadSectionId = "GG0031";

    private const int MaxExpansionDepth = 32;

    private readonly Func<string, string, TemplateFile?> _resolve;
    private readonly List<FileProblem> _problems = new();
    private readonly Dictionary<string, List<Node>> _parsed = new();
    private readonly List<string> _methods = new();
    private readonly List<(string Key, string Method, int Frames, int Conditions)> _activePartials = new();
    private int _counter;

    private readonly Compilation _compilation;

    /// <param name="compilation">The compilation the model is in.</param>
    /// <param name="resolve">Finds a partial: (the including file's path, the partial's name) to its file, or null.</param>
    public TemplateCompiler(Compilation compilation, Func<string, string, TemplateFile?> resolve)
    {
        _compilation = compilation;
        _resolve = resolve;
    }

    public IReadOnlyList<FileProblem> Problems => _problems;

    /// <summary>The methods that render the template: the entry method <c>__Render(ref w, model)</c> and one per partial.</summary>
    public IReadOnlyList<string> Methods => _methods;

    public void Compile(TemplateFile file, ITypeSymbol model, string modelTypeName)
    {
        var nodes = Parse(file, string.Empty);
        var body = new CodeWriter(header: false);
        var frames = new List<Frame> { new(model, "model") };
        var scope = new Scope(file, frames, new Dictionary<string, Override>(), 0);
        EmitNodes(body, nodes, scope);
        _methods.Insert(0, Method("__Render", "ref global::GenGemini.GemtextWriter w, " + modelTypeName + " model", body));
    }

    private static string Method(string name, string parameters, CodeWriter body)
    {
        var method = new StringBuilder();
        method.Append("private static void ").Append(name).Append('(').Append(parameters).Append(")\n{\n");
        foreach (var line in body.ToString().Split('\n'))
        {
            if (line.Length > 0)
            {
                method.Append("    ").Append(line).Append('\n');
            }
        }

        return method.Append("}\n").ToString();
    }

    private List<Node> Parse(TemplateFile file, string indent)
    {
        var key = file.Path + "\0" + indent;
        if (_parsed.TryGetValue(key, out var nodes))
        {
            return nodes;
        }

        var problems = new List<TemplateProblem>();
        nodes = MustacheParser.Parse(Indent(file.Text, indent), problems);
        foreach (var problem in problems)
        {
            // Problems are reported against the file as written, once (not for each indentation).
            if (indent.Length == 0)
            {
                _problems.Add(new FileProblem(file, problem));
            }
        }

        _parsed[key] = nodes;
        return nodes;
    }

    /// <summary>Indents every line of a partial that is not empty at its end.</summary>
    private static string Indent(string text, string indent)
    {
        if (indent.Length == 0 || text.Length == 0)
        {
            return text;
        }

        var result = new StringBuilder(indent);
        for (var i = 0; i < text.Length; i++)
        {
            result.Append(text[i]);
            if (text[i] == '\n' && i + 1 < text.Length)
            {
                result.Append(indent);
            }
        }

        return result.ToString();
    }

    private void EmitNodes(CodeWriter w, List<Node> nodes, Scope scope)
    {
        var literal = new StringBuilder();
        foreach (var node in nodes)
        {
            if (node.Kind is TagKind.Text or TagKind.Newline)
            {
                literal.Append(node.Token.Text);
                continue;
            }

            FlushLiteral(w, literal);
            switch (node.Kind)
            {
                case TagKind.Variable:
                case TagKind.Raw:
                    EmitVariable(w, node, scope);
                    break;
                case TagKind.Section:
                case TagKind.Inverted:
                    EmitSection(w, node, scope);
                    break;
                case TagKind.Partial:
                    EmitPartial(w, node, scope);
                    break;
                case TagKind.Parent:
                    EmitParent(w, node, scope);
                    break;
                case TagKind.Block:
                    EmitBlock(w, node, scope);
                    break;
            }
        }

        FlushLiteral(w, literal);
    }

    private static void FlushLiteral(CodeWriter w, StringBuilder literal)
    {
        if (literal.Length > 0)
        {
            w.Line("w.WriteTrusted(" + Literal(literal.ToString()) + "u8);");
            literal.Clear();
        }
    }

    private void EmitVariable(CodeWriter w, Node node, Scope scope)
    {
        if (!Resolve(node, scope, out var expression, out var type))
        {
            return;
        }

        var method = node.Kind == TagKind.Raw ? "WriteRaw" : type.SpecialType == SpecialType.System_String ? "WriteValue" : "WriteFormatted";
        w.Line("w." + method + "(" + expression + ");");
    }

    private void EmitSection(CodeWriter w, Node node, Scope scope)
    {
        if (!Resolve(node, scope, out var expression, out var type))
        {
            return;
        }

        var inverted = node.Kind == TagKind.Inverted;
        scope = scope.Conditional();
        var local = "v" + (++_counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var underlying = Unwrap(type);
        if (underlying.SpecialType == SpecialType.System_Boolean)
        {
            using (w.Block(inverted ? "if (" + expression + " is not true)" : "if (" + expression + " is true)"))
            {
                EmitNodes(w, node.Children, scope);
            }

            return;
        }

        if (underlying.SpecialType == SpecialType.System_String)
        {
            using (w.Block(inverted ? "if (string.IsNullOrEmpty(" + expression + "))" : "if (" + expression + " is { Length: > 0 } " + local + ")"))
            {
                EmitNodes(w, node.Children, inverted ? scope : scope.Push(underlying, local));
            }

            return;
        }

        if (ElementType(underlying) is { } element)
        {
            var elementName = element.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            if (inverted)
            {
                using (w.Block("if (global::GenGemini.GemtextWriter.IsEmpty<" + elementName + ">(" + expression + "))"))
                {
                    EmitNodes(w, node.Children, scope);
                }

                return;
            }

            using (w.Block("if (" + expression + " is { } " + local + ")"))
            {
                using (w.Block("foreach (var " + local + "i in " + local + ")"))
                {
                    EmitNodes(w, node.Children, scope.Push(element, local + "i"));
                }
            }

            return;
        }

        if (IsUnrenderable(underlying))
        {
            _problems.Add(new FileProblem(scope.File, new TemplateProblem(
                BadSectionId,
                "Section '" + node.Token.Text + "' is over a " + type.ToDisplayString() + ", which is neither a list nor a value: a delegate (lambdas are not supported), a task (await it before rendering) or a pointer",
                node.Token.Position,
                node.Token.Text.Length)));
            return;
        }

        var nullable = type.IsReferenceType || IsNullableValue(type);
        if (inverted)
        {
            if (nullable)
            {
                using (w.Block("if (" + expression + " is null)"))
                {
                    EmitNodes(w, node.Children, scope);
                }
            }

            return;
        }

        using (w.Block("if (" + expression + " is { } " + local + ")"))
        {
            EmitNodes(w, node.Children, scope.Push(underlying, local));
        }
    }

    private void EmitPartial(CodeWriter w, Node node, Scope scope)
    {
        if (Expand(node, scope) is not { } file)
        {
            return;
        }

        var innermost = scope.Frames[scope.Frames.Count - 1];
        var key = file.Path + "\0" + node.Token.Indent + "\0" + innermost.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "\0" + OverrideKey(scope);
        var active = _activePartials.FindIndex(p => p.Key == key);
        if (active >= 0)
        {
            // A partial that includes itself for the same kind of context: call the method being
            // compiled, with its outer frames and the new innermost one.
            var (_, method, count, conditions) = _activePartials[active];
            if (scope.Conditions == conditions)
            {
                // No section between the partial and itself: rendering would never end.
                _problems.Add(new FileProblem(scope.File, new TemplateProblem(MissingFileId, "Partial '" + node.Token.Text + "' includes itself outside any section: rendering would never end", node.Token.Position, node.Token.Text.Length)));
                return;
            }

            var arguments = Enumerable.Range(0, count - 1).Select(i => "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat(new[] { innermost.Expression });
            w.Line(method + "(ref w, " + string.Join(", ", arguments) + ");");
            return;
        }

        var name = "__Partial" + (_methods.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + (++_counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parameters = scope.Frames.Select((f, i) => new Frame(f.Type, "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        _activePartials.Add((key, name, parameters.Count, scope.Conditions));
        var body = new CodeWriter(header: false);
        EmitNodes(body, Parse(file, node.Token.Indent), new Scope(file, parameters, scope.Overrides, scope.Depth + 1, scope.Conditions));
        _activePartials.RemoveAt(_activePartials.Count - 1);
        _methods.Add(Method(name, "ref global::GenGemini.GemtextWriter w, " + string.Join(", ", parameters.Select(p => TypeName(p.Type) + " " + p.Expression)), body));
        w.Line(name + "(ref w, " + string.Join(", ", scope.Frames.Select(f => f.Expression)) + ");");
    }

    private static string OverrideKey(Scope scope) => string.Join(",", scope.Overrides.Keys.OrderBy(k => k, StringComparer.Ordinal));

    /// <summary>The file a partial or parent tag names, unless expansions nest too deep or it is missing (both reported).</summary>
    private TemplateFile? Expand(Node node, Scope scope)
    {
        if (scope.Depth > MaxExpansionDepth)
        {
            var what = node.Kind == TagKind.Parent ? "Parents" : "Partials";
            _problems.Add(new FileProblem(scope.File, new TemplateProblem(MissingFileId, what + " nest deeper than " + MaxExpansionDepth + " levels", node.Token.Position, node.Token.Text.Length)));
            return null;
        }

        return Find(node, scope);
    }

    private TemplateFile? Find(Node node, Scope scope)
    {
        var file = _resolve(scope.File.Path, node.Token.Text);
        if (file is null)
        {
            _problems.Add(new FileProblem(scope.File, new TemplateProblem(
                MissingFileId,
                (node.Kind == TagKind.Parent ? "Parent" : "Partial") + " '" + node.Token.Text + "' is not a template file beside this one (add it to AdditionalFiles)",
                node.Token.Position,
                node.Token.Text.Length)));
        }

        return file;
    }

    private sealed record Frame(ITypeSymbol Type, string Expression);

    /// <summary>The content that overrides a block, the file it is in, and whether its opening tag stood alone (so its first line starts a line).</summary>
    private sealed record Override(List<Node> Nodes, TemplateFile File, bool Standalone);

    /// <summary>Where code is emitted: the file, the context stack, the block overrides, how deep expansions nest, and how many sections enclose it.</summary>
    private sealed record Scope(TemplateFile File, List<Frame> Frames, Dictionary<string, Override> Overrides, int Depth, int Conditions = 0)
    {
        public Scope Push(ITypeSymbol type, string expression) =>
            this with { Frames = new List<Frame>(Frames) { new(type, expression) } };

        /// <summary>Inside one more section: what is emitted may not run.</summary>
        public Scope Conditional() => this with { Conditions = Conditions + 1 };
    }
}
