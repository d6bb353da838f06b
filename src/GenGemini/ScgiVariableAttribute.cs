namespace GenGemini;

/// <summary>
/// On a property of an <see cref="ScgiAttribute"/> class: its value is sent to the backend as a
/// variable, named <see cref="Name"/> or GENGEMINI_ + the property name in upper snake case.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ScgiVariableAttribute : Attribute
{
    public ScgiVariableAttribute()
    {
    }

    public ScgiVariableAttribute(string name) => Name = name;

    public string? Name { get; }
}
