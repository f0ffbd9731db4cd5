namespace BindingGen;

/// <summary>A C type with typedefs resolved.</summary>
abstract record RType;
sealed record RScalar(string CSharp) : RType;
sealed record RVoid : RType;
sealed record RChar : RType;
/// <summary>An enum, a defined struct, or an opaque (never defined) struct: a handle.</summary>
sealed record RTag(TagDecl Tag) : RType
{
    public bool IsEnum => Tag.Kind == "enum";
    public bool IsStruct => Tag.Kind == "struct" && Tag.IsDefined;
    public bool IsHandle => Tag.Kind == "struct" && !Tag.IsDefined;
}
sealed record RPointer(RType Pointee, bool PointeeConst) : RType;
sealed record RFunction(RType Return, IReadOnlyList<RType> Parameters) : RType;

/// <summary>
/// Maps C types to C# types. Two contexts: unmanaged (struct fields and callback signatures:
/// pointers stay pointers, handles are nint) and P/Invoke parameters (strings, SafeHandles, out).
/// Whatever has no rule is an error naming the declaration and the C type.
/// </summary>
sealed class TypeMapper(HeaderModel model)
{
    static readonly Dictionary<string, string> Scalars = new(StringComparer.Ordinal)
    {
        ["int8_t"] = "sbyte", ["uint8_t"] = "byte", ["int16_t"] = "short", ["uint16_t"] = "ushort",
        ["int32_t"] = "int", ["uint32_t"] = "uint", ["int64_t"] = "long", ["uint64_t"] = "ulong",
        ["size_t"] = "nuint", ["intptr_t"] = "nint", ["uintptr_t"] = "nuint",
        ["float"] = "float", ["double"] = "double",
    };

    /// <summary>A struct field: "public {type} {Name};".</summary>
    public string Field(Field field, string structName)
    {
        string where = $"field {structName}.{field.Name} (C type '{field.Spelling}')";
        return Unmanaged(Resolve(field.Type, where), where);
    }

    /// <summary>The return type of a P/Invoke function: void, a scalar or an enum.</summary>
    public string Return(Function function)
    {
        string where = $"return type of {function.Name} (C type '{function.Spelling}')";
        return Resolve(function.Return, where) switch
        {
            RVoid => "void",
            RScalar s => s.CSharp,
            RTag { IsEnum: true } e => Naming.TypeName(e.Tag),
            _ => Fail(where, "functions must return void, a fixed-width integer or an enum"),
        };
    }

    /// <summary>A P/Invoke parameter type, with its out modifier when it has one.</summary>
    public string Parameter(Function function, Parameter parameter)
    {
        string where = ParameterWhere(function, parameter);
        bool isOut = parameter.Name.StartsWith("out_", StringComparison.Ordinal);
        var type = Resolve(parameter.Type, where);
        if (type is not RPointer pointer)
            return Unmanaged(type, where); // by value: scalars, enums, structs
        var (pointee, constPointee) = (pointer.Pointee, pointer.PointeeConst);
        switch (pointee)
        {
            case RChar:
                return constPointee ? "string?" : Fail(where, "a non-const char* parameter has no mapping (const char* is a string)");
            case RVoid:
                return "nint";
            case RTag { IsHandle: true } handle:
                if (constPointee) return Fail(where, "handles are passed as non-const pointers");
                return function.Name.EndsWith("_release", StringComparison.Ordinal) ? "nint" : Naming.HandleName(handle.Tag);
            case RTag { IsStruct: true } str:
                return Naming.TypeName(str.Tag) + "*";
            case RScalar or RTag { IsEnum: true }:
                if (constPointee) return Unmanaged(pointee, where) + "*";
                if (isOut) return "out " + Unmanaged(pointee, where);
                // A caller-owned array the function fills (its capacity is another parameter).
                return parameter.Name == "buffer" || parameter.Name.EndsWith("_buffer", StringComparison.Ordinal)
                    ? Unmanaged(pointee, where) + "*"
                    : Fail(where, "a non-const pointer to a scalar must be an out parameter named out_* or a buffer named *buffer");
            case RFunction function2:
                return FunctionPointer(function2, where);
            case RPointer { Pointee: RTag { IsHandle: true } handle } inner when !constPointee && !inner.PointeeConst:
                return "out " + Naming.HandleName(handle.Tag);
            case RPointer { Pointee: RChar } inner when !constPointee && !inner.PointeeConst:
                return isOut ? "out byte*" : Fail(where, "char** must be an out parameter named out_*");
            case RPointer { Pointee: RChar } inner when constPointee && inner.PointeeConst:
                return "byte**";
            case RPointer { Pointee: RTag { IsStruct: true } str } inner when !constPointee && !inner.PointeeConst:
                // A block the shim allocates (freed with rtcn_free).
                return isOut ? "out " + Naming.TypeName(str.Tag) + "*" : Fail(where, "struct** must be an out parameter named out_*");
            case RPointer { Pointee: RPointer { Pointee: RChar } } inner when !constPointee && !inner.PointeeConst:
                // An array of strings the shim allocates in one block (freed with rtcn_free).
                return isOut ? "out byte**" : Fail(where, "char*** must be an out parameter named out_*");
            default:
                return Fail(where, "no mapping rule for this pointer type");
        }
    }

    /// <summary>The handle type a parameter passes (rtcn_x*), or null when it passes anything else.</summary>
    public TagDecl? HandleOf(Function function, Parameter parameter)
    {
        string where = ParameterWhere(function, parameter);
        return Resolve(parameter.Type, where) is RPointer { Pointee: RTag { IsHandle: true } handle, PointeeConst: false }
            ? handle.Tag
            : null;
    }

    static string ParameterWhere(Function function, Parameter parameter) =>
        $"parameter {parameter.Name} of {function.Name} (C type '{parameter.Spelling}')";

    /// <summary>Struct fields and callback signatures: blittable types only.</summary>
    string Unmanaged(RType type, string where) => type switch
    {
        RScalar s => s.CSharp,
        RTag { IsEnum: true } or RTag { IsStruct: true } => Naming.TypeName(((RTag)type).Tag),
        RTag { IsHandle: true } => Fail(where, "an opaque handle cannot be used by value"),
        RPointer { Pointee: RVoid or RTag { IsHandle: true } } => "nint",
        RPointer { Pointee: RChar } => "byte*",
        RPointer { Pointee: RFunction f } => FunctionPointer(f, where),
        RPointer p => Unmanaged(p.Pointee, where) + "*",
        RVoid => Fail(where, "void is only a return type"),
        RChar => Fail(where, "char by value has no mapping (use int8_t or uint8_t)"),
        RFunction => Fail(where, "a function type by value has no mapping"),
        _ => Fail(where, "no mapping rule"),
    };

    string FunctionPointer(RFunction function, string where)
    {
        var types = function.Parameters.Select(p => Unmanaged(p, where)).ToList();
        types.Add(function.Return is RVoid ? "void" : Unmanaged(function.Return, where));
        return $"delegate* unmanaged[Cdecl]<{string.Join(", ", types)}>";
    }

    RType Resolve(CType type, string where)
    {
        try
        {
            return Resolve(type).Type;
        }
        catch (BindingGenException e)
        {
            throw new BindingGenException($"cannot map {where}: {e.Message}");
        }
    }

    /// <summary>Resolves typedefs and tags; returns the type and whether it is const-qualified.</summary>
    (RType Type, bool IsConst) Resolve(CType type)
    {
        switch (type)
        {
            case CNamed { Tag: not null } tagged:
                if (!model.TagsByName.TryGetValue(tagged.Name, out var tag) || tag.Kind != tagged.Tag)
                    throw new BindingGenException($"{tagged.Tag} {tagged.Name} is not declared in the header");
                return (new RTag(tag), tagged.IsConst);
            case CNamed named when model.Typedefs.TryGetValue(named.Name, out var underlying):
                var (resolved, isConst) = Resolve(underlying);
                return (resolved, isConst || named.IsConst);
            case CNamed named:
                RType builtin = named.Name switch
                {
                    "void" => new RVoid(),
                    "char" => new RChar(),
                    _ when Scalars.TryGetValue(named.Name, out var cs) => new RScalar(cs),
                    _ => throw new BindingGenException(
                        $"C type '{named.Name}' has no mapping (use the fixed-width types of stdint.h, size_t, float, double)"),
                };
                return (builtin, named.IsConst);
            case CPointer pointer:
                var (pointee, pointeeConst) = Resolve(pointer.Pointee);
                return (new RPointer(pointee, pointeeConst), pointer.IsConst);
            case CFunction function:
                return (new RFunction(Resolve(function.Return).Type,
                    function.Parameters.Select(p => Resolve(p).Type).ToList()), false);
            default:
                throw new BindingGenException($"unexpected C type {type}");
        }
    }

    static string Fail(string where, string reason) => throw new BindingGenException($"cannot map {where}: {reason}");
}
