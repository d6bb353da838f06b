using System.Net;

namespace GenGemini.Internal;

/// <summary>Client addresses as the server compares them.</summary>
internal static class Addresses
{
    /// <summary>An IPv4 client on a dual-mode socket as IPv4 (<c>::ffff:192.0.2.7</c> is <c>192.0.2.7</c>): one address, whichever socket it came in on.</summary>
    public static IPAddress Unmapped(this IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
