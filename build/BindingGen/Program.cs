// BindingGen: generates the C# P/Invoke layer (bindings/*.g.cs: enums, structs, constants,
// SafeHandles, native methods) from the C ABI's umbrella header and the headers under its directory.
//
//   dotnet run --project build/BindingGen -- generate <header> <outdir>
//   dotnet run --project build/BindingGen -- check    <header> <outdir>
//
// Exit codes: 0 ok, 1 bindings out of date (check), 2 usage, clang or mapping error.
using System.Text;
using BindingGen;

const string OutOfDateMessage =
    "bindings/ is out of date with native/include/rtcnative.h: run ./build.sh bindings";

if (args.Length != 3 || (args[0] != "generate" && args[0] != "check"))
{
    Console.Error.WriteLine("usage: BindingGen generate|check <header> <outdir>");
    return 2;
}

string mode = args[0], header = args[1], outDir = args[2];
if (!File.Exists(header))
{
    Console.Error.WriteLine($"BindingGen: header not found: {header}");
    return 2;
}

SortedDictionary<string, string> files;
try
{
    var clang = new Clang();
    var model = AstReader.Read(clang.DumpAst(header), header);
    var constants = Clang.ParseIntegerMacros(clang.DumpMacros(header));
    files = Emitter.Emit(model, constants);
}
catch (BindingGenException e)
{
    Console.Error.WriteLine($"BindingGen: {e.Message}");
    return 2;
}

var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
var existing = Directory.Exists(outDir)
    ? Directory.GetFiles(outDir, "*.g.cs").Select(Path.GetFileName).OfType<string>()
        .OrderBy(n => n, StringComparer.Ordinal).ToList()
    : new List<string>();

if (mode == "generate")
{
    Directory.CreateDirectory(outDir);
    foreach (var (name, text) in files)
    {
        string path = Path.Combine(outDir, name);
        if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(utf8.GetBytes(text)))
        {
            File.WriteAllText(path, text, utf8);
            Console.WriteLine($"wrote {path}");
        }
    }
    foreach (var stale in existing.Where(n => !files.ContainsKey(n)))
    {
        File.Delete(Path.Combine(outDir, stale));
        Console.WriteLine($"deleted stale {Path.Combine(outDir, stale)}");
    }
    return 0;
}

// check
bool upToDate = true;
foreach (var (name, text) in files)
{
    string path = Path.Combine(outDir, name);
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"{path}: missing");
        upToDate = false;
        continue;
    }
    byte[] actual = File.ReadAllBytes(path);
    if (!actual.AsSpan().SequenceEqual(utf8.GetBytes(text)))
    {
        Console.Error.WriteLine($"{path}: differs ({FirstDifference(text, utf8.GetString(actual))})");
        upToDate = false;
    }
}
foreach (var extra in existing.Where(n => !files.ContainsKey(n)))
{
    Console.Error.WriteLine($"{Path.Combine(outDir, extra)}: not generated from the header (extra file)");
    upToDate = false;
}
if (!upToDate)
{
    Console.Error.WriteLine(OutOfDateMessage);
    return 1;
}
Console.WriteLine($"{outDir}: up to date");
return 0;

static string FirstDifference(string expected, string actual)
{
    string[] e = expected.Split('\n'), a = actual.Split('\n');
    for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
    {
        string? x = i < e.Length ? e[i] : null, y = i < a.Length ? a[i] : null;
        if (x != y)
            return $"line {i + 1}: expected \"{x?.Trim() ?? "<end of file>"}\", found \"{y?.Trim() ?? "<end of file>"}\"";
    }
    return "byte-level difference (encoding or line endings)";
}
