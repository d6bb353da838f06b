namespace GenGemini.Generators.Rules;

/// <summary>
/// Every mistake the shared rules find in a route, a route class or an [Scgi] binding. The
/// generator leaves out a model with any of them; the analyzers report each through one table
/// (<c>DiagnosticDescriptors.For</c>). The two compilation-wide checks (ambiguous routes, routes a
/// mount shadows) need every route at once and live in the route analyzer.
/// </summary>
internal enum ProblemKind
{
    /// <summary>GG0001: the template's syntax.</summary>
    InvalidTemplate,

    /// <summary>GG0002.</summary>
    InvalidParameterName,

    /// <summary>GG0003.</summary>
    UnknownConstraint,

    /// <summary>GG0004.</summary>
    DuplicateParameter,

    /// <summary>GG0005.</summary>
    CatchAllNotLast,

    /// <summary>GG0006.</summary>
    OptionalNotLast,

    /// <summary>GG0007: a path parameter whose constraint or kind cannot produce the method parameter's type.</summary>
    IncompatibleConstraint,

    /// <summary>GG0008: a template parameter without a method parameter.</summary>
    UnboundTemplateParameter,

    /// <summary>GG0009: a method parameter that nothing binds.</summary>
    UnboundMethodParameter,

    /// <summary>GG0011: not string, Gemtext, Response, Task/ValueTask of those, void, Task or ValueTask.</summary>
    UnsupportedReturnType,

    /// <summary>GG0012.</summary>
    AsyncVoidHandler,

    /// <summary>GG0013: a route or SCGI class (or a class containing it) that is not partial.</summary>
    NotPartial,

    /// <summary>GG0014: neither or both of Host/Port and Socket, or half of Host/Port.</summary>
    ScgiEndpoint,

    /// <summary>GG0015.</summary>
    ScgiPort,

    /// <summary>GG0016: an empty host or socket path.</summary>
    ScgiEmptyHost,

    /// <summary>GG0017.</summary>
    ScgiTimeout,

    /// <summary>GG0018.</summary>
    ScgiMaxResponseSize,

    /// <summary>GG0019.</summary>
    ScgiPrefix,

    /// <summary>GG0021: private, protected or generic.</summary>
    InaccessibleHandler,

    /// <summary>GG0022.</summary>
    UnsupportedVariableType,

    /// <summary>GG0023.</summary>
    AmbiguousConstructor,

    /// <summary>GG0024.</summary>
    UnknownRateLimitPolicy,

    /// <summary>GG0025.</summary>
    UnknownCertificatePolicy,

    /// <summary>GG0026: below the runtime's ScgiOptions.MinimumBufferSize.</summary>
    ScgiBufferSize,
}
