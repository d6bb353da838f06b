namespace GenGemini.Generators.Model;

/// <summary>A variable an [Scgi] class exports: the variable name and the property that gives its value.</summary>
internal sealed record ScgiVariableSpec(string VariableName, string PropertyName, bool IsStatic);

/// <summary>An [Scgi] class: where its backend is and how to talk to it. A null setting was not given: the runtime's default applies.</summary>
internal sealed record ScgiBindingSpec(
    HandlerClassSpec Class,
    string Prefix,
    string? Host,
    int Port,
    string? Socket,
    double? TimeoutSeconds,
    long? MaxResponseSize,
    int? BufferSize,
    bool InheritEnvironment,
    EquatableArray<ScgiVariableSpec> Variables);
