using GenGemini.Generated;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using GenGemini.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GenGemini.Tests.Identities;

/// <summary>[FromCertificate]: 60 without a certificate, 61 for an unknown one, the user for a known one, one store call per key.</summary>
public class IdentityTests
{
    private static (TestClient Client, GeminiApp App) Client(Action<GeminiOptions>? options = null)
    {
        var app = TestApps.Create(options, b => Hosting.InjectedCapsule.AddServices(b.Services));
        app.MapGenerated(needsDependency: new NeedsDependency("x"));
        return (new TestClient(app), app);
    }

    [Fact]
    public async Task No_certificate_is_60_an_unknown_one_61_a_known_one_the_user()
    {
        var (client, _) = Client();
        Assert.Equal(StatusCode.ClientCertificateRequired, (await client.GetAsync("/me")).Status);
        Assert.Equal(StatusCode.CertificateNotAuthorised, (await client.WithCertificate(new string('b', 64)).GetAsync("/me")).Status);
        Assert.Equal("# Hello Ada\n", (await client.WithCertificate(TestUsers.AdaKey).GetAsync("/me")).Text);
        Assert.Equal("# Ada 7\n", (await client.WithCertificate(TestUsers.AdaKey).GetAsync("/me/7")).Text);
    }

    [Fact]
    public async Task A_nullable_parameter_is_optional()
    {
        var (client, _) = Client();
        Assert.Equal("# Hello stranger\n", (await client.GetAsync("/maybe")).Text);
        Assert.Equal("# Hello stranger\n", (await client.WithCertificate(new string('c', 64)).GetAsync("/maybe")).Text);
        Assert.Equal("# Hello again, Ada\n", (await client.WithCertificate(TestUsers.AdaKey).GetAsync("/maybe")).Text);
    }

    [Fact]
    public async Task Repeated_requests_call_the_store_once_until_the_key_is_forgotten()
    {
        var (client, app) = Client();
        var store = app.Services.GetRequiredService<TestUsers>();
        var ada = client.WithCertificate(TestUsers.AdaKey);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("# Hello Ada\n", (await ada.GetAsync("/me")).Text);
        }

        Assert.Equal(1, store.Calls);
        store.Known[TestUsers.AdaKey] = new TestUser { Name = "Ada Lovelace" };
        Assert.Equal("# Hello Ada\n", (await ada.GetAsync("/me")).Text);
        CertificateIdentities.Forget<TestUser>(app.Services, TestUsers.AdaKey);
        Assert.Equal("# Hello Ada Lovelace\n", (await ada.GetAsync("/me")).Text);
        Assert.Equal(2, store.Calls);
    }

    [Fact]
    public async Task The_cache_keeps_the_most_recently_used_keys()
    {
        var (client, app) = Client(o => o.Identities.CacheSize = 2);
        var store = app.Services.GetRequiredService<TestUsers>();
        foreach (var key in new[] { TestUsers.AdaKey, new string('1', 64), new string('2', 64), TestUsers.AdaKey })
        {
            await client.WithCertificate(key).GetAsync("/maybe");
        }

        Assert.Equal(4, store.Calls); // Ada was pushed out by two others, so asked again
    }

    [Fact]
    public void A_missing_store_fails_at_start_naming_handler_and_type()
    {
        var app = TestApps.Create(builder: b => b.Services.AddSingleton<Hosting.GreetingStore>().AddScoped<Hosting.RequestLedger>());
        var error = Assert.Throws<InvalidOperationException>(() => app.MapGenerated(needsDependency: new NeedsDependency("x")));
        Assert.Contains("GenGemini.Tests.Identities.IdentityCapsule.", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs a service of type GenGemini.ICertificateIdentityStore<GenGemini.Tests.Identities.TestUser>", error.Message, StringComparison.Ordinal);
    }
}
