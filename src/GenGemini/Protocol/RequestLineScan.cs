namespace GenGemini.Protocol;

/// <summary>Where the scan of buffered bytes for the request line ended.</summary>
internal enum RequestLineScan
{
    /// <summary>No line feed yet and still within the limit: read more.</summary>
    Incomplete,

    /// <summary>A CRLF-terminated line was found.</summary>
    Complete,

    /// <summary>More than 1024 bytes arrived before CRLF.</summary>
    TooLong,

    /// <summary>The line ended with LF alone.</summary>
    BareLineFeed,
}
