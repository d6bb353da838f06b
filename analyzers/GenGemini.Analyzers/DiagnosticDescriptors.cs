using GenGemini.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace GenGemini.Analyzers;

/// <summary>Every GenGemini diagnostic, in one catalog. Each has a page in docs/diagnostics.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "GenGemini";
    // Relative to the repository root: the page for each id lives in docs/diagnostics.
    private const string HelpBase = "docs/diagnostics/";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + id + ".md");

    public static readonly DiagnosticDescriptor InvalidTemplate = Error("GG0001", "Invalid route template", "Invalid route template: {0}");
    public static readonly DiagnosticDescriptor InvalidParameterName = Error("GG0002", "Invalid route parameter name", "{0}");
    public static readonly DiagnosticDescriptor UnknownConstraint = Error("GG0003", "Unknown or misplaced route constraint", "{0}");
    public static readonly DiagnosticDescriptor DuplicateParameter = Error("GG0004", "Duplicate route parameter", "{0}");
    public static readonly DiagnosticDescriptor CatchAllNotLast = Error("GG0005", "Catch-all parameter not last", "{0}");
    public static readonly DiagnosticDescriptor OptionalNotLast = Error("GG0006", "Optional parameter not last", "{0}");
    public static readonly DiagnosticDescriptor IncompatibleConstraint = Error("GG0007", "Route constraint does not fit the parameter type", "{0}");
    public static readonly DiagnosticDescriptor UnboundTemplateParameter = Error("GG0008", "Route parameter has no method parameter", "Route parameter '{0}' has no matching parameter on method '{1}'");
    public static readonly DiagnosticDescriptor UnboundMethodParameter = Error("GG0009", "Method parameter is not bound", "Parameter '{0}' of '{1}' is bound by nothing: it is not in the route template, not Request, not CancellationToken{2}, and not a service (mark it [FromServices] to resolve it from dependency injection)");
    // Reported when the whole compilation is known (routes may be in different classes and files).
    public static readonly DiagnosticDescriptor AmbiguousRoutes = new(
        "GG0010", "Ambiguous routes", "Route '{0}' matches the same paths as '{1}' ({2}) with equal precedence", Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + "GG0010.md", customTags: WellKnownDiagnosticTags.CompilationEnd);
    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error("GG0011", "Unsupported handler return type", "Handler '{0}' returns '{1}': return string, Gemtext, Response, Task/ValueTask of those, or void/Task/ValueTask");
    public static readonly DiagnosticDescriptor AsyncVoidHandler = Error("GG0012", "Async void handler", "Handler '{0}' is async void: its errors cannot be seen and its response never arrives; return Task or Task<T>");
    public static readonly DiagnosticDescriptor NotPartial = Error("GG0013", "Class must be partial", "'{0}' must be partial: the generator adds {1} to it");
    public static readonly DiagnosticDescriptor ScgiEndpoint = Error("GG0014", "SCGI backend endpoint is incomplete or ambiguous", "[Scgi] on '{0}' needs either Host and Port, or Socket: {1}");
    public static readonly DiagnosticDescriptor ScgiPort = Error("GG0015", "SCGI port out of range", "SCGI port {0} is outside 1-65535");
    public static readonly DiagnosticDescriptor ScgiEmptyHost = Error("GG0016", "Empty SCGI host or socket", "The SCGI {0} must not be empty");
    public static readonly DiagnosticDescriptor ScgiTimeout = Error("GG0017", "SCGI timeout must be positive", "SCGI Timeout {0} must be more than 0 seconds");
    public static readonly DiagnosticDescriptor ScgiMaxResponseSize = Error("GG0018", "Negative SCGI maximum response size", "SCGI MaxResponseSize {0} is negative (use 0 for unlimited)");
    public static readonly DiagnosticDescriptor ScgiPrefix = Error("GG0019", "SCGI prefix must start with '/'", "SCGI prefix '{0}' must start with '/'");

    public static readonly DiagnosticDescriptor ShadowedByMount = new(
        "GG0020", "Route shadowed by a mount", "Route '{0}' is never reached: the mount at '{1}' takes every path under it", Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpBase + "GG0020.md", customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor InaccessibleHandler = Error("GG0021", "Handler cannot be called by generated code", "Handler '{0}' is {1}: generated code must be able to call it");
    public static readonly DiagnosticDescriptor UnsupportedVariableType = Error("GG0022", "Unsupported SCGI variable type", "[ScgiVariable] property '{0}' has type '{1}': use string, int, long, double, decimal, bool or Guid, with a getter");

    public static readonly DiagnosticDescriptor AmbiguousConstructor = Error("GG0023", "Route class has several public constructors", "'{0}' has several public constructors: mark the one MapGenerated() should call with [ActivatorUtilitiesConstructor]");

    public static readonly DiagnosticDescriptor UnknownRateLimitPolicy = Error("GG0024", "Unknown rate-limit policy", "Rate-limit policy '{0}' is not declared: add [assembly: RateLimitPolicy(\"{0}\", PermitLimit = ..., WindowSeconds = ...)]");

    public static readonly DiagnosticDescriptor UnknownCertificatePolicy = Error("GG0025", "Unknown certificate policy", "Certificate policy '{0}' is not declared: add [assembly: CertificatePolicy(\"{0}\")] and list its members in Gemini:CertificatePolicies:{0}");

    public static readonly DiagnosticDescriptor ScgiBufferSize = Error("GG0026", "SCGI buffer too small", "SCGI BufferSize {0} is below {1} bytes, the smallest the runtime accepts");

    public static readonly DiagnosticDescriptor BlockingSynchronousHandler = new(
        "GG0027", "Synchronous handler blocks", "Handler '{0}' calls {1}, which blocks the thread that read the request (a synchronous handler runs there): make the handler async and await, or choose HandlerScheduling.ThreadPool", Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpBase + "GG0027.md");

    /// <summary>The descriptor of each problem the shared builders find: the one table from problems to diagnostics.</summary>
    public static DiagnosticDescriptor For(ProblemKind kind) => kind switch
    {
        ProblemKind.InvalidTemplate => InvalidTemplate,
        ProblemKind.InvalidParameterName => InvalidParameterName,
        ProblemKind.UnknownConstraint => UnknownConstraint,
        ProblemKind.DuplicateParameter => DuplicateParameter,
        ProblemKind.CatchAllNotLast => CatchAllNotLast,
        ProblemKind.OptionalNotLast => OptionalNotLast,
        ProblemKind.IncompatibleConstraint => IncompatibleConstraint,
        ProblemKind.UnboundTemplateParameter => UnboundTemplateParameter,
        ProblemKind.UnboundMethodParameter => UnboundMethodParameter,
        ProblemKind.UnsupportedReturnType => UnsupportedReturnType,
        ProblemKind.AsyncVoidHandler => AsyncVoidHandler,
        ProblemKind.NotPartial => NotPartial,
        ProblemKind.ScgiEndpoint => ScgiEndpoint,
        ProblemKind.ScgiPort => ScgiPort,
        ProblemKind.ScgiEmptyHost => ScgiEmptyHost,
        ProblemKind.ScgiTimeout => ScgiTimeout,
        ProblemKind.ScgiMaxResponseSize => ScgiMaxResponseSize,
        ProblemKind.ScgiPrefix => ScgiPrefix,
        ProblemKind.InaccessibleHandler => InaccessibleHandler,
        ProblemKind.UnsupportedVariableType => UnsupportedVariableType,
        ProblemKind.AmbiguousConstructor => AmbiguousConstructor,
        ProblemKind.UnknownRateLimitPolicy => UnknownRateLimitPolicy,
        ProblemKind.UnknownCertificatePolicy => UnknownCertificatePolicy,
        ProblemKind.ScgiBufferSize => ScgiBufferSize,
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "A problem without a diagnostic."),
    };

    /// <summary>The diagnostic for <paramref name="problem"/>, at its location, with its arguments and properties.</summary>
    public static Diagnostic Create(Problem problem) =>
        Diagnostic.Create(For(problem.Kind), problem.Location, problem.Properties, problem.Arguments);
}
