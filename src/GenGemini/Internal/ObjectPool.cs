namespace GenGemini.Internal;

/// <summary>
/// A small lock-free pool: a fixed array of slots, taken and filled with interlocked exchanges.
/// When it is empty <see cref="Rent"/> returns null (the caller creates one); when it is full a
/// returned object is left to the GC. Sized for the requests that overlap, not for all.
/// </summary>
internal sealed class ObjectPool<T> where T : class
{
    private readonly T?[] _items = new T?[Math.Min(256, Environment.ProcessorCount * 16)];

    public T? Rent()
    {
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            var item = Volatile.Read(ref items[i]);
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }

        return null;
    }

    public void Return(T item)
    {
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (Volatile.Read(ref items[i]) is null && Interlocked.CompareExchange(ref items[i], item, null) is null)
            {
                return;
            }
        }
    }
}
