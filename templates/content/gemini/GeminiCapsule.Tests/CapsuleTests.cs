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
        Assert.Contains("=> /hello/gemini", response.Text);
    }

    [Fact]
    public async Task Hello_uses_the_injected_service()
    {
        var response = await Client().GetAsync("/hello/world");

        Assert.Equal("# Hello, world!\n", response.Text);
    }

    [Fact]
    public async Task Ask_prompts_then_answers()
    {
        var client = Client();

        Assert.Equal(StatusCode.Input, (await client.GetAsync("/ask")).Status);
        Assert.Equal("# Hello, Ada!\n", (await client.InputAsync("/ask", "Ada")).Text);
    }
}
