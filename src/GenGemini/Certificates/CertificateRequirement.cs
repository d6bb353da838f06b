namespace GenGemini;

/// <summary>The checks behind [RequireCertificate] and <c>RequireCertificate()</c> on mounts.</summary>
public static class CertificateRequirement
{
    /// <summary>The mount answers only clients with a valid certificate (in <paramref name="policy"/>, when given).</summary>
    public static IMountHandler RequireCertificate(this IMountHandler handler, string? policy = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new GuardedMount(handler, context => Check(context.Request, policy, context.App.Options));
    }

    /// <summary>60, 62 or 61 when <paramref name="request"/> does not meet the requirement; null when it does.</summary>
    internal static Response? Check(Request request, string? policy, GeminiOptions options)
    {
        if (!request.HasClientCertificate)
        {
            return Response.CertificateRequired();
        }

        if (request.ClientCertificate is { } certificate)
        {
            var now = DateTime.UtcNow;
            if (certificate.NotBefore.ToUniversalTime() > now || certificate.NotAfter.ToUniversalTime() < now)
            {
                return new Response(StatusCode.CertificateNotValid, "Certificate not valid now");
            }
        }

        if (string.IsNullOrEmpty(policy))
        {
            return null;
        }

        return options.CertificatePolicies.TryGetValue(policy, out var members)
            && members.Any(m => string.Equals(m, request.ClientCertificateHash, StringComparison.OrdinalIgnoreCase)
                || string.Equals(m, request.ClientPublicKeyHash, StringComparison.OrdinalIgnoreCase))
            ? null
            : new Response(StatusCode.CertificateNotAuthorised, "Certificate not authorised");
    }
}
