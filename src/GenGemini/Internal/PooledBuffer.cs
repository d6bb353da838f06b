using System.Buffers;

namespace GenGemini.Internal;

/// <summary>Growing a buffer rented from the shared pool: rent a bigger one, copy, return the old one.</summary>
internal static class PooledBuffer
{
    /// <summary>Returns a pooled buffer of at least <paramref name="minimum"/> bytes holding the first <paramref name="filled"/> bytes of <paramref name="buffer"/>, which goes back to the pool.</summary>
    public static byte[] Grow(byte[] buffer, int filled, int minimum)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(minimum, filled + 1));
        buffer.AsSpan(0, filled).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }
}
