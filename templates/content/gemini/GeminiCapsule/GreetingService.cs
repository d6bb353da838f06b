namespace GeminiCapsule;

/// <summary>A service registered in CapsuleApp and injected into the route class.</summary>
public sealed class GreetingService
{
    public string Greet(string name) => $"Hello, {name}!";
}
