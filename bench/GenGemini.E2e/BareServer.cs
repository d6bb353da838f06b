using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

/// <summary>
/// The .NET floor: the least a Gemini server can do per request with SslStream, as GenGemini
/// configures it (TLS 1.2/1.3, a client certificate asked for but never checked, resumption on).
/// Accept, handshake, read up to the CRLF, write a fixed response, close_notify. No routing, no
/// timeouts, no logging: what is left between it and GenGemini is GenGemini's own cost, and what
/// is left between it and the C floor is SslStream's.
/// </summary>
internal static class BareServer
{
    private static readonly byte[] Page = Encoding.UTF8.GetBytes("20 text/gemini\r\n# Static\n\nA small static page, the same bytes from every server.\n");

    public static async Task RunAsync(string host, int port, string certPath, string keyPath)
    {
        // Socket completions inline, as GenGemini runs by default.
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        using var certificate = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, null, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowTlsResume = true,
        };
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host), port));
        listener.Listen(512);
        while (true)
        {
            var socket = await listener.AcceptAsync().ConfigureAwait(false);
            _ = ServeAsync(socket, options);
        }
    }

    private static async Task ServeAsync(Socket socket, SslServerAuthenticationOptions options)
    {
        socket.NoDelay = true;
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
        var line = System.Buffers.ArrayPool<byte>.Shared.Rent(1026);
        try
        {
            await ssl.AuthenticateAsServerAsync(options).ConfigureAwait(false);
            var got = 0;
            while (got < 1026)
            {
                var n = await ssl.ReadAsync(line.AsMemory(got, 1026 - got)).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                got += n;
                if (Array.IndexOf(line, (byte)'\n', 0, got) >= 0)
                {
                    break;
                }
            }

            if (got > 0 && line.AsSpan(0, got).IndexOf("/_allocated"u8) >= 0)
            {
                // Managed bytes allocated so far, as the GenGemini capsule reports them.
                await ssl.WriteAsync(Encoding.ASCII.GetBytes("20 text/plain\r\n" + GC.GetTotalAllocatedBytes(precise: true).ToString(System.Globalization.CultureInfo.InvariantCulture))).ConfigureAwait(false);
                await ssl.ShutdownAsync().ConfigureAwait(false);
            }
            else if (got > 0)
            {
                await ssl.WriteAsync(Page).ConfigureAwait(false);
                await ssl.ShutdownAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or AuthenticationException or SocketException)
        {
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(line);
        }
    }
}
