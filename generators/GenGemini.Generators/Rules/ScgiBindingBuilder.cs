using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using GenGemini.Generators.Model;
using GenGemini.Generators.Routing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenGemini.Generators.Rules;

/// <summary>An [Scgi] class's model, or null when it has problems (each reported by the analyzers).</summary>
internal sealed record ScgiBuild(ScgiBindingSpec? Model, List<Problem> Problems);

/// <summary>
/// The one place an [Scgi] binding is read and checked, for the generator (which emits the valid
/// ones) and the analyzers (which report the problems). Arguments left out keep the runtime's
/// defaults (ScgiOptions.Default*): the generated code names those constants, so no default is
/// written twice.
/// </summary>
internal static class ScgiBindingBuilder
{
    /// <summary>The runtime type whose constants hold the SCGI defaults and limits.</summary>
    public const string OptionsType = "GenGemini.Scgi.ScgiOptions";

    /// <summary>The variable types [ScgiVariable] properties may have.</summary>
    public static readonly HashSet<string> VariableTypes = new() { "string", "int", "long", "double", "decimal", "bool", "System.Guid" };

    public static ScgiBuild Build(INamedTypeSymbol type, AttributeData attribute, Compilation compilation, CancellationToken cancellationToken)
    {
        var prefix = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty;
        var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value.Value);
        var host = named.TryGetValue("Host", out var h) ? h as string : null;
        var port = named.TryGetValue("Port", out var p) ? p as int? : null;
        var socket = named.TryGetValue("Socket", out var s) ? s as string : null;
        var timeout = named.TryGetValue("Timeout", out var t) ? t as double? : null;
        var maxResponseSize = named.TryGetValue("MaxResponseSize", out var m) ? m as long? : null;
        var bufferSize = named.TryGetValue("BufferSize", out var b) ? b as int? : null;
        var inherit = named.TryGetValue("InheritEnvironment", out var i) && i is true;

        var problems = new List<Problem>();
        Location At(string argument) => ArgumentLocation(attribute, argument, cancellationToken);
        if (!prefix.StartsWith("/", System.StringComparison.Ordinal))
        {
            problems.Add(Problem.At(ProblemKind.ScgiPrefix, At("prefix"), prefix));
        }

        if (EndpointProblem(host, port, socket) is { } endpoint)
        {
            problems.Add(Problem.At(ProblemKind.ScgiEndpoint, SourceLocations.AttributeLocation(attribute, cancellationToken), type.Name, endpoint));
        }
        else if (socket is not null && socket.Trim().Length == 0)
        {
            problems.Add(Problem.At(ProblemKind.ScgiEmptyHost, At("Socket"), "socket path"));
        }

        if (host is not null && host.Trim().Length == 0)
        {
            problems.Add(Problem.At(ProblemKind.ScgiEmptyHost, At("Host"), "host"));
        }

        if (port is { } given && (given < 1 || given > 65535))
        {
            problems.Add(Problem.At(ProblemKind.ScgiPort, At("Port"), given));
        }

        if (timeout is { } seconds && !(seconds > 0))
        {
            problems.Add(Problem.At(ProblemKind.ScgiTimeout, At("Timeout"), seconds));
        }

        if (maxResponseSize is < 0)
        {
            problems.Add(Problem.At(ProblemKind.ScgiMaxResponseSize, At("MaxResponseSize"), maxResponseSize));
        }

        if (bufferSize is { } buffer && RuntimeConstant(compilation, "MinimumBufferSize") is int minimum && buffer < minimum)
        {
            problems.Add(Problem.At(ProblemKind.ScgiBufferSize, At("BufferSize"), buffer, minimum));
        }

        var variables = new List<ScgiVariableSpec>();
        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
        {
            var variable = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.ScgiVariable);
            if (variable is null)
            {
                continue;
            }

            var typeName = BindingRules.SimpleTypeName(property.Type, out _);
            if (!VariableTypes.Contains(typeName) || property.GetMethod is null || property.GetMethod.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected)
            {
                problems.Add(Problem.At(ProblemKind.UnsupportedVariableType, property.Locations.FirstOrDefault(), property.Name, typeName));
            }

            var name = variable.ConstructorArguments.Length > 0 ? variable.ConstructorArguments[0].Value as string : null;
            variables.Add(new ScgiVariableSpec(name ?? "GENGEMINI_" + UpperSnake(property.Name), property.Name, property.IsStatic));
        }

        var spec = ClassRules.Describe(type);
        if (problems.Count > 0 || !spec.CanEmitPartial)
        {
            return new ScgiBuild(null, problems); // a class that is not partial is ClassRules' problem (GG0013)
        }

        return new ScgiBuild(
            new ScgiBindingSpec(spec, prefix, host, port ?? 0, socket, timeout, maxResponseSize, bufferSize, inherit, new EquatableArray<ScgiVariableSpec>(variables)),
            problems);
    }

    /// <summary>Why the endpoint is incomplete or ambiguous, or null when it is one of Host+Port or Socket.</summary>
    private static string? EndpointProblem(string? host, int? port, string? socket)
    {
        var hasTcp = host is not null || port is not null;
        if (hasTcp && socket is not null)
        {
            return "both were given";
        }

        if (!hasTcp && socket is null)
        {
            return "neither was given";
        }

        if (hasTcp && (host is null || port is null))
        {
            return host is null ? "Port was given without Host" : "Host was given without Port";
        }

        return null;
    }

    /// <summary>A constant of the runtime's ScgiOptions, as the compilation sees it (null without the runtime).</summary>
    private static object? RuntimeConstant(Compilation compilation, string name) =>
        compilation.GetTypeByMetadataName(OptionsType)?.GetMembers(name).OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue)?.ConstantValue;

    /// <summary>The argument's expression ("prefix": the first positional one), else the attribute.</summary>
    private static Location ArgumentLocation(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var arguments = syntax?.ArgumentList?.Arguments;
        var found = name == "prefix"
            ? arguments?.FirstOrDefault(a => a.NameEquals is null)
            : arguments?.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return found?.Expression.GetLocation() ?? syntax?.GetLocation() ?? Location.None;
    }

    /// <summary>"ApiKey" → "API_KEY": the default variable name of an [ScgiVariable] property.</summary>
    internal static string UpperSnake(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                sb.Append('_');
            }

            sb.Append(char.ToUpperInvariant(c));
        }

        return sb.ToString();
    }
}
