namespace GenGemini.Internal;

/// <summary>
/// A <see cref="CancellationTokenSource"/> kept for reuse (reset with <c>TryReset</c> while it
/// never fired) cannot be a linked source, so it is linked by a registration instead.
/// </summary>
internal static class ReusableCancellation
{
    private static readonly Action<object?> Cancel = static source => ((CancellationTokenSource)source!).Cancel();

    /// <summary>Cancels <paramref name="source"/> when <paramref name="token"/> is cancelled, until the registration is disposed.</summary>
    public static CancellationTokenRegistration CancelWith(this CancellationTokenSource source, CancellationToken token) =>
        token.UnsafeRegister(Cancel, source);
}
