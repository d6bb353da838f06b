namespace GenGemini.Generators.Model;

/// <summary>Where a handler parameter's value comes from.</summary>
internal enum ParameterSource
{
    Path,
    Request,
    CancellationToken,
    Query,
}

/// <summary>A handler parameter. For path parameters, <see cref="SegmentIndex"/> is its template segment.</summary>
internal sealed record ParameterSpec(
    string Name,
    string TypeName,
    string ParseType,
    bool IsNullable,
    ParameterSource Source,
    int SegmentIndex);
