using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace GenGemini.Generators.Rules;

/// <summary>Where in the source an attribute, its template or one of its arguments is: what problems point at.</summary>
internal static class SourceLocations
{
    /// <summary>The first argument's literal, if the attribute was written with one.</summary>
    public static LiteralExpressionSyntax? TemplateLiteral(AttributeData attribute, System.Threading.CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax
            ? syntax.ArgumentList.Arguments[0].Expression as LiteralExpressionSyntax
            : null;

    public static Location AttributeLocation(AttributeData attribute, System.Threading.CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;

    /// <summary>
    /// The location of characters [start, start+length) of the literal's value; the whole
    /// literal when escapes make the source text differ from the value.
    /// </summary>
    public static Location Within(LiteralExpressionSyntax literal, int start, int length)
    {
        var token = literal.Token;
        var text = token.Text;
        var value = token.ValueText;
        int contentStart;
        if (text.Length == value.Length + 2 && text[0] == '"')
        {
            contentStart = 1;
        }
        else if (text.Length == value.Length + 3 && text[0] == '@')
        {
            contentStart = 2;
        }
        else
        {
            return literal.GetLocation();
        }

        if (text.Substring(contentStart, value.Length) != value)
        {
            return literal.GetLocation();
        }

        start = System.Math.Max(0, System.Math.Min(start, value.Length));
        length = System.Math.Max(0, System.Math.Min(length, value.Length - start));
        return Location.Create(literal.SyntaxTree, new TextSpan(token.SpanStart + contentStart + start, length));
    }
}
