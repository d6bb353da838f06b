using System.Diagnostics;
using GenGemini.Generated;
using GenGemini.StaticFiles;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using GenGemini.Tests.Routing;

namespace GenGemini.Tests.Gemlog;

/// <summary>A gemlog as a reader and a feed reader see it: the index, the Atom feed (read by a real parser), posts coming and going.</summary>
public sealed class GemlogTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    public GemlogTests()
    {
        Write("2026-11-02-autumn.gmi", "# Autumn leaves\n\nThe trees turned.\n");
        Write("2026-12-01-winter.gmi", "Some text first.\n# Winter\n\nSnow at last.\n");
        Write("2026-06-21-no-heading.gmi", "Long days.\n");
        Write("notes.gmi", "# Not a post\n");
        Write("2026-13-01-bad-date.gmi", "# Not a date\n");
    }

    public void Dispose() => _directory.Dispose();

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_directory.Path, name), text);

    private TestClient Client(int feedEntries = 20, int? publicPort = null)
    {
        var app = TestApps.Create(o => o.PublicPort = publicPort);
        app.MapGemlog("/gemlog", _directory.Path, new GemlogOptions { Title = "Ada's gemlog", Author = "Ada Lovelace", FeedEntries = feedEntries });
        return new TestClient(app);
    }

    [Fact]
    public async Task The_index_lists_dated_posts_newest_first_with_their_titles()
    {
        var response = await Client().GetAsync("/gemlog/");
        Assert.Equal("text/gemini", response.Meta);
        var page = response.Gemtext;
        Assert.Equal("Ada's gemlog", page.Title);
        Assert.Equal(
            ["=> 2026-12-01-winter.gmi 2026-12-01 Winter", "=> 2026-11-02-autumn.gmi 2026-11-02 Autumn leaves", "=> 2026-06-21-no-heading.gmi 2026-06-21 no-heading"],
            response.Text.Split('\n').Where(l => l.StartsWith("=>", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_index_puts_index_gmi_above_the_list_and_the_prefix_redirects_to_it()
    {
        Write("index.gmi", "Thoughts, now and then.\n");
        var client = Client();
        var lines = (await client.GetAsync("/gemlog/")).Text.Split('\n');
        Assert.True(Array.IndexOf(lines, "Thoughts, now and then.") < Array.FindIndex(lines, l => l.StartsWith("=>", StringComparison.Ordinal)));
        var redirect = await client.GetAsync("/gemlog");
        Assert.Equal("31 /gemlog/", redirect.ToString());
    }

    [Fact]
    public async Task New_changed_and_deleted_posts_show_without_a_restart()
    {
        var client = Client();
        Assert.Equal(3, (await client.GetAsync("/gemlog/")).Gemtext.Links.Count());
        Write("2026-12-24-eve.gmi", "# Christmas Eve\n");
        File.Delete(Path.Combine(_directory.Path, "2026-11-02-autumn.gmi"));
        Write("2026-12-01-winter.gmi", "# Deep winter\nlonger now\n");
        File.SetLastWriteTimeUtc(Path.Combine(_directory.Path, "2026-12-01-winter.gmi"), DateTime.UtcNow.AddMinutes(1));
        var links = (await client.GetAsync("/gemlog/")).Gemtext.Links.Select(l => l.Text).ToList();
        Assert.Equal(["2026-12-24 Christmas Eve", "2026-12-01 Deep winter", "2026-06-21 no-heading"], links);
    }

    [Fact]
    public async Task A_post_that_links_outside_the_directory_is_neither_listed_nor_read()
    {
        using var outside = new TempDirectory();
        File.WriteAllText(Path.Combine(outside.Path, "secret.gmi"), "# The secret title\n");
        File.CreateSymbolicLink(Path.Combine(_directory.Path, "2026-12-02-leak.gmi"), Path.Combine(outside.Path, "secret.gmi"));
        var client = Client();
        var index = (await client.GetAsync("/gemlog/")).Text;
        Assert.DoesNotContain("secret", index, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("leak", index, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", (await client.GetAsync("/gemlog/atom.xml")).Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(StatusCode.NotFound, (await client.GetAsync("/gemlog/2026-12-02-leak.gmi")).Status);
    }

    [Fact]
    public async Task Posts_and_other_files_are_served_as_files()
    {
        var client = Client();
        Assert.Equal("Autumn leaves", (await client.GetAsync("/gemlog/2026-11-02-autumn.gmi")).Gemtext.Title);
        Assert.Equal("Not a post", (await client.GetAsync("/gemlog/notes.gmi")).Gemtext.Title);
        Assert.Equal(StatusCode.NotFound, (await client.GetAsync("/gemlog/missing.gmi")).Status);
    }

    [Fact]
    public async Task A_real_feed_parser_reads_the_atom_feed_without_a_complaint()
    {
        var response = await Client(publicPort: 1966).GetAsync("gemini://localhost:1966/gemlog/atom.xml");
        Assert.Equal("20 application/atom+xml", response.ToString());
        var parsed = await FeedParser(response.Text);
        Assert.Equal("bozo=0", parsed[0]);
        Assert.Equal("title=Ada's gemlog", parsed[1]);
        Assert.Equal("author=Ada Lovelace", parsed[2]);
        Assert.Equal(
            ["entry=Winter|gemini://localhost:1966/gemlog/2026-12-01-winter.gmi|gemini://localhost:1966/gemlog/2026-12-01-winter.gmi",
             "entry=Autumn leaves|gemini://localhost:1966/gemlog/2026-11-02-autumn.gmi|gemini://localhost:1966/gemlog/2026-11-02-autumn.gmi",
             "entry=no-heading|gemini://localhost:1966/gemlog/2026-06-21-no-heading.gmi|gemini://localhost:1966/gemlog/2026-06-21-no-heading.gmi"],
            parsed.Where(l => l.StartsWith("entry=", StringComparison.Ordinal)));
        Assert.Contains("summary=The trees turned.", parsed);
    }

    [Fact]
    public async Task The_feed_holds_the_newest_entries_only()
    {
        var parsed = await FeedParser((await Client(feedEntries: 2).GetAsync("/gemlog/atom.xml")).Text);
        Assert.Equal(2, parsed.Count(l => l.StartsWith("entry=", StringComparison.Ordinal)));
        Assert.DoesNotContain(parsed, l => l.Contains("no-heading", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Control_characters_in_a_title_do_not_break_the_feed()
    {
        Write("2026-12-31-odd.gmi", "# Odd\u0001title\u001B[31m\n");
        var parsed = await FeedParser((await Client().GetAsync("/gemlog/atom.xml")).Text);
        Assert.Equal("bozo=0", parsed[0]);
        Assert.Contains(parsed, l => l.StartsWith("entry=Oddtitle[31m|", StringComparison.Ordinal));
    }

    /// <summary>Debian's python3-feedparser reads the feed: bozo (0: well formed), then the feed's and each entry's fields.</summary>
    private static async Task<string[]> FeedParser(string xml)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var script = "import sys, feedparser\n"
            + "d = feedparser.parse(sys.stdin.buffer.read())\n"
            + "print('bozo=%d' % d.bozo)\n"
            + "print('title=' + d.feed.title)\n"
            + "print('author=' + d.feed.author)\n"
            + "for e in d.entries:\n"
            + "    print('entry=%s|%s|%s' % (e.title, e.link, e.id))\n"
            + "    print('summary=' + e.summary)\n"
            + "    assert e.updated_parsed is not None\n";
        var start = new ProcessStartInfo(python, ["-c", script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = ChildProcesses.Start(start)!;
        await process.StandardInput.WriteAsync(xml);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Limit);
        Assert.True(process.ExitCode == 0, "feedparser failed: " + await error.WaitAsync(Limit));
        return (await output.WaitAsync(Limit)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

/// <summary>robots.txt made from the route table, mounts and configuration.</summary>
public class RobotsTxtTests
{
    [Fact]
    public async Task Routes_and_mounts_marked_not_to_crawl_are_disallowed_and_configuration_adds_lines()
    {
        var app = TestApps.Create(o =>
        {
            o.Robots["*"] = ["/tmp"];
            o.Robots["archiver"] = ["/", "Allow: /gemlog/"];
        }, b => Hosting.InjectedCapsule.AddServices(b.Services));
        app.MapGenerated(needsDependency: new NeedsDependency("x"));
        app.Mount("/private", new StaticFileHandler("."), crawl: false);
        var response = await new TestClient(app).GetAsync("/robots.txt");
        Assert.Equal("20 text/plain; charset=utf-8", response.ToString());
        var lines = response.Text.Split('\n');
        Assert.Equal("User-agent: *", lines[0]);
        Assert.Contains("Disallow: /drafts", lines);
        Assert.Contains("Disallow: /secret/", lines);
        Assert.Contains("Disallow: /private", lines);
        Assert.Contains("Disallow: /tmp", lines);
        Assert.DoesNotContain("Disallow: /text", lines);
        var archiver = Array.IndexOf(lines, "User-agent: archiver");
        Assert.True(archiver > 0);
        Assert.Equal(["Disallow: /", "Allow: /gemlog/"], lines[(archiver + 1)..(archiver + 3)]);
    }

    [Fact]
    public async Task An_app_that_maps_robots_txt_serves_its_own()
    {
        var app = TestApps.Create();
        app.Map("/robots.txt", _ => Response.Success("User-agent: *\nDisallow:\n"u8.ToArray(), "text/plain"));
        Assert.Equal("User-agent: *\nDisallow:\n", (await new TestClient(app).GetAsync("/robots.txt")).Text);
    }

    [Fact]
    public async Task Without_anything_to_hide_robots_txt_allows_everything()
    {
        var response = await new TestClient(TestApps.Create()).GetAsync("/robots.txt");
        Assert.Equal("User-agent: *\n", response.Text);
    }

    [Fact]
    public void A_configured_line_with_a_line_break_is_refused_at_start()
    {
        var app = TestApps.Create(o => o.Robots["*"] = ["/x\nUser-agent: evil"]);
        Assert.Contains("Gemini:Robots:* has an empty line or a control character", Assert.Throws<GeminiStartupException>(() => app.Options).Message, StringComparison.Ordinal);
    }
}
