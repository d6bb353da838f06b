using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GenGemini;

/// <summary>
/// The identity cache in front of each <see cref="ICertificateIdentityStore{TUser}"/>: one store
/// call per public key and <see cref="IdentityOptions.CacheLifetime"/>, at most
/// <see cref="IdentityOptions.CacheSize"/> keys, least recently used evicted first.
/// </summary>
public static class CertificateIdentities
{
    /// <summary>
    /// Forgets what the store said for <paramref name="publicKeyHash"/> (after the user changed, or
    /// was deleted): the next request with that key asks the store again.
    /// </summary>
    public static void Forget<TUser>(IServiceProvider services, string publicKeyHash)
        where TUser : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(publicKeyHash);
        Cache<TUser>.For(services.GetRequiredService<ICertificateIdentityStore<TUser>>(), services).Forget(publicKeyHash);
    }

    /// <summary>
    /// Binds a [FromCertificate] parameter and calls the handler: 60 without a certificate, 61 when
    /// the store does not know it (or null for an optional parameter). For generated code: not
    /// meant to be called by hand.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static ValueTask<Response> BindAsync<TUser>(Request request, bool optional, Func<TUser?, ValueTask<Response>> handler)
        where TUser : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        var key = request.ClientPublicKeyHash;
        if (key is null)
        {
            return optional ? handler(null) : ValueTask.FromResult(Response.ClientCertificateRequired());
        }

        var store = request.Services.GetRequiredService<ICertificateIdentityStore<TUser>>();
        var cache = Cache<TUser>.For(store, request.Services);
        return cache.TryGet(key, out var known) ? Continue(known, optional, handler) : FindAsync(cache, store, key, request, optional, handler);
    }

    private static ValueTask<Response> Continue<TUser>(TUser? user, bool optional, Func<TUser?, ValueTask<Response>> handler)
        where TUser : class =>
        user is null && !optional ? ValueTask.FromResult(Response.CertificateNotAuthorised()) : handler(user);

    private static async ValueTask<Response> FindAsync<TUser>(Cache<TUser> cache, ICertificateIdentityStore<TUser> store, string key, Request request, bool optional, Func<TUser?, ValueTask<Response>> handler)
        where TUser : class
    {
        var user = await store.FindAsync(key, request.RequestAborted).ConfigureAwait(false);
        cache.Add(key, user);
        return await Continue(user, optional, handler).ConfigureAwait(false);
    }

    /// <summary>One store's cache: least recently used first out, entries expire.</summary>
    private sealed class Cache<TUser>(IdentityOptions options, TimeProvider time)
        where TUser : class
    {
        private static readonly ConditionalWeakTable<ICertificateIdentityStore<TUser>, Cache<TUser>> Caches = new();

        private readonly Lock _lock = new();
        private readonly Dictionary<string, LinkedListNode<(string Key, TUser? User, long Expires)>> _entries = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Key, TUser? User, long Expires)> _order = new();

        public static Cache<TUser> For(ICertificateIdentityStore<TUser> store, IServiceProvider services) =>
            Caches.GetValue(store, _ => new Cache<TUser>(
                services.GetService<IOptions<GeminiOptions>>()?.Value.Identities ?? new IdentityOptions(),
                services.GetService<TimeProvider>() ?? TimeProvider.System));

        public bool TryGet(string key, out TUser? user)
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(key, out var node) && node.Value.Expires > time.GetTimestamp())
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                    user = node.Value.User;
                    return true;
                }

                user = null;
                return false;
            }
        }

        public void Add(string key, TUser? user)
        {
            var expires = time.GetTimestamp() + (long)(options.CacheLifetime.TotalSeconds * time.TimestampFrequency);
            lock (_lock)
            {
                if (_entries.Remove(key, out var old))
                {
                    _order.Remove(old);
                }

                _entries[key] = _order.AddFirst((key, user, expires));
                while (_entries.Count > Math.Max(1, options.CacheSize))
                {
                    var last = _order.Last!;
                    _order.RemoveLast();
                    _entries.Remove(last.Value.Key);
                }
            }
        }

        public void Forget(string key)
        {
            lock (_lock)
            {
                if (_entries.Remove(key, out var node))
                {
                    _order.Remove(node);
                }
            }
        }
    }
}
