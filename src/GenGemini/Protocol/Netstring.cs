using System.Buffers.Text;

namespace GenGemini.Protocol;

/// <summary>Netstrings (<c>len:bytes,</c>), the framing of an SCGI request's headers.</summary>
internal static class Netstring
{
    /// <summary>Bytes needed to encode a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int GetEncodedLength(int payloadLength) => DigitCount(payloadLength) + 1 + payloadLength + 1;

    /// <summary>Encodes <paramref name="payload"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        if (!Utf8Formatter.TryFormat(payload.Length, destination, out var digits))
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        destination[digits] = (byte)':';
        payload.CopyTo(destination[(digits + 1)..]);
        destination[digits + 1 + payload.Length] = (byte)',';
        return digits + payload.Length + 2;
    }

    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        var result = new byte[GetEncodedLength(payload.Length)];
        Write(payload, result);
        return result;
    }

    internal static int DigitCount(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
