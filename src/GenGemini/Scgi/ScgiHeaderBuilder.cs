using System.Buffers;
using System.Text;
using GenGemini.Application;
using GenGemini.Gateways;

namespace GenGemini.Scgi;

/// <summary>
/// Builds an SCGI request: the netstring of NUL-separated headers, CONTENT_LENGTH first and
/// SCGI=1 second, in one pooled buffer that goes out in ONE write (uWSGI drops a request whose
/// final comma arrives in a later read). Room for the length prefix is kept in front so
/// nothing is copied when the block is finished.
/// </summary>
internal sealed class ScgiHeaderBuilder : IVariableSink, IDisposable
{
    private const int PrefixRoom = 10; // up to 9 digits and ':'
    private string[] _names = ArrayPool<string>.Shared.Rent(32);
    private int _nameCount;
    private byte[] _buffer;
    private int _length = PrefixRoom;

    public ScgiHeaderBuilder(int initialSize = 2048)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
        Add("CONTENT_LENGTH", "0");
        Add("SCGI", "1");
    }

    public IReadOnlyList<string> Names => new ArraySegment<string>(_names, 0, _nameCount);

    /// <summary>Adds a header unless one of that name is there (no duplicates, no empty names).</summary>
    public bool Add(string name, string value) => Add(name, value.AsSpan());

    /// <summary>Formats the value straight into the header block: no string is made.</summary>
    public bool Add<T>(string name, T value)
        where T : ISpanFormattable
    {
        Span<char> text = stackalloc char[64];
        return value.TryFormat(text, out var length, default, System.Globalization.CultureInfo.InvariantCulture)
            ? Add(name, text[..length])
            : Add(name, value.ToString(null, System.Globalization.CultureInfo.InvariantCulture));
    }

    private bool Add(string name, ReadOnlySpan<char> value)
    {
        if (name.Length == 0 || name.Contains('\0') || value.Contains('\0'))
        {
            throw new ArgumentException("SCGI header names must be non-empty and neither names nor values may contain NUL.", nameof(name));
        }

        for (var i = 0; i < _nameCount; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (_nameCount == _names.Length)
        {
            var more = ArrayPool<string>.Shared.Rent(_names.Length * 2);
            _names.AsSpan(0, _nameCount).CopyTo(more);
            ArrayPool<string>.Shared.Return(_names, clearArray: true);
            _names = more;
        }

        _names[_nameCount++] = name;
        EnsureRoom(Encoding.UTF8.GetMaxByteCount(name.Length + value.Length) + 2);

        _length += Encoding.UTF8.GetBytes(name, _buffer.AsSpan(_length));
        _buffer[_length++] = 0;
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        _buffer[_length++] = 0;
        return true;
    }

    /// <summary>Closes the netstring and returns the whole request.</summary>
    public ReadOnlyMemory<byte> Finish()
    {
        var payload = _length - PrefixRoom;
        var digits = Protocol.Netstring.DigitCount(payload);
        var start = PrefixRoom - digits - 1;
        payload.TryFormat(_buffer.AsSpan(start, digits), out _, default, System.Globalization.CultureInfo.InvariantCulture);
        _buffer[PrefixRoom - 1] = (byte)':';
        EnsureRoom(1);
        _buffer[_length++] = (byte)',';
        return _buffer.AsMemory(start, _length - start);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<string>.Shared.Return(_names, clearArray: true);
        _buffer = [];
        _names = [];
    }

    private void EnsureRoom(int count)
    {
        if (_length + count > _buffer.Length)
        {
            _buffer = Internal.PooledBuffer.Grow(_buffer, _length, Math.Max(_buffer.Length * 2, _length + count));
        }
    }
}
