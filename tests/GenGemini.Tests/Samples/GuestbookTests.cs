using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Samples;

/// <summary>samples/Guestbook on a real SQLite file: choose a name with a certificate, sign, read; and what a visitor cannot do.</summary>
public sealed class GuestbookTests : IDisposable
{
    private const string Ada = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private TestClient Client() => new(Guestbook.GuestbookApp.Build(["--Guestbook:Database=" + Path.Combine(_directory.Path, "guestbook.db")]));

    [Fact]
    public async Task A_signer_chooses_a_name_signs_and_the_entry_is_listed()
    {
        var client = Client();
        var ada = client.WithCertificate(Ada);
        Assert.True((await client.GetAsync("/")).Gemtext.HasLinkTo("/register"));
        Assert.Equal(StatusCode.CertificateNotAuthorised, (await ada.InputAsync("/sign", "hello")).Status);
        Assert.Equal("30 /", (await ada.InputAsync("/register", "Ada")).ToString());
        Assert.Equal("30 /", (await ada.InputAsync("/sign", "Lovely capsule!\n=> gemini://evil/ Log in again")).ToString());
        var page = (await ada.GetAsync("/")).Gemtext;
        Assert.Contains(page.Lines, l => l.Type == GemtextLineType.Text && l.Text == "You sign as Ada.");
        Assert.Contains(page.Lines, l => l.Type == GemtextLineType.Heading && l.Text.StartsWith("Ada, ", StringComparison.Ordinal));
        Assert.Contains(page.Lines, l => l.Text == "Lovely capsule! => gemini://evil/ Log in again");
        Assert.DoesNotContain(page.Links, l => l.Url!.Contains("evil", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_directory.Path, "guestbook.db")));
    }

    [Fact]
    public async Task Signing_without_a_certificate_is_60_and_entries_survive_a_restart()
    {
        var first = Client();
        Assert.Equal(StatusCode.ClientCertificateRequired, (await first.InputAsync("/sign", "x")).Status);
        await first.WithCertificate(Ada).InputAsync("/register", "Ada");
        await first.WithCertificate(Ada).InputAsync("/sign", "first!");
        var page = (await Client().GetAsync("/")).Gemtext;
        Assert.Contains(page.Lines, l => l.Text == "first!");
    }

    [Fact]
    public async Task The_real_process_with_its_scheduled_task_serves_and_exits_0_on_SIGTERM()
    {
        var (process, port) = await SampleProcess.StartSampleAsync("Guestbook", _directory.Path, "--Guestbook:Database=" + Path.Combine(_directory.Path, "real.db"));
        using (process)
        {
            var page = await OpenSslClient.GetAsync(port, $"gemini://localhost:{port}/").WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("20 text/gemini\r\n# The guestbook", page.Text, StringComparison.Ordinal);
            Assert.Equal(0, Kill(process.Id, 15)); // SIGTERM
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.Empty(await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public void Pruning_deletes_only_old_entries()
    {
        var database = new Guestbook.Database(Path.Combine(_directory.Path, "prune.db"));
        database.SaveSigner(Ada, "Ada");
        database.AddEntry(Ada, "old", new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero));
        database.AddEntry(Ada, "new", new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, database.Prune(new DateTimeOffset(2026, 11, 7, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(["new"], database.Latest(10).Select(e => e.Message));
    }
}
