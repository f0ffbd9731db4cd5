using System.Xml.Linq;

namespace RtcNative.Packaging.Tests;

/// <summary>
/// A console project in a temporary folder outside the clone that takes RtcNative as a package from
/// out/packages (ConsumerApp/ holds its sources). Its nuget.config adds out/packages to the registry
/// sources of the machine's own NuGet.Config, with source mapping so RtcNative* can only come from
/// out/packages. Its packages folder is a cache of its own (RTCNATIVE_CACHE/nuget-consumer) from which
/// RtcNative's packages are removed first: a repacked 0.1.0 is never shadowed by an older copy.
/// Disposing deletes the folder.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(10);
    private static readonly string[] OwnPackageIds = ["rtcnative", "rtcnative.runtime.linux-x64"];

    private readonly DirectoryInfo _folder;

    private ConsumerProject(DirectoryInfo folder) => _folder = folder;

    public string Folder => _folder.FullName;

    public static string PackagesFolder => Path.Combine(RepoPaths.Cache, "nuget-consumer");

    public static ConsumerProject Create()
    {
        Assert.That(File.Exists(Path.Combine(RepoPaths.Packages, $"RtcNative.{RepoPaths.Version}.nupkg")), Is.True,
            $"no RtcNative {RepoPaths.Version} in {RepoPaths.Packages}: run ./build.sh pack first");
        var folder = Directory.CreateTempSubdirectory("rtcnative-consumer-");
        Assert.That(folder.FullName, Does.Not.StartWith(RepoPaths.Root), "the consumer must live outside the clone");
        var sources = Path.Combine(AppContext.BaseDirectory, "ConsumerApp");
        File.Copy(Path.Combine(sources, "Program.cs"), Path.Combine(folder.FullName, "Program.cs"));
        File.WriteAllText(Path.Combine(folder.FullName, "Consumer.csproj"),
            File.ReadAllText(Path.Combine(sources, "Consumer.csproj")).Replace("RTCNATIVE_VERSION", RepoPaths.Version));
        // Stops MSBuild's search for Directory.Build.* files above the temporary folder.
        File.WriteAllText(Path.Combine(folder.FullName, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder.FullName, "Directory.Build.targets"), "<Project />\n");
        WriteNuGetConfig(Path.Combine(folder.FullName, "nuget.config"));

        foreach (var id in OwnPackageIds)
        {
            var cached = Path.Combine(PackagesFolder, id);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }

        return new ConsumerProject(folder);
    }

    /// <summary>dotnet with the given arguments in the project folder; the result must be a zero exit.</summary>
    public async Task<CommandResult> DotnetAsync(params string[] arguments)
    {
        var result = await CommandRunner.RunAsync("dotnet", arguments, Folder, CommandLimit,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesFolder });
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return result;
    }

    /// <summary>Runs a built program (a host executable or `dotnet app.dll`) and returns what it did.</summary>
    public Task<CommandResult> RunAsync(string fileName, params string[] arguments) =>
        CommandRunner.RunAsync(fileName, arguments, Folder, TimeSpan.FromMinutes(2));

    public void Dispose() => _folder.Delete(recursive: true);

    private static void WriteNuGetConfig(string path)
    {
        var registries = MachineSourceKeys();
        Assert.That(registries, Is.Not.Empty, "the machine's NuGet.Config names no package source");
        var mapping = new XElement("packageSourceMapping",
            new XElement("packageSource", new XAttribute("key", "rtcnative-local"),
                new XElement("package", new XAttribute("pattern", "RtcNative")),
                new XElement("package", new XAttribute("pattern", "RtcNative.*"))));
        foreach (var key in registries)
        {
            mapping.Add(new XElement("packageSource", new XAttribute("key", key), new XElement("package", new XAttribute("pattern", "*"))));
        }

        new XDocument(new XElement("configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", "rtcnative-local"), new XAttribute("value", RepoPaths.Packages))),
            mapping)).Save(path);
    }

    /// <summary>The keys of the package sources the machine's user-level NuGet.Config declares (the registry this machine uses).</summary>
    private static IReadOnlyList<string> MachineSourceKeys()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var config = new[] { Path.Combine(home, ".nuget", "NuGet", "NuGet.Config"), Path.Combine(home, ".nuget", "NuGet", "nuget.config") }
            .FirstOrDefault(File.Exists);
        Assert.That(config, Is.Not.Null, $"no NuGet.Config in {home}/.nuget/NuGet");
        return XDocument.Load(config!).Descendants("packageSources").Elements("add")
            .Select(e => (string?)e.Attribute("key")).OfType<string>().ToList();
    }
}
