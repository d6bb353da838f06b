using System.Net;
using System.Text;
using GenGemini.Transport;

namespace GenGemini.Tests.Transport;

/// <summary>PROXY protocol v1 and v2 headers, as HAProxy writes them and as they can go wrong.</summary>
public class ProxyHeaderTests
{
    private static (ProxyParseStatus Status, ProxyHeader Header, int Length) Parse(byte[] bytes)
    {
        var status = ProxyHeader.TryParse(bytes, out var header, out var length);
        return (status, header, length);
    }

    private static byte[] V1(string line) => Encoding.ASCII.GetBytes(line);

    /// <summary>A v2 header: signature, version 2 and <paramref name="command"/>, <paramref name="family"/>, then <paramref name="body"/>.</summary>
    private static byte[] V2(byte command, byte family, byte[] body, int? declaredLength = null)
    {
        var length = declaredLength ?? body.Length;
        return [.. ProxyHeader.V2Signature, (byte)(0x20 | command), family, (byte)(length >> 8), (byte)length, .. body];
    }

    private static byte[] Ipv4Addresses(string source, string destination, int sourcePort, int destinationPort) =>
        [.. IPAddress.Parse(source).GetAddressBytes(), .. IPAddress.Parse(destination).GetAddressBytes(),
         (byte)(sourcePort >> 8), (byte)sourcePort, (byte)(destinationPort >> 8), (byte)destinationPort];

    [Fact]
    public void V1_tcp4_gives_the_clients_address_and_the_one_it_connected_to()
    {
        var bytes = V1("PROXY TCP4 127.0.0.5 127.0.0.1 56324 1965\r\n\x16\x03\x01");
        var (status, header, length) = Parse(bytes);

        Assert.Equal(ProxyParseStatus.Complete, status);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 56324), header.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 1965), header.Destination);
        Assert.Equal(bytes.Length - 3, length); // the TLS hello that follows is not the header's
    }

    [Fact]
    public void V1_tcp6()
    {
        var (status, header, _) = Parse(V1("PROXY TCP6 2001:db8::5 2001:db8::1 4000 1965\r\n"));

        Assert.Equal(ProxyParseStatus.Complete, status);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 4000), header.Source);
    }

    [Fact]
    public void V1_unknown_keeps_the_connections_own_address() =>
        Assert.Equal((ProxyParseStatus.Complete, (IPEndPoint?)null), (Parse(V1("PROXY UNKNOWN\r\n")).Status, Parse(V1("PROXY UNKNOWN\r\n")).Header.Source));

    [Theory]
    [InlineData("PROXY TCP4 127.0.0.5")]
    [InlineData("PROX")]
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 56324 1965\r")]
    public void A_v1_line_without_its_crlf_yet_needs_more(string partial) =>
        Assert.Equal(ProxyParseStatus.NeedMoreData, Parse(V1(partial)).Status);

    [Theory]
    [InlineData("PROXY TCP4 1 127.0.0.1 56324 1965\r\n")] // "1" parses as an address, but is not a dotted quad
    [InlineData("PROXY TCP4 2001:db8::5 127.0.0.1 56324 1965\r\n")] // the wrong family
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 65536 1965\r\n")]
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 056324 1965\r\n")]
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 -1 1965\r\n")]
    [InlineData("PROXY TCP4 127.0.0.5  127.0.0.1 56324 1965\r\n")]
    [InlineData("PROXY UDP4 127.0.0.5 127.0.0.1 56324 1965\r\n")]
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 56324 1965\n")]
    [InlineData("proxy TCP4 127.0.0.5 127.0.0.1 56324 1965\r\n")]
    [InlineData("GET / HTTP/1.0\r\n")]
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 56324\r\n")]              // four fields
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 56324 1965 7\r\n")]       // six fields
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 05632 1965\r\n")]         // a leading zero, five digits
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 56324 01965\r\n")]        // the same in the destination port
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 56324 65536\r\n")]
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1 5632x 1965\r\n")]
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1  1965\r\n")]               // an empty port
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.1.9 56324 1965\r\n")]       // four dots
    [InlineData("PROXY TCP4 127.0.0.5 127.0.0.x 56324 1965\r\n")]
    [InlineData("PROXY TCP6 2001:db8::5 2001:db8::g 56324 1965\r\n")]
    [InlineData("PROXY TCP6 2001:db8::5 127.0.0.1 56324 1965\r\n")]       // IPv4 in a TCP6 line
    [InlineData("PROXY TCP5 127.0.0.5 127.0.0.1 56324 1965\r\n")]
    [InlineData("PROXY \r\n")]
    [InlineData("PROXY\r\n")]
    public void A_malformed_v1_line_is_invalid(string line) =>
        Assert.Equal(ProxyParseStatus.Invalid, Parse(V1(line)).Status);

    [Fact]
    public void The_edges_of_a_v1_line_107_bytes_port_65535_and_port_0_are_accepted()
    {
        var longest = "PROXY UNKNOWN " + new string('x', 107 - 16) + "\r\n";
        Assert.Equal(107, longest.Length);
        Assert.Equal((ProxyParseStatus.Complete, 107), (Parse(V1(longest)).Status, Parse(V1(longest)).Length));
        Assert.Equal(ProxyParseStatus.Invalid, Parse(V1("PROXY UNKNOWN " + new string('x', 108 - 16) + "\r\n")).Status);
        // Without its CRLF, a line is still coming until it could no longer fit.
        Assert.Equal(ProxyParseStatus.NeedMoreData, Parse(V1(longest[..106])).Status);
        Assert.Equal(ProxyParseStatus.Invalid, Parse(V1(longest[..105] + "xx")).Status);

        var (status, header, _) = Parse(V1("PROXY TCP4 127.0.0.5 127.0.0.1 65535 0\r\n"));
        Assert.Equal(ProxyParseStatus.Complete, status);
        Assert.Equal(65535, header.Source!.Port);
        Assert.Equal(0, header.Destination!.Port);

        var mapped = Parse(V1("PROXY TCP6 ::ffff:127.0.0.5 2001:db8::1 1 2\r\n"));
        Assert.Equal(ProxyParseStatus.Complete, mapped.Status);
        Assert.Equal(IPAddress.Parse("::ffff:127.0.0.5"), mapped.Header.Source!.Address);
    }

    [Fact]
    public void A_v1_line_longer_than_107_bytes_is_invalid() =>
        Assert.Equal(ProxyParseStatus.Invalid, Parse(V1("PROXY UNKNOWN " + new string('x', 120) + "\r\n")).Status);

    [Fact]
    public void V2_tcp4_with_tlvs_skipped()
    {
        byte[] tlv = [0x04, 0x00, 0x03, 0x61, 0x62, 0x63]; // PP2_TYPE_NOOP, 3 bytes
        var bytes = V2(0x1, 0x11, [.. Ipv4Addresses("127.0.0.5", "127.0.0.1", 40000, 1965), .. tlv]);
        var (status, header, length) = Parse([.. bytes, 0x16, 0x03]);

        Assert.Equal(ProxyParseStatus.Complete, status);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 40000), header.Source);
        Assert.Equal(1965, header.Destination!.Port);
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void V2_tcp6()
    {
        byte[] addresses = [.. IPAddress.Parse("2001:db8::5").GetAddressBytes(), .. IPAddress.Parse("2001:db8::1").GetAddressBytes(), 0x9C, 0x40, 0x07, 0xAD];
        var (status, header, _) = Parse(V2(0x1, 0x21, addresses));

        Assert.Equal(ProxyParseStatus.Complete, status);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 40000), header.Source);
        Assert.Equal(1965, header.Destination!.Port);
    }

    [Fact]
    public void V2_local_is_the_balancer_itself()
    {
        var (status, header, _) = Parse(V2(0x0, 0x00, []));

        Assert.Equal(ProxyParseStatus.Complete, status);
        Assert.True(header.IsLocal);
        Assert.Null(header.Source);
    }

    [Fact]
    public void V2_unspec_carries_no_address() =>
        Assert.Null(Parse(V2(0x1, 0x00, [])).Header.Source);

    [Fact]
    public void A_truncated_v2_header_needs_more_at_every_length()
    {
        var bytes = V2(0x1, 0x11, Ipv4Addresses("127.0.0.5", "127.0.0.1", 40000, 1965));
        for (var n = 1; n < bytes.Length; n++)
        {
            Assert.Equal(ProxyParseStatus.NeedMoreData, Parse(bytes[..n]).Status);
        }
    }

    [Fact]
    public void A_v2_header_of_exactly_4096_bytes_is_read_and_one_byte_more_is_not()
    {
        byte[] addresses = Ipv4Addresses("127.0.0.5", "127.0.0.1", 40000, 1965);
        var padding = 4096 - 16 - addresses.Length - 3;
        byte[] tlv = [0x04, (byte)(padding >> 8), (byte)padding, .. new byte[padding]];
        var largest = V2(0x1, 0x11, [.. addresses, .. tlv]);
        Assert.Equal(4096, largest.Length);

        var (status, header, length) = Parse(largest);
        Assert.Equal(ProxyParseStatus.Complete, status);
        Assert.Equal(4096, length);
        Assert.Equal(40000, header.Source!.Port);
        Assert.Equal(ProxyParseStatus.NeedMoreData, Parse(largest[..4095]).Status);
        Assert.Equal(ProxyParseStatus.Invalid, Parse(V2(0x1, 0x11, [.. addresses, .. tlv, 0])).Status);
    }

    [Fact]
    public void A_v2_header_over_the_limit_is_invalid_before_it_is_read() =>
        Assert.Equal(ProxyParseStatus.Invalid, Parse(V2(0x1, 0x11, [], declaredLength: 5000)).Status);

    [Fact]
    public void A_v2_address_block_too_short_for_its_family_is_invalid() =>
        Assert.Equal(ProxyParseStatus.Invalid, Parse(V2(0x1, 0x11, [127, 0, 0, 5])).Status);

    [Theory]
    [InlineData(0x10)] // version 1 in a v2 header
    [InlineData(0x22)] // command 2
    public void A_v2_header_with_an_unknown_version_or_command_is_invalid(byte versionAndCommand)
    {
        byte[] bytes = [.. ProxyHeader.V2Signature, versionAndCommand, 0x11, 0, 12, .. Ipv4Addresses("127.0.0.5", "127.0.0.1", 1, 2)];
        Assert.Equal(ProxyParseStatus.Invalid, Parse(bytes).Status);
    }

    [Fact]
    public void A_wrong_signature_is_invalid()
    {
        byte[] bytes = [.. V2(0x1, 0x11, Ipv4Addresses("127.0.0.5", "127.0.0.1", 1, 2))];
        bytes[9] = (byte)'X';
        Assert.Equal(ProxyParseStatus.Invalid, Parse(bytes).Status);
    }

    [Fact]
    public void A_tls_hello_where_a_header_should_be_is_invalid() =>
        Assert.Equal(ProxyParseStatus.Invalid, Parse([0x16, 0x03, 0x01, 0x00, 0xC8]).Status);
}
