using GenGemini;

namespace GeminiCapsule;

[Gemini("/")]
public partial class Capsule(GreetingService greetings)
{
    [Gemini("")]
    public string Home() => $"""
        # GeminiCapsule

        => {Links.Hello("gemini")} Say hello
        => {Links.Ask()} Say hello to someone else

        """;

    [Gemini("hello/{name}")]
    public string Hello(string name) => $"# {greetings.Greet(name)}\n";

    [Input("ask", Prompt = "Your name?")]
    public string Ask(string query) => $"# {greetings.Greet(query)}\n";
}
