using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GenGemini.Generators.Emitters;
using Microsoft.CodeAnalysis;
using static GenGemini.Generators.Emitters.CodeWriter;

namespace GenGemini.Generators.Templates;

/// <summary>A template file: its path (as the compiler knows it) and its text.</summary>
internal sealed class TemplateFile
{
    public TemplateFile(string path, string text)
    {
        Path = path;
        Text = text;
    }

    public string Path { get; }

    public string Text { get; }
}

/// <summary>A problem found while compiling, in a file.</summary>
internal sealed class FileProblem
{
    public FileProblem(TemplateFile file, TemplateProblem problem)
    {
        File = file;
        Problem = problem;
    }

    public TemplateFile File { get; }

    public TemplateProblem Problem { get; }
}

/// <summary>
/// Compiles a parsed template against its model type into C#: every name is looked up on the
/// context stack at build time (innermost first, as Mustache does), so a name the model does not
/// have is a problem at its line; partials are compiled into methods (so recursive partials
/// work); parents are expanded with their blocks overridden.
/// </summary>
internal sealed class TemplateCompiler
{
    public const string UnknownNameId = "GG0029";
    public const string MissingFileId = "GG0030";
    public const string BadSectionId = "GG0031";

    private const int MaxExpansionDepth = 32;

    private readonly Func<string, string, TemplateFile?> _resolve;
    private readonly List<FileProblem> _problems = new();
    private readonly Dictionary<string, List<Node>> _parsed = new();
    private readonly List<string> _methods = new();
    private readonly List<(string Key, string Method, int Frames)> _activePartials = new();
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
        if (scope.Depth > MaxExpansionDepth)
        {
            _problems.Add(new FileProblem(scope.File, new TemplateProblem(MissingFileId, "Partials nest deeper than " + MaxExpansionDepth + " levels", node.Token.Position, node.Token.Text.Length)));
            return;
        }

        var file = Find(node, scope);
        if (file is null)
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
            var (_, method, count) = _activePartials[active];
            var arguments = Enumerable.Range(0, count - 1).Select(i => "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat(new[] { innermost.Expression });
            w.Line(method + "(ref w, " + string.Join(", ", arguments) + ");");
            return;
        }

        var name = "__Partial" + (_methods.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + (++_counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parameters = scope.Frames.Select((f, i) => new Frame(f.Type, "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        _activePartials.Add((key, name, parameters.Count));
        var body = new CodeWriter(header: false);
        EmitNodes(body, Parse(file, node.Token.Indent), new Scope(file, parameters, scope.Overrides, scope.Depth + 1));
        _activePartials.RemoveAt(_activePartials.Count - 1);
        _methods.Add(Method(name, "ref global::GenGemini.GemtextWriter w, " + string.Join(", ", parameters.Select(p => TypeName(p.Type) + " " + p.Expression)), body));
        w.Line(name + "(ref w, " + string.Join(", ", scope.Frames.Select(f => f.Expression)) + ");");
    }

    private static string OverrideKey(Scope scope) => string.Join(",", scope.Overrides.Keys.OrderBy(k => k, StringComparer.Ordinal));

    private void EmitParent(CodeWriter w, Node node, Scope scope)
    {
        if (scope.Depth > MaxExpansionDepth)
        {
            _problems.Add(new FileProblem(scope.File, new TemplateProblem(MissingFileId, "Parents nest deeper than " + MaxExpansionDepth + " levels", node.Token.Position, node.Token.Text.Length)));
            return;
        }

        var file = Find(node, scope);
        if (file is null)
        {
            return;
        }

        // The blocks this parent tag overrides; an override already given further out wins.
        var overrides = new Dictionary<string, Override>(scope.Overrides, StringComparer.Ordinal);
        foreach (var child in node.Children)
        {
            if (child.Kind == TagKind.Block && !scope.Overrides.ContainsKey(child.Token.Text))
            {
                overrides[child.Token.Text] = new Override(child.Children, scope.File, child.Token.Standalone);
            }
        }

        EmitNodes(w, Parse(file, node.Token.Indent), new Scope(file, scope.Frames, overrides, scope.Depth + 1));
    }

    private void EmitBlock(CodeWriter w, Node node, Scope scope)
    {
        // A block's indentation (its tag's, plus its default content's own when it stands alone)
        // replaces the indentation the overriding content has of its own.
        var standalone = node.Token.Standalone;
        var intrinsic = standalone ? Intrinsic(node.Children, true) : string.Empty;
        var indent = intrinsic.Length > node.Token.Indent.Length ? intrinsic : node.Token.Indent;
        if (scope.Overrides.TryGetValue(node.Token.Text, out var replacement))
        {
            var nodes = Reindent(replacement.Nodes, Intrinsic(replacement.Nodes, replacement.Standalone).Length, indent, standalone, replacement.Standalone);
            EmitNodes(w, nodes, new Scope(replacement.File, scope.Frames, scope.Overrides, scope.Depth));
            return;
        }

        EmitNodes(w, Reindent(node.Children, Intrinsic(node.Children, standalone).Length, indent, standalone, standalone), scope);
    }

    /// <summary>The whitespace every non-empty line of <paramref name="nodes"/> starts with (the least of it).</summary>
    private static string Intrinsic(List<Node> nodes, bool firstIsLineStart)
    {
        string? least = null;
        var atStart = firstIsLineStart;
        foreach (var node in nodes)
        {
            if (node.Kind == TagKind.Newline)
            {
                atStart = true;
                continue;
            }

            if (!atStart)
            {
                continue;
            }

            atStart = false;
            var text = node.Kind == TagKind.Text ? node.Token.Text : node.Kind == TagKind.Block ? node.Token.Indent : string.Empty;
            var blank = text.Length - text.TrimStart(' ', '\t').Length;
            if (node.Kind == TagKind.Text && blank == text.Length)
            {
                continue; // a line of only whitespace says nothing
            }

            if (least is null || blank < least.Length)
            {
                least = text.Substring(0, blank);
            }
        }

        return least ?? string.Empty;
    }

    /// <summary>Removes <paramref name="strip"/> leading blanks from each line and puts <paramref name="indent"/> first (the first line too when <paramref name="first"/>).</summary>
    private static List<Node> Reindent(List<Node> nodes, int strip, string indent, bool first, bool firstIsLineStart)
    {
        if (strip == 0 && indent.Length == 0)
        {
            return nodes;
        }

        var result = new List<Node>();
        var atStart = true;
        var line = 0;
        foreach (var node in nodes)
        {
            if (node.Kind == TagKind.Newline)
            {
                result.Add(node);
                atStart = true;
                line++;
                continue;
            }

            if (atStart)
            {
                atStart = false;
                var prefix = line > 0 || first ? indent : string.Empty;
                if (node.Kind == TagKind.Text)
                {
                    var text = node.Token.Text;
                    var blank = line > 0 || firstIsLineStart ? Math.Min(strip, text.Length - text.TrimStart(' ', '\t').Length) : 0;
                    result.Add(new Node(new Token(TagKind.Text, prefix + text.Substring(blank), node.Token.Position)));
                    continue;
                }

                if (prefix.Length > 0)
                {
                    result.Add(new Node(new Token(TagKind.Text, prefix, node.Token.Position)));
                }

                if (node.Kind == TagKind.Block && node.Token.Standalone && (line > 0 || firstIsLineStart))
                {
                    // A standalone block's indentation moves with the lines around it.
                    var own = node.Token.Indent;
                    var moved = new Node(new Token(TagKind.Block, node.Token.Text, node.Token.Position)
                    {
                        Standalone = true,
                        Indent = own.Substring(Math.Min(strip, own.Length)),
                    });
                    moved.Children.AddRange(Reindent(node.Children, strip, string.Empty, false, true));
                    result.Add(moved);
                    continue;
                }
            }

            result.Add(node);
        }

        return result;
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

    /// <summary>Finds a name on the context stack (innermost first), then its dotted parts on what it found.</summary>
    private bool Resolve(Node node, Scope scope, out string expression, out ITypeSymbol type)
    {
        var name = node.Token.Text;
        var innermost = scope.Frames[scope.Frames.Count - 1];
        expression = innermost.Expression;
        type = innermost.Type;
        if (name == ".")
        {
            return true;
        }

        var parts = name.Split('.');
        var found = false;
        for (var i = scope.Frames.Count - 1; i >= 0 && !found; i--)
        {
            var frame = scope.Frames[i];
            if (Member(frame.Type, parts[0]) is { } member)
            {
                expression = frame.Expression + "." + Escape(parts[0]);
                type = member;
                found = true;
            }
        }

        if (!found)
        {
            Unknown(node, scope, parts[0], scope.Frames.Select(f => f.Type));
            return false;
        }

        for (var i = 1; i < parts.Length; i++)
        {
            var member = Member(type, parts[i]);
            if (member is null)
            {
                Unknown(node, scope, parts[i], new[] { type });
                return false;
            }

            var access = type.IsReferenceType || IsNullableValue(type) ? "?." : ".";
            expression = "(" + expression + ")" + access + Escape(parts[i]);
            type = access == "?." && member.IsValueType && !IsNullableValue(member) ? Nullable(member) : member;
        }

        return true;
    }

    private ITypeSymbol Nullable(ITypeSymbol valueType) => _compilation.GetSpecialType(SpecialType.System_Nullable_T).Construct(valueType);

    private void Unknown(Node node, Scope scope, string part, IEnumerable<ITypeSymbol> where)
    {
        var types = string.Join(", ", where.Reverse().Select(t => t.ToDisplayString()).Distinct());
        _problems.Add(new FileProblem(scope.File, new TemplateProblem(
            UnknownNameId,
            "'" + part + "' is not a public property or field of " + types,
            node.Token.Position,
            node.Token.Text.Length)));
    }

    /// <summary>The type of a public instance property or field named <paramref name="name"/>, on the type or its bases; null for scalars.</summary>
    private static ITypeSymbol? Member(ITypeSymbol type, string name)
    {
        if (IsScalar(Unwrap(type)) || Unwrap(type).SpecialType == SpecialType.System_String || Unwrap(type).SpecialType == SpecialType.System_Object)
        {
            return null;
        }

        for (var t = Unwrap(type); t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers(name))
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }

                switch (member)
                {
                    case IPropertySymbol { IsIndexer: false, GetMethod: not null } property:
                        return property.Type;
                    case IFieldSymbol field:
                        return field.Type;
                }
            }
        }

        return null;
    }

    private static ITypeSymbol Unwrap(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private static bool IsNullableValue(ITypeSymbol type) => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };

    /// <summary>Types a section cannot be over: delegates (Mustache lambdas need runtime templates), tasks, pointers.</summary>
    private static bool IsUnrenderable(ITypeSymbol type)
    {
        if (type.TypeKind is TypeKind.Delegate or TypeKind.Pointer or TypeKind.FunctionPointer || type.IsRefLikeType)
        {
            return true;
        }

        var name = type.OriginalDefinition.ToDisplayString();
        return name is "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask<TResult>";
    }

    private static bool IsScalar(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum || type.SpecialType is SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Decimal or SpecialType.System_Single
            or SpecialType.System_Double or SpecialType.System_DateTime or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    /// <summary>The item type when <paramref name="type"/> is a list (IEnumerable&lt;T&gt;, or object for a plain IEnumerable), else null.</summary>
    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        foreach (var candidate in new[] { type }.Concat(type.AllInterfaces))
        {
            if (candidate is INamedTypeSymbol { IsGenericType: true } generic
                && generic.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return generic.TypeArguments[0];
            }
        }

        return null;
    }

    private static string TypeName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
        SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier));

    private static string Escape(string identifier) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(identifier) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + identifier : identifier;

    private sealed class Frame
    {
        public Frame(ITypeSymbol type, string expression)
        {
            Type = type;
            Expression = expression;
        }

        public ITypeSymbol Type { get; }

        public string Expression { get; }
    }

    private sealed class Override
    {
        public Override(List<Node> nodes, TemplateFile file, bool standalone)
        {
            Nodes = nodes;
            File = file;
            Standalone = standalone;
        }

        /// <summary>Its opening tag stood alone, so its first line starts a line.</summary>
        public bool Standalone { get; }

        public List<Node> Nodes { get; }

        public TemplateFile File { get; }
    }

    private sealed class Scope
    {
        public Scope(TemplateFile file, List<Frame> frames, Dictionary<string, Override> overrides, int depth)
        {
            File = file;
            Frames = frames;
            Overrides = overrides;
            Depth = depth;
        }

        public TemplateFile File { get; }

        public List<Frame> Frames { get; }

        public Dictionary<string, Override> Overrides { get; }

        public int Depth { get; }

        public Scope Push(ITypeSymbol type, string expression) =>
            new(File, new List<Frame>(Frames) { new(type, expression) }, Overrides, Depth);
    }
}
