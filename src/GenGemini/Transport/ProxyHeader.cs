using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GenGemini.Transport;

/// <summary>How far a PROXY protocol header has been read.</summary>
internal enum ProxyParseStatus
{
    /// <summary>What has arrived is a valid start: read more.</summary>
    NeedMoreData,

    /// <summary>A whole, valid header.</summary>
    Complete,

    /// <summary>Not a PROXY header, malformed, or too long.</summary>
    Invalid,
}

/// <summary>
/// What a load balancer's PROXY protocol header says (v1 text or v2 binary): the client's address
/// and the address it connected to. <see cref="Source"/> is null when the header carries none
/// (v1 UNKNOWN, v2 LOCAL or UNSPEC, a family other than TCP): the connection's own address stands.
/// </summary>
internal readonly record struct ProxyHeader(int Version, bool IsLocal, IPEndPoint? Source, IPEndPoint? Destination)
{
    /// <summary>The longest v1 line, CRLF included (the specification's limit).</summary>
    public const int MaxV1Length = 107;

    /// <summary>A v2 header's fixed part: signature, version and command, family, length.</summary>
    public const int V2FixedLength = 16;

    /// <summary>The longest v2 header accepted, TLVs included (HAProxy's own are far shorter).</summary>
    public const int MaxV2Length = 4096;

    /// <summary>The v2 signature: <c>\r\n\r\n\0\r\nQUIT\n</c>.</summary>
    public static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private static ReadOnlySpan<byte> V1Prefix => "PROXY "u8;

    /// <summary>
    /// Parses a header at the start of <paramref name="buffer"/>; on Complete, <paramref name="length"/>
    /// is its length (what follows belongs to the client: its TLS hello).
    /// </summary>
    public static ProxyParseStatus TryParse(ReadOnlySpan<byte> buffer, out ProxyHeader header, out int length)
    {
        header = default;
        length = 0;
        if (buffer.IsEmpty)
        {
            return ProxyParseStatus.NeedMoreData;
        }

        if (buffer[0] == (byte)'P')
        {
            return TryParseV1(buffer, out header, out length);
        }

        if (buffer[0] == 0x0D)
        {
            return TryParseV2(buffer, out header, out length);
        }

        return ProxyParseStatus.Invalid;
    }

    /// <summary>Whether the bytes so far agree with <paramref name="signature"/> (all of it, or as much as has arrived).</summary>
    private static bool StartsAs(ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> signature)
    {
        var count = Math.Min(buffer.Length, signature.Length);
        return buffer[..count].SequenceEqual(signature[..count]);
    }

    private static ProxyParseStatus TryParseV1(ReadOnlySpan<byte> buffer, out ProxyHeader header, out int length)
    {
        header = default;
        length = 0;
        if (!StartsAs(buffer, V1Prefix))
        {
            return ProxyParseStatus.Invalid;
        }

        var window = buffer[..Math.Min(buffer.Length, MaxV1Length)];
        var end = window.IndexOf("\r\n"u8);
        if (end < 0)
        {
            return buffer.Length >= MaxV1Length || window.IndexOf((byte)'\n') >= 0 ? ProxyParseStatus.Invalid : ProxyParseStatus.NeedMoreData;
        }

        length = end + 2;
        var line = Encoding.ASCII.GetString(window[V1Prefix.Length..end]);
        var parts = line.Split(' ');
        if (parts[0] == "UNKNOWN")
        {
            header = new ProxyHeader(1, false, null, null); // the rest of the line may be anything
            return ProxyParseStatus.Complete;
        }

        var family = parts[0] switch
        {
            "TCP4" => AddressFamily.InterNetwork,
            "TCP6" => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unknown,
        };
        if (family == AddressFamily.Unknown || parts.Length != 5
            || ParseAddress(parts[1], family) is not { } source || ParseAddress(parts[2], family) is not { } destination
            || ParsePort(parts[3]) is not { } sourcePort || ParsePort(parts[4]) is not { } destinationPort)
        {
            return ProxyParseStatus.Invalid;
        }

        header = new ProxyHeader(1, false, new IPEndPoint(source, sourcePort), new IPEndPoint(destination, destinationPort));
        return ProxyParseStatus.Complete;
    }

    /// <summary>An address in the family the line names, written as that family writes it (not "1" for 0.0.0.1).</summary>
    private static IPAddress? ParseAddress(string text, AddressFamily family)
    {
        var wellFormed = family == AddressFamily.InterNetwork
            ? text.Count(c => c == '.') == 3 && text.All(c => c == '.' || char.IsAsciiDigit(c))
            : text.Contains(':', StringComparison.Ordinal) && text.All(c => c == ':' || c == '.' || char.IsAsciiHexDigit(c));
        return wellFormed && IPAddress.TryParse(text, out var address) && address.AddressFamily == family ? address : null;
    }

    /// <summary>A port in plain decimal (no sign, no leading zero), 0-65535.</summary>
    private static int? ParsePort(string text)
    {
        if (text.Length is 0 or > 5 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
        {
            return null;
        }

        var port = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return port <= 65535 ? port : null;
    }

    private static ProxyParseStatus TryParseV2(ReadOnlySpan<byte> buffer, out ProxyHeader header, out int length)
    {
        header = default;
        length = 0;
        if (!StartsAs(buffer, V2Signature))
        {
            return ProxyParseStatus.Invalid;
        }

        if (buffer.Length < V2FixedLength)
        {
            return ProxyParseStatus.NeedMoreData;
        }

        var versionAndCommand = buffer[12];
        var command = versionAndCommand & 0x0F;
        if (versionAndCommand >> 4 != 2 || command > 1)
        {
            return ProxyParseStatus.Invalid;
        }

        var addressLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[14..16]);
        var total = V2FixedLength + addressLength;
        if (total > MaxV2Length)
        {
            return ProxyParseStatus.Invalid;
        }

        if (buffer.Length < total)
        {
            return ProxyParseStatus.NeedMoreData;
        }

        length = total;
        var addresses = buffer[V2FixedLength..total];
        if (command == 0)
        {
            header = new ProxyHeader(2, true, null, null); // LOCAL: the balancer itself (a health check)
            return ProxyParseStatus.Complete;
        }

        switch (buffer[13])
        {
            case 0x11 when addresses.Length >= 12: // TCP over IPv4 (TLVs, if any, follow and are skipped)
                header = new ProxyHeader(2, false,
                    new IPEndPoint(new IPAddress(addresses[..4]), BinaryPrimitives.ReadUInt16BigEndian(addresses[8..10])),
                    new IPEndPoint(new IPAddress(addresses[4..8]), BinaryPrimitives.ReadUInt16BigEndian(addresses[10..12])));
                return ProxyParseStatus.Complete;
            case 0x21 when addresses.Length >= 36: // TCP over IPv6
                header = new ProxyHeader(2, false,
                    new IPEndPoint(new IPAddress(addresses[..16]), BinaryPrimitives.ReadUInt16BigEndian(addresses[32..34])),
                    new IPEndPoint(new IPAddress(addresses[16..32]), BinaryPrimitives.ReadUInt16BigEndian(addresses[34..36])));
                return ProxyParseStatus.Complete;
            case 0x11 or 0x21:
                return ProxyParseStatus.Invalid; // too short for its own family
            default:
                header = new ProxyHeader(2, false, null, null); // UNSPEC, UDP or UNIX: no TCP client address to take
                return ProxyParseStatus.Complete;
        }
    }
}
