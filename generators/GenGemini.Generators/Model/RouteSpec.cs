using GenGemini.Generators.Routing;

namespace GenGemini.Generators.Model;

/// <summary>
/// The class that declares routes: enough to emit a partial part of it and to create it.
/// <see cref="ConstructorParameters"/> are the chosen constructor's parameter types, resolved from
/// the app's services; <see cref="CanConstruct"/> is false when there is no constructor to call.
/// </summary>
internal sealed record HandlerClassSpec(
    string FullyQualifiedName,
    string? Namespace,
    EquatableArray<string> TypeDeclarations,
    bool CanEmitPartial,
    bool CanConstruct,
    EquatableArray<ServiceParameterSpec> ConstructorParameters);

/// <summary>A constructor parameter resolved from services; an optional one (nullable or with a default) may be missing.</summary>
internal sealed record ServiceParameterSpec(string TypeName, bool Optional);

/// <summary>One template segment after binding to the method: its kind, text and effective constraint.</summary>
internal sealed record SegmentSpec(SegmentKind Kind, string Text, string? Constraint, bool Optional);

/// <summary>One route without problems: a method with a [Gemini], [Input] or [Titan] attribute and its full template.</summary>
internal sealed record RouteSpec(
    HandlerClassSpec Class,
    string MethodName,
    string LinkName,
    bool IsStatic,
    string Template,
    EquatableArray<SegmentSpec> Segments,
    EquatableArray<ParameterSpec> Parameters,
    ReturnKind ReturnKind,
    bool IsInput,
    string? Prompt,
    bool Sensitive,
    string? RateLimitPolicy = null,
    bool IsTitan = false,
    long MaxUploadSize = 0,
    bool RequireToken = false,
    string? CertificateRequirement = null,
    string? Host = null,
    string? Language = null,
    bool Crawl = true);

/// <summary>An [assembly: RateLimitPolicy]: a named policy and its defaults.</summary>
internal sealed record RateLimitPolicySpec(string Name, int PermitLimit, double WindowSeconds, int Algorithm);
