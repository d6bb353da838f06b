namespace GenGemini.Protocol;

/// <summary>Facts about status codes that the writer and the backend parser share.</summary>
internal static class GeminiStatus
{
    /// <summary>Longest META the specification allows, in UTF-8 bytes.</summary>
    public const int MaxMetaBytes = 1024;

    public static bool IsDefined(int code) => code switch
    {
        10 or 11 or 20 or 30 or 31 or 40 or 41 or 42 or 43 or 44
            or 50 or 51 or 52 or 53 or 59 or 60 or 61 or 62 => true,
        _ => false,
    };

    public static bool IsSuccess(StatusCode code) => (int)code is >= 20 and < 30;

    /// <summary>
    /// Backends may send any code in 10-69 (the spec tells clients to treat an unknown code
    /// by its first digit); the server sends only defined codes, so an undefined one is
    /// folded to the base code of its class.
    /// </summary>
    public static StatusCode Normalize(int code)
    {
        if (IsDefined(code))
        {
            return (StatusCode)code;
        }

        return (code / 10) switch
        {
            1 => StatusCode.Input,
            2 => StatusCode.Success,
            3 => StatusCode.RedirectTemporary,
            4 => StatusCode.TemporaryFailure,
            5 => StatusCode.PermanentFailure,
            6 => StatusCode.ClientCertificateRequired,
            _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Gemini status codes are 10-69."),
        };
    }
}
