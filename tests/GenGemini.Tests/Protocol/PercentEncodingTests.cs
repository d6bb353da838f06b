using System.Text;
using GenGemini.Protocol;

namespace GenGemini.Tests.Protocol;

/// <summary>Percent-decoding as a request's path and query meet it, and the three encoders, at their edges.</summary>
public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("%41", "A")]
    [InlineData("a%2fb", "a/b")]            // lower-case hex
    [InlineData("%2B+", "++")]              // '+' is an ordinary character
    [InlineData("%C3%A9", "é")]             // UTF-8 in escapes
    [InlineData("é%20è", "é è")]            // UTF-8 as it is, beside escapes
    [InlineData("😀%21", "😀!")]           // a surrogate pair as it is
    [InlineData("%F0%9F%98%80", "😀")]
    [InlineData("%00", "\0")]               // decoding is not the place to refuse controls: the callers are
    [InlineData("%7e%7E", "~~")]
    public void Escapes_are_decoded(string input, string expected)
    {
        Assert.True(PercentEncoding.TryDecode(input, out var decoded));
        Assert.Equal(expected, decoded);
        Assert.True(PercentEncoding.TryDecode(input.AsSpan(), out var fromSpan));
        Assert.Equal(expected, fromSpan);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("a%")]
    [InlineData("a%4")]
    [InlineData("%4G")]
    [InlineData("%G4")]
    [InlineData("%%41")]
    [InlineData("%C3")]            // half a character
    [InlineData("%FF")]            // never UTF-8
    [InlineData("%C0%AF")]         // an over-long '/'
    [InlineData("%ED%A0%80")]      // a surrogate, encoded
    public void Malformed_escapes_and_bytes_that_are_not_UTF8_are_refused(string input)
    {
        Assert.False(PercentEncoding.TryDecode(input, out var decoded));
        Assert.Equal(string.Empty, decoded);
    }

    [Fact]
    public void A_long_input_is_decoded_whole_beyond_the_stack_buffer()
    {
        var input = string.Concat(Enumerable.Repeat("%C3%A9x", 400)) + new string('é', 300);
        Assert.True(PercentEncoding.TryDecode(input, out var decoded));
        Assert.Equal(string.Concat(Enumerable.Repeat("éx", 400)) + new string('é', 300), decoded);
        Assert.False(PercentEncoding.TryDecode(input + "%F", out _));
    }

    [Fact]
    public void A_string_without_escapes_is_returned_as_it_is()
    {
        var input = "no escapes here";
        Assert.True(PercentEncoding.TryDecode(input, out var decoded));
        Assert.Same(input, decoded);
    }

    [Theory]
    [InlineData("a b/c?d#e%f", "a%20b%2Fc%3Fd%23e%25f", "a%20b/c%3Fd%23e%25f", "a%20b%2Fc%3Fd%23e%25f")]
    [InlineData("safe-._~!$&'()*+,;=:@", "safe-._~!$&'()*+,;=:@", "safe-._~!$&'()*+,;=:@", "safe-._~%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%40")]
    [InlineData("é😀", "%C3%A9%F0%9F%98%80", "%C3%A9%F0%9F%98%80", "%C3%A9%F0%9F%98%80")]
    [InlineData("\n\u007f", "%0A%7F", "%0A%7F", "%0A%7F")]
    [InlineData("AZaz09", "AZaz09", "AZaz09", "AZaz09")]
    [InlineData("/", "%2F", "/", "%2F")]
    public void Each_encoder_keeps_what_its_place_allows(string value, string segment, string path, string query)
    {
        Assert.Equal(segment, PercentEncoding.EncodeSegment(value));
        Assert.Equal(path, PercentEncoding.EncodePath(value));
        Assert.Equal(query, PercentEncoding.EncodeQuery(value));
        Assert.True(PercentEncoding.TryDecode(PercentEncoding.EncodeQuery(value), out var back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void A_lone_surrogate_is_encoded_as_the_replacement_character()
    {
        Assert.Equal("a%EF%BF%BDb", PercentEncoding.EncodeQuery("a\ud800b"));
        Assert.Equal("%EF%BF%BD", PercentEncoding.EncodeQuery("\udc00"));
    }
}

/// <summary>Netstrings (SCGI's framing) at the edges of their length's digits.</summary>
public sealed class NetstringTests
{
    [Theory]
    [InlineData(0, "0:,")]
    [InlineData(1, "1:x,")]
    [InlineData(9, "9:xxxxxxxxx,")]
    [InlineData(10, "10:xxxxxxxxxx,")]
    public void A_payload_is_its_length_a_colon_itself_and_a_comma(int length, string expected)
    {
        var payload = Encoding.ASCII.GetBytes(new string('x', length));
        Assert.Equal(expected, Encoding.ASCII.GetString(Netstring.Encode(payload)));
        Assert.Equal(expected.Length, Netstring.GetEncodedLength(length));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(9, 1)]
    [InlineData(10, 2)]
    [InlineData(99, 2)]
    [InlineData(100, 3)]
    [InlineData(999_999, 6)]
    [InlineData(1_000_000, 7)]
    [InlineData(int.MaxValue, 10)]
    public void The_length_has_as_many_digits_as_it_is_written_with(int value, int digits) =>
        Assert.Equal(digits, Netstring.DigitCount(value));

    [Fact]
    public void Writing_into_a_buffer_too_small_for_the_length_is_refused()
    {
        var destination = new byte[0];
        Assert.Throws<ArgumentException>(() => Netstring.Write("abc"u8, destination));
        var exact = new byte[Netstring.GetEncodedLength(3)];
        Assert.Equal(exact.Length, Netstring.Write("abc"u8, exact));
        Assert.Equal("3:abc,", Encoding.ASCII.GetString(exact));
    }
}
