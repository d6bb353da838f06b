using System.Text;

namespace GenGemini.Internal;

/// <summary>
/// Files only this user may read (private keys, trusted-certificate pins): created with mode 0600,
/// in a directory created 0700, in the same call, so there is no moment when another local user
/// could open them.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="directory"/> (and its parents) as 0700 where missing.</summary>
    public static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerDirectory);
        }
    }

    /// <summary>Writes <paramref name="text"/> to a new file (replacing any) that is 0600 from its first byte.</summary>
    public static void WriteAllText(string path, string text)
    {
        var temporary = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFile;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        // Renamed into place: a reader never sees half a file.
        File.Move(temporary, path, overwrite: true);
    }
}
