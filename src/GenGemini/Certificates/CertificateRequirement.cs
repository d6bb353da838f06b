namespace GenGemini.Certificates;

/// <summary>The check behind [RequireCertificate] and <c>RequireCertificate()</c> on mounts.</summary>
internal static class CertificateRequirement
{
    /// <summary>60, 62 or 61 when <paramref name="request"/> does not meet the requirement; null when it does.</summary>
    internal static Response? Check(Request request, string? policy, IDictionary<string, IList<string>>? policies)
    {
        if (!request.HasClientCertificate)
        {
            return Response.ClientCertificateRequired();
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

        return policies is not null && policies.TryGetValue(policy, out var members)
            && members.Any(m => string.Equals(m, request.ClientCertificateHash, StringComparison.OrdinalIgnoreCase)
                || string.Equals(m, request.ClientPublicKeyHash, StringComparison.OrdinalIgnoreCase))
            ? null
            : new Response(StatusCode.CertificateNotAuthorised, "Certificate not authorised");
    }
}
