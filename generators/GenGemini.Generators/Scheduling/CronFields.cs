using System;
using System.Globalization;
using System.Linq;

namespace GenGemini.Generators.Scheduling;

/// <summary>
/// A build-time check of a cron expression's shape: five fields (minute hour day month weekday),
/// or six with seconds first; each a list of <c>*</c>, <c>?</c>, values, ranges and steps within
/// the field's bounds (month and weekday names, and Cronos's <c>L</c>, <c>W</c> and <c>#</c> forms,
/// accepted). The runtime parses with Cronos; this only keeps a typo from reaching it.
/// </summary>
internal static class CronFields
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static string? Problem(string cron)
    {
        var fields = cron.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            return "a cron expression has five fields (minute hour day month weekday), or six with seconds first, not " + fields.Length.ToString(CultureInfo.InvariantCulture);
        }

        var names = fields.Length == 6 ? new[] { "second", "minute", "hour", "day", "month", "weekday" } : new[] { "minute", "hour", "day", "month", "weekday" };
        for (var i = 0; i < fields.Length; i++)
        {
            var (min, max) = names[i] switch
            {
                "second" or "minute" => (0, 59),
                "hour" => (0, 23),
                "day" => (1, 31),
                "month" => (1, 12),
                _ => (0, 7),
            };
            if (!fields[i].Split(',').All(part => Part(part, names[i], min, max)))
            {
                return "the " + names[i] + " field '" + fields[i] + "' is not valid (values " + min.ToString(CultureInfo.InvariantCulture) + "-" + max.ToString(CultureInfo.InvariantCulture) + ")";
            }
        }

        return null;
    }

    private static bool Part(string part, string field, int min, int max)
    {
        var slash = part.IndexOf('/');
        if (slash >= 0)
        {
            return int.TryParse(part.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step > 0
                && Part(part.Substring(0, slash), field, min, max);
        }

        if (part is "*" || (part == "?" && field is "day" or "weekday"))
        {
            return true;
        }

        if (field is "day" && (part is "L" or "LW" || (part.EndsWith("W", StringComparison.Ordinal) && Value(part.Substring(0, part.Length - 1), field, min, max))))
        {
            return true;
        }

        if (field is "weekday" && (part.EndsWith("L", StringComparison.Ordinal) || part.Contains("#")))
        {
            var head = part.Split('#')[0].TrimEnd('L');
            return Value(head, field, min, max);
        }

        var dash = part.IndexOf('-', 1);
        return dash > 0
            ? Value(part.Substring(0, dash), field, min, max) && Value(part.Substring(dash + 1), field, min, max)
            : Value(part, field, min, max);
    }

    private static bool Value(string value, string field, int min, int max) =>
        (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        || (field == "month" && Months.Contains(value.ToUpperInvariant()))
        || (field == "weekday" && Days.Contains(value.ToUpperInvariant()));
}
