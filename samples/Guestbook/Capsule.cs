using GenGemini;
using Microsoft.Extensions.Logging;

namespace Guestbook;

/// <summary>Signers are found by their certificate's public key, in the database (cached by GenGemini).</summary>
public sealed class Signers(Database database) : ICertificateIdentityStore<Signer>
{
    public ValueTask<Signer?> FindAsync(string publicKeyHash, CancellationToken cancellationToken) =>
        database.FindSignerAsync(publicKeyHash, cancellationToken);
}

/// <summary>The guestbook page (Templates/index.gmi).</summary>
[GemtextTemplate("Templates/index.gmi")]
public partial class IndexPage
{
    public Signer? Signer { get; init; }

    public required List<Entry> Entries { get; init; }
}

/// <summary>The guestbook's routes: read, choose a name (a certificate), sign (input).</summary>
[Gemini("/")]
public partial class Capsule(Database database, TimeProvider time, IServiceProvider services)
{
    [Gemini("")]
    public Gemtext Index([FromCertificate] Signer? signer) =>
        new IndexPage { Signer = signer, Entries = database.Latest(50) }.Render();

    [Input("register", Prompt = "The name to sign with?")]
    public Response Register(Request request, string query)
    {
        if (request.ClientPublicKeyHash is not { } key)
        {
            return Response.ClientCertificateRequired("Present a client certificate to choose a name");
        }

        database.SaveSigner(key, query.Trim());
        CertificateIdentities.Forget<Signer>(services, key); // the cached "not known" goes
        return Response.RedirectTemporary("/");
    }

    [Input("sign", Prompt = "Your message?")]
    public Response Sign([FromCertificate] Signer signer, Request request, string query)
    {
        database.AddEntry(request.ClientPublicKeyHash!, query, time.GetUtcNow());
        return Response.RedirectTemporary("/");
    }
}

/// <summary>Old entries go: a scheduled task, every night at 03:00 UTC.</summary>
public partial class Pruning(Database database, TimeProvider time, GuestbookOptions options, ILogger<Pruning> logger)
{
    [Scheduled(Cron = "0 3 * * *")]
    public void PruneOldEntries()
    {
        var removed = database.Prune(time.GetUtcNow().AddDays(-options.KeepDays));
        logger.LogInformation("Pruned {Count} entries older than {Days} days", removed, options.KeepDays);
    }
}

/// <summary>The guestbook's settings (<c>Guestbook:Database</c>, <c>Guestbook:KeepDays</c>).</summary>
public sealed class GuestbookOptions
{
    public string Database { get; set; } = "guestbook.db";

    public int KeepDays { get; set; } = 30;
}
