using GenGemini;

namespace GeminiCapsule;

[Gemini("/")]
public partial class Capsule(GreetingService greetings)
{
    private static readonly string[] Friends = ["Ada", "Grace", "Linus"];

    // Gemtext.Format: the holes are values, so a visitor's words cannot add a line to the page.
    [Gemini("")]
    public Gemtext Home() => Gemtext.Format($"""
        # GeminiCapsule

        => {Links.Hello("gemini")} Say hello
        => {Links.Ask()} Say hello to someone else

        """);

    [Gemini("hello/{name}")]
    public Gemtext Hello(string name) => Page(name);

    [Input("ask", Prompt = "Your name?")]
    public Gemtext Ask(string query) => Page(query);

    private Gemtext Page(string name) => new HelloPage
    {
        Greeting = greetings.Greet(name),
        Others = [.. Friends.Where(f => f != name).Select(f => new Friend(f, Links.Hello(f)))],
    }.Render();
}
