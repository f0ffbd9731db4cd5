namespace BindingGen;

/// <summary>C names to C# names.</summary>
static class Naming
{
    /// <summary>snake_case or UPPER_CASE to PascalCase: "sdp_mline_index" -> "SdpMlineIndex".</summary>
    public static string Pascal(string cName) =>
        string.Concat(cName.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..].ToLowerInvariant()));

    /// <summary>The C# type of an enum or struct: rtcn_ice_server -> RtcnIceServer.</summary>
    public static string TypeName(TagDecl tag) => Pascal(tag.CName);

    /// <summary>The generated SafeHandle of an opaque handle: rtcn_factory -> RtcnFactoryHandle.</summary>
    public static string HandleName(TagDecl tag) => Pascal(tag.CName) + "Handle";

    /// <summary>
    /// Enum member names: strip UPPER(enum name)_ when every member starts with it, otherwise the
    /// longest common prefix ending at an underscore; PascalCase the rest.
    /// RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER -> HaveLocalOffer; RTCN_ERROR_INVALID_STATE (in rtcn_status) -> ErrorInvalidState.
    /// </summary>
    public static IReadOnlyList<string> EnumMembers(TagDecl tag)
    {
        var names = tag.Members.Select(m => m.Name).ToList();
        if (names.Count == 0) return names;
        string prefix = tag.CName.ToUpperInvariant() + "_";
        if (!names.All(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            string common = names.Aggregate((a, b) => a[..CommonLength(a, b)]);
            prefix = common[..(common.LastIndexOf('_') + 1)];
        }
        var result = new List<string>();
        foreach (var name in names)
        {
            string rest = name[prefix.Length..];
            string member = Pascal(rest);
            if (member.Length == 0 || char.IsAsciiDigit(member[0]))
                throw new BindingGenException(
                    $"enum {tag.CName}: member {name} has no valid C# name after removing the prefix {prefix}");
            if (result.Contains(member))
                throw new BindingGenException($"enum {tag.CName}: two members map to the C# name {member}");
            result.Add(member);
        }
        return result;
    }

    static int CommonLength(string a, string b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }

    /// <summary>A C identifier usable as a C# identifier (keywords get an @).</summary>
    public static string Identifier(string name) => Keywords.Contains(name) ? "@" + name : name;

    static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
        "const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event",
        "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if",
        "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null",
        "object", "operator", "out", "override", "params", "private", "protected", "public", "readonly",
        "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct",
        "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe",
        "ushort", "using", "virtual", "void", "volatile", "while",
    };
}
