using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace RtcNative.Packaging.Tests;

/// <summary>What ./build.sh pack puts in out/packages: the files, licences, readme, dependency and version each package must carry.</summary>
[TestFixture]
public class PackageContentsTests
{
    private const string RuntimeLibrary = "runtimes/linux-x64/native/librtcnative.so";

    // The SourceLink custom debug information kind (Portable PDB specification).
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Test]
    public void ManagedPackageHoldsTheLibraryDocsReadmeAndLicences()
    {
        using var package = NuGetPackage.Open("RtcNative");
        Assert.Multiple(() =>
        {
            Assert.That(package.Files, Does.Contain("lib/net10.0/RtcNative.dll"));
            Assert.That(package.Files, Does.Contain("lib/net10.0/RtcNative.xml"));
            Assert.That(package.Files, Does.Contain("README.md"));
            Assert.That(package.Files, Does.Contain("LICENSE"));
            Assert.That(package.Files, Does.Contain("THIRD-PARTY-NOTICES"));
            Assert.That(package.Files.Where(f => f.StartsWith("runtimes/", StringComparison.Ordinal)), Is.Empty,
                "the native library belongs in the runtime package, not the managed one");
            Assert.That(package.Metadata("id"), Is.EqualTo("RtcNative"));
            Assert.That(package.Metadata("version"), Is.EqualTo(RepoPaths.Version));
            Assert.That(package.Metadata("license"), Is.EqualTo("LICENSE"));
            Assert.That(package.Metadata("readme"), Is.EqualTo("README.md"));
        });
        var docs = Encoding.UTF8.GetString(package.Read("lib/net10.0/RtcNative.xml"));
        Assert.That(docs, Does.Contain("<member name=\"T:RtcNative.RTCPeerConnection\">"), "the XML docs lack RTCPeerConnection");
        Assert.That(Encoding.UTF8.GetString(package.Read("README.md")), Does.Contain("dotnet add package RtcNative"));
    }

    [Test]
    public void ManagedPackageDependsOnExactlyTheRuntimePackageOfItsVersion()
    {
        // [x.y.z]: the managed code and the native library share one C ABI, so no newer runtime package may stand in.
        using var package = NuGetPackage.Open("RtcNative");
        Assert.That(package.Dependencies, Does.Contain(("RtcNative.Runtime.linux-x64", $"[{RepoPaths.Version}]")),
            $"dependencies: {string.Join(", ", package.Dependencies)}");
    }

    [Test]
    public void ManagedAssemblyIsADeterministicBuildWithoutSourceLink()
    {
        using var package = NuGetPackage.Open("RtcNative");
        using var pe = new PEReader(new MemoryStream(package.Read("lib/net10.0/RtcNative.dll")));
        var debug = pe.ReadDebugDirectory();
        Assert.That(debug.Select(d => d.Type), Does.Contain(DebugDirectoryEntryType.Reproducible), "not a deterministic build");
        var codeView = pe.ReadCodeViewDebugDirectoryData(debug.Single(d => d.Type == DebugDirectoryEntryType.CodeView));
        Assert.That(codeView.Path, Does.StartWith("/_/"), "source paths are not mapped (ContinuousIntegrationBuild): the build machine's paths leak into the package");

        var symbolsPath = Path.ChangeExtension(package.Path, ".snupkg");
        Assert.That(File.Exists(symbolsPath), Is.True, $"{symbolsPath} (the managed symbols) does not exist");
        using var symbols = System.IO.Compression.ZipFile.OpenRead(symbolsPath);
        var pdbEntry = symbols.GetEntry("lib/net10.0/RtcNative.pdb") ?? throw new AssertionException("the .snupkg has no lib/net10.0/RtcNative.pdb");
        using var pdbStream = new MemoryStream();
        using (var s = pdbEntry.Open())
        {
            s.CopyTo(pdbStream);
        }

        pdbStream.Position = 0;
        using var pdb = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var reader = pdb.GetMetadataReader();
        var kinds = reader.CustomDebugInformation.Select(h => reader.GetGuid(reader.GetCustomDebugInformation(h).Kind));
        Assert.That(kinds, Does.Not.Contain(SourceLinkKind), "the PDB carries SourceLink");
        var documents = reader.Documents.Select(h => reader.GetString(reader.GetDocument(h).Name)).ToList();
        Assert.That(documents, Is.Not.Empty);
        Assert.That(documents.Where(d => !d.StartsWith("/_/", StringComparison.Ordinal)), Is.Empty, "PDB documents outside the mapped /_/ root");
    }

    [Test]
    public void RuntimePackageHoldsTheNativeLibraryReadmeAndLicences()
    {
        using var package = NuGetPackage.Open("RtcNative.Runtime.linux-x64");
        Assert.Multiple(() =>
        {
            Assert.That(package.Files, Does.Contain(RuntimeLibrary));
            Assert.That(package.Files, Does.Contain("README.md"));
            Assert.That(package.Files, Does.Contain("LICENSE"));
            Assert.That(package.Files, Does.Contain("THIRD-PARTY-NOTICES"));
            Assert.That(package.Files.Where(f => f.StartsWith("lib/", StringComparison.Ordinal)), Is.Empty, "the runtime package carries no assembly");
            Assert.That(package.Metadata("id"), Is.EqualTo("RtcNative.Runtime.linux-x64"));
            Assert.That(package.Metadata("version"), Is.EqualTo(RepoPaths.Version));
            Assert.That(package.Metadata("license"), Is.EqualTo("LICENSE"));
            Assert.That(package.Dependencies, Is.Empty);
        });
        var notices = Encoding.UTF8.GetString(package.Read("THIRD-PARTY-NOTICES"));
        Assert.That(notices, Is.EqualTo(File.ReadAllText(Path.Combine(RepoPaths.Root, "THIRD-PARTY-NOTICES"))));
        Assert.That(notices, Does.Contain("libwebrtc").And.Contain("libvpx").And.Contain("OpenH264"));
        Assert.That(Encoding.UTF8.GetString(package.Read("LICENSE")), Does.Contain("MIT License").And.Contain("Copyright (c) 2026 RtcNative contributors"));
    }

    [Test]
    public async Task NativeLibraryIsStrippedAndItsSymbolsShipBeside()
    {
        var work = Directory.CreateTempSubdirectory("rtcnative-symbols-");
        try
        {
            using var package = NuGetPackage.Open("RtcNative.Runtime.linux-x64");
            var library = Path.Combine(work.FullName, "librtcnative.so");
            package.Extract(RuntimeLibrary, library);
            var sections = await ElfReader.SectionsAsync(library);
            Assert.That(sections, Does.Contain(".gnu_debuglink"), "the packaged library does not name its debug file");
            Assert.That(sections.Where(s => s == ".symtab" || s.StartsWith(".debug_", StringComparison.Ordinal)), Is.Empty, "the packaged library is not stripped");

            var archive = Path.Combine(RepoPaths.Packages, $"RtcNative.Runtime.linux-x64.{RepoPaths.Version}.debug.tar.xz");
            Assert.That(File.Exists(archive), Is.True, $"{archive} (the native symbols) does not exist");
            var untar = await CommandRunner.RunAsync("tar", ["-xJf", archive, "-C", work.FullName], work.FullName, TimeSpan.FromMinutes(2));
            Assert.That(untar.ExitCode, Is.Zero, untar.ToString());
            var debugFile = Path.Combine(work.FullName, "librtcnative.so.debug");
            Assert.That(File.Exists(debugFile), Is.True, "the symbols archive holds no librtcnative.so.debug");

            Assert.That(await ElfReader.BuildIdAsync(debugFile), Is.EqualTo(await ElfReader.BuildIdAsync(library)), "the symbols are of another build");
            var debugSections = await ElfReader.SectionsAsync(debugFile);
            Assert.That(debugSections, Does.Contain(".symtab").And.Contain(".debug_line"), "the debug file lacks the symbol table or line tables");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
