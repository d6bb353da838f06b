using GenGemini.Generators.Routing;

namespace GenGemini.Generators.Model;

/// <summary>A handler parameter. For path parameters, <see cref="SegmentIndex"/> is its template segment.</summary>
internal sealed record ParameterSpec(
    string Name,
    string TypeName,
    string ParseType,
    bool IsNullable,
    ParameterSource Source,
    int SegmentIndex);
