using System.Net;
using System.Net.Sockets;
using GenGemini.Internal;

namespace GenGemini;

/// <summary>
/// Which client addresses may connect: IPs and CIDR ranges, IPv4 and IPv6. With an allow list,
/// only addresses in it pass; an address in the deny list never does (deny wins). Empty lists
/// allow everyone. IPv4 clients on a dual-stack socket (::ffff:a.b.c.d) are matched as IPv4.
/// </summary>
public sealed class NetworkAccessList
{
    private readonly IPNetwork[] _allow;
    private readonly IPNetwork[] _deny;

    private NetworkAccessList(IPNetwork[] allow, IPNetwork[] deny)
    {
        _allow = allow;
        _deny = deny;
    }

    /// <summary>Everyone may connect.</summary>
    public static NetworkAccessList AllowAll { get; } = new([], []);

    /// <summary>Whether both lists are empty.</summary>
    public bool IsEmpty => _allow.Length == 0 && _deny.Length == 0;

    /// <summary>Parses "192.0.2.7", "10.0.0.0/8", "2001:db8::/32"... ; throws <see cref="FormatException"/> naming a bad entry.</summary>
    public static NetworkAccessList Parse(IEnumerable<string>? allow = null, IEnumerable<string>? deny = null) =>
        new(ParseAll(allow), ParseAll(deny));

    /// <summary>Whether <paramref name="address"/> may connect.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (IsEmpty)
        {
            return true;
        }

        address = address.Unmapped();

        foreach (var network in _deny)
        {
            if (network.Contains(address))
            {
                return false;
            }
        }

        if (_allow.Length == 0)
        {
            return true;
        }

        foreach (var network in _allow)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork[] ParseAll(IEnumerable<string>? entries)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in entries ?? [])
        {
            var text = entry.Trim();
            if (text.Contains('/', StringComparison.Ordinal))
            {
                // Host bits past the prefix (10.0.0.1/8) are almost always a typo: refused.
                if (!IPNetwork.TryParse(text, out var network) || !network.BaseAddress.Equals(IPAddress.Parse(text[..text.IndexOf('/', StringComparison.Ordinal)])))
                {
                    throw new FormatException($"'{entry}' is not a CIDR range (such as 192.0.2.0/24 or 2001:db8::/32; no host bits past the prefix).");
                }

                networks.Add(network);
            }
            else if (IPAddress.TryParse(text.Trim('[', ']'), out var address))
            {
                address = address.Unmapped();

                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new FormatException($"'{entry}' is not an IP address or a CIDR range (such as 192.0.2.0/24 or 2001:db8::/32).");
            }
        }

        return [.. networks];
    }
}
