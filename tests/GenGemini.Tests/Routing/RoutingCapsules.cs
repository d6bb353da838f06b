using GenGemini;

namespace GenGemini.Tests.Routing;

// Capsules compiled with the real generator; RoutingTests drives them through TestClient.

[Gemini("/typed")]
public partial class TypedRoutes
{
    [Gemini("int/{value:int}")]
    public static string Int(int value) => $"int {value}";

    [Gemini("long/{value:long}")]
    public static string Long(long value) => $"long {value}";

    [Gemini("guid/{value:guid}")]
    public static string Guid(System.Guid value) => $"guid {value}";

    [Gemini("bool/{value:bool}")]
    public static string Bool(bool value) => $"bool {value}";

    [Gemini("double/{value:double}")]
    public static string Double(double value) => $"double {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    [Gemini("decimal/{value:decimal}")]
    public static string Decimal(decimal value) => $"decimal {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    [Gemini("float/{value:float}")]
    public static string Float(float value) => $"float {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    [Gemini("alpha/{value:alpha}")]
    public static string Alpha(string value) => $"alpha {value}";

    [Gemini("implied/{value}")]
    public static string Implied(int value) => $"implied int {value}";

    [Gemini("text/{value}")]
    public static string Text(string value) => $"text {value}";
}

// Declared in an order opposite to precedence on purpose.
[Gemini("/p")]
public partial class PrecedenceRoutes
{
    [Gemini("{*rest}")]
    public static string CatchAll(string rest) => $"catch-all {rest}";

    [Gemini("{name}")]
    public static string Parameter(string name) => $"parameter {name}";

    [Gemini("{id:int}")]
    public static string Constrained(int id) => $"constrained {id}";

    [Gemini("new")]
    public static string Literal() => "literal";
}

[Gemini("/files")]
public partial class FileRoutes
{
    [Gemini("{*path}")]
    public static string Files(string path) => $"path=[{path}]";

    [Gemini("users/{name?}")]
    public static string Users(string? name) => name is null ? "all users" : $"user {name}";

    [Gemini("page/{n:int?}")]
    public static string Page(int? n) => $"page {(n is null ? "none" : n.ToString())}";
}

public partial class InstanceRoutes
{
    private int _calls;

    [Gemini("/counter")]
    public string Counter() => $"calls {++_calls}";

    [Input("/ask", Prompt = "Your name?")]
    public string Ask(string query) => $"hello {query}";

    [Input("/secret/{slot:int}", Prompt = "Password?", Sensitive = true)]
    public static string Secret(int slot, string password, Request request) => $"slot {slot} pw {password} raw {request.RawQuery}";

    [Gemini("/async/task")]
    public async Task<string> AsyncTask()
    {
        await Task.Yield();
        return "task string";
    }

    [Gemini("/async/valuetask")]
    public ValueTask<Response> AsyncValueTask(CancellationToken cancellationToken) =>
        ValueTask.FromResult(cancellationToken.CanBeCanceled ? Response.Success("cancellable") : Response.Success("not cancellable"));

    [Gemini("/void")]
    public void Nothing()
    {
    }

    [Gemini("/async/void-task")]
    public static Task NothingAsync() => Task.Delay(1);

    [Gemini("/café/{word}", Name = "Cafe")]
    public static string Coffee(string word) => $"coffee {word}";

    [Gemini("/throws")]
    public static string Throws() => throw new GeminiException(StatusCode.Gone, "Gone for good");
}

public sealed partial class NeedsDependency(string greeting)
{
    [Gemini("/greet")]
    public string Greet() => greeting;
}
