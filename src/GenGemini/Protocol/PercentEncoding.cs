using System.Buffers;
using System.Text;

namespace GenGemini.Protocol;

/// <summary>RFC 3986 percent-encoding. '+' is an ordinary character: Gemini is not HTML forms.</summary>
public static class PercentEncoding
{
    private static readonly SearchValues<char> SegmentSafe = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@");

    private static readonly SearchValues<char> Unreserved = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

    /// <summary>
    /// Decodes %XX sequences. Returns false for a malformed escape or when the decoded bytes
    /// are not UTF-8, so a caller can answer 59 instead of guessing.
    /// </summary>
    public static bool TryDecode(string input, out string decoded)
    {
        if (input.IndexOf('%') < 0)
        {
            decoded = input; // nothing to decode: no copy
            return true;
        }

        return TryDecode(input.AsSpan(), out decoded);
    }

    /// <inheritdoc cref="TryDecode(string, out string)"/>
    public static bool TryDecode(ReadOnlySpan<char> input, out string decoded)
    {
        var firstPercent = input.IndexOf('%');
        if (firstPercent < 0)
        {
            decoded = input.ToString();
            return true;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(input.Length);
        byte[]? rented = null;
        Span<byte> bytes = maxBytes <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var count = 0;
            for (var i = 0; i < input.Length; i++)
            {
                var c = input[i];
                if (c == '%')
                {
                    if (i + 2 >= input.Length || !IsHex(input[i + 1]) || !IsHex(input[i + 2]))
                    {
                        decoded = string.Empty;
                        return false;
                    }

                    bytes[count++] = (byte)((HexValue(input[i + 1]) << 4) | HexValue(input[i + 2]));
                    i += 2;
                }
                else if (c < 0x80)
                {
                    bytes[count++] = (byte)c;
                }
                else
                {
                    var end = i + 1;
                    if (char.IsHighSurrogate(c) && end < input.Length && char.IsLowSurrogate(input[end]))
                    {
                        end++;
                    }

                    count += Encoding.UTF8.GetBytes(input[i..end], bytes[count..]);
                    i = end - 1;
                }
            }

            var result = bytes[..count];
            if (!System.Text.Unicode.Utf8.IsValid(result))
            {
                decoded = string.Empty;
                return false;
            }

            decoded = Encoding.UTF8.GetString(result);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Encodes a value for use as one path segment (a '/' inside it is escaped).</summary>
    public static string EncodeSegment(string value) => Encode(value, SegmentSafe, keepSlash: false);

    /// <summary>Encodes a value that may span several segments (catch-all parameters): '/' is kept.</summary>
    public static string EncodePath(string value) => Encode(value, SegmentSafe, keepSlash: true);

    /// <summary>Encodes a query for a Gemini input response: everything but unreserved characters.</summary>
    public static string EncodeQuery(string value) => Encode(value, Unreserved, keepSlash: false);

    private static string Encode(string value, SearchValues<char> safe, bool keepSlash)
    {
        var span = value.AsSpan();
        var firstUnsafe = span.IndexOfAnyExcept(safe);
        if (firstUnsafe < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        builder.Append(span[..firstUnsafe]);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = firstUnsafe; i < span.Length; i++)
        {
            var c = span[i];
            if (safe.Contains(c) || (keepSlash && c == '/'))
            {
                builder.Append(c);
                continue;
            }

            var end = i + 1;
            if (char.IsHighSurrogate(c) && end < span.Length && char.IsLowSurrogate(span[end]))
            {
                end++;
            }

            var n = Encoding.UTF8.GetBytes(span[i..end], utf8);
            for (var b = 0; b < n; b++)
            {
                builder.Append('%').Append("0123456789ABCDEF"[utf8[b] >> 4]).Append("0123456789ABCDEF"[utf8[b] & 0xF]);
            }

            i = end - 1;
        }

        return builder.ToString();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
