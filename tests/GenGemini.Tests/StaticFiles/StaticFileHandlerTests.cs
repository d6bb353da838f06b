using GenGemini.StaticFiles;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.StaticFiles;

public sealed class StaticFileHandlerTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _outside = new();

    public StaticFileHandlerTests()
    {
        File.WriteAllText(Path.Combine(_root.Path, "index.gmi"), "# Root\n");
        Directory.CreateDirectory(Path.Combine(_root.Path, "docs"));
        File.WriteAllText(Path.Combine(_root.Path, "docs", "index.gmi"), "# Docs\n");
        File.WriteAllText(Path.Combine(_root.Path, "docs", "notes.txt"), "plain");
        File.WriteAllBytes(Path.Combine(_root.Path, "blob.bin"), Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray());
        File.WriteAllText(Path.Combine(_root.Path, ".secret"), "hidden");
        File.WriteAllText(Path.Combine(_outside.Path, "passwd"), "outside");
        File.CreateSymbolicLink(Path.Combine(_root.Path, "escape.gmi"), Path.Combine(_outside.Path, "passwd"));
        File.CreateSymbolicLink(Path.Combine(_root.Path, "alias.gmi"), Path.Combine(_root.Path, "docs", "index.gmi"));
        File.CreateSymbolicLink(Path.Combine(_root.Path, "dangling.gmi"), Path.Combine(_root.Path, "nothing.gmi"));
        // Directory links: one out of the root (absolute), one out by a relative target, one inside.
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "escape"), _outside.Path);
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "docs", "up"), Path.Combine("..", "..", Path.GetFileName(_outside.Path)));
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "manual"), Path.Combine(_root.Path, "docs"));
    }

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    private TestClient Client(StaticFileHandler? handler = null)
    {
        var app = TestApps.Create();
        // Not at "/": this compilation's attribute routes would all be shadowed (GG0020 says so).
        app.Mount("/site", handler ?? new StaticFileHandler(_root.Path));
        return new TestClient(app);
    }

    [Fact]
    public async Task Edits_and_deletions_are_served_at_once_though_small_files_are_kept_in_memory()
    {
        var path = Path.Combine(_root.Path, "news.gmi");
        File.WriteAllText(path, "# First\n");
        var client = Client();
        Assert.Equal("# First\n", (await client.GetAsync("/site/news.gmi")).Text);
        Assert.Equal("# First\n", (await client.GetAsync("/site/news.gmi")).Text);

        File.WriteAllText(path, "# Second, longer\n");
        Assert.Equal("# Second, longer\n", (await client.GetAsync("/site/news.gmi")).Text);

        // Same size: the modification time tells.
        File.WriteAllText(path, "# Third, longer!\n");
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(1));
        Assert.Equal("# Third, longer!\n", (await client.GetAsync("/site/news.gmi")).Text);

        File.Delete(path);
        Assert.Equal(51, (int)(await client.GetAsync("/site/news.gmi")).Status);
    }

    [Fact]
    public void On_a_thread_outside_the_pool_files_are_read_and_cached_all_the_same()
    {
        // What the handler sees on a socket engine's thread (it NeverBlocks, so it starts there): it
        // answers cached files there and moves file reads to the thread pool.
        var client = Client();
        var path = Path.Combine(_root.Path, "news.gmi");
        File.WriteAllText(path, "# First\n");
        var texts = new List<string>();
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Assert.False(Thread.CurrentThread.IsThreadPoolThread);
                texts.Add(client.GetAsync("/site/news.gmi").GetAwaiter().GetResult().Text); // read (pool)
                texts.Add(client.GetAsync("/site/news.gmi").GetAwaiter().GetResult().Text); // cached (here)
                File.WriteAllText(path, "# Second, longer\n");
                texts.Add(client.GetAsync("/site/news.gmi").GetAwaiter().GetResult().Text); // changed: read again
                texts.Add(client.GetAsync("/site/docs").GetAwaiter().GetResult().Meta); // redirect, no read
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.Equal(["# First\n", "# First\n", "# Second, longer\n", "/site/docs/"], texts);
    }

    [Fact]
    public async Task Without_a_cache_every_request_reads_the_file()
    {
        var path = Path.Combine(_root.Path, "news.gmi");
        File.WriteAllText(path, "# One\n");
        var stamp = File.GetLastWriteTimeUtc(path);
        var client = Client(new StaticFileHandler(_root.Path) { CacheSize = 0 });
        Assert.Equal("# One\n", (await client.GetAsync("/site/news.gmi")).Text);

        // Same size and time stamp: only a fresh read sees it.
        File.WriteAllText(path, "# Two\n");
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.Equal("# Two\n", (await client.GetAsync("/site/news.gmi")).Text);
    }

    [Fact]
    public async Task Files_beyond_the_cache_size_are_served_all_the_same()
    {
        File.WriteAllText(Path.Combine(_root.Path, "a.gmi"), new string('a', 600));
        File.WriteAllText(Path.Combine(_root.Path, "b.gmi"), new string('b', 600));
        var client = Client(new StaticFileHandler(_root.Path) { CacheSize = 1000 });

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(new string('a', 600), (await client.GetAsync("/site/a.gmi")).Text);
            Assert.Equal(new string('b', 600), (await client.GetAsync("/site/b.gmi")).Text);
        }
    }

    [Fact]
    public async Task Serves_files_with_their_mime_types_and_directory_indexes()
    {
        var client = Client();

        var root = await client.GetAsync("/site/");
        Assert.Equal("text/gemini", root.Meta);
        Assert.Equal("# Root\n", root.Text);
        Assert.Equal("# Docs\n", (await client.GetAsync("/site/docs/")).Text);
        var text = await client.GetAsync("/site/docs/notes.txt");
        Assert.Equal("text/plain; charset=utf-8", text.Meta);
        Assert.Equal("plain", text.Text);
        var blob = await client.GetAsync("/site/blob.bin");
        Assert.Equal("application/octet-stream", blob.Meta);
        Assert.Equal(Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray(), blob.Body.ToArray());
    }

    [Fact]
    public async Task A_link_to_a_file_inside_the_directory_is_served()
    {
        var response = await Client().GetAsync("/site/alias.gmi");

        Assert.Equal(20, (int)response.Status);
        Assert.Equal("# Docs\n", response.Text);
    }

    [Fact]
    public async Task A_linked_directory_inside_the_directory_is_served()
    {
        var client = Client();

        var file = await client.GetAsync("/site/manual/notes.txt");
        var index = await client.GetAsync("/site/manual/");

        Assert.Equal((20, "plain"), ((int)file.Status, file.Text));
        Assert.Equal((20, "# Docs\n"), ((int)index.Status, index.Text));
    }

    [Theory]
    [InlineData("/site/escape/passwd")]
    [InlineData("/site/escape/")]
    [InlineData("/site/docs/up/passwd")]
    [InlineData("/site/manual/up/passwd")]
    public async Task A_linked_directory_that_leads_out_is_51_and_never_serves_the_outside_file(string path)
    {
        var client = Client();
        File.WriteAllText(Path.Combine(_outside.Path, "index.gmi"), "outside index");

        // Twice: the second answer must not come from a cache either.
        var first = await client.GetAsync(path);
        var second = await client.GetAsync(path);

        Assert.Equal((51, 51), ((int)first.Status, (int)second.Status));
        Assert.DoesNotContain("outside", first.Text + second.Text);
    }

    [Fact]
    public async Task A_directory_without_its_slash_redirects_to_it()
    {
        var response = await Client().GetAsync("/site/docs?x");
        Assert.Equal(31, (int)response.Status);
        Assert.Equal("/site/docs/?x", response.Meta);
    }

    [Theory]
    [InlineData("/site/missing.gmi")]
    [InlineData("/site/.secret")]
    [InlineData("/site/escape.gmi")]
    [InlineData("/site/dangling.gmi")]
    [InlineData("/site/docs/index.gmi/")]
    public async Task Missing_hidden_and_escaping_files_are_51(string path) =>
        Assert.Equal(51, (int)(await Client().GetAsync(path)).Status);

    [Theory]
    [InlineData("/site/%2e%2e/%2e%2e/passwd")]
    [InlineData("/site/docs/..%2F..%2Fpasswd")]
    public async Task Climbing_out_is_59(string path) =>
        Assert.Equal(59, (int)(await Client().GetAsync(path)).Status);

    [Fact]
    public async Task Streams_a_file_over_real_TLS()
    {
        await using var server = await RunningApp.StartAsync(app => app.Mount("/static", new StaticFileHandler(_root.Path)));

        var result = await OpenSslClient.GetAsync(server.Port, server.Url("/static/blob.bin"));

        Assert.Equal("20 application/octet-stream\r\n"u8.ToArray().Concat(Enumerable.Range(0, 70_000).Select(i => (byte)i)).ToArray(), result.Stdout);
    }

    [Fact]
    public async Task A_directory_without_an_index_is_listed_when_listings_are_on()
    {
        var dir = Path.Combine(_root.Path, "listed");
        Directory.CreateDirectory(Path.Combine(dir, "sub dir"));
        File.WriteAllText(Path.Combine(dir, "b.txt"), "b");
        File.WriteAllText(Path.Combine(dir, "A #1?.gmi"), "a");
        File.WriteAllText(Path.Combine(dir, "é.gmi"), "e");
        File.WriteAllText(Path.Combine(dir, ".hidden"), "h");
        Directory.CreateSymbolicLink(Path.Combine(dir, "out"), _outside.Path);

        var listing = await Client(new StaticFileHandler(_root.Path) { DirectoryListing = true }).GetAsync("/site/listed/");
        var off = await Client().GetAsync("/site/listed/");

        Assert.Equal((20, "text/gemini"), ((int)listing.Status, listing.Meta));
        Assert.Equal(
            "# Index of /site/listed/\n\n=> ../ ../\n=> sub%20dir/ sub dir/\n=> A%20%231%3F.gmi A #1?.gmi\n=> b.txt b.txt\n=> %C3%A9.gmi é.gmi\n",
            listing.Text);
        Assert.Equal(51, (int)off.Status);
    }

    [Fact]
    public async Task A_directory_with_an_index_or_an_empty_one()
    {
        Directory.CreateDirectory(Path.Combine(_root.Path, "empty"));
        var client = Client(new StaticFileHandler(_root.Path) { DirectoryListing = true });

        var withIndex = await client.GetAsync("/site/docs/");
        var empty = await client.GetAsync("/site/empty/");
        var top = await client.GetAsync("/site/");

        Assert.Equal("# Docs\n", withIndex.Text); // the index wins over a listing
        Assert.Equal("# Index of /site/empty/\n\n=> ../ ../\n", empty.Text);
        Assert.Equal("# Root\n", top.Text);
    }

    [Fact]
    public async Task Language_and_charset_go_into_the_META()
    {
        var client = Client(new StaticFileHandler(_root.Path) { Language = "en", Charset = "utf-8" });

        var gemtext = await client.GetAsync("/site/docs/index.gmi");
        var text = await client.GetAsync("/site/docs/notes.txt");
        var binary = await client.GetAsync("/site/blob.bin");

        Assert.Equal("text/gemini; charset=utf-8; lang=en", gemtext.Meta);
        Assert.Equal("text/plain; charset=utf-8", text.Meta);
        Assert.Equal("application/octet-stream", binary.Meta);
    }

    [Fact]
    public async Task A_meta_file_overrides_the_META_per_file_or_pattern_and_is_read_again_when_it_changes()
    {
        var dir = Path.Combine(_root.Path, "intl");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "de.gmi"), "# Hallo\n");
        File.WriteAllText(Path.Combine(dir, "fr.gmi"), "# Bonjour\n");
        File.WriteAllText(Path.Combine(dir, "data.csv"), "a,b\n");
        var meta = Path.Combine(dir, ".meta");
        File.WriteAllText(meta, "# agate's format\nde.gmi: ;lang=de\n*.csv: text/csv; charset=utf-8\n*: ;lang=fr\n");
        var client = Client(new StaticFileHandler(_root.Path) { Language = "en" });

        Assert.Equal("text/gemini;lang=de", (await client.GetAsync("/site/intl/de.gmi")).Meta);
        Assert.Equal("text/gemini;lang=fr", (await client.GetAsync("/site/intl/fr.gmi")).Meta);
        Assert.Equal("text/csv; charset=utf-8", (await client.GetAsync("/site/intl/data.csv")).Meta);
        Assert.Equal(51, (int)(await client.GetAsync("/site/intl/.meta")).Status); // never served itself
        Assert.Equal("text/gemini; lang=en", (await client.GetAsync("/site/docs/index.gmi")).Meta); // no .meta there

        File.WriteAllText(meta, "de.gmi: text/plain\n");
        File.SetLastWriteTimeUtc(meta, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("text/plain", (await client.GetAsync("/site/intl/de.gmi")).Meta);
    }
}
