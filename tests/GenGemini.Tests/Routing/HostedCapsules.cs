namespace GenGemini.Tests.Routing;

[Gemini("/", Host = "blog.test")]
public static partial class BlogHost
{
    [Gemini("hosted")]
    public static string Home() => "blog";
}

[Gemini("/", Host = "wiki.test")]
public static partial class WikiHost
{
    [Gemini("hosted")]
    public static string Home() => "wiki";
}

[Gemini("/", Host = "*.pages.test")]
public static partial class PagesHost
{
    [Gemini("hosted")]
    public static string Home(Request request) => "pages " + request.Host;
}
