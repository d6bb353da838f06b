using System;
using System.Collections.Generic;
using System.Linq;
using GenGemini.Generators.Emitters;
using Microsoft.CodeAnalysis;

namespace GenGemini.Generators.Templates;

/// <content>Inheritance: parents expanded with their blocks overridden, and the indentation rules of blocks.</content>
internal sealed partial class TemplateCompiler
{
    private void EmitParent(CodeWriter w, Node node, Scope scope)
    {
        if (Expand(node, scope) is not { } file)
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

        EmitNodes(w, Parse(file, node.Token.Indent), new Scope(file, scope.Frames, overrides, scope.Depth + 1, scope.Conditions));
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
            EmitNodes(w, nodes, new Scope(replacement.File, scope.Frames, scope.Overrides, scope.Depth, scope.Conditions));
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
}
