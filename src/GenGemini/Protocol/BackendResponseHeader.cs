namespace GenGemini.Protocol;

/// <summary>A backend's response header, turned into what the client will get.</summary>
internal readonly record struct BackendResponseHeader(StatusCode Status, string Meta, int HeaderLength);
