namespace RtcNative.Packaging.Tests;

/// <summary>
/// PowerShell as a .NET tool, installed once into the cache (RTCNATIVE_CACHE/tools/powershell-&lt;version&gt;)
/// from the machine's NuGet registry. 7.6.10 exactly: without a version the install takes 7.7.0, which fails.
/// </summary>
internal static class PowerShellTool
{
    public const string Version = "7.6.10";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string ToolPath => Path.Combine(RepoPaths.Cache, "tools", $"powershell-{Version}");

    public static string Executable => Path.Combine(ToolPath, "pwsh");

    /// <summary>The pwsh executable, installing the tool first when the cache lacks it.</summary>
    public static async Task<string> EnsureAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(Executable))
            {
                var install = await CommandRunner.RunAsync("dotnet",
                    ["tool", "install", "--tool-path", ToolPath, "PowerShell", "--version", Version],
                    Path.GetTempPath(), TimeSpan.FromMinutes(5));
                Assert.That(install.ExitCode, Is.Zero, $"installing PowerShell {Version} as a .NET tool failed: {install}");
            }

            Assert.That(File.Exists(Executable), Is.True, $"no pwsh in {ToolPath} after the install");
            return Executable;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>pwsh -NoProfile -NonInteractive with the given arguments, from the clone's root.</summary>
    public static async Task<CommandResult> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var pwsh = await EnsureAsync();
        return await CommandRunner.RunAsync(pwsh, ["-NoProfile", "-NonInteractive", .. arguments], RepoPaths.Root, timeout);
    }
}
