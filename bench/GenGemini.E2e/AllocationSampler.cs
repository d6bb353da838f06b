using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

/// <summary>
/// Which types the server allocates, sampled by the runtime's allocation ticks (one event about
/// every 100 KB allocated, naming the type that crossed the mark): enough samples over thousands
/// of requests show where the bytes go. JIT builds only (EventSource is off in Native AOT).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
        {
            return;
        }

        var typeName = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate(typeName, amount, (_, v) => v + amount);
    }

    public string Report()
    {
        var total = _bytesByType.Values.Sum();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"sampled {total} bytes\n");
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(40))
        {
            text.Append(CultureInfo.InvariantCulture, $"{100.0 * bytes / total,5:F1}%  {type}\n");
        }

        return text.ToString();
    }

    public void Reset() => _bytesByType.Clear();
}
