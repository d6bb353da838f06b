using System.Security.Cryptography;
using GenGemini;
using Microsoft.Extensions.Configuration;

namespace Hello;

/// <summary>
/// The wiki's upload token: Gemini:Titan:Tokens when configured; otherwise one made on first start
/// and kept (readable by this user only) in the certificate directory, as wiki-token. Never
/// logged: the start line says where it is, not what it is.
/// </summary>
internal static class WikiToken
{
    public static void Configure(GeminiAppBuilder builder)
    {
        if (builder.Configuration.GetSection("Gemini:Titan:Tokens").GetChildren().Any())
        {
            return;
        }

        var directory = builder.Configuration["Gemini:Tls:CertificateDirectory"] ?? builder.Configuration["Gemini:CertificateDirectory"] ?? ".certificates";
        var path = Path.Combine(directory, "wiki-token");
        string token;
        if (File.Exists(path))
        {
            token = File.ReadAllText(path).Trim();
        }
        else
        {
            token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, options);
            file.Write(System.Text.Encoding.UTF8.GetBytes(token + "\n"));
        }

        builder.ConfigureOptions(options => options.Titan.Tokens.Add(token));
        Console.WriteLine($"Wiki uploads take the token in {path} (titan://...;token=...)");
    }
}
