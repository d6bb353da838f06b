using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Scgi;

public class ScgiAttributeTests
{
    // Relative: a socket in the test run's working directory (its output folder), not a fixed
    // path in /tmp that two checkouts running at once would share.
    public const string SocketPath = "gengemini-tests-bound.sock";

    [Fact]
    public void Configuration_is_emitted_as_constants()
    {
        Assert.Equal("/bound", BoundBackend.ScgiBinding.Prefix);
        Assert.Equal(SocketPath, BoundBackend.ScgiBinding.Socket);
        Assert.Equal(5, BoundBackend.ScgiBinding.TimeoutSeconds);
        var handler = BoundBackend.ScgiBinding.CreateHandler(new BoundBackend());
        Assert.Null(handler.Options.MaxResponseSize);
        Assert.Equal(TimeSpan.FromSeconds(5), handler.Options.Timeout);
        Assert.Equal("unix:" + SocketPath, handler.Endpoints.Single().ToString());
    }

    [Fact]
    public async Task MapGenerated_mounts_the_backend_and_sends_the_exported_properties()
    {
        File.Delete(SocketPath);
        // The generated binding names a fixed socket, so Perl's backend listens on exactly that path.
        await using var backend = await BackendProcess.StartPerlAsync(unix: true, socketPath: SocketPath);
        var app = TestApps.Create(builder: b => Hosting.InjectedCapsule.AddServices(b.Services));
        var instance = new BoundBackend();
        app.MapGenerated(needsDependency: new Routing.NeedsDependency("stub"), boundBackend: instance);
        var client = new TestClient(app);

        var first = await client.GetAsync("/bound/env");
        var second = await client.GetAsync("/bound/env");

        Assert.Equal(20, (int)first.Status);
        Assert.Contains("GENGEMINI_DATABASE_URL=postgres://db/app\n", first.Text);
        Assert.Contains("GENGEMINI_VERBOSE=1\n", first.Text);
        Assert.Contains("API_LEVEL=42\n", first.Text);
        Assert.Contains("API_LEVEL=43\n", second.Text); // read on every request, typed, no reflection
        Assert.Contains("SCRIPT_NAME=/bound\n", first.Text);
    }
}
