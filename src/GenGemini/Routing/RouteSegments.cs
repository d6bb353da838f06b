using System.Runtime.CompilerServices;

namespace GenGemini;

/// <summary>
/// A request path split on '/' into percent-decoded segments, without allocating when the
/// path holds no escapes. "/" has no segments; "/a/" has two ("a" and "").
/// </summary>
public readonly ref struct RouteSegments
{
    /// <summary>More segments than this and the path is not routed (51).</summary>
    public const int MaxSegments = 64;

    private readonly ReadOnlySpan<char> _buffer;
    private readonly ReadOnlySpan<Range> _ranges;

    /// <summary>The segments of <paramref name="buffer"/> that <paramref name="ranges"/> mark.</summary>
    public RouteSegments(ReadOnlySpan<char> buffer, ReadOnlySpan<Range> ranges)
    {
        _buffer = buffer;
        _ranges = ranges;
    }

    /// <summary>How many segments the path has.</summary>
    public int Count => _ranges.Length;

    /// <summary>The decoded text of segment <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _buffer[_ranges[index]];
    }

    /// <summary>Segments from <paramref name="start"/> on, joined with '/' (the value of a catch-all).</summary>
    public string Rest(int start)
    {
        if (start >= _ranges.Length)
        {
            return string.Empty;
        }

        var length = _ranges.Length - start - 1;
        for (var i = start; i < _ranges.Length; i++)
        {
            length += _ranges[i].GetOffsetAndLength(_buffer.Length).Length;
        }

        Span<char> chars = length <= 512 ? stackalloc char[512] : new char[length];
        var position = 0;
        for (var i = start; i < _ranges.Length; i++)
        {
            if (i > start)
            {
                chars[position++] = '/';
            }

            var segment = _buffer[_ranges[i]];
            segment.CopyTo(chars[position..]);
            position += segment.Length;
        }

        return new string(chars[..length]);
    }

    /// <summary>
    /// Splits <paramref name="rawPath"/> into <paramref name="ranges"/> (see <see cref="Split"/>) and
    /// returns its segments; false when the path cannot be routed (too many segments, a bad escape).
    /// </summary>
    internal static bool TryCreate(string rawPath, Span<Range> ranges, out RouteSegments segments)
    {
        var count = Split(rawPath, ranges, out var decoded);
        segments = count < 0 ? default : new RouteSegments(decoded ?? rawPath, ranges[..count]);
        return count >= 0;
    }

    /// <summary>
    /// Splits <paramref name="rawPath"/> into <paramref name="ranges"/>; when an escape is present the
    /// decoded segments are written to <paramref name="decoded"/>, which then is the buffer to read.
    /// Returns the segment count, or -1 when the path has too many segments or a bad escape.
    /// </summary>
    public static int Split(ReadOnlySpan<char> rawPath, Span<Range> ranges, out string? decoded)
    {
        decoded = null;
        var path = rawPath.Length > 0 && rawPath[0] == '/' ? rawPath[1..] : rawPath;
        if (path.IsEmpty)
        {
            return 0;
        }

        var count = 0;
        var offset = rawPath.Length - path.Length;
        var hasEscape = path.IndexOf('%') >= 0;
        System.Text.StringBuilder? builder = hasEscape ? new System.Text.StringBuilder(path.Length) : null;
        while (true)
        {
            if (count == ranges.Length)
            {
                return -1;
            }

            var slash = path.IndexOf('/');
            var segment = slash < 0 ? path : path[..slash];
            if (builder is null)
            {
                ranges[count++] = new Range(offset, offset + segment.Length);
            }
            else
            {
                if (!Protocol.PercentEncoding.TryDecode(segment, out var text))
                {
                    return -1;
                }

                ranges[count++] = new Range(builder.Length, builder.Length + text.Length);
                builder.Append(text);
            }

            if (slash < 0)
            {
                break;
            }

            offset += slash + 1;
            path = path[(slash + 1)..];
        }

        decoded = builder?.ToString();
        return count;
    }
}
