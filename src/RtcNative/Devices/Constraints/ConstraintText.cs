using System.Globalization;

namespace RtcNative;

/// <summary>The text form of the numeric and boolean constraints (for messages and debugging).</summary>
internal static class ConstraintText
{
    public static string Format<T>(bool bare, T? exact, T? ideal, T? min, T? max)
        where T : struct
    {
        if (bare && ideal is { } value)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }

        var parts = new List<string>(4);
        Add(parts, "exact", exact);
        Add(parts, "ideal", ideal);
        Add(parts, "min", min);
        Add(parts, "max", max);
        return "{" + string.Join(", ", parts) + "}";
    }

    private static void Add<T>(List<string> parts, string name, T? value)
        where T : struct
    {
        if (value is { } v)
        {
            parts.Add(name + ": " + Convert.ToString(v, CultureInfo.InvariantCulture));
        }
    }
}
