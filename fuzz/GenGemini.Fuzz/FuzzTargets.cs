using System.Text;
using GenGemini.Generators.Routing;
using GenGemini.Protocol;
using GenGemini.Scgi;

namespace GenGemini.Fuzz;

/// <summary>
/// The fuzzed entry points and the invariants each must keep, whatever the bytes: no exception
/// but the documented ones, and answers that obey the protocol. The same code runs under AFL++
/// (Program) and in the corpus replay test, so a finding reproduces as a failing test.
/// </summary>
internal static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["request-line"] = RequestLine,
        ["request-path"] = RequestPath,
        ["backend-response"] = BackendResponse,
        ["route-template"] = Template,
        ["scgi-header"] = ScgiHeader,
    };

    /// <summary>An invariant broke: AFL++ records it as a crash, the replay test as a failure.</summary>
    public sealed class InvariantException(string message) : Exception(message);

    internal static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvariantException(what);
        }
    }

    /// <summary>Scan, then parse what the scan accepted: 59 or 53 for every refusal, a well-formed URI otherwise.</summary>
    public static void RequestLine(byte[] input)
    {
        var scan = RequestLineParser.Scan(input, out var length);
        if (scan == RequestLineScan.Incomplete)
        {
            Check(input.Length <= RequestLineParser.MaxUriBytes + 1, "a line over the limit was left incomplete");
            return;
        }

        if (scan != RequestLineScan.Complete)
        {
            var scanError = RequestLineParser.ScanError(scan);
            Check((int)scanError.Status is 59, $"scan refusal {scanError.Status}");
            return;
        }

        Check(length <= RequestLineParser.MaxUriBytes, "accepted a URI over 1024 bytes");
        if (!RequestLineParser.TryParse(input.AsSpan(0, length), out var uri, out var error))
        {
            Check((int)error.Status is 59 or 53, $"parse refusal {error.Status}");
            Check(MetaValidator.Validate(error.Meta) is null, "refusal META is not valid");
            return;
        }

        Check(uri is not null, "accepted without a URI");
        CheckNormalPath(uri!.RawPath, uri.Path);
        Check(uri.Port is >= 1 and <= 65535, "port out of range");
        Check(uri.Host.Length > 0, "empty host");
        Check(!uri.Url.Any(c => c < 0x20 || c == 0x7f), "control character in the URL");
        Check(!ControlCharacters.Any(uri.Host), "control character in the host");
        Check(uri.Host.StartsWith('[') || !uri.Host.AsSpan().ContainsAny(" /\\%@?#:[]<>\"'`"), "host holds a character no host name has");
        Check(uri.Host == uri.Host.ToLowerInvariant(), "host not lower-cased");
    }

    /// <summary>
    /// The one path normalisation: what it accepts is normal (no "//", no dot segment, no encoded
    /// slash, no control), decodes to the path it gives, and normalises to itself again.
    /// </summary>
    public static void RequestPath(byte[] input)
    {
        string raw;
        try
        {
            raw = new UTF8Encoding(false, true).GetString(input);
        }
        catch (DecoderFallbackException)
        {
            return; // the request line refuses bad UTF-8 before paths are looked at
        }

        raw = "/" + raw;
        if (!RequestPaths.TryNormalize(raw, out var rawPath, out var path, out var problem))
        {
            Check(problem is not null && MetaValidator.Validate(problem) is null, "a refusal without a valid META");
            return;
        }

        CheckNormalPath(rawPath, path);
        Check(RequestPaths.TryNormalize(rawPath, out var again, out var againDecoded, out _) && again == rawPath && againDecoded == path, "normalising twice changed the path");
    }

    private static void CheckNormalPath(string rawPath, string path)
    {
        Check(path.StartsWith('/') && rawPath.StartsWith('/'), "path does not start with '/'");
        Check(!rawPath.Contains("//", StringComparison.Ordinal) && !path.Contains("//", StringComparison.Ordinal), "an empty segment left in the path");
        Check(!rawPath.Split('/').Any(s => s.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) is "." or ".."), "dot segments left in the path");
        Check(!path.Split('/').Any(s => s is "." or ".."), "dot segments left in the decoded path");
        Check(!rawPath.Contains("%2f", StringComparison.OrdinalIgnoreCase) && !rawPath.Contains("%5c", StringComparison.OrdinalIgnoreCase), "an encoded slash left in the path");
        Check(!ControlCharacters.Any(path), "control character in the decoded path");
        Check(PercentEncoding.TryDecode(rawPath, out var decoded) && decoded == path, "the path is not the raw path decoded");
    }

    /// <summary>Only the 18 defined statuses, META at most 1024 bytes without CR or LF, a header inside the input.</summary>
    public static void BackendResponse(byte[] input)
    {
        var status = BackendResponseParser.TryParse(input, out var header);
        if (status != BackendParseStatus.Complete)
        {
            return;
        }

        Check(GeminiStatus.IsDefined((int)header.Status), $"undefined status {(int)header.Status}");
        Check(MetaValidator.Validate(header.Meta) is null, "invalid META accepted");
        Check(Encoding.UTF8.GetByteCount(header.Meta) <= 1024, "META over 1024 bytes");
        Check(header.HeaderLength > 0 && header.HeaderLength <= input.Length, "header length outside the input");
    }

    /// <summary>Any text: segments or errors, never an exception, and errors inside the text.</summary>
    public static void Template(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var (segments, errors) = RouteTemplate.Parse(text);
        foreach (var error in errors)
        {
            Check(Enum.IsDefined(error.Kind), "error without a problem kind");
            Check(error.Start >= 0 && error.Start + error.Length <= text.Length, "error span outside the template");
        }

        if (errors.Count == 0)
        {
            Check(segments.Count(s => s.Kind == SegmentKind.CatchAll) <= 1, "two catch-alls accepted");
            Check(segments.Take(Math.Max(0, segments.Count - 1)).All(s => s.Kind != SegmentKind.CatchAll && !s.Optional), "catch-all or optional before the last segment");
        }
    }

    /// <summary>
    /// Headers from NUL-separated name/value pairs, built, then read back with a netstring reader of
    /// this harness's own: CONTENT_LENGTH first, SCGI=1 second, each name once, values intact.
    /// </summary>
    public static void ScgiHeader(byte[] input)
    {
        var parts = Encoding.UTF8.GetString(input).Split('\0');
        var expected = new List<KeyValuePair<string, string>> { new("CONTENT_LENGTH", "0"), new("SCGI", "1") };
        using var builder = new ScgiHeaderBuilder(16);
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            if (parts[i].Length == 0)
            {
                continue;
            }

            var added = builder.Add(parts[i], parts[i + 1]);
            var duplicate = expected.Any(p => p.Key == parts[i]);
            Check(added != duplicate, added ? "a duplicate name was added" : "a new name was refused");
            if (added)
            {
                expected.Add(new(parts[i], parts[i + 1]));
            }
        }

        var read = ReadNetstring(builder.Finish().ToArray());
        Check(read.Count == expected.Count, $"{read.Count} headers read back, {expected.Count} written");
        for (var i = 0; i < read.Count; i++)
        {
            // Values travel as UTF-8: a lone surrogate comes back as U+FFFD, as UTF-8 allows nothing else.
            var want = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(expected[i].Value));
            var name = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(expected[i].Key));
            Check(read[i].Key == name && read[i].Value == want, $"header {i} changed on the way");
        }
    }

    /// <summary>An independent reader: "len:" then exactly len bytes of NAME\0VALUE\0 pairs, then ",".</summary>
    private static List<KeyValuePair<string, string>> ReadNetstring(byte[] bytes)
    {
        var colon = Array.IndexOf(bytes, (byte)':');
        Check(colon > 0 && bytes[..colon].All(b => b is >= (byte)'0' and <= (byte)'9'), "no length prefix");
        Check(colon == 1 || bytes[0] != (byte)'0', "length with a leading zero");
        var length = int.Parse(Encoding.ASCII.GetString(bytes, 0, colon), System.Globalization.CultureInfo.InvariantCulture);
        Check(bytes.Length == colon + 1 + length + 1 && bytes[^1] == (byte)',', "length does not match the payload");
        var payload = bytes.AsSpan(colon + 1, length);
        Check(payload.Length > 0 && payload[^1] == 0, "payload does not end with NUL");
        var fields = Encoding.UTF8.GetString(payload[..^1]).Split('\0');
        Check(fields.Length % 2 == 0, "odd number of fields");
        var result = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < fields.Length; i += 2)
        {
            result.Add(new(fields[i], fields[i + 1]));
        }

        return result;
    }
}
