using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenGemini.Analyzers.CodeFixes;

/// <summary>GG0008: adds the method parameter a route parameter needs, typed by its constraint.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddParameterCodeFix)), Shared]
public sealed class AddParameterCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("GG0008");

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var method = root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        var diagnostic = context.Diagnostics[0];
        if (root is null || method is null
            || !diagnostic.Properties.TryGetValue("parameter", out var name) || name is null
            || !diagnostic.Properties.TryGetValue("type", out var type) || type is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Add parameter '{type} {name}'",
                _ =>
                {
                    var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name)).WithType(SyntaxFactory.ParseTypeName(type).WithTrailingTrivia(SyntaxFactory.Space));
                    var updated = method.WithParameterList(method.ParameterList.AddParameters(parameter));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, updated)));
                },
                equivalenceKey: "AddParameter:" + name),
            diagnostic);
    }
}
