using System.Text;

namespace GenGemini.Protocol;

/// <summary>Formats <c>NN META\r\n</c>, refusing what the specification forbids.</summary>
internal static class ResponseHeaderWriter
{
    /// <summary>Status (2) + space (1) + META (1024) + CRLF (2).</summary>
    public const int MaxHeaderBytes = 2 + 1 + GeminiStatus.MaxMetaBytes + 2;

    /// <summary>Writes the header into <paramref name="destination"/> and returns the byte count.</summary>
    /// <exception cref="ArgumentException">The status is not one of the 18 defined codes or META is invalid.</exception>
    public static int Write(Span<byte> destination, StatusCode status, string meta)
    {
        var code = (int)status;
        if (!GeminiStatus.IsDefined(code))
        {
            throw new ArgumentException($"{code} is not a Gemini status code.", nameof(status));
        }

        var problem = MetaValidator.Validate(meta);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(meta));
        }

        destination[0] = (byte)('0' + code / 10);
        destination[1] = (byte)('0' + code % 10);
        destination[2] = (byte)' ';
        var written = 3 + Encoding.UTF8.GetBytes(meta, destination[3..]);
        destination[written++] = (byte)'\r';
        destination[written++] = (byte)'\n';
        return written;
    }

    public static byte[] ToArray(StatusCode status, string meta)
    {
        Span<byte> buffer = stackalloc byte[MaxHeaderBytes];
        return buffer[..Write(buffer, status, meta)].ToArray();
    }
}
