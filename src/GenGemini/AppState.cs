using System.Collections.Concurrent;

namespace GenGemini;

/// <summary>
/// Application-wide state. Typed entries are keyed by their type (no reflection: the key is
/// typeof(T)); named entries are strings that SCGI and CGI backends can receive as variables.
/// </summary>
public sealed class AppState
{
    private readonly ConcurrentDictionary<Type, object> _typed = new();
    private readonly ConcurrentDictionary<string, string> _named = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="value"/> as the one value of type <typeparamref name="T"/> (replacing the one before).</summary>
    public void Set<T>(T value)
        where T : class => _typed[typeof(T)] = value;

    /// <exception cref="InvalidOperationException">Nothing of type <typeparamref name="T"/> was set.</exception>
    public T Get<T>()
        where T : class => TryGet<T>(out var value)
            ? value
            : throw new InvalidOperationException($"No application state of type {typeof(T).Name} was set.");

    /// <summary>The value of type <typeparamref name="T"/> stored with <see cref="Set{T}(T)"/>, if any.</summary>
    public bool TryGet<T>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        where T : class
    {
        if (_typed.TryGetValue(typeof(T), out var boxed))
        {
            value = (T)boxed;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>A named value, e.g. <c>app.State["db_url"] = "..."</c>; null when unset.</summary>
    public string? this[string key]
    {
        get => _named.TryGetValue(key, out var value) ? value : null;
        set
        {
            if (value is null)
            {
                _named.TryRemove(key, out _);
            }
            else
            {
                _named[key] = value;
            }
        }
    }
}
