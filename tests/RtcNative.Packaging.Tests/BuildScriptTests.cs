namespace RtcNative.Packaging.Tests;

/// <summary>
/// build.ps1 through PowerShell installed as a .NET tool: it parses without errors, and the verbs
/// that make sense on Linux run (check-bindings, managed). Its Windows-only verbs (native and pack
/// with MSVC) cannot run here.
/// </summary>
[TestFixture]
[NonParallelizable]
public class BuildScriptTests
{
    private static string Script => Path.Combine(RepoPaths.Root, "build.ps1");

    [Test]
    public async Task BuildPs1ParsesWithoutErrors()
    {
        // Parser.ParseFile reports every syntax error of the file without running any of it.
        var parse = await PowerShellTool.RunAsync(TimeSpan.FromMinutes(2), "-Command",
            "$tokens = $null; $errors = $null; " +
            $"[System.Management.Automation.Language.Parser]::ParseFile('{Script}', [ref]$tokens, [ref]$errors) | Out-Null; " +
            "\"parse errors: $($errors.Count)\"; $errors | ForEach-Object { \"$($_.Extent.StartLineNumber): $($_.Message)\" }");
        Assert.That(parse.ExitCode, Is.Zero, parse.ToString());
        Assert.That(parse.Output, Does.Contain("parse errors: 0"), parse.ToString());
    }

    [Test]
    public async Task CheckBindingsVerbRuns()
    {
        var run = await PowerShellTool.RunAsync(TimeSpan.FromMinutes(5), "-File", Script, "check-bindings");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("bindings: up to date"), run.ToString());
    }

    [Test]
    public async Task ManagedVerbBuildsTheSolution()
    {
        var run = await PowerShellTool.RunAsync(TimeSpan.FromMinutes(10), "-File", Script, "managed");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("Build succeeded").And.Contain("0 Error(s)"), run.ToString());
    }

    [Test]
    public async Task UnknownVerbIsRefused()
    {
        var run = await PowerShellTool.RunAsync(TimeSpan.FromMinutes(2), "-File", Script, "no-such-verb");
        Assert.That(run.ExitCode, Is.Not.Zero, "build.ps1 accepted an unknown verb");
        Assert.That(run.Output, Does.Contain("no-such-verb"), run.ToString());
    }
}
