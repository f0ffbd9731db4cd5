using System.IO.Compression;
using System.Xml.Linq;

namespace RtcNative.Packaging.Tests;

/// <summary>One .nupkg of out/packages, read as the zip file it is: its entries and its .nuspec.</summary>
internal sealed class NuGetPackage : IDisposable
{
    private readonly ZipArchive _zip;

    private NuGetPackage(string path)
    {
        Path = path;
        _zip = ZipFile.OpenRead(path);
        var nuspec = _zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        Nuspec = XDocument.Load(stream);
    }

    public string Path { get; }

    public XDocument Nuspec { get; }

    public IReadOnlyList<string> Files => _zip.Entries.Select(e => e.FullName).ToList();

    /// <summary>out/packages/&lt;id&gt;.&lt;version&gt;.nupkg, or a failure that says how to make it.</summary>
    public static NuGetPackage Open(string id)
    {
        var path = System.IO.Path.Combine(RepoPaths.Packages, $"{id}.{RepoPaths.Version}.nupkg");
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} does not exist: run ./build.sh pack first.");
        }

        return new NuGetPackage(path);
    }

    /// <summary>A metadata element of the .nuspec (id, version, license, readme, ...), whatever its schema namespace.</summary>
    public string? Metadata(string name) =>
        Nuspec.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata")?
            .Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    /// <summary>The .nuspec's dependencies (id, version range), of every target framework group.</summary>
    public IReadOnlyList<(string Id, string Version)> Dependencies =>
        Nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string?)e.Attribute("id") ?? "", (string?)e.Attribute("version") ?? "")).ToList();

    public byte[] Read(string entry)
    {
        var found = _zip.GetEntry(entry) ?? throw new AssertionException($"{Path} has no {entry}");
        using var stream = found.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes an entry to a file (for tools that read files, such as readelf).</summary>
    public void Extract(string entry, string destination) => File.WriteAllBytes(destination, Read(entry));

    public void Dispose() => _zip.Dispose();
}
