namespace GenGemini;

/// <summary>Options common to SCGI and CGI about which variables a backend receives.</summary>
public abstract class GatewayOptions
{
    /// <summary>Pass this process's environment too (off by default: it may hold secrets a backend should not see).</summary>
    public bool InheritEnvironment { get; set; }

    /// <summary>Names of <see cref="AppState"/> entries passed as variables named <see cref="AppStatePrefix"/> + upper-cased key.</summary>
    public IList<string> AppStateKeys { get; } = new List<string>();

    /// <summary>The prefix of the variables made from <see cref="AppStateKeys"/> (<c>GENGEMINI_</c> by default).</summary>
    public string AppStatePrefix { get; set; } = "GENGEMINI_";

    /// <summary>Adds its own variables to every request (what [Scgi] classes with [ScgiVariable] properties generate).</summary>
    public IGatewayVariableSource? VariableSource { get; set; }
}
