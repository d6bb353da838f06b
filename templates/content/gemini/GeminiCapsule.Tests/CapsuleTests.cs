using GenGemini;
using GenGemini.Testing;
using Xunit;

namespace GeminiCapsule.Tests;

public class CapsuleTests
{
    private static TestClient Client() => new(CapsuleApp.Build([]));

    [Fact]
    public async Task Home_links_to_hello()
    {
        var response = await Client().GetAsync("/");

        Assert.Equal(StatusCode.Success, response.Status);
        Assert.True(response.Gemtext.HasLinkTo("/hello/gemini"));
    }

    [Fact]
    public async Task Hello_uses_the_injected_service()
    {
        var page = (await Client().GetAsync("/hello/world")).Gemtext;

        Assert.Equal("Hello, world!", page.Title);
        Assert.True(page.HasLinkTo("/hello/Ada"));
        Assert.True(page.HasLinkTo("/"));
    }

    [Fact]
    public async Task Ask_prompts_then_answers()
    {
        var client = Client();

        Assert.Equal(StatusCode.Input, (await client.GetAsync("/ask")).Status);
        var page = (await client.InputAsync("/ask", "Ada\n=> gemini://evil/ Log in")).Gemtext;
        Assert.Equal("Hello, Ada => gemini://evil/ Log in!", page.Title);
        Assert.DoesNotContain(page.Links, l => l.Url!.Contains("evil", StringComparison.Ordinal));
    }
}
