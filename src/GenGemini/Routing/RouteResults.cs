using System.ComponentModel;

namespace GenGemini.Routing;

/// <summary>Turns what a handler returned into a response; generated code picks the overload at compile time.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RouteResults
{
    public static ValueTask<Response> From(string? gemtext) => new(Response.Success(gemtext ?? string.Empty));

    public static ValueTask<Response> From(Response? response) => new(response ?? Response.Empty());

    public static async ValueTask<Response> From(Task<string> gemtext) => Response.Success(await gemtext.ConfigureAwait(false) ?? string.Empty);

    public static async ValueTask<Response> From(Task<Response> response) => await response.ConfigureAwait(false) ?? Response.Empty();

    public static async ValueTask<Response> From(Task task)
    {
        await task.ConfigureAwait(false);
        return Response.Empty();
    }

    public static ValueTask<Response> From(ValueTask<string> gemtext) =>
        gemtext.IsCompletedSuccessfully ? From(gemtext.Result) : Await(gemtext);

    public static ValueTask<Response> From(ValueTask<Response> response) =>
        response.IsCompletedSuccessfully ? From(response.Result) : AwaitResponse(response);

    public static ValueTask<Response> From(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return new(Response.Empty());
        }

        return Await(task);

        static async ValueTask<Response> Await(ValueTask task)
        {
            await task.ConfigureAwait(false);
            return Response.Empty();
        }
    }

    private static async ValueTask<Response> Await(ValueTask<string> gemtext) => Response.Success(await gemtext.ConfigureAwait(false) ?? string.Empty);

    private static async ValueTask<Response> AwaitResponse(ValueTask<Response> response) => await response.ConfigureAwait(false) ?? Response.Empty();
}
