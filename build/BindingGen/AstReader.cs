using System.Globalization;
using System.Text.Json;

namespace BindingGen;

/// <summary>An enum, struct or opaque struct declared in the header.</summary>
sealed class TagDecl(string kind, string? name)
{
    public string Kind { get; } = kind; // "enum" or "struct"
    public string? Name { get; } = name; // the tag name; null when anonymous
    public string? TypedefName { get; set; }
    public bool IsDefined { get; set; }
    public List<EnumMember> Members { get; } = new();
    public List<Field> Fields { get; } = new();

    /// <summary>The C name the API uses: the typedef name if there is one, else the tag name.</summary>
    public string CName => TypedefName ?? Name
        ?? throw new BindingGenException(
            $"an anonymous {Kind} without a typedef name is not supported ({Kind} {{ {Members.FirstOrDefault()?.Name ?? Fields.FirstOrDefault()?.Name} ... }})");
}

sealed record EnumMember(string Name, long Value);
/// <summary>Spelling: the C type as clang printed it, for error messages.</summary>
sealed record Field(string Name, CType Type, string Spelling);
sealed record Parameter(string Name, CType Type, string Spelling);
sealed record Function(string Name, CType Return, IReadOnlyList<Parameter> Parameters, string Spelling);

/// <summary>
/// Everything the umbrella header and the headers it includes from its own directory tree
/// declare, in the order clang reads them (include order).
/// </summary>
sealed class HeaderModel
{
    /// <summary>Enums and structs in the order of their definitions (opaque structs in the order declared).</summary>
    public List<TagDecl> Tags { get; } = new();
    public List<Function> Functions { get; } = new();
    public Dictionary<string, TagDecl> TagsByName { get; } = new(StringComparer.Ordinal);
    /// <summary>Typedef name to the type it names (for typedefs of tags: the tag).</summary>
    public Dictionary<string, CType> Typedefs { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Reads clang's JSON AST and keeps the top-level declarations written in the umbrella header or
/// in any header under its directory (the per-area headers it includes), so the ABI can be split
/// into files; system headers (stdint.h, stddef.h) live elsewhere and are skipped.
/// clang writes a location's "file" only when it differs from the previous location it wrote (in
/// document order, including ranges, nested nodes and macro spelling locations), so the reader
/// tracks the current file while scanning every location in order.
/// </summary>
sealed class AstReader
{
    readonly HeaderModel _model = new();
    readonly Dictionary<string, TagDecl> _tagsById = new(StringComparer.Ordinal);
    string? _currentFile;

    public static HeaderModel Read(string json, string headerPath)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 10_000 });
        var reader = new AstReader();
        // The trailing separator keeps a sibling such as include-extra/ out of include/.
        string tree = Path.GetDirectoryName(Path.GetFullPath(headerPath))! + Path.DirectorySeparatorChar;
        foreach (var decl in doc.RootElement.GetProperty("inner").EnumerateArray())
        {
            string? file = decl.TryGetProperty("loc", out var loc) ? reader.ReadLocation(loc) : null;
            reader.ScanLocations(decl, skip: "loc");
            if (file == null || !Path.GetFullPath(file).StartsWith(tree, StringComparison.Ordinal)) continue;
            if (decl.TryGetProperty("isImplicit", out var implicitFlag) && implicitFlag.GetBoolean()) continue;
            reader.AddDeclaration(decl, file);
        }
        return reader._model;
    }

    void AddDeclaration(JsonElement decl, string file)
    {
        string kind = decl.GetProperty("kind").GetString()!;
        string? name = decl.TryGetProperty("name", out var n) ? n.GetString() : null;
        if (name == "") name = null;
        switch (kind)
        {
            case "EnumDecl":
                AddEnum(decl, name);
                break;
            case "RecordDecl":
                AddRecord(decl, name);
                break;
            case "TypedefDecl":
                AddTypedef(decl, name!);
                break;
            case "FunctionDecl":
                AddFunction(decl, name!);
                break;
            case "EmptyDecl" or "StaticAssertDecl":
                break;
            default:
                throw new BindingGenException($"unsupported top-level declaration {kind} {name} in {file}");
        }
    }

    TagDecl GetTag(JsonElement decl, string kind, string? name)
    {
        string id = decl.GetProperty("id").GetString()!;
        if (name != null && _model.TagsByName.TryGetValue(name, out var existing))
        {
            if (existing.Kind != kind)
                throw new BindingGenException($"'{name}' is declared both as {existing.Kind} and {kind}");
        }
        else
        {
            existing = new TagDecl(kind, name);
            if (name != null) _model.TagsByName[name] = existing;
        }
        _tagsById[id] = existing;
        return existing;
    }

    void AddEnum(JsonElement decl, string? name)
    {
        var tag = GetTag(decl, "enum", name);
        if (!decl.TryGetProperty("inner", out var inner)) return; // forward declaration
        if (tag.IsDefined) throw new BindingGenException($"enum {name} is defined twice");
        tag.IsDefined = true;
        _model.Tags.Add(tag);
        long next = 0;
        foreach (var constant in inner.EnumerateArray())
        {
            if (constant.GetProperty("kind").GetString() != "EnumConstantDecl") continue;
            string constantName = constant.GetProperty("name").GetString()!;
            long value = next; // no initializer: previous + 1 (C rules)
            if (constant.TryGetProperty("inner", out var init))
            {
                var expr = init.EnumerateArray().FirstOrDefault(e => e.TryGetProperty("value", out _));
                if (expr.ValueKind == JsonValueKind.Undefined)
                    throw new BindingGenException($"enum constant {constantName}: clang gave no constant value");
                value = long.Parse(expr.GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
            }
            if (value < int.MinValue || value > int.MaxValue)
                throw new BindingGenException($"enum constant {constantName} = {value} does not fit in an int");
            tag.Members.Add(new EnumMember(constantName, value));
            next = value + 1;
        }
    }

    void AddRecord(JsonElement decl, string? name)
    {
        string tagUsed = decl.GetProperty("tagUsed").GetString()!;
        if (tagUsed != "struct")
            throw new BindingGenException($"{tagUsed} {name}: only structs are supported");
        var tag = GetTag(decl, "struct", name);
        bool definition = decl.TryGetProperty("completeDefinition", out var c) && c.GetBoolean();
        if (!definition)
        {
            if (!_model.Tags.Contains(tag)) _model.Tags.Add(tag); // opaque until a definition shows up
            return;
        }
        if (tag.IsDefined) throw new BindingGenException($"struct {name} is defined twice");
        tag.IsDefined = true;
        _model.Tags.Remove(tag);
        _model.Tags.Add(tag); // a defined struct is emitted where it is defined
        foreach (var field in Inner(decl))
        {
            string fieldKind = field.GetProperty("kind").GetString()!;
            if (fieldKind != "FieldDecl")
                throw new BindingGenException($"struct {name}: nested {fieldKind} is not supported");
            string? fieldName = field.TryGetProperty("name", out var fn) ? fn.GetString() : null;
            if (string.IsNullOrEmpty(fieldName))
                throw new BindingGenException($"struct {name}: anonymous members are not supported");
            if (field.TryGetProperty("isBitfield", out var bits) && bits.GetBoolean())
                throw new BindingGenException($"struct {name}: bit-field {fieldName} is not supported");
            tag.Fields.Add(new Field(fieldName, ParseType(field, $"field {name}.{fieldName}"), QualType(field)));
        }
    }

    void AddTypedef(JsonElement decl, string name)
    {
        var underlying = ParseType(decl, $"typedef {name}");
        // A typedef naming a tag (typedef struct x x; typedef enum { ... } x;) gives the tag its C name.
        TagDecl? tag = null;
        if (decl.TryGetProperty("inner", out var inner) && inner[0].TryGetProperty("ownedTagDecl", out var owned))
            _tagsById.TryGetValue(owned.GetProperty("id").GetString()!, out tag);
        if (tag == null && underlying is CNamed { Tag: not null } named)
            _model.TagsByName.TryGetValue(named.Name, out tag);
        if (tag != null && underlying is CNamed { IsConst: false })
        {
            tag.TypedefName ??= name;
            if (tag.Name == null) _model.TagsByName.TryAdd(name, tag); // clang spells it "enum <typedef name>"
        }
        _model.Typedefs[name] = underlying;
    }

    void AddFunction(JsonElement decl, string name)
    {
        if (decl.TryGetProperty("storageClass", out var storage) && storage.GetString() == "static")
            return; // static (inline) helpers are not exported
        if (decl.TryGetProperty("variadic", out var variadic) && variadic.GetBoolean())
            throw new BindingGenException($"function {name}: variadic functions are not supported");
        var type = ParseType(decl, $"function {name}");
        if (type is not CFunction function)
            throw new BindingGenException($"function {name}: unexpected type {decl.GetProperty("type")}");
        var parameters = new List<Parameter>();
        foreach (var p in Inner(decl))
        {
            if (p.GetProperty("kind").GetString() != "ParmVarDecl") continue; // attributes, body
            string? pname = p.TryGetProperty("name", out var pn) ? pn.GetString() : null;
            if (string.IsNullOrEmpty(pname))
                throw new BindingGenException($"function {name}: parameter {parameters.Count + 1} has no name");
            parameters.Add(new Parameter(pname, ParseType(p, $"parameter {pname} of {name}"), QualType(p)));
        }
        if (parameters.Count != function.Parameters.Count)
            throw new BindingGenException($"function {name}: parameter declarations do not match its type");
        _model.Functions.Add(new Function(name, function.Return, parameters, QualType(decl)));
    }

    static IEnumerable<JsonElement> Inner(JsonElement node) =>
        node.TryGetProperty("inner", out var inner) ? inner.EnumerateArray() : Enumerable.Empty<JsonElement>();

    static string QualType(JsonElement node) => node.GetProperty("type").GetProperty("qualType").GetString()!;

    static CType ParseType(JsonElement node, string what)
    {
        string qualType = QualType(node);
        try
        {
            return CTypeParser.Parse(qualType);
        }
        catch (BindingGenException e)
        {
            throw new BindingGenException($"{what}: {e.Message}");
        }
    }

    // ------------------------------------------------------------------ file tracking

    /// <summary>Reads a declaration's loc; returns its file (the expansion's file for macros).</summary>
    string? ReadLocation(JsonElement loc)
    {
        if (loc.TryGetProperty("spellingLoc", out _) || loc.TryGetProperty("expansionLoc", out _))
        {
            string? file = _currentFile;
            foreach (var part in loc.EnumerateObject()) // document order: spelling, then expansion
            {
                string? f = ReadLocation(part.Value);
                if (part.Name == "expansionLoc") file = f;
            }
            return file;
        }
        if (loc.TryGetProperty("file", out var name)) _currentFile = name.GetString();
        return _currentFile;
    }

    /// <summary>Walks every location under node in document order to keep the current file right.</summary>
    void ScanLocations(JsonElement node, string? skip = null)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                if (node.TryGetProperty("spellingLoc", out _) || node.TryGetProperty("expansionLoc", out _)
                    || node.TryGetProperty("offset", out _) || node.TryGetProperty("tokLen", out _))
                {
                    ReadLocation(node);
                    return;
                }
                foreach (var p in node.EnumerateObject())
                    if (p.Name != skip) ScanLocations(p.Value);
                break;
            case JsonValueKind.Array:
                foreach (var e in node.EnumerateArray()) ScanLocations(e);
                break;
        }
    }
}
