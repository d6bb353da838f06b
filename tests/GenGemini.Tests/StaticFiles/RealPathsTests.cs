using GenGemini.Internal;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.StaticFiles;

/// <summary>
/// Where a path really leads (every link followed, as realpath(3) does), which every containment
/// check of static files and CGI stands on: links anywhere in the path, relative and absolute,
/// chains up to the kernel's limit, loops, and the edges of "inside".
/// </summary>
public sealed class RealPathsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _root;

    public RealPathsTests()
    {
        // The temporary directory's own path may hold links (macOS's /tmp): compare with its real form.
        _root = RealPaths.Resolve(_temp.Path)!;
        Directory.CreateDirectory(Path.Combine(_root, "site", "docs"));
        File.WriteAllText(Path.Combine(_root, "site", "docs", "a.gmi"), "a");
        Directory.CreateDirectory(Path.Combine(_root, "outside"));
        File.WriteAllText(Path.Combine(_root, "outside", "secret"), "s");
    }

    public void Dispose() => _temp.Dispose();

    private string At(params string[] parts) => Path.Combine([_root, .. parts]);

    [Fact]
    public void A_path_without_links_is_itself_with_dot_segments_and_empty_ones_gone()
    {
        Assert.Equal(At("site", "docs", "a.gmi"), RealPaths.Resolve(At("site", "docs", "a.gmi")));
        Assert.Equal(At("site", "docs", "a.gmi"), RealPaths.Resolve(_root + "/site/./docs//x/../a.gmi"));
        Assert.Equal(At("site", "missing", "deeper"), RealPaths.Resolve(At("site", "missing", "deeper"))); // not there: nothing to follow
        Assert.Equal("/", RealPaths.Resolve("/../../.."));
    }

    [Fact]
    public void A_linked_directory_anywhere_in_the_path_is_followed_relative_or_absolute()
    {
        File.CreateSymbolicLink(At("site", "rel"), "../outside");
        File.CreateSymbolicLink(At("site", "abs"), At("outside"));

        Assert.Equal(At("outside", "secret"), RealPaths.Resolve(At("site", "rel", "secret")));
        Assert.Equal(At("outside", "secret"), RealPaths.Resolve(At("site", "abs", "secret")));
        Assert.False(RealPaths.IsInside(At("site"), At("site", "rel", "secret")));
        Assert.False(RealPaths.IsInside(At("site"), At("site", "abs", "secret")));
    }

    [Fact]
    public void A_link_to_a_link_is_followed_to_the_end_and_dot_dot_applies_after_the_link()
    {
        File.CreateSymbolicLink(At("site", "one"), "two");
        File.CreateSymbolicLink(At("site", "two"), "docs/a.gmi");
        File.CreateSymbolicLink(At("site", "up"), "docs");

        Assert.Equal(At("site", "docs", "a.gmi"), RealPaths.Resolve(At("site", "one")));
        // "up/.." is the parent of where "up" leads (site/docs/..), as the kernel resolves it.
        Assert.Equal(At("site", "docs", "a.gmi"), RealPaths.Resolve(At("site", "up", "..", "docs", "a.gmi")));
    }

    [Fact]
    public void Dot_segments_inside_a_link_target_are_resolved_too_and_dot_dot_stops_at_the_root()
    {
        File.CreateSymbolicLink(At("site", "dotty"), "./docs/./a.gmi");
        File.CreateSymbolicLink(At("site", "climb"), "/../../.." + At("site", "docs", "a.gmi"));

        Assert.Equal(At("site", "docs", "a.gmi"), RealPaths.Resolve(At("site", "dotty")));
        Assert.Equal(At("site", "docs", "a.gmi"), RealPaths.Resolve(At("site", "climb")));
    }

    [Fact]
    public void A_loop_of_links_resolves_to_nothing_instead_of_forever()
    {
        File.CreateSymbolicLink(At("site", "a"), "b");
        File.CreateSymbolicLink(At("site", "b"), "a");
        File.CreateSymbolicLink(At("site", "self"), "self");

        Assert.Null(RealPaths.Resolve(At("site", "a")));
        Assert.Null(RealPaths.Resolve(At("site", "self", "x")));
        Assert.False(RealPaths.IsInside(At("site"), At("site", "a")));
    }

    [Fact]
    public void Forty_links_in_a_row_are_followed_and_the_forty_first_is_too_many()
    {
        // link0 -> link1 -> ... -> linkN -> docs/a.gmi: N + 1 links to follow from link0.
        static void Chain(string directory, string prefix, int links)
        {
            for (var i = 0; i < links - 1; i++)
            {
                File.CreateSymbolicLink(Path.Combine(directory, prefix + i), prefix + (i + 1));
            }

            File.CreateSymbolicLink(Path.Combine(directory, prefix + (links - 1)), "docs/a.gmi");
        }

        Chain(At("site"), "ok", 40);
        Chain(At("site"), "long", 41);

        Assert.Equal(At("site", "docs", "a.gmi"), RealPaths.Resolve(At("site", "ok0")));
        Assert.Null(RealPaths.Resolve(At("site", "long0")));
    }

    [Fact]
    public void Inside_means_the_root_itself_or_under_it_never_a_sibling_that_shares_its_prefix()
    {
        Directory.CreateDirectory(At("site2"));

        Assert.True(RealPaths.IsInside(At("site"), At("site")));
        Assert.True(RealPaths.IsInside(At("site"), At("site", "docs", "a.gmi")));
        Assert.False(RealPaths.IsInside(At("site"), At("site2")));
        Assert.False(RealPaths.IsInside(At("site"), At("site", "..", "outside", "secret")));
    }

    [Fact]
    public void An_opened_file_is_judged_by_where_its_descriptor_really_is()
    {
        File.CreateSymbolicLink(At("site", "leak"), At("outside", "secret"));
        using var inside = File.OpenHandle(At("site", "docs", "a.gmi"));
        using var outside = File.OpenHandle(At("site", "leak"));

        Assert.True(RealPaths.OpenedInside(inside, At("site")));
        Assert.False(RealPaths.OpenedInside(outside, At("site")));
        Assert.False(RealPaths.OpenedInside(inside, At("site", "docs", "a.gmi", "x")));
    }
}
