using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis.CSharp;

namespace GenGemini.Generators.Tests;

/// <summary>
/// Turns a Mustache spec case's JSON data into C#: a class per shape of object (objects with the
/// same keys share one, so recursive data gets a recursive type), the case's model class with the
/// root object's properties, and an expression that builds the data.
/// </summary>
internal sealed class SpecModels
{
    private readonly string _prefix;
    private readonly Dictionary<string, Dictionary<string, string>> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    private SpecModels(string prefix) => _prefix = prefix;

    /// <summary>The C# for one case: its model class (partial, with the template attribute) and the classes it uses.</summary>
    public static string Source(string className, string templatePath, JsonElement data)
    {
        var models = new SpecModels(className + "_");
        var root = data.ValueKind == JsonValueKind.Object ? data : default;
        if (root.ValueKind == JsonValueKind.Object)
        {
            models.Collect(root, isRoot: true);
        }
        else
        {
            models.Collect(data, isRoot: false);
        }

        var code = new StringBuilder();
        var rootProperties = root.ValueKind == JsonValueKind.Object ? models._classes[Signature(root)] : new Dictionary<string, string>();
        code.Append("[global::GenGemini.GemtextTemplate(").Append(Literal(templatePath)).Append(", Escaping = global::GenGemini.TemplateEscaping.Html)]\n");
        var rootList = data.ValueKind == JsonValueKind.Array ? models.Collect(data) : null;
        code.Append("public partial class ").Append(className);
        if (rootList is not null)
        {
            // A list as the data: the model is the list.
            code.Append(" : global::System.Collections.Generic.List<").Append(rootList[..^2]).Append('>');
        }

        code.Append("\n{\n");
        foreach (var (name, type) in rootProperties)
        {
            code.Append("    public ").Append(Declared(type)).Append(' ').Append(Identifier(name)).Append(" { get; set; }\n");
        }

        if (root.ValueKind != JsonValueKind.Object && rootList is null)
        {
            // Data that is not an object: the model stands for the value itself ({{.}}).
            code.Append("    public override string ToString() => ").Append(Literal(Scalar(data))).Append(";\n");
        }

        code.Append("    public static ").Append(className).Append(" Create() => new ").Append(className).Append(' ');
        code.Append(root.ValueKind == JsonValueKind.Object ? models.Initializer(root)
            : rootList is not null ? "{ " + string.Join(", ", data.EnumerateArray().Select(v => models.Expression(v, rootList[..^2]))) + " }"
            : "{ }").Append(";\n}\n");
        foreach (var (signature, properties) in models._classes)
        {
            if (root.ValueKind == JsonValueKind.Object && signature == Signature(root) && !models.IsNested(signature))
            {
                continue;
            }

            code.Append("public sealed class ").Append(models._names[signature]).Append("\n{\n");
            foreach (var (name, type) in properties)
            {
                code.Append("    public ").Append(Declared(type)).Append(' ').Append(Identifier(name)).Append(" { get; set; }\n");
            }

            code.Append("}\n");
        }

        return code.ToString();
    }

    /// <summary>A member's declared type: a value only ever null is an object that is null.</summary>
    private static string Declared(string type) => type == "null" ? "object?" : type;

    private readonly HashSet<string> _nested = new(StringComparer.Ordinal);

    private bool IsNested(string signature) => _nested.Contains(signature);

    private static string Signature(JsonElement obj) => string.Join(",", Properties(obj).Select(p => p.Name).Order(StringComparer.Ordinal));

    /// <summary>The object's members that can be C# members (a key such as "a.b" cannot: a model has no such name).</summary>
    private static IEnumerable<JsonProperty> Properties(JsonElement obj) => obj.EnumerateObject().Where(p => SyntaxFacts.IsValidIdentifier(p.Name));

    private static string Literal(string s) => SymbolDisplay.FormatLiteral(s, quote: true);

    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => string.Empty,
    };

    /// <summary>Registers the classes for every object under <paramref name="value"/> and returns its C# type.</summary>
    internal string Collect(JsonElement value, bool isRoot = false)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var signature = Signature(value);
                if (!_names.ContainsKey(signature))
                {
                    _names[signature] = _prefix + "T" + _names.Count.ToString(CultureInfo.InvariantCulture);
                    _classes[signature] = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                if (!isRoot)
                {
                    _nested.Add(signature);
                }

                var properties = _classes[signature];
                foreach (var property in Properties(value))
                {
                    var type = Collect(property.Value);
                    properties[property.Name] = properties.TryGetValue(property.Name, out var known) ? Unify(known, type) : type;
                }

                return _names[signature];
            case JsonValueKind.Array:
                string? element = null;
                foreach (var item in value.EnumerateArray())
                {
                    var type = Collect(item);
                    element = element is null ? type : Unify(element, type);
                }

                return (element is null or "null" ? "object" : element) + "[]";
            case JsonValueKind.String:
                return "string";
            case JsonValueKind.True:
            case JsonValueKind.False:
                return "bool";
            case JsonValueKind.Number:
                return value.TryGetInt32(out _) ? "int" : "double";
            default:
                return "null";
        }
    }

    private static string Unify(string a, string b)
    {
        if (a == b)
        {
            return a;
        }

        if (a == "null" || b == "null")
        {
            var other = a == "null" ? b : a;
            return other.EndsWith('?') ? other : other + "?";
        }

        if ((a, b) is ("int", "double") or ("double", "int"))
        {
            return "double";
        }

        if (a == "object[]" && b.EndsWith("[]", StringComparison.Ordinal) || b == "object[]" && a.EndsWith("[]", StringComparison.Ordinal))
        {
            return a == "object[]" ? b : a;
        }

        return a.EndsWith("[]", StringComparison.Ordinal) && b.EndsWith("[]", StringComparison.Ordinal) ? "object[]" : "object";
    }

    /// <summary>The object initialiser (<c>{ a = ..., b = ... }</c>) for an object value.</summary>
    private string Initializer(JsonElement obj) =>
        "{ " + string.Join(", ", Properties(obj).Select(p => Identifier(p.Name) + " = " + Expression(p.Value, _classes[Signature(obj)][p.Name]))) + " }";

    internal string Expression(JsonElement value, string type)
    {
        var bare = type.TrimEnd('?');
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return "null";
            case JsonValueKind.Object:
                var cast = bare == "object" ? "(object)" : string.Empty;
                return cast + "new " + _names[Signature(value)] + " " + Initializer(value);
            case JsonValueKind.Array:
                var element = bare.EndsWith("[]", StringComparison.Ordinal) ? bare[..^2] : "object";
                var arrayType = bare == "object" ? "object[]" : bare;
                return "new " + arrayType.TrimEnd(']').TrimEnd('[') + "[] { " + string.Join(", ", value.EnumerateArray().Select(v => Expression(v, element))) + " }";
            case JsonValueKind.String:
                return Literal(value.GetString()!);
            case JsonValueKind.True:
                return bare == "object" ? "(object)true" : "true";
            case JsonValueKind.False:
                return bare == "object" ? "(object)false" : "false";
            default:
                if (bare == "int")
                {
                    return value.GetInt32().ToString(CultureInfo.InvariantCulture);
                }

                var number = value.TryGetInt32(out var i) && bare == "object"
                    ? i.ToString(CultureInfo.InvariantCulture)
                    : value.GetDouble().ToString("R", CultureInfo.InvariantCulture) + "d";
                return bare == "object" ? "(object)" + number : number;
        }
    }
}
