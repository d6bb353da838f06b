using Microsoft.Win32.SafeHandles;

namespace GenGemini.StaticFiles;

/// <summary>Reading an opened file whole, for the static files and the Markdown pages made from them.</summary>
internal static class FileContents
{
    /// <summary>Reads from offset 0 until <paramref name="bytes"/> is full or the file ends (it may have shrunk); returns how many bytes were read.</summary>
    public static int Fill(SafeFileHandle handle, byte[] bytes)
    {
        var filled = 0;
        int read;
        while (filled < bytes.Length && (read = RandomAccess.Read(handle, bytes.AsSpan(filled), filled)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
