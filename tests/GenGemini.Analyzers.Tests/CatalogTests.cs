using Microsoft.CodeAnalysis.Diagnostics;

namespace GenGemini.Analyzers.Tests;

public class CatalogTests
{
    [Fact]
    public void Every_diagnostic_has_its_doc_page_and_a_unique_id()
    {
        DiagnosticAnalyzer[] analyzers = [new RouteAnalyzer(), new ScgiAnalyzer(), new BlockingHandlerAnalyzer()];
        var descriptors = analyzers.SelectMany(a => a.SupportedDiagnostics).DistinctBy(d => d.Id).ToList();
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "GenGemini.sln")))
        {
            root = root.Parent!;
        }

        Assert.Equal(27, descriptors.Count);
        foreach (var descriptor in descriptors)
        {
            Assert.Matches("^GG00[0-9]{2}$", descriptor.Id);
            Assert.Equal($"docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            var page = File.ReadAllText(Path.Combine(root.FullName, descriptor.HelpLinkUri));
            Assert.StartsWith($"# {descriptor.Id}: {descriptor.Title}", page);
            Assert.Contains("## Bad", page);
            Assert.Contains("## Fixed", page);
        }
    }
}
