using GenGemini.Internal;

namespace GenGemini.Tests.StaticFiles;

/// <summary>The path rules of every handler that maps a request path to files (static files, CGI).</summary>
public sealed class ServedPathsTests
{
    [Theory]
    [InlineData("/a/b.gmi", new[] { "a", "b.gmi" })]
    [InlineData("//a///b/", new[] { "a", "b" })]
    [InlineData("", new string[0])]
    [InlineData("/.well-known/x", new[] { ".well-known", "x" })]
    [InlineData("/a..b/...", new[] { "a..b", "..." })]
    public void A_path_splits_into_its_segments(string path, string[] segments)
    {
        Assert.True(ServedPaths.TrySplit(path, out var split));
        Assert.Equal(segments, split);
    }

    [Theory]
    [InlineData("/a/../b")]
    [InlineData("/./b")]
    [InlineData("/..")]
    [InlineData("/a\\..\\b")]
    [InlineData("/a\\b")]
    [InlineData("/a\0b")]
    [InlineData("/ok/\0")]
    public void A_segment_that_climbs_or_smuggles_a_separator_or_NUL_is_refused(string path) =>
        Assert.False(ServedPaths.TrySplit(path, out _));

    [Theory]
    [InlineData("/srv/site", "/srv/site/a", true)]
    [InlineData("/srv/site", "/srv/site/a/b", true)]
    [InlineData("/srv/site", "/srv/site", false)]      // the root itself is not under it
    [InlineData("/srv/site", "/srv/site/", false)]
    [InlineData("/srv/site", "/srv/siteX", false)]     // a sibling sharing its prefix
    [InlineData("/srv/site", "/srv/site2/a", false)]
    [InlineData("/srv/site", "/srv/sit", false)]
    [InlineData("/srv/site", "/srv", false)]
    [InlineData("/srv/site/", "/srv/site/a", true)]   // a root written with its separator
    [InlineData("/srv/site/", "/srv/site/", false)]
    [InlineData("/srv/site/", "/srv/siteX", false)]
    [InlineData("/", "/etc", true)]
    [InlineData("/", "/", false)]
    public void Under_means_strictly_inside_the_root_directory(string root, string path, bool under) =>
        Assert.Equal(under, ServedPaths.IsUnder(root, path));

    [Theory]
    [InlineData("a/b", "/a/b")]
    [InlineData("/a", "/a")]
    [InlineData("//evil.example/x", "/evil.example/x")] // never a protocol-relative URL
    [InlineData("", "/")]
    public void A_local_path_has_exactly_one_leading_slash(string path, string expected) =>
        Assert.Equal(expected, ServedPaths.LocalPath(path));
}
