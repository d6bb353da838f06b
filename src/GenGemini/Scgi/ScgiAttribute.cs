namespace GenGemini;

/// <summary>
/// Binds a partial class to an SCGI backend mounted at <see cref="Prefix"/>. Give
/// <see cref="Host"/> and <see cref="Port"/>, or <see cref="Socket"/>. The generator emits the
/// handler with this configuration as constants and registers it in <c>app.MapGenerated()</c>;
/// properties marked <see cref="ScgiVariableAttribute"/> are sent to the backend on every request.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ScgiAttribute : Attribute
{
    /// <summary>Binds the class to a backend mounted at <paramref name="prefix"/>.</summary>
    public ScgiAttribute(string prefix) => Prefix = prefix;

    /// <summary>The mount prefix.</summary>
    public string Prefix { get; }

    /// <summary>The backend's TCP host (with <see cref="Port"/>).</summary>
    public string? Host { get; set; }

    /// <summary>The backend's TCP port (with <see cref="Host"/>).</summary>
    public int Port { get; set; }

    /// <summary>A Unix socket path (instead of Host and Port).</summary>
    public string? Socket { get; set; }

    /// <summary>Seconds for connecting and the whole response (default <see cref="Scgi.ScgiOptions.DefaultTimeoutSeconds"/>).</summary>
    public double Timeout { get; set; } = Scgi.ScgiOptions.DefaultTimeoutSeconds;

    /// <summary>Bytes; 0 means unlimited (the body is streamed). Default <see cref="Scgi.ScgiOptions.DefaultMaxResponseSize"/>.</summary>
    public long MaxResponseSize { get; set; } = Scgi.ScgiOptions.DefaultMaxResponseSize;

    /// <summary>Read buffer size in bytes (default <see cref="Scgi.ScgiOptions.DefaultBufferSize"/>, at least <see cref="Scgi.ScgiOptions.MinimumBufferSize"/>).</summary>
    public int BufferSize { get; set; } = Scgi.ScgiOptions.DefaultBufferSize;

    /// <summary>Pass the server's environment to the backend too.</summary>
    public bool InheritEnvironment { get; set; }
}
