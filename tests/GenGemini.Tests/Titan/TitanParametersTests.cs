using GenGemini.Protocol;

namespace GenGemini.Tests.Titan;

/// <summary>Titan's parameters on their own (";mime=...;size=...;token=..."), and how each can go wrong.</summary>
public sealed class TitanParametersTests
{
    [Theory]
    [InlineData("size=10", 10L, "text/gemini", null)]
    [InlineData("mime=text/plain;size=0", 0L, "text/plain", null)]
    [InlineData("SIZE=5;Mime=image/png;TOKEN=s%20t", 5L, "image/png", "s t")]
    [InlineData(";;size=7;;", 7L, "text/gemini", null)]
    [InlineData("size=999999999999999999", 999_999_999_999_999_999L, "text/gemini", null)] // 18 digits: the most accepted
    [InlineData("size=3;mime=text/plain%3B%20charset%3Dutf-8", 3L, "text/plain; charset=utf-8", null)] // a space after the ';' is a parameter's
    [InlineData("size=3;other=x;token=", 3L, "text/gemini", "")]
    public void Valid_parameters_are_read(string text, long size, string mime, string? token)
    {
        Assert.True(TitanParameters.TryParse(text, out var parameters, out var problem), problem);
        Assert.Equal((size, mime, token), (parameters!.Size, parameters.MimeType, parameters.Token));
    }

    [Theory]
    [InlineData("", "Titan upload without a size")]
    [InlineData("mime=text/plain", "Titan upload without a size")]
    [InlineData("size", "Titan size must be a whole number of bytes")]
    [InlineData("size=", "Titan size must be a whole number of bytes")]
    [InlineData("size=-1", "Titan size must be a whole number of bytes")]
    [InlineData("size=+1", "Titan size must be a whole number of bytes")]
    [InlineData("size=1e3", "Titan size must be a whole number of bytes")]
    [InlineData("size=%201", "Titan size must be a whole number of bytes")]
    [InlineData("size=1000000000000000000", "Titan size must be a whole number of bytes")] // 19 digits
    [InlineData("size=1;size=2", "Duplicate Titan parameter: size")]
    [InlineData("size=1;mime=a/b;mime=a/b", "Duplicate Titan parameter: mime")]
    [InlineData("size=1;token=a;token=a", "Duplicate Titan parameter: token")]
    [InlineData("size=1;mime=text", "Titan mime must be a type/subtype")]
    [InlineData("size=1;mime=/plain", "Titan mime must be a type/subtype")]
    [InlineData("size=1;mime=text/", "Titan mime must be a type/subtype")]
    [InlineData("size=1;mime=text/pl%20ain", "Titan mime must be a type/subtype")]
    [InlineData("size=1;mime=text/pl%09ain", "Titan mime must be a type/subtype")]
    [InlineData("size=1;mime=text/plain%0D%0AX-Evil: 1", "Titan mime must be a type/subtype")]
    [InlineData("size=1;mime=text/plain%3B%0D%0Ax", "Titan mime must be a type/subtype")] // CR LF after the ';' too
    [InlineData("size=1;mime=text/plain%3Bx%C2%85", "Titan mime must be a type/subtype")] // a C1 control
    [InlineData("size=1;mime=text/pl%zzain", "Malformed percent-encoding in Titan parameters")]
    [InlineData("size=1;token=%", "Malformed percent-encoding in Titan parameters")]
    public void Invalid_parameters_get_the_reason_a_client_sees(string text, string expected)
    {
        Assert.False(TitanParameters.TryParse(text, out var parameters, out var problem));
        Assert.Null(parameters);
        Assert.Equal(expected, problem);
    }
}
