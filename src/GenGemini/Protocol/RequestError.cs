namespace GenGemini.Protocol;

/// <summary>Why a request line was refused: the status and a META that reveals nothing internal.</summary>
internal readonly record struct RequestError(StatusCode Status, string Meta);
