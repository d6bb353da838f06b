using System;
using System.Collections.Generic;
using System.Text;

namespace GenGemini.Generators.Templates;

/// <summary>What a Mustache tag is.</summary>
internal enum TagKind
{
    Text,
    Newline,
    Variable,
    Raw,
    Section,
    Inverted,
    Close,
    Comment,
    Partial,
    Parent,
    Block,
    Delimiters,
}

/// <summary>One piece of a template: text (without line breaks), a line break, or a tag, with where it starts.</summary>
internal sealed class Token
{
    public Token(TagKind kind, string text, int position)
    {
        Kind = kind;
        Text = text;
        Position = position;
    }

    public TagKind Kind { get; }

    /// <summary>The text, or the tag's name.</summary>
    public string Text { get; }

    /// <summary>Where the token starts in its file.</summary>
    public int Position { get; }

    /// <summary>For a standalone partial or parent: the whitespace before it, which indents each of its lines.</summary>
    public string Indent { get; set; } = string.Empty;

    /// <summary>True when the tag stood alone on its line (the line vanished).</summary>
    public bool Standalone { get; set; }
}

/// <summary>A node of a parsed template.</summary>
internal sealed class Node
{
    public Node(Token token) => Token = token;

    public Token Token { get; }

    public TagKind Kind => Token.Kind;

    /// <summary>A section's, parent's or block's contents.</summary>
    public List<Node> Children { get; } = new();
}

/// <summary>A problem in a template file, at an offset.</summary>
internal sealed record TemplateProblem(string Id, string Message, int Position, int Length);

/// <summary>
/// Parses Mustache (the official specification's syntax): variables, triple and ampersand raw
/// variables, sections, inverted sections, comments, partials, set delimiters, and inheritance
/// (parents and blocks); standalone-tag lines vanish as the specification says.
/// </summary>
internal static class MustacheParser
{
    public const string SyntaxId = "GG0028";

    public static List<Node> Parse(string text, List<TemplateProblem> problems)
    {
        var tokens = Tokenize(text, problems);
        MarkStandalone(tokens);
        var root = new List<Node>();
        var stack = new Stack<Node>();
        foreach (var token in tokens)
        {
            var siblings = stack.Count == 0 ? root : stack.Peek().Children;
            switch (token.Kind)
            {
                case TagKind.Comment:
                case TagKind.Delimiters:
                    break;
                case TagKind.Section:
                case TagKind.Inverted:
                case TagKind.Parent:
                case TagKind.Block:
                    var open = new Node(token);
                    siblings.Add(open);
                    stack.Push(open);
                    break;
                case TagKind.Close:
                    if (stack.Count == 0)
                    {
                        problems.Add(new TemplateProblem(SyntaxId, "'{{/" + token.Text + "}}' closes a section that is not open", token.Position, token.Text.Length + 5));
                    }
                    else if (stack.Peek().Token.Text != token.Text)
                    {
                        problems.Add(new TemplateProblem(SyntaxId, "'{{/" + token.Text + "}}' closes '" + stack.Peek().Token.Text + "', which is open: close it first", token.Position, token.Text.Length + 5));
                    }
                    else
                    {
                        stack.Pop();
                    }

                    break;
                default:
                    siblings.Add(new Node(token));
                    break;
            }
        }

        foreach (var unclosed in stack)
        {
            problems.Add(new TemplateProblem(SyntaxId, "Section '" + unclosed.Token.Text + "' is never closed: add {{/" + unclosed.Token.Text + "}}", unclosed.Token.Position, unclosed.Token.Text.Length + 5));
        }

        return root;
    }

    private static List<Token> Tokenize(string text, List<TemplateProblem> problems)
    {
        var tokens = new List<Token>();
        var open = "{{";
        var close = "}}";
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf(open, i, StringComparison.Ordinal);
            AddText(tokens, text, i, (start < 0 ? text.Length : start) - i);
            if (start < 0)
            {
                break;
            }

            var inner = start + open.Length;
            var sigil = inner < text.Length ? text[inner] : '\0';
            string end = close;
            TagKind kind;
            switch (sigil)
            {
                case '{':
                    kind = TagKind.Raw;
                    end = "}" + close;
                    inner++;
                    break;
                case '&': kind = TagKind.Raw; inner++; break;
                case '#': kind = TagKind.Section; inner++; break;
                case '^': kind = TagKind.Inverted; inner++; break;
                case '/': kind = TagKind.Close; inner++; break;
                case '!': kind = TagKind.Comment; inner++; break;
                case '>': kind = TagKind.Partial; inner++; break;
                case '<': kind = TagKind.Parent; inner++; break;
                case '$': kind = TagKind.Block; inner++; break;
                case '=':
                    kind = TagKind.Delimiters;
                    end = "=" + close;
                    inner++;
                    break;
                default: kind = TagKind.Variable; break;
            }

            var stop = text.IndexOf(end, inner, StringComparison.Ordinal);
            if (stop < 0)
            {
                problems.Add(new TemplateProblem(SyntaxId, "The tag is not closed with '" + end + "'", start, Math.Min(open.Length + 1, text.Length - start)));
                break;
            }

            var raw = text.Substring(inner, stop - inner);
            var name = raw.Trim();
            var namePosition = inner + (raw.Length - raw.TrimStart().Length);
            i = stop + end.Length;
            if (kind == TagKind.Delimiters)
            {
                var parts = name.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || parts[0].IndexOf('=') >= 0 || parts[1].IndexOf('=') >= 0)
                {
                    problems.Add(new TemplateProblem(SyntaxId, "A set-delimiter tag names two delimiters: {{=<% %>=}}", start, i - start));
                    break;
                }

                open = parts[0];
                close = parts[1];
            }
            else if (kind != TagKind.Comment && name.Length == 0)
            {
                problems.Add(new TemplateProblem(SyntaxId, "The tag has no name", start, i - start));
                continue;
            }

            tokens.Add(new Token(kind, name, kind == TagKind.Comment ? start : namePosition));
        }

        return tokens;
    }

    private static void AddText(List<Token> tokens, string text, int start, int length)
    {
        var end = start + length;
        var i = start;
        while (i < end)
        {
            var newline = text.IndexOf('\n', i, end - i);
            if (newline < 0)
            {
                tokens.Add(new Token(TagKind.Text, text.Substring(i, end - i), i));
                return;
            }

            var lineEnd = newline > i && text[newline - 1] == '\r' ? newline - 1 : newline;
            if (lineEnd > i)
            {
                tokens.Add(new Token(TagKind.Text, text.Substring(i, lineEnd - i), i));
            }

            tokens.Add(new Token(TagKind.Newline, text.Substring(lineEnd, newline + 1 - lineEnd), lineEnd));
            i = newline + 1;
        }
    }

    private static bool CanStandAlone(TagKind kind) =>
        kind is TagKind.Section or TagKind.Inverted or TagKind.Close or TagKind.Comment or TagKind.Partial or TagKind.Parent or TagKind.Block or TagKind.Delimiters;

    private static bool IsBlank(string s)
    {
        foreach (var c in s)
        {
            if (c != ' ' && c != '\t')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A line holding only whitespace and one section, inverted, close, comment, partial, parent,
    /// block or delimiter tag vanishes: its whitespace and its line break are removed. Inheritance
    /// adds lines of several such tags when one of them is a parent or a block (<c>{{&lt;page}}{{$body}}</c>),
    /// except a block opened and closed on the line, whose content stays inline. A block tag with
    /// only whitespace before it on its line keeps that whitespace as its indentation.
    /// </summary>
    private static void MarkStandalone(List<Token> tokens)
    {
        // Which closing tags close a parent or a block (those count as inheritance tags too).
        var closesInheritance = new HashSet<Token>();
        var open = new Stack<Token>();
        foreach (var t in tokens)
        {
            if (t.Kind is TagKind.Section or TagKind.Inverted or TagKind.Parent or TagKind.Block)
            {
                open.Push(t);
            }
            else if (t.Kind == TagKind.Close && open.Count > 0)
            {
                if (open.Pop().Kind is TagKind.Parent or TagKind.Block)
                {
                    closesInheritance.Add(t);
                }
            }
        }

        var lineStart = 0;
        for (var i = 0; i <= tokens.Count; i++)
        {
            if (i < tokens.Count && tokens[i].Kind != TagKind.Newline)
            {
                continue;
            }

            // The line is tokens[lineStart..i), ended by tokens[i] (a newline) or by the end.
            var tags = new List<Token>();
            var alone = true;
            var indent = new StringBuilder();
            for (var j = lineStart; j < i && alone; j++)
            {
                var t = tokens[j];
                if (t.Kind == TagKind.Text)
                {
                    if (!IsBlank(t.Text))
                    {
                        alone = false;
                    }
                    else if (tags.Count == 0)
                    {
                        indent.Append(t.Text);
                    }
                }
                else if (CanStandAlone(t.Kind))
                {
                    tags.Add(t);
                }
                else
                {
                    alone = false;
                }
            }

            if (tags.Count > 0 && tags[0].Kind == TagKind.Block)
            {
                // Only whitespace before it (the scan stops at the first other text).
                tags[0].Indent = indent.ToString();
            }

            var inheritance = tags.Exists(t => t.Kind is TagKind.Parent or TagKind.Block || closesInheritance.Contains(t));
            var inlineBlock = tags.Count == 2 && tags[0].Kind == TagKind.Block && tags[1].Kind == TagKind.Close && tags[1].Text == tags[0].Text;
            if (alone && (tags.Count == 1 || (tags.Count > 1 && inheritance && !inlineBlock)))
            {
                foreach (var tag in tags)
                {
                    tag.Standalone = true;
                }

                tags[0].Indent = indent.ToString();
                var removeNewline = i < tokens.Count;
                var removed = 0;
                for (var j = i - 1; j >= lineStart; j--)
                {
                    if (!tags.Contains(tokens[j]))
                    {
                        tokens.RemoveAt(j);
                        removed++;
                    }
                }

                i -= removed;
                if (removeNewline)
                {
                    tokens.RemoveAt(i);
                    i--;
                }
            }

            lineStart = i + 1;
        }
    }
}
