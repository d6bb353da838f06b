using GenGemini.StaticFiles;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.StaticFiles;

/// <summary>A not-found handler of the capsule's own, and a maximum file size.</summary>
public class StaticFileLimitsTests
{
    [Fact]
    public async Task A_missing_file_gets_the_capsules_own_answer_and_others_are_served()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "here.gmi"), "# Here\n");
        var app = TestApps.Create();
        app.Mount("/static", new StaticFileHandler(directory.Path) { NotFound = request => Response.NotFound("No " + request.PathInfo + " here; try /static/here.gmi") });
        var client = new TestClient(app);
        Assert.Equal("51 No /gone.gmi here; try /static/here.gmi", (await client.GetAsync("/static/gone.gmi")).ToString());
        Assert.Equal("51 No /.hidden here; try /static/here.gmi", (await client.GetAsync("/static/.hidden")).ToString());
        Assert.Equal("Here", (await client.GetAsync("/static/here.gmi")).Gemtext.Title);
    }

    [Fact]
    public async Task A_file_over_the_maximum_size_is_refused_with_50()
    {
        using var directory = new TempDirectory();
        File.WriteAllBytes(Path.Combine(directory.Path, "big.bin"), new byte[2000]);
        File.WriteAllBytes(Path.Combine(directory.Path, "small.bin"), new byte[1000]);
        var app = TestApps.Create();
        app.Mount("/static", new StaticFileHandler(directory.Path) { MaxFileSize = 1000 });
        var client = new TestClient(app);
        Assert.Equal("50 File too large", (await client.GetAsync("/static/big.bin")).ToString());
        Assert.Equal(1000, (await client.GetAsync("/static/small.bin")).Body.Length);
        Assert.Equal("50 File too large", (await client.GetAsync("/static/big.bin")).ToString()); // not from a cache
    }
}
