using System.Collections.Immutable;
using System.Linq;
using GenGemini.Generators.Routing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenGemini.Analyzers;

/// <summary>Checks [Scgi] bindings: endpoint, port, host, timeout, size, prefix and exported variables.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScgiAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ScgiEndpoint,
        DiagnosticDescriptors.ScgiPort,
        DiagnosticDescriptors.ScgiEmptyHost,
        DiagnosticDescriptors.ScgiTimeout,
        DiagnosticDescriptors.ScgiMaxResponseSize,
        DiagnosticDescriptors.ScgiBufferSize,
        DiagnosticDescriptors.ScgiPrefix,
        DiagnosticDescriptors.UnsupportedVariableType);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "GenGemini.ScgiAttribute");
        if (attribute is null)
        {
            return;
        }

        var arguments = BindingRules.ReadScgi(attribute);
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
        Location ArgumentLocation(string name)
        {
            var arguments = syntax?.ArgumentList?.Arguments;
            var found = name == "prefix"
                ? arguments?.FirstOrDefault(a => a.NameEquals is null)
                : arguments?.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
            return found?.Expression.GetLocation() ?? syntax?.GetLocation() ?? Location.None;
        }

        foreach (var (id, argument) in arguments.Problems())
        {
            var diagnostic = id switch
            {
                "GG0019" => Diagnostic.Create(DiagnosticDescriptors.ScgiPrefix, ArgumentLocation("prefix"), arguments.Prefix),
                "GG0015" => Diagnostic.Create(DiagnosticDescriptors.ScgiPort, ArgumentLocation("Port"), arguments.Port),
                "GG0016" => Diagnostic.Create(DiagnosticDescriptors.ScgiEmptyHost, ArgumentLocation(argument), argument == "Host" ? "host" : "socket path"),
                "GG0017" => Diagnostic.Create(DiagnosticDescriptors.ScgiTimeout, ArgumentLocation("Timeout"), arguments.Timeout),
                "GG0018" => Diagnostic.Create(DiagnosticDescriptors.ScgiMaxResponseSize, ArgumentLocation("MaxResponseSize"), arguments.MaxResponseSize),
                "GG0026" => Diagnostic.Create(DiagnosticDescriptors.ScgiBufferSize, ArgumentLocation("BufferSize"), arguments.BufferSize),
                _ => Diagnostic.Create(DiagnosticDescriptors.ScgiEndpoint, syntax?.GetLocation() ?? Location.None, type.Name, EndpointProblem(arguments.Host, arguments.Port, arguments.Socket)),
            };
            context.ReportDiagnostic(diagnostic);
        }

        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
        {
            if (!property.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "GenGemini.ScgiVariableAttribute"))
            {
                continue;
            }

            var typeName = BindingRules.SimpleTypeName(property.Type, out _);
            if (!BindingRules.VariableTypes.Contains(typeName) || property.GetMethod is null
                || property.GetMethod.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedVariableType, property.Locations.FirstOrDefault() ?? Location.None, property.Name, typeName));
            }
        }
    }

    private static string EndpointProblem(string? host, int? port, string? socket)
    {
        if ((host is not null || port is not null) && socket is not null)
        {
            return "both were given";
        }

        if (host is null && port is null && socket is null)
        {
            return "neither was given";
        }

        return host is null ? "Port was given without Host" : "Host was given without Port";
    }
}
