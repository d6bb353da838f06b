using System.Security.Cryptography;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Server;

/// <summary>Client identities over real TLS: the certificate's hash, and its public key's, which survives renewal.</summary>
public sealed class ClientIdentityTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<string> OpenSslAsync(params string[] arguments)
    {
        var result = await OpenSslClient.RunAsync(arguments).WaitAsync(Limit);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Text;
    }

    private async Task<(string Cert, string Key)> CertificateAsync(string key, string name)
    {
        var keyPath = Path.Combine(_directory.Path, key + ".key");
        if (!File.Exists(keyPath))
        {
            await OpenSslAsync("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyPath);
        }

        var certPath = Path.Combine(_directory.Path, name + ".pem");
        await OpenSslAsync("req", "-x509", "-key", keyPath, "-out", certPath, "-days", "2", "-subj", "/CN=" + name);
        return (certPath, keyPath);
    }

    /// <summary>What openssl says the key hash is: SHA-256 of the DER SubjectPublicKeyInfo.</summary>
    private async Task<string> OpenSslKeyHashAsync(string cert)
    {
        var spki = Path.Combine(_directory.Path, Path.GetFileNameWithoutExtension(cert) + ".spki.der");
        var pub = Path.Combine(_directory.Path, Path.GetFileNameWithoutExtension(cert) + ".pub.pem");
        await OpenSslAsync("x509", "-in", cert, "-pubkey", "-noout", "-out", pub);
        await OpenSslAsync("pkey", "-pubin", "-in", pub, "-outform", "DER", "-out", spki);
        return Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(spki)));
    }

    [Fact]
    public async Task The_public_key_hash_is_the_same_for_two_certificates_of_one_key_and_differs_for_another()
    {
        await using var server = await RunningApp.StartAsync(app => app.Map("/who", r =>
            Response.Success($"{r.ClientCertificateHash} {r.ClientPublicKeyHash}", "text/plain")));
        var first = await CertificateAsync("one", "first");
        var renewed = await CertificateAsync("one", "renewed");
        var other = await CertificateAsync("two", "other");

        async Task<string[]> WhoAsync((string Cert, string Key) c) =>
            (await OpenSslClient.GetAsync(server.Port, server.Url("/who"), "-cert", c.Cert, "-key", c.Key).WaitAsync(Limit)).Text["20 text/plain\r\n".Length..].Split(' ');

        var a = await WhoAsync(first);
        var b = await WhoAsync(renewed);
        var c = await WhoAsync(other);

        Assert.NotEqual(a[0], b[0]);           // two certificates
        Assert.Equal(a[1], b[1]);              // one key: one identity
        Assert.NotEqual(a[1], c[1]);           // another key
        Assert.Equal(await OpenSslKeyHashAsync(first.Cert), a[1]);
        Assert.Equal(await OpenSslKeyHashAsync(other.Cert), c[1]);
    }
}
