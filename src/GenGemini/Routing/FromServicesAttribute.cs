namespace GenGemini;

/// <summary>
/// Binds a handler parameter from the request's services (its dependency-injection scope), even
/// when its type could come from the path. Parameters of other service-like types (classes and
/// interfaces no other source binds) come from services without it.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class FromServicesAttribute : Attribute
{
}
