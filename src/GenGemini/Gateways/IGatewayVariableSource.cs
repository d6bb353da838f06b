namespace GenGemini;

/// <summary>Something that adds its own variables to every SCGI or CGI request (generated for [Scgi] classes).</summary>
public interface IGatewayVariableSource
{
    /// <summary>Adds this request's variables to <paramref name="writer"/>.</summary>
    void WriteVariables(GatewayVariableWriter writer);
}
