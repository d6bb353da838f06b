using System.Diagnostics;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Scgi;

/// <summary>The ScgiProxy sample's dependency-free Python backend, as the sample's README runs it.</summary>
public class SampleBackendTests
{
    [Fact]
    public async Task Sample_python_backend_answers_through_the_proxy()
    {
        using var dir = new TempDirectory();
        var socket = Path.Combine(dir.Path, "sample.sock");
        var script = Path.Combine(AppContext.BaseDirectory, "samples", "scgi_server.py");
        using var process = ChildProcesses.Start(new ProcessStartInfo("python3") { ArgumentList = { script, "--socket", socket }, RedirectStandardOutput = true })!;
        try
        {
            Assert.StartsWith("SCGI server listening on", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            var app = TestApps.Create();
            app.MapScgi("/api", socketPath: socket);

            var response = await new TestClient(app).WithCertificate("feed").GetAsync("/api/hello?name=gemini");

            Assert.Equal(20, (int)response.Status);
            Assert.Equal("# SCGI Response\n\nPath: /hello\nQuery: name=gemini\nGreeting passed by the capsule: \nYour certificate: feed\n", response.Text);
        }
        finally
        {
            process.Kill();
        }
    }
}
