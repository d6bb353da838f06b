using GenGemini.Generated;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using GenGemini.Tests.Routing;

namespace GenGemini.Tests.Hosting;

/// <summary>Route classes made with their constructors' services; handler parameters resolved per request.</summary>
public sealed class DependencyInjectionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static GeminiApp App(Action<GeminiApp>? configure = null, Action<GeminiOptions>? options = null) =>
        TestApps.Create(options, builder => InjectedCapsule.AddServices(builder.Services));

    private static GeminiApp Mapped(GeminiApp app)
    {
        app.MapGenerated(needsDependency: new NeedsDependency("hi"));
        return app;
    }

    [Fact]
    public async Task A_route_class_gets_its_constructor_services_once_for_the_app()
    {
        var client = new TestClient(Mapped(App()));

        var first = await client.GetAsync("/di/greeting").WaitAsync(Limit);
        var second = await client.GetAsync("/di/greeting").WaitAsync(Limit);

        Assert.Equal(20, (int)first.Status);
        Assert.StartsWith("Hello from a service #", first.Text);
        Assert.Equal(first.Text, second.Text); // the same instance, hence the same singleton
    }

    [Fact]
    public async Task A_scoped_handler_parameter_is_one_instance_per_request_and_is_disposed_after_it()
    {
        var client = new TestClient(Mapped(App()));

        var first = await client.GetAsync("/di/ledger/1").WaitAsync(Limit);
        var second = await client.GetAsync("/di/ledger/2").WaitAsync(Limit);

        var firstId = LedgerId(first.Text);
        var secondId = LedgerId(second.Text);
        Assert.EndsWith("same=True", first.Text);
        Assert.NotEqual(firstId, secondId);
        lock (RequestLedger.Disposed)
        {
            Assert.Contains(firstId, RequestLedger.Disposed);
            Assert.Contains(secondId, RequestLedger.Disposed);
        }
    }

    [Fact]
    public async Task Services_are_injected_over_real_TLS_and_the_scope_ends_with_the_response()
    {
        await using var server = await RunningApp.StartAsync(
            app => app.MapGenerated(needsDependency: new NeedsDependency("hi")),
            builder: builder => InjectedCapsule.AddServices(builder.Services));

        var greeting = await OpenSslClient.GetAsync(server.Port, server.Url("/di/greeting")).WaitAsync(Limit);
        var ledger = await OpenSslClient.GetAsync(server.Port, server.Url("/di/ledger/7")).WaitAsync(Limit);

        Assert.StartsWith("20 text/gemini\r\nHello from a service #", greeting.Text);
        Assert.StartsWith("20 text/gemini\r\n7 ledger=", ledger.Text);
        var id = LedgerId(ledger.Text);
        lock (RequestLedger.Disposed)
        {
            Assert.Contains(id, RequestLedger.Disposed);
        }
    }

    [Fact]
    public async Task An_optional_service_that_is_not_registered_is_null()
    {
        var response = await new TestClient(Mapped(App())).GetAsync("/di/clock").WaitAsync(Limit);

        Assert.Equal("no clock", response.Text);
    }

    [Fact]
    public void A_handler_service_that_is_not_registered_fails_MapGenerated_with_its_name()
    {
        var app = TestApps.Create();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapGenerated(needsDependency: new NeedsDependency("hi")));

        Assert.Contains("InjectedCapsule.Ledger: parameter 'ledger' needs a service of type GenGemini.Tests.Hosting.RequestLedger", error.Message);
    }

    [Fact]
    public void A_constructor_service_that_is_not_registered_fails_MapGenerated()
    {
        var app = TestApps.Create(builder: b => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions
            .AddSingleton<ICertificateIdentityStore<Identities.TestUser>, Identities.TestUsers>(
                Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddScoped<RequestLedger>(b.Services)));

        var error = Assert.Throws<InvalidOperationException>(() => app.MapGenerated(needsDependency: new NeedsDependency("hi")));

        Assert.Contains(nameof(GreetingStore), error.Message);
    }

    [Fact]
    public async Task An_instance_passed_in_is_used_instead_of_one_made_from_services()
    {
        var app = App();
        app.MapGenerated(needsDependency: new NeedsDependency("hi"), injectedCapsule: new InjectedCapsule(new GreetingStore()));

        var response = await new TestClient(app).GetAsync("/di/greeting").WaitAsync(Limit);

        Assert.StartsWith("Hello from a service #", response.Text);
    }

    private static int LedgerId(string text)
    {
        var start = text.IndexOf("ledger=", StringComparison.Ordinal) + "ledger=".Length;
        var end = text.IndexOf(' ', start);
        return int.Parse(text[start..end], System.Globalization.CultureInfo.InvariantCulture);
    }
}
