using System.ComponentModel;

namespace GenGemini.Routing;

/// <summary>Turns what a handler returned into a response; generated code picks the overload at compile time.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RouteResults
{
    /// <summary>A handler's result as a response (a string is gemtext, nothing is an empty 20). For generated code: not meant to be called by hand.</summary>
    public static ValueTask<Response> From(string? gemtext) => new(Response.Success(gemtext ?? string.Empty));

    /// <summary>A handler's result as a response (a string is gemtext, nothing is an empty 20). For generated code: not meant to be called by hand.</summary>
    public static ValueTask<Response> From(Response? response) => new(response ?? Response.Empty());

    /// <summary>A handler's result as a response (a string is gemtext, nothing is an empty 20). For generated code: not meant to be called by hand.</summary>
    public static async ValueTask<Response> From(Task<string> gemtext) => Response.Success(await gemtext.ConfigureAwait(false) ?? string.Empty);

    /// <summary>A handler's result as a response (a string is gemtext, nothing is an empty 20). For generated code: not meant to be called by hand.</summary>
    public static async ValueTask<Response> From(Task<Response> response) => await response.ConfigureAwait(false) ?? Response.Empty();

    /// <summary>A handler's result as a response (a string is gemtext, nothing is an empty 20). For generated code: not meant to be called by hand.</summary>
    public static async ValueTask<Response> From(Task task)
    {
        await task.ConfigureAwait(false);
        return Response.Empty();
    }

    /// <summary>A handler's result as a response (a string is gemtext, nothing is an empty 20). For generated code: not meant to be called by hand.</summary>
    public static ValueTask<Response> From(ValueTask<string> gemtext) =>
        gemtext.IsCompletedSuccessfully ? From(gemtext.Result) : Await(gemtext);

    /// <summary>A handler's result as a response (a string is gemtext, nothing is an empty 20). For generated code: not meant to be called by hand.</summary>
    public static ValueTask<Response> From(ValueTask<Response> response) =>
        response.IsCompletedSuccessfully ? From(response.Result) : AwaitResponse(response);

    /// <summary>A handler's result as a response (a string is gemtext, nothing is an empty 20). For generated code: not meant to be called by hand.</summary>
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

    /// <summary>A handler's gemtext as a response (<c>20 text/gemini</c>). For generated code: not meant to be called by hand.</summary>
    public static ValueTask<Response> From(Gemtext gemtext) => new(Response.Success(gemtext));

    /// <summary>A handler's gemtext as a response (<c>20 text/gemini</c>). For generated code: not meant to be called by hand.</summary>
    public static async ValueTask<Response> From(Task<Gemtext> gemtext) => Response.Success(await gemtext.ConfigureAwait(false));

    /// <summary>A handler's gemtext as a response (<c>20 text/gemini</c>). For generated code: not meant to be called by hand.</summary>
    public static ValueTask<Response> From(ValueTask<Gemtext> gemtext) =>
        gemtext.IsCompletedSuccessfully ? From(gemtext.Result) : AwaitGemtext(gemtext);

    /// <summary>
    /// The response with the route's language (<c>; lang=</c>) when it is gemtext that takes one.
    /// For generated code: not meant to be called by hand.
    /// </summary>
    public static ValueTask<Response> WithLanguage(ValueTask<Response> response, string language)
    {
        LanguageTags.Check(language);
        return response.IsCompletedSuccessfully ? new(response.Result.WithLanguage(language)) : Await(response, language);

        static async ValueTask<Response> Await(ValueTask<Response> response, string language) =>
            (await response.ConfigureAwait(false)).WithLanguage(language);
    }

    private static async ValueTask<Response> AwaitGemtext(ValueTask<Gemtext> gemtext) => Response.Success(await gemtext.ConfigureAwait(false));

    private static async ValueTask<Response> Await(ValueTask<string> gemtext) => Response.Success(await gemtext.ConfigureAwait(false) ?? string.Empty);

    private static async ValueTask<Response> AwaitResponse(ValueTask<Response> response) => await response.ConfigureAwait(false) ?? Response.Empty();
}
