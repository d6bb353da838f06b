using System;
using System.Collections.Generic;
using System.Text;
using GenGemini.Generators.Rules;

namespace GenGemini.Generators.Routing;

/// <summary>What one template segment is.</summary>
internal enum SegmentKind
{
    Literal,
    Parameter,
    CatchAll,
}

/// <summary>One segment of a parsed template. Offsets are into the template text as written.</summary>
internal sealed record TemplateSegment(SegmentKind Kind, string Text, string? Constraint, bool Optional, int Start, int Length)
{
    /// <summary>For a literal, its text; for a parameter, its name.</summary>
    public string Text { get; } = Text;
}

/// <summary>A problem in a template, with the span of the offending text inside it.</summary>
internal sealed record TemplateError(ProblemKind Kind, string Message, int Start, int Length);

/// <summary>
/// The one parser of route templates, shared by the generator and (linked) the analyzers.
/// Grammar, as in ASP.NET Core routing: segments separated by '/'; a segment is a literal or a
/// single parameter: {name}, {name:constraint}, {name?}, {name:constraint?}, {*name} (last only).
/// </summary>
internal static class RouteTemplate
{
    public const int MaxTemplateBytes = 1024;

    /// <summary>Constraints and the .NET types a parameter with that constraint may be bound to.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Constraints = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["int"] = new[] { "int", "long", "double", "decimal", "string" },
        ["long"] = new[] { "long", "double", "decimal", "string" },
        ["guid"] = new[] { "System.Guid", "string" },
        ["bool"] = new[] { "bool", "string" },
        ["double"] = new[] { "double", "string" },
        ["float"] = new[] { "float", "double", "string" },
        ["decimal"] = new[] { "decimal", "string" },
        ["alpha"] = new[] { "string" },
    };

    /// <summary>
    /// Typed constraints: the .NET type each one produces (as <c>BindingRules.SimpleTypeName</c> names
    /// it) and the suffix of the RouteBinding methods that check and parse it. The one table that
    /// the matcher, the binder, the analyzers and the code fix read.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Type, string Method)> TypedConstraints = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["int"] = ("int", "Int32"),
        ["long"] = ("long", "Int64"),
        ["guid"] = ("System.Guid", "Guid"),
        ["bool"] = ("bool", "Boolean"),
        ["double"] = ("double", "Double"),
        ["float"] = ("float", "Single"),
        ["decimal"] = ("decimal", "Decimal"),
    };

    /// <summary>The constraint a parameter type implies when the template names none.</summary>
    public static string? ImpliedConstraint(string typeName)
    {
        foreach (var pair in TypedConstraints)
        {
            if (pair.Value.Type == typeName)
            {
                return pair.Key;
            }
        }

        return null;
    }

    /// <summary>The RouteBinding method suffix for a parameter of <paramref name="typeName"/>, or null for strings.</summary>
    public static string? BindingMethod(string typeName) =>
        ImpliedConstraint(typeName) is { } constraint ? TypedConstraints[constraint].Method : null;

    /// <summary>Joins a class prefix and a method template into the route's full path template.</summary>
    public static string Combine(string? prefix, string template)
    {
        var head = (prefix ?? string.Empty).Trim();
        var tail = template.Trim();
        if (head.Length == 0 || head == "/")
        {
            return "/" + tail.TrimStart('/');
        }

        head = "/" + head.Trim('/');
        tail = tail.TrimStart('/');
        return tail.Length == 0 ? head : head + "/" + tail;
    }

    /// <summary>Parses a full path template ("/users/{id:int}"). Errors carry offsets into <paramref name="template"/>.</summary>
    public static (List<TemplateSegment> Segments, List<TemplateError> Errors) Parse(string template)
    {
        var segments = new List<TemplateSegment>();
        var errors = new List<TemplateError>();

        if (Encoding.UTF8.GetByteCount(template) > MaxTemplateBytes)
        {
            errors.Add(new TemplateError(ProblemKind.InvalidTemplate, "The route template is longer than 1024 bytes, the longest request a Gemini client may send", 0, template.Length));
            return (segments, errors);
        }

        var queryStart = FirstOutsideBraces(template, '?');
        var fragmentStart = template.IndexOf('#');
        if (queryStart >= 0 || fragmentStart >= 0)
        {
            var at = queryStart >= 0 && (fragmentStart < 0 || queryStart < fragmentStart) ? queryStart : fragmentStart;
            errors.Add(new TemplateError(ProblemKind.InvalidTemplate, "A route template matches paths only: it cannot contain a query ('?') or fragment ('#')", at, template.Length - at));
            return (segments, errors);
        }

        var position = template.StartsWith("/", StringComparison.Ordinal) ? 1 : 0;
        if (position == template.Length)
        {
            return (segments, errors); // the root
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var slash = template.IndexOf('/', position);
            var end = slash < 0 ? template.Length : slash;
            ParseSegment(template, position, end - position, segments, errors, names);
            if (slash < 0)
            {
                break;
            }

            position = slash + 1;
        }

        for (var i = 0; i < segments.Count - 1; i++)
        {
            var s = segments[i];
            if (s.Kind == SegmentKind.CatchAll)
            {
                errors.Add(new TemplateError(ProblemKind.CatchAllNotLast, $"Catch-all parameter '{s.Text}' must be the last segment of the template", s.Start, s.Length));
            }
            else if (s.Optional)
            {
                errors.Add(new TemplateError(ProblemKind.OptionalNotLast, $"Optional parameter '{s.Text}' must be the last segment of the template", s.Start, s.Length));
            }
            else if (s.Kind == SegmentKind.Literal && s.Text.Length == 0)
            {
                errors.Add(new TemplateError(ProblemKind.InvalidTemplate, "The route template has an empty segment ('//')", s.Start, 1));
            }
        }

        return (segments, errors);
    }

    private static void ParseSegment(string template, int start, int length, List<TemplateSegment> segments, List<TemplateError> errors, HashSet<string> names)
    {
        var text = template.Substring(start, length);
        var open = text.IndexOf('{');
        var close = text.IndexOf('}');
        if (open < 0 && close < 0)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c <= ' ' || c == 0x7F || c == '\\' || c == '"' || c == '<' || c == '>' || c == '`' || c == '^' || c == '|')
                {
                    errors.Add(new TemplateError(ProblemKind.InvalidTemplate, $"The route template contains a character that is not allowed in a path: '{Printable(c)}'", start + i, 1));
                    return;
                }
            }

            segments.Add(new TemplateSegment(SegmentKind.Literal, text, null, false, start, length));
            return;
        }

        if (open != 0 || close != text.Length - 1 || text.IndexOf('{', 1) >= 0 || text.IndexOf('}') != close)
        {
            if (open < 0 || close < 0 || close < open)
            {
                errors.Add(new TemplateError(ProblemKind.InvalidTemplate, "The route template has unbalanced braces", start, length));
            }
            else
            {
                errors.Add(new TemplateError(ProblemKind.InvalidTemplate, "A parameter must fill its whole segment: text beside '{...}' is not supported", start, length));
            }

            return;
        }

        var body = text.Substring(1, text.Length - 2);
        var catchAll = body.StartsWith("*", StringComparison.Ordinal);
        if (catchAll)
        {
            body = body.TrimStart('*');
        }

        var optional = body.EndsWith("?", StringComparison.Ordinal);
        if (optional)
        {
            body = body.Substring(0, body.Length - 1);
        }

        string? constraint = null;
        var colon = body.IndexOf(':');
        var name = colon < 0 ? body : body.Substring(0, colon);
        if (colon >= 0)
        {
            constraint = body.Substring(colon + 1);
        }

        if (name.Length == 0)
        {
            errors.Add(new TemplateError(ProblemKind.InvalidParameterName, "A route parameter needs a name", start, length));
            return;
        }

        if (!IsIdentifier(name))
        {
            errors.Add(new TemplateError(ProblemKind.InvalidParameterName, $"'{name}' is not a valid parameter name: use letters, digits and '_', not starting with a digit", start, length));
            return;
        }

        if (catchAll && optional)
        {
            errors.Add(new TemplateError(ProblemKind.InvalidTemplate, $"Catch-all parameter '{name}' is already optional: remove the '?'", start, length));
            return;
        }

        if (constraint is not null)
        {
            if (catchAll)
            {
                errors.Add(new TemplateError(ProblemKind.UnknownConstraint, $"Catch-all parameter '{name}' cannot have a constraint", start, length));
                return;
            }

            if (!Constraints.ContainsKey(constraint))
            {
                errors.Add(new TemplateError(ProblemKind.UnknownConstraint, $"Unknown route constraint '{constraint}' (known: int, long, guid, bool, double, float, decimal, alpha)", start, length));
                return;
            }
        }

        if (!names.Add(name))
        {
            errors.Add(new TemplateError(ProblemKind.DuplicateParameter, $"The route parameter '{name}' appears more than once", start, length));
            return;
        }

        segments.Add(new TemplateSegment(catchAll ? SegmentKind.CatchAll : SegmentKind.Parameter, name, constraint, optional, start, length));
    }

    private static int FirstOutsideBraces(string template, char c)
    {
        var depth = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                depth++;
            }
            else if (template[i] == '}')
            {
                depth--;
            }
            else if (template[i] == c && depth <= 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsIdentifier(string name)
    {
        if (!(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(char c) => c < ' ' || c == 0x7F ? "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString();

    /// <summary>
    /// Precedence rank of a segment (lower wins), as in ASP.NET Core routing:
    /// literal, then constrained parameter, then parameter, then catch-all.
    /// </summary>
    public static int Rank(SegmentKind kind, string? effectiveConstraint, bool optional) => kind switch
    {
        SegmentKind.Literal => 0,
        SegmentKind.Parameter when effectiveConstraint is not null && !optional => 1,
        SegmentKind.Parameter when !optional => 2,
        SegmentKind.Parameter => 3,
        _ => 4,
    };
}
