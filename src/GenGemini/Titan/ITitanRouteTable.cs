namespace GenGemini;

/// <summary>Routes for titan:// uploads (the generator implements it for every [Titan] route).</summary>
public interface ITitanRouteTable : IRouteTable
{
    /// <summary>The route's own upload limit in bytes, or null for the app's default.</summary>
    long? GetMaxUploadSize(int routeIndex);

    /// <summary>Whether the route demands a token from <c>Gemini:Titan:Tokens</c>.</summary>
    bool RequiresToken(int routeIndex);
}
