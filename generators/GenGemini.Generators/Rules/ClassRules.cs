using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GenGemini.Generators.Model;
using GenGemini.Generators.Routing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenGemini.Generators.Rules;

/// <summary>
/// The rules of a class that declares routes or an [Scgi] binding: partial (the generator adds
/// Links or ScgiBinding to it), and one constructor for MapGenerated() to call.
/// </summary>
internal static class ClassRules
{
    /// <summary>The declarations of <paramref name="type"/> and its containing types that lack <c>partial</c>.</summary>
    public static IEnumerable<(INamedTypeSymbol Type, TypeDeclarationSyntax Declaration)> NonPartialDeclarations(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            foreach (var reference in t.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    yield return (t, declaration);
                }
            }
        }
    }

    /// <summary>What is wrong with a route or SCGI class (<paramref name="isScgi"/>) as a whole.</summary>
    public static List<Problem> Problems(INamedTypeSymbol type, bool hasInstanceRoutes, bool isScgi, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        if (hasInstanceRoutes && !type.IsStatic)
        {
            BindingRules.ChooseConstructor(type, out var ambiguous);
            if (ambiguous)
            {
                problems.Add(Problem.At(ProblemKind.AmbiguousConstructor, type.Locations.FirstOrDefault(), type.Name));
            }
        }

        foreach (var (t, declaration) in NonPartialDeclarations(type, cancellationToken))
        {
            problems.Add(Problem.At(ProblemKind.NotPartial, declaration.Identifier.GetLocation(), t.Name, isScgi ? "its SCGI binding (ScgiBinding)" : "typed link builders (Links)"));
        }

        return problems;
    }

    /// <summary>The model of a class: enough to emit a partial part of it and to make an instance.</summary>
    public static HandlerClassSpec Describe(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var t = type; t is not null; t = t.ContainingType)
        {
            chain.Insert(0, t);
        }

        var declarations = chain.Select(t =>
            (t.IsStatic ? "static " : string.Empty) + "partial " + (t.IsRecord ? "record " : string.Empty) + (t.TypeKind == TypeKind.Struct ? "struct " : "class ") + t.Name);
        var canEmitPartial = chain.All(t => !t.IsGenericType && t.DeclaringSyntaxReferences.Length > 0) && !NonPartialDeclarations(type, CancellationToken.None).Any();
        var constructor = type.IsStatic ? null : BindingRules.ChooseConstructor(type, out _);
        var constructorParameters = constructor is null
            ? []
            : constructor.Parameters.Select(p => new ServiceParameterSpec(
                p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                p.HasExplicitDefaultValue || p.NullableAnnotation == NullableAnnotation.Annotated)).ToArray();

        return new HandlerClassSpec(
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            new EquatableArray<string>(declarations),
            canEmitPartial,
            (type.IsStatic || constructor is not null) && !type.IsAbstract,
            new EquatableArray<ServiceParameterSpec>(constructorParameters));
    }
}
