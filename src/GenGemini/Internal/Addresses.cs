using System.Net;

namespace GenGemini.Internal;

/// <summary>Client addresses as the server compares them.</summary>
internal static class Addresses
{
    /// <summary>An IPv4 client on a dual-mode socket as IPv4 (<c>::ffff:192.0.2.7</c> is <c>192.0.2.7</c>): one address, whichever socket it came in on.</summary>
    public static IPAddress Unmapped(this IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>
    /// The group a client's address counts in, for per-address caps and rate limits alike: an IPv4
    /// address itself, an IPv6 address by its /64 (one host usually holds a whole /64, so counting
    /// /128s would give it 2^64 caps).
    /// </summary>
    public static IPAddress Group(this IPAddress address)
    {
        address = address.Unmapped();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
