namespace GenGemini.Protocol;

/// <summary>A backend's response header, turned into what the client will get.</summary>
public readonly record struct BackendResponseHeader(StatusCode Status, string Meta, int HeaderLength);
