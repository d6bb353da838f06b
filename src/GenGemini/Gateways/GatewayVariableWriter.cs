using System.Globalization;
using GenGemini.Application;
using GenGemini.Gateways;

namespace GenGemini;

/// <summary>Adds typed values as gateway variables, formatted with the invariant culture. A null value is left out.</summary>
public readonly struct GatewayVariableWriter
{
    private readonly IVariableSink _sink;

    internal GatewayVariableWriter(IVariableSink sink) => _sink = sink;

    /// <summary>Adds a variable; a null value adds nothing.</summary>
    public void Add(string name, string? value)
    {
        if (value is not null && !value.Contains('\0'))
        {
            _sink.Add(name, value);
        }
    }

    /// <summary>Adds a number, formatted with the invariant culture; null adds nothing.</summary>
    public void Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number, formatted with the invariant culture; null adds nothing.</summary>
    public void Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number, round-trip formatted with the invariant culture; null adds nothing.</summary>
    public void Add(string name, double? value) => Add(name, value?.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Adds a number, formatted with the invariant culture; null adds nothing.</summary>
    public void Add(string name, decimal? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds <c>1</c> or <c>0</c>; null adds nothing.</summary>
    public void Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "1" : "0");

    /// <summary>Adds a GUID in its hyphenated form; null adds nothing.</summary>
    public void Add(string name, Guid? value) => Add(name, value?.ToString("D"));
}
