namespace GenGemini.VirtualHosts;

/// <summary>
/// The host names a capsule answers for (53 for any other). With no host names configured it
/// serves localhost, the loopback addresses, this machine's host name and the names its
/// certificate covers; hosts with certificates of their own and hosts route classes name are
/// served whatever else is configured; "*" serves any host, "*.example.org" one label under
/// example.org (not example.org itself).
/// </summary>
internal sealed class ServedHosts
{
    private readonly IList<string> _configured;
    private readonly IEnumerable<string> _ownCertificateHosts;
    private readonly IReadOnlyList<string> _attributeWildcards;
    private string[] _certificateNames = [];
    private Set? _set;

    public ServedHosts(IList<string> configured, IEnumerable<string> ownCertificateHosts, IReadOnlyList<string> attributeWildcards, IReadOnlyList<string>? certificateNames = null)
    {
        _certificateNames = [.. certificateNames ?? []];
        _configured = configured;
        _ownCertificateHosts = ownCertificateHosts;
        _attributeWildcards = attributeWildcards;
    }

    /// <summary>
    /// The names the server's certificate covers, for an app frozen before its certificate was
    /// loaded (a TestClient used before the start); otherwise they are given at construction.
    /// </summary>
    public void UseCertificateNames(IEnumerable<string> names)
    {
        _certificateNames = [.. names];
        _set = null;
    }

    public bool Serves(string host)
    {
        var set = _set ??= Build();
        if (set.Any || set.Names.Contains(host))
        {
            return true;
        }

        foreach (var pattern in set.Wildcards)
        {
            // The same rule as a class's Host: "*.example.org" is one label under it, not itself.
            if (Routing.RouteBinding.IsHost(host, pattern))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Set(bool Any, HashSet<string> Names, string[] Wildcards);

    private Set Build()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new List<string>();
        if (_configured.Count == 0)
        {
            names.UnionWith(["localhost", "127.0.0.1", "[::1]"]);
            try
            {
                names.Add(System.Net.Dns.GetHostName().ToLowerInvariant());
            }
            catch (System.Net.Sockets.SocketException)
            {
                // No host name to add.
            }

            names.UnionWith(_certificateNames);
        }

        names.UnionWith(_ownCertificateHosts.Select(h => h.ToLowerInvariant()));
        wildcards.AddRange(_attributeWildcards);
        foreach (var name in _configured)
        {
            if (name == "*")
            {
                return new Set(true, names, []);
            }

            if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.Add(name.ToLowerInvariant());
            }
            else
            {
                names.Add(name.ToLowerInvariant());
            }
        }

        return new Set(false, names, [.. wildcards]);
    }
}
