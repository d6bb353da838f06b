namespace GenGemini.Protocol;

/// <summary>How far parsing a backend's response header got.</summary>
internal enum BackendParseStatus
{
    /// <summary>The header is not complete yet: read more.</summary>
    NeedMoreData,

    /// <summary>A valid header; the body starts at <see cref="BackendResponseHeader.HeaderLength"/>.</summary>
    Complete,

    /// <summary>Not a valid Gemini response header.</summary>
    Invalid,
}
