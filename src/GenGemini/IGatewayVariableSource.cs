namespace GenGemini;

/// <summary>Something that adds its own variables to every SCGI or CGI request (generated for [Scgi] classes).</summary>
public interface IGatewayVariableSource
{
    void WriteVariables(GatewayVariableWriter writer);
}
