using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace GenGemini.Generators.Rules;

/// <summary>
/// One problem a builder found: its kind, where in the source it is, the arguments of its
/// message and, for a code fix, properties.
/// </summary>
internal sealed record Problem(ProblemKind Kind, Location Location, object?[] Arguments, ImmutableDictionary<string, string?>? Properties = null)
{
    public static Problem At(ProblemKind kind, Location? location, params object?[] arguments) => new(kind, location ?? Location.None, arguments);
}
