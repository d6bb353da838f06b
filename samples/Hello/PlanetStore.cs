namespace Hello;

/// <summary>The sample's data, registered as a service and injected into the capsule.</summary>
public sealed class PlanetStore
{
    private static readonly string[] Names = ["Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune"];

    public int Count => Names.Length;

    /// <summary>The planet with this number (1-8), or null.</summary>
    public string? Find(int number) => number is >= 1 and <= 8 ? Names[number - 1] : null;

    /// <summary>The numbers and names of the planets whose names contain <paramref name="text"/>.</summary>
    public IEnumerable<(int Number, string Name)> Search(string text) =>
        Names.Select((name, i) => (i + 1, name)).Where(p => p.name.Contains(text, StringComparison.OrdinalIgnoreCase));
}
