using System.Buffers.Binary;
using System.Net;
using System.Text;
using CsCheck;
using GenGemini.Protocol;
using GenGemini.Transport;

namespace GenGemini.Tests.Protocol;

/// <summary>
/// Properties of the parsers an attacker talks to, over generated inputs (CsCheck: a failure prints
/// the seed that replays it, and shrinks the input to a small one).
/// </summary>
public sealed class ParserPropertyTests
{
    private static readonly Gen<string> Segment = Gen.OneOf(
        Gen.Const("a"), Gen.Const("b"), Gen.Const("."), Gen.Const(".."), Gen.Const("%2e"), Gen.Const("%2E%2e"),
        Gen.Const(""), Gen.Const("x%20y"), Gen.Const("caf%C3%A9"), Gen.Const("%41"), Gen.String[Gen.Char["abc-_.~"], 0, 4]);

    private static readonly Gen<string> Path = Segment.Array[0, 8].Select(s => "/" + string.Join('/', s));

    [Fact]
    public void No_bytes_up_to_1100_make_the_request_parser_throw_and_every_refusal_is_59_or_53()
    {
        Gen.Byte.Array[0, 1100].Sample(bytes =>
        {
            var scan = RequestLineParser.Scan(bytes, out var length);
            if (scan != RequestLineScan.Complete)
            {
                return scan == RequestLineScan.Incomplete || (int)RequestLineParser.ScanError(scan).Status == 59;
            }

            return RequestLineParser.TryParse(bytes.AsSpan(0, length), out var uri, out var error)
                ? uri is not null
                : (int)error.Status is 59 or 53 && MetaValidator.Validate(error.Meta) is null;
        });
    }

    [Fact]
    public void Request_lines_built_from_printable_ASCII_never_make_the_parser_throw()
    {
        Gen.String[Gen.Char[' ', '~'], 0, 300].Sample(text =>
        {
            var bytes = Encoding.ASCII.GetBytes("gemini://h/" + text + "\r\n");
            _ = RequestLineParser.Scan(bytes, out var length);
            _ = RequestLineParser.TryParse(bytes.AsSpan(0, Math.Max(0, length)), out _, out _);
        });
    }

    [Fact]
    public void A_parsed_request_line_serialised_again_parses_to_the_same_request()
    {
        var gen = Gen.Select(Gen.OneOf(Gen.Const("localhost"), Gen.Const("example.org"), Gen.Const("192.0.2.7"), Gen.Const("[2001:db8::1]")), Gen.Int[1, 65535], Path, Gen.String[Gen.Char["abc%20=&"], 0, 10].Null());
        gen.Sample((host, port, path, query) =>
        {
            var url = $"gemini://{host}:{port}{path}" + (query is null ? string.Empty : "?" + query);
            if (!RequestLineParser.TryParse(Encoding.UTF8.GetBytes(url), out var first, out _))
            {
                return true; // refused (a bad escape in the query, a climbing path): nothing to compare
            }

            var again = $"gemini://{first!.Host}:{first.Port}{first.RawPath}" + (first.RawQuery is null ? string.Empty : "?" + first.RawQuery);
            return RequestLineParser.TryParse(Encoding.UTF8.GetBytes(again), out var second, out _)
                && (second!.Host, second.Port, second.Path, second.RawPath, second.Query) == (first.Host, first.Port, first.Path, first.RawPath, first.Query);
        });
    }

    [Fact]
    public void Path_normalisation_is_idempotent_and_never_leaves_the_root()
    {
        Path.Sample(raw =>
        {
            if (!RequestPaths.TryNormalize(raw, out var rawPath, out var path, out var problem))
            {
                return problem is "Path climbs above the root" or "Malformed percent-encoding in path";
            }

            var segments = path.Split('/');
            var depth = 0;
            foreach (var segment in segments.Skip(1))
            {
                depth += segment == ".." ? -1 : 1;
                if (depth < 0)
                {
                    return false;
                }
            }

            return !rawPath.Contains("//", StringComparison.Ordinal)
                && RequestPaths.TryNormalize(rawPath, out var again, out var againDecoded, out _)
                && again == rawPath && againDecoded == path;
        });
    }

    [Fact]
    public void Percent_decoding_what_was_encoded_gives_the_text_back()
    {
        Gen.String.Where(s => !s.Any(char.IsSurrogate)).Sample(text =>
            PercentEncoding.TryDecode(PercentEncoding.EncodePath(text), out var path) && path == text
            && PercentEncoding.TryDecode(PercentEncoding.EncodeSegment(text), out var segment) && segment == text
            && PercentEncoding.TryDecode(PercentEncoding.EncodeQuery(text), out var query) && query == text);
    }

    [Fact]
    public void A_netstring_is_its_length_a_colon_the_bytes_and_a_comma()
    {
        Gen.Byte.Array[0, 5000].Sample(payload =>
        {
            var encoded = Netstring.Encode(payload);
            var colon = Array.IndexOf(encoded, (byte)':');
            return encoded.Length == Netstring.GetEncodedLength(payload.Length)
                && int.Parse(Encoding.ASCII.GetString(encoded, 0, colon), System.Globalization.CultureInfo.InvariantCulture) == payload.Length
                && encoded.AsSpan(colon + 1, payload.Length).SequenceEqual(payload)
                && encoded[^1] == (byte)',';
        });
    }

    [Fact]
    public void A_PROXY_v2_header_built_from_any_addresses_parses_back_to_them()
    {
        var v4 = Gen.Byte.Array[4].Select(b => new IPAddress(b));
        var v6 = Gen.Byte.Array[16].Select(b => new IPAddress(b));
        Gen.Select(Gen.Bool, v4, v4, v6, v6, Gen.UShort, Gen.UShort).Sample((ipv6, s4, d4, s6, d6, sourcePort, destinationPort) =>
        {
            var (source, destination) = ipv6 ? (s6, d6) : (s4, d4);
            var addressBytes = ipv6 ? 16 : 4;
            var header = new byte[16 + 2 * addressBytes + 4];
            ProxyHeader.V2Signature.CopyTo(header);
            header[12] = 0x21; // version 2, PROXY
            header[13] = (byte)(ipv6 ? 0x21 : 0x11); // TCP over IPv6 or IPv4
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)(2 * addressBytes + 4));
            source.TryWriteBytes(header.AsSpan(16), out _);
            destination.TryWriteBytes(header.AsSpan(16 + addressBytes), out _);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(16 + 2 * addressBytes), sourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(18 + 2 * addressBytes), destinationPort);

            return ProxyHeader.TryParse(header, out var parsed, out var length) == ProxyParseStatus.Complete
                && length == header.Length
                && parsed.Source!.Address.Equals(source) && parsed.Source.Port == sourcePort
                && parsed.Destination!.Address.Equals(destination) && parsed.Destination.Port == destinationPort;
        });
    }

    [Fact]
    public void No_bytes_make_the_PROXY_header_parser_throw_or_claim_more_than_it_was_given()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var status = ProxyHeader.TryParse(bytes, out _, out var length);
            return status != ProxyParseStatus.Complete || (length > 0 && length <= bytes.Length);
        });
    }
}
