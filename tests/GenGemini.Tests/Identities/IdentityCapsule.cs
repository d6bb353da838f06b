using GenGemini;

namespace GenGemini.Tests.Identities;

/// <summary>A user known by a certificate's public key.</summary>
public sealed class TestUser
{
    public required string Name { get; init; }
}

/// <summary>The store the identity tests count calls of.</summary>
public sealed class TestUsers : ICertificateIdentityStore<TestUser>
{
    public const string AdaKey = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private int _calls;

    public int Calls => _calls;

    public Dictionary<string, TestUser> Known { get; } = new(StringComparer.Ordinal) { [AdaKey] = new TestUser { Name = "Ada" } };

    public async ValueTask<TestUser?> FindAsync(string publicKeyHash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield(); // as a database would
        return Known.GetValueOrDefault(publicKeyHash);
    }
}

public partial class IdentityCapsule
{
    [Gemini("me")]
    public static string Me([FromCertificate] TestUser user) => $"# Hello {user.Name}\n";

    [Gemini("maybe")]
    public static string Maybe([FromCertificate] TestUser? user) => user is null ? "# Hello stranger\n" : $"# Hello again, {user.Name}\n";

    [Gemini("me/{n:int}")]
    public static Task<string> Numbered(int n, [FromCertificate] TestUser user) => Task.FromResult($"# {user.Name} {n}\n");
}
