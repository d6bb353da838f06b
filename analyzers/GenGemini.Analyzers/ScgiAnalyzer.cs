using System.Collections.Immutable;
using System.Linq;
using GenGemini.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenGemini.Analyzers;

/// <summary>
/// Checks [Scgi] bindings through the builder the generator uses: endpoint, port, host, timeout,
/// size, buffer, prefix and exported variables.
/// </summary>
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
        var attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Scgi);
        if (attribute is null)
        {
            return;
        }

        foreach (var problem in ScgiBindingBuilder.Build(type, attribute, context.Compilation, context.CancellationToken).Problems)
        {
            context.ReportDiagnostic(DiagnosticDescriptors.Create(problem));
        }
    }
}
