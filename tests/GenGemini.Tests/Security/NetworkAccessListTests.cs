using System.Net;
using GenGemini.AccessControl;

namespace GenGemini.Tests.Security;

/// <summary>Access lists on their own: how entries are written, and which list wins for whom.</summary>
public sealed class NetworkAccessListTests
{
    private static bool Allowed(string[] allow, string[] deny, string address) =>
        NetworkAccessList.Parse(allow, deny).IsAllowed(IPAddress.Parse(address));

    [Theory]
    [InlineData(" 10.0.0.0/8 ", "10.1.2.3", true)]         // spaces around an entry
    [InlineData("[::1]", "::1", true)]                      // a bracketed IPv6 address
    [InlineData("::ffff:192.0.2.7", "192.0.2.7", true)]     // a mapped entry is its IPv4 address
    [InlineData("192.0.2.7", "::ffff:192.0.2.7", true)]     // and a mapped client is its IPv4 address
    [InlineData("192.0.2.0/31", "192.0.2.1", true)]
    [InlineData("192.0.2.0/31", "192.0.2.2", false)]
    [InlineData("2001:db8::1", "2001:db8::2", false)]       // one IPv6 address is a /128
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::/0", "192.0.2.1", false)]
    public void An_allow_entry_is_an_address_or_a_range_in_any_of_its_spellings(string entry, string address, bool allowed) =>
        Assert.Equal(allowed, Allowed([entry], [], address));

    [Fact]
    public void Any_entry_of_a_list_may_match_and_a_deny_entry_wins_for_its_own_addresses_only()
    {
        string[] allow = ["192.0.2.0/24", "198.51.100.7", "2001:db8::/48"];
        string[] deny = ["192.0.2.128/25", "::ffff:198.51.100.7"];

        Assert.True(Allowed(allow, deny, "192.0.2.1"));
        Assert.False(Allowed(allow, deny, "192.0.2.200"));
        Assert.False(Allowed(allow, deny, "198.51.100.7"));   // denied through its mapped spelling
        Assert.True(Allowed(allow, deny, "2001:db8:0:1::9"));  // the last allow entry
        Assert.False(Allowed(allow, deny, "203.0.113.1"));     // on no allow list
        Assert.True(Allowed([], deny, "203.0.113.1"));         // no allow list: everyone not denied
        Assert.False(Allowed([], deny, "::ffff:192.0.2.129"));
    }

    [Fact]
    public void Empty_lists_allow_everyone_and_say_so()
    {
        Assert.True(NetworkAccessList.AllowAll.IsEmpty);
        Assert.True(NetworkAccessList.Parse().IsEmpty);
        Assert.False(NetworkAccessList.Parse(deny: ["192.0.2.1"]).IsEmpty);
        Assert.False(NetworkAccessList.Parse(allow: ["192.0.2.1"]).IsEmpty);
        Assert.True(NetworkAccessList.Parse().IsAllowed(IPAddress.Parse("2001:db8::1")));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.1/8")]
    [InlineData("2001:db8::1/32")]
    [InlineData("10.0.0.0/")]
    [InlineData("/8")]
    [InlineData("example.org")]
    [InlineData("")]
    public void A_bad_entry_is_refused_with_its_text(string entry)
    {
        var error = Assert.Throws<FormatException>(() => NetworkAccessList.Parse(allow: [entry]));
        Assert.Contains($"'{entry}'", error.Message);
        Assert.Throws<FormatException>(() => NetworkAccessList.Parse(deny: [entry]));
    }
}
