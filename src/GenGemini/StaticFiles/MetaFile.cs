namespace GenGemini.StaticFiles;

/// <summary>A directory's .meta: "pattern: META" lines, the first matching one wins.</summary>
internal sealed record MetaFile((string Pattern, string Value)[] Rules, DateTime LastWriteUtc)
{
    public static MetaFile Read(string path, DateTime written)
    {
        var rules = new List<(string, string)>();
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var colon = line.IndexOf(':');
                if (line.StartsWith('#') || colon <= 0)
                {
                    continue;
                }

                var value = line[(colon + 1)..].Trim();
                if (value.Length > 0 && Protocol.MetaValidator.Validate(value) is null)
                {
                    rules.Add((line[..colon].Trim(), value));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No .meta (or not readable): no rules.
        }

        return new MetaFile([.. rules], written);
    }
}
