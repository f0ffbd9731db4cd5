namespace BindingGen;

/// <summary>A C type as spelled by clang's qualType (typedef names kept, not yet resolved).</summary>
abstract record CType;

/// <summary>A named type: a typedef or builtin ("int32_t", "char"), or a tag ("struct x").</summary>
sealed record CNamed(string Name, string? Tag, bool IsConst) : CType;

/// <summary>A pointer to Pointee; IsConst is the pointer's own qualifier (T *const).</summary>
sealed record CPointer(CType Pointee, bool IsConst) : CType;

/// <summary>A function type; a function pointer is CPointer(CFunction).</summary>
sealed record CFunction(CType Return, IReadOnlyList<CType> Parameters) : CType;

/// <summary>
/// Parses the type strings clang prints as qualType: specifiers, pointers with const, function
/// types and function pointers ("void *(*)(void *, rtcn_data_channel *)"). Anything else (arrays,
/// volatile, unions, variadics, unprototyped functions, blocks) is rejected with an error.
/// </summary>
sealed class CTypeParser
{
    readonly List<string> _tokens;
    readonly string _text;
    int _pos;

    CTypeParser(string text)
    {
        _text = text;
        _tokens = Tokenize(text);
    }

    public static CType Parse(string text)
    {
        var parser = new CTypeParser(text);
        var type = parser.ParseType();
        if (parser._pos != parser._tokens.Count) parser.Fail($"unexpected '{parser._tokens[parser._pos]}'");
        return type;
    }

    CType ParseType()
    {
        bool isConst = false;
        string? tag = null;
        var words = new List<string>();
        while (Peek() is { } t && IsIdentifier(t))
        {
            _pos++;
            switch (t)
            {
                case "const": isConst = true; break;
                case "volatile" or "restrict" or "_Atomic": Fail($"'{t}' is not supported"); break;
                case "struct" or "enum" or "union":
                    if (t == "union") Fail("unions are not supported");
                    tag = t;
                    if (Peek() is not { } n || !IsIdentifier(n)) Fail($"anonymous {t} is not supported");
                    words.Add(Next());
                    break;
                default: words.Add(t); break;
            }
            if (tag != null) break;
        }
        while (Peek() == "const") { _pos++; isConst = true; } // "enum x const"
        if (words.Count == 0) Fail("missing type name");
        CType type = new CNamed(string.Join(' ', words), tag, isConst);

        while (Peek() == "*")
        {
            _pos++;
            type = new CPointer(type, Accept("const"));
        }
        if (Peek() == "(")
        {
            _pos++;
            if (Peek() == "*")
            {
                // abstract function pointer declarator: RET (*)(PARAMS), RET (**)(PARAMS)
                var pointerConst = new List<bool>();
                while (Accept("*")) pointerConst.Add(Accept("const"));
                Expect(")");
                Expect("(");
                type = new CFunction(type, ParseParameters());
                foreach (bool c in pointerConst) type = new CPointer(type, c);
            }
            else
            {
                type = new CFunction(type, ParseParameters()); // a function type: RET (PARAMS)
            }
        }
        if (Peek() == "[") Fail("arrays are not supported");
        return type;
    }

    // After '(' : "void)" | "T, T)" ; returns the parameter types.
    List<CType> ParseParameters()
    {
        var result = new List<CType>();
        if (Peek() == ")") Fail("function without a prototype: declare it with (void)");
        if (Peek() == "void" && PeekAt(1) == ")") { _pos += 2; return result; }
        while (true)
        {
            if (Peek() == "...") Fail("variadic functions are not supported");
            result.Add(ParseType());
            if (Accept(")")) return result;
            Expect(",");
        }
    }

    static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(text[start..i]);
            }
            else if (char.IsAsciiDigit(c))
            {
                int start = i;
                while (i < text.Length && char.IsAsciiLetterOrDigit(text[i])) i++;
                tokens.Add(text[start..i]);
            }
            else if (text.AsSpan(i).StartsWith("..."))
            {
                tokens.Add("...");
                i += 3;
            }
            else if ("*(),[]".Contains(c))
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                throw new BindingGenException($"cannot parse the C type '{text}': unexpected '{c}'");
            }
        }
        return tokens;
    }

    static bool IsIdentifier(string token) => char.IsAsciiLetter(token[0]) || token[0] == '_';
    string? Peek() => PeekAt(0);
    string? PeekAt(int offset) => _pos + offset < _tokens.Count ? _tokens[_pos + offset] : null;
    string Next() => _tokens[_pos++];

    bool Accept(string token)
    {
        if (Peek() != token) return false;
        _pos++;
        return true;
    }

    void Expect(string token)
    {
        if (!Accept(token)) Fail($"expected '{token}'");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    void Fail(string reason) => throw new BindingGenException($"cannot parse the C type '{_text}': {reason}");
}
