namespace GenGemini;

/// <summary>
/// On a property of an <see cref="ScgiAttribute"/> class: its value is sent to the backend as a
/// variable, named <see cref="Name"/> or GENGEMINI_ + the property name in upper snake case.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ScgiVariableAttribute : Attribute
{
    /// <summary>Sends the property as <c>GENGEMINI_</c> plus its name in upper snake case.</summary>
    public ScgiVariableAttribute()
    {
    }

    /// <summary>Sends the property as the variable <paramref name="name"/>.</summary>
    public ScgiVariableAttribute(string name) => Name = name;

    /// <summary>The variable's name, or null for the default.</summary>
    public string? Name { get; }
}
