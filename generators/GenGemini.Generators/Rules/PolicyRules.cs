using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace GenGemini.Generators.Rules;

/// <summary>[RateLimit] and [RequireCertificate(Policy = ...)] name policies the assembly declares.</summary>
internal static class PolicyRules
{
    /// <summary>The names declared with [assembly: RateLimitPolicy(...)] (case-insensitive, as at run time).</summary>
    public static HashSet<string> DeclaredRateLimitPolicies(IAssemblySymbol assembly) => DeclaredNames(assembly, AttributeNames.RateLimitPolicy);

    /// <summary>The names declared with [assembly: CertificatePolicy(...)].</summary>
    public static HashSet<string> DeclaredCertificatePolicies(IAssemblySymbol assembly) => DeclaredNames(assembly, AttributeNames.CertificatePolicy);

    /// <summary>The unknown policies <paramref name="symbol"/>'s own attributes name.</summary>
    public static List<Problem> Problems(ISymbol symbol, HashSet<string> rateLimitPolicies, HashSet<string> certificatePolicies, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        foreach (var attribute in symbol.GetAttributes())
        {
            var name = attribute.AttributeClass?.ToDisplayString();
            if (name == AttributeNames.RateLimit && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string policy
                && !rateLimitPolicies.Contains(policy))
            {
                problems.Add(Problem.At(ProblemKind.UnknownRateLimitPolicy, SourceLocations.AttributeLocation(attribute, cancellationToken), policy));
            }
            else if (name == AttributeNames.RequireCertificate
                && attribute.NamedArguments.FirstOrDefault(a => a.Key == "Policy").Value.Value is string { Length: > 0 } certificatePolicy
                && !certificatePolicies.Contains(certificatePolicy))
            {
                problems.Add(Problem.At(ProblemKind.UnknownCertificatePolicy, SourceLocations.AttributeLocation(attribute, cancellationToken), certificatePolicy));
            }
        }

        return problems;
    }

    /// <summary>The names an assembly attribute declares (its one constructor argument), case-insensitive as at run time.</summary>
    private static HashSet<string> DeclaredNames(IAssemblySymbol assembly, string attributeName) => new(
        assembly.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == attributeName && a.ConstructorArguments.Length == 1)
            .Select(a => a.ConstructorArguments[0].Value as string)
            .Where(n => n is not null)
            .Select(n => n!),
        System.StringComparer.OrdinalIgnoreCase);
}
