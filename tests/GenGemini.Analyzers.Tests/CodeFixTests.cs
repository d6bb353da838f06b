using System.Collections.Immutable;
using GenGemini.Analyzers.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace GenGemini.Analyzers.Tests;

public class CodeFixTests
{
    private static async Task<string> ApplyAsync(string source, CodeFixProvider fix)
    {
        var diagnostic = Assert.Single(await AnalyzerHarness.DiagnoseAsync(source), d => fix.FixableDiagnosticIds.Contains(d.Id));
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Capsule", LanguageNames.CSharp);
        var document = workspace.AddDocument(project.Id, "Capsule.cs", SourceText.From(source));
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fix.RegisterCodeFixesAsync(context);
        var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        return (await changed.GetTextAsync()).ToString();
    }

    [Fact]
    public async Task Makes_the_class_partial()
    {
        var fixedSource = await ApplyAsync("using GenGemini;\npublic class Plain\n{\n    [Gemini(\"/x\")] public string M() => \"\";\n}\n", new MakePartialCodeFix());

        Assert.Contains("public partial class Plain", fixedSource);
        Assert.Empty(await AnalyzerHarness.DiagnoseAsync(fixedSource));
    }

    [Fact]
    public async Task Adds_the_missing_parameter_typed_by_its_constraint()
    {
        var source = AnalyzerHarness.Route("""[Gemini("users/{id:int}/{slug}")] public string M(string slug) => "";""");

        var fixedSource = await ApplyAsync(source, new AddParameterCodeFix());

        Assert.Contains("public string M(string slug, int id)", fixedSource);
        Assert.Empty(await AnalyzerHarness.DiagnoseAsync(fixedSource));
    }
}
