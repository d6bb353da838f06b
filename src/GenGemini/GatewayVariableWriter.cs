using System.Globalization;
using GenGemini.Application;

namespace GenGemini;

/// <summary>Adds typed values as gateway variables, formatted with the invariant culture. A null value is left out.</summary>
public readonly struct GatewayVariableWriter
{
    private readonly IVariableSink _sink;

    internal GatewayVariableWriter(IVariableSink sink) => _sink = sink;

    public void Add(string name, string? value)
    {
        if (value is not null && !value.Contains('\0'))
        {
            _sink.Add(name, value);
        }
    }

    public void Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public void Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public void Add(string name, double? value) => Add(name, value?.ToString("R", CultureInfo.InvariantCulture));

    public void Add(string name, decimal? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public void Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "1" : "0");

    public void Add(string name, Guid? value) => Add(name, value?.ToString("D"));
}
