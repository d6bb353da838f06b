namespace GenGemini;

/// <summary>
/// Finds the user a client certificate stands for. Register one (<c>builder.Services.AddSingleton&lt;ICertificateIdentityStore&lt;User&gt;, Users&gt;()</c>)
/// and mark a handler parameter <see cref="FromCertificateAttribute"/>: generated code binds it to
/// what <see cref="FindAsync"/> returns for the certificate's public-key hash, cached per key
/// (<see cref="GeminiOptions.Identities"/>). See docs/identities.md.
/// </summary>
/// <typeparam name="TUser">The user type.</typeparam>
public interface ICertificateIdentityStore<TUser>
    where TUser : class
{
    /// <summary>
    /// The user whose certificate has this public key, or null for none (the client then gets 61,
    /// or null when the parameter is optional).
    /// </summary>
    /// <param name="publicKeyHash">Lower-case hex SHA-256 of the certificate's SubjectPublicKeyInfo: the same for a renewed certificate on the same key.</param>
    /// <param name="cancellationToken">Cancelled when the request is.</param>
    ValueTask<TUser?> FindAsync(string publicKeyHash, CancellationToken cancellationToken);
}

/// <summary>
/// Binds a handler parameter to the user of the client certificate, through the registered
/// <see cref="ICertificateIdentityStore{TUser}"/>: no certificate is <c>60</c>, a certificate the
/// store does not know is <c>61</c>; a nullable parameter is optional (null instead).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class FromCertificateAttribute : Attribute;

/// <summary>How long and how many certificate identities are kept (<c>Gemini:Identities</c>).</summary>
public sealed class IdentityOptions
{
    /// <summary>How many identities are kept; the least recently used goes first (1024).</summary>
    public int CacheSize { get; set; } = 1024;

    /// <summary>How long an identity (or a "not known") is kept before the store is asked again (5 minutes).</summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
