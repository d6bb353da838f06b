using System.Text;
using GenGemini.Protocol;

namespace GenGemini.Tests.Protocol;

public class ResponseHeaderTests
{
    [Fact]
    public void Writes_status_space_meta_crlf() =>
        Assert.Equal("20 text/gemini\r\n"u8.ToArray(), ResponseHeaderWriter.ToArray(StatusCode.Success, "text/gemini"));

    [Fact]
    public void Refuses_undefined_status() =>
        Assert.Throws<ArgumentException>(() => ResponseHeaderWriter.ToArray((StatusCode)25, "x"));

    [Theory]
    [InlineData("a\r\nb")]
    [InlineData("a\nb")]
    public void Refuses_CR_or_LF_in_meta(string meta) =>
        Assert.Throws<ArgumentException>(() => ResponseHeaderWriter.ToArray(StatusCode.NotFound, meta));

    [Fact]
    public void Meta_is_limited_to_1024_UTF8_bytes()
    {
        Assert.Equal(1024 + 5, ResponseHeaderWriter.ToArray(StatusCode.NotFound, new string('x', 1024)).Length);
        Assert.Throws<ArgumentException>(() => ResponseHeaderWriter.ToArray(StatusCode.NotFound, new string('x', 1025)));
        // 512 two-byte characters are 1024 bytes; one more is over.
        Assert.Throws<ArgumentException>(() => ResponseHeaderWriter.ToArray(StatusCode.NotFound, new string('é', 513)));
    }

    public static TheoryData<Func<Response>, int> Factories => new()
    {
        { () => Response.Input("p"), 10 },
        { () => Response.SensitiveInput("p"), 11 },
        { () => Response.Success("b"), 20 },
        { () => Response.RedirectTemporary("/x"), 30 },
        { () => Response.RedirectPermanent("/x"), 31 },
        { () => Response.TemporaryFailure(), 40 },
        { () => Response.ServerUnavailable(), 41 },
        { () => Response.CgiError(), 42 },
        { () => Response.ProxyError(), 43 },
        { () => Response.SlowDown(5), 44 },
        { () => Response.PermanentFailure(), 50 },
        { () => Response.NotFound(), 51 },
        { () => Response.Gone(), 52 },
        { () => Response.ProxyRequestRefused(), 53 },
        { () => Response.BadRequest(), 59 },
        { () => Response.ClientCertificateRequired(), 60 },
        { () => Response.CertificateNotAuthorised(), 61 },
        { () => Response.CertificateNotValid(), 62 },
    };

    [Theory]
    [MemberData(nameof(Factories))]
    public void Every_status_code_has_a_named_factory(Func<Response> factory, int code)
    {
        var response = factory();
        Assert.Equal(code, (int)response.Status);
        var header = Encoding.UTF8.GetString(ResponseHeaderWriter.ToArray(response.Status, response.Meta));
        Assert.StartsWith(code + " ", header);
    }

    [Fact]
    public void Each_factory_is_named_as_its_status_code()
    {
        // The factory for each status carries the StatusCode member's name (Input, not Prompt;
        // RedirectTemporary, not Redirect), so one name is learnt once.
        var factories = typeof(Response).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(Response) && !m.IsSpecialName && m.Name != nameof(Response.Empty)
                && m.GetCustomAttributes(typeof(System.ComponentModel.EditorBrowsableAttribute), false).Length == 0)
            .Select(m => m.Name)
            .ToHashSet();
        Assert.Equal(Enum.GetNames<StatusCode>().Order(), factories.Order());
    }

    [Fact]
    public void The_0_1_names_still_answer_the_same()
    {
        Assert.Equal(StatusCode.RedirectTemporary, Response.Redirect("/x").Status);
        Assert.Equal("/x", Response.Redirect("/x").Meta);
        Assert.Equal(StatusCode.ClientCertificateRequired, Response.CertificateRequired().Status);
    }

    [Fact]
    public void Only_2x_responses_carry_a_body() =>
        Assert.Throws<ArgumentException>(() => new Response(StatusCode.NotFound, "x", new byte[] { 1 }));

    [Fact]
    public void Slow_down_meta_is_the_seconds() => Assert.Equal("30", Response.SlowDown(30).Meta);
}
