using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Security;

/// <summary>samples/Hello as people copy it: a visitor's words cannot change its pages or its wiki's page names.</summary>
public sealed class SampleSecurityTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_sample_search_cannot_be_made_to_show_a_link_and_page_names_cannot_climb()
    {
        using var directory = new TempDirectory();
        var (process, port) = await SampleProcess.StartAsync(directory.Path);
        using (process)
        {
            try
            {
                var search = await OpenSslClient.GetAsync(port, $"gemini://localhost:{port}/search?Mars%0a%0a=%3e%20gemini://evil/login%20Session%20expired").WaitAsync(Limit);
                var lines = search.Text.Split('\n');
                Assert.StartsWith("20 text/gemini\r\n", search.Text);
                Assert.DoesNotContain(lines, l => l.StartsWith("=>", StringComparison.Ordinal) && l.Contains("evil", StringComparison.Ordinal));
                Assert.Contains(lines, l => l.StartsWith("# Results for \"Mars  => gemini://evil/login Session expired\"", StringComparison.Ordinal));

                foreach (var page in new[] { "..%2fetc", "a%00b", "A.gmi", "x%2fy", "a..b" })
                {
                    var answer = await OpenSslClient.GetAsync(port, $"gemini://localhost:{port}/wiki/{page}").WaitAsync(Limit);
                    Assert.StartsWith("5", answer.Text); // 59, never a page
                    Assert.DoesNotContain("\0", answer.Text, StringComparison.Ordinal);
                }
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(Limit);
            }
        }
    }
}
