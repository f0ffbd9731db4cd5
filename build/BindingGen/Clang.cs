using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BindingGen;

/// <summary>An error that stops generation: bad input, a type we cannot map, clang failing.</summary>
sealed class BindingGenException(string message) : Exception(message);

/// <summary>Runs clang (clang-14, else clang) on the header.</summary>
sealed class Clang
{
    readonly string _executable;

    public Clang()
    {
        _executable = FindOnPath("clang-14") ?? FindOnPath("clang")
            ?? throw new BindingGenException(
                "neither clang-14 nor clang is on PATH: install the Debian package clang (apt-get install clang)");
    }

    /// <summary>The header's AST as JSON (clang -Xclang -ast-dump=json).</summary>
    public string DumpAst(string header) =>
        Run("-Xclang", "-ast-dump=json", "-fsyntax-only", "-x", "c", header);

    /// <summary>
    /// Every macro defined after preprocessing the header and all it includes (clang -E -dM). The
    /// dump says nothing about which file defined a macro, so ParseIntegerMacros selects the ABI's
    /// by their RTCN_ prefix, wherever under the umbrella they are defined.
    /// </summary>
    public string DumpMacros(string header) => Run("-E", "-dM", "-x", "c", header);

    /// <summary>
    /// Object-like RTCN_* macros whose value is an integer literal (optionally negated or in
    /// parentheses), sorted by name. Other macros are ignored.
    /// </summary>
    public static IReadOnlyList<(string Name, int Value)> ParseIntegerMacros(string dump)
    {
        var define = new Regex(@"^#define (RTCN_[A-Za-z0-9_]*) (.*)$");
        var literal = new Regex(@"^\(?\s*(-?)\s*(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)[uUlL]*\s*\)?$");
        var result = new List<(string, int)>();
        foreach (var line in dump.Split('\n'))
        {
            var d = define.Match(line.TrimEnd('\r'));
            if (!d.Success) continue;
            var m = literal.Match(d.Groups[2].Value.Trim());
            if (!m.Success) continue;
            string digits = m.Groups[2].Value;
            bool hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            var number = hex ? System.Numerics.BigInteger.Parse("0" + digits[2..], NumberStyles.AllowHexSpecifier)
                : digits.Length > 1 && digits[0] == '0' ? digits.Aggregate(System.Numerics.BigInteger.Zero, (v, c) => v * 8 + (c - '0'))
                : System.Numerics.BigInteger.Parse(digits, CultureInfo.InvariantCulture);
            if (m.Groups[1].Value == "-") number = -number;
            if (number < int.MinValue || number > int.MaxValue)
                throw new BindingGenException($"macro {d.Groups[1].Value} = {d.Groups[2].Value} does not fit in an int");
            result.Add((d.Groups[1].Value, (int)number));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)
            ?? throw new BindingGenException($"could not start {_executable}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string errors = stderr.Result;
        if (process.ExitCode != 0)
            throw new BindingGenException(
                $"{_executable} {string.Join(' ', arguments)} failed (exit {process.ExitCode}):\n{errors.TrimEnd()}");
        if (errors.Length > 0) Console.Error.Write(errors); // warnings: show, but go on
        return stdout;
    }

    static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
