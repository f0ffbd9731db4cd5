namespace RtcNative.Packaging.Tests;

/// <summary>
/// librtcnative.so needs of the system only what packaging/runtime-needs.txt documents (README's
/// Install section): its NEEDED shared libraries, and glibc / libstdc++ symbol versions no newer
/// than the documented floors. Checked on the library the managed tests load (out/native) and on the
/// stripped one the runtime package ships.
/// </summary>
[TestFixture]
public class RuntimeNeedsTests
{
    private static readonly RuntimeNeeds Documented = RuntimeNeeds.Load();

    private static IEnumerable<TestCaseData> Libraries()
    {
        yield return new TestCaseData("built").SetName("{m}(out/native)");
        yield return new TestCaseData("packaged").SetName("{m}(runtime package)");
    }

    [TestCaseSource(nameof(Libraries))]
    public async Task NeededLibrariesAreAllDocumented(string which)
    {
        using var library = await LibraryFile.GetAsync(which);
        var needed = await ElfReader.NeededAsync(library.Path);
        TestContext.Out.WriteLine($"NEEDED ({needed.Count}): {string.Join(", ", needed)}");

        Assert.That(needed, Is.Not.Empty, "readelf found no NEEDED entry at all: not a dynamically linked library?");
        var undocumented = needed.Where(n => !Documented.Needed.Contains(n)).ToList();
        Assert.That(undocumented, Is.Empty,
            $"librtcnative.so needs shared libraries that {RepoPaths.RuntimeNeeds} does not document: link them statically " +
            "(cmake/RtcNativeStaticDeps.cmake) or document them there and in README's Install section");
    }

    [Test]
    public async Task DocumentedSetHasNoStaleEntries()
    {
        using var library = await LibraryFile.GetAsync("built");
        var needed = await ElfReader.NeededAsync(library.Path);
        var stale = Documented.Needed.Where(n => !needed.Contains(n)).ToList();
        Assert.That(stale, Is.Empty, $"{RepoPaths.RuntimeNeeds} lists libraries librtcnative.so no longer needs: remove them (and from README)");
    }

    [TestCaseSource(nameof(Libraries))]
    public async Task GlibcVersionIsWithinTheDocumentedFloor(string which)
    {
        using var library = await LibraryFile.GetAsync(which);
        var glibc = await ElfReader.RequiredVersionsAsync(library.Path, "GLIBC_");
        var glibcxx = await ElfReader.RequiredVersionsAsync(library.Path, "GLIBCXX_");
        Assert.That(glibc, Is.Not.Empty, "no GLIBC_ version requirement found: readelf's output changed?");
        Assert.That(glibcxx, Is.Not.Empty, "no GLIBCXX_ version requirement found: readelf's output changed?");
        TestContext.Out.WriteLine($"glibc floor: needs GLIBC_{glibc[0]} (documented {Documented.GlibcFloor}); " +
                                  $"libstdc++: needs GLIBCXX_{glibcxx[0]} (documented {Documented.GlibcxxFloor})");

        Assert.Multiple(() =>
        {
            Assert.That(glibc[0], Is.LessThanOrEqualTo(Documented.GlibcFloor),
                $"librtcnative.so needs GLIBC_{glibc[0]}, above the documented floor {Documented.GlibcFloor} ({RepoPaths.RuntimeNeeds})");
            Assert.That(glibcxx[0], Is.LessThanOrEqualTo(Documented.GlibcxxFloor),
                $"librtcnative.so needs GLIBCXX_{glibcxx[0]}, above the documented floor {Documented.GlibcxxFloor} ({RepoPaths.RuntimeNeeds})");
        });
    }

    /// <summary>The built library in place, or the packaged one extracted to a temporary file (deleted on dispose).</summary>
    private sealed class LibraryFile : IDisposable
    {
        private readonly bool _temporary;

        private LibraryFile(string path, bool temporary)
        {
            Path = path;
            _temporary = temporary;
        }

        public string Path { get; }

        public static Task<LibraryFile> GetAsync(string which)
        {
            if (which == "built")
            {
                Assert.That(File.Exists(RepoPaths.NativeLibrary), Is.True, $"{RepoPaths.NativeLibrary} does not exist: run ./build.sh native");
                return Task.FromResult(new LibraryFile(RepoPaths.NativeLibrary, temporary: false));
            }

            using var package = NuGetPackage.Open("RtcNative.Runtime.linux-x64");
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rtcnative-needs-{Guid.NewGuid():N}.so");
            package.Extract("runtimes/linux-x64/native/librtcnative.so", path);
            return Task.FromResult(new LibraryFile(path, temporary: true));
        }

        public void Dispose()
        {
            if (_temporary)
            {
                File.Delete(Path);
            }
        }
    }
}
