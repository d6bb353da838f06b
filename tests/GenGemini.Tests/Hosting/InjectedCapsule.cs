using Microsoft.Extensions.DependencyInjection;

namespace GenGemini.Tests.Hosting;

/// <summary>A singleton a route class gets through its constructor.</summary>
public sealed class GreetingStore
{
    private int _constructed = Interlocked.Increment(ref Constructed);

    public static int Constructed;

    public string Greeting => "Hello from a service";

    public int Number => _constructed;
}

/// <summary>A scoped service: one per request, disposed when its response is written.</summary>
public sealed class RequestLedger : IDisposable
{
    private static int _next;

    public int Id { get; } = Interlocked.Increment(ref _next);

    public static List<int> Disposed { get; } = [];

    public void Dispose()
    {
        lock (Disposed)
        {
            Disposed.Add(Id);
        }
    }
}

public interface IClock
{
    string Now { get; }
}

[Gemini("/di")]
public sealed partial class InjectedCapsule(GreetingStore store)
{
    public static void AddServices(IServiceCollection services) => services
        .AddSingleton<GreetingStore>()
        .AddSingleton<Identities.TestUsers>()
        .AddSingleton<ICertificateIdentityStore<Identities.TestUser>>(s => s.GetRequiredService<Identities.TestUsers>())
        .AddScoped<RequestLedger>();

    [Gemini("greeting")]
    public string Greeting() => $"{store.Greeting} #{store.Number}";

    // Two parameters of the same scoped service, one by type and one marked: the same instance.
    [Gemini("ledger/{n:int}")]
    public string Ledger(int n, RequestLedger ledger, [FromServices] RequestLedger again) =>
        $"{n} ledger={ledger.Id} same={ReferenceEquals(ledger, again)}";

    // Optional: a nullable service that is not registered is null, not an error.
    [Gemini("clock")]
    public string Clock(IClock? clock) => clock?.Now ?? "no clock";
}
