namespace RtcNative.Packaging.Tests;

/// <summary>
/// A new console project outside the repo takes RtcNative from out/packages (no ProjectReference),
/// builds, and runs a two-peer data channel round trip on loopback: framework-dependent (the
/// library from runtimes/linux-x64/native through deps.json) and published self-contained for
/// linux-x64 (the library beside the executable).
/// </summary>
[TestFixture]
[NonParallelizable]
public class ConsumerTests
{
    [Test]
    public async Task PackageConsumerBuildsAndRoundTripsAMessage()
    {
        using var consumer = ConsumerProject.Create();
        await consumer.DotnetAsync("build", "-c", "Release", "-nologo", "-v", "minimal", "-nodeReuse:false");
        var output = Path.Combine(consumer.Folder, "bin", "Release", "net10.0");
        var packaged = Path.Combine(output, "runtimes", "linux-x64", "native", "librtcnative.so");
        Assert.That(File.Exists(packaged), Is.True, "the build output has no runtimes/linux-x64/native/librtcnative.so from the runtime package");

        var run = await consumer.RunAsync("dotnet", Path.Combine(output, "Consumer.dll"));
        TestContext.Out.WriteLine(run.Output);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("round trip: ping "));
        Assert.That(run.Output, Does.Contain($"native library: {packaged}"), "the process loaded a librtcnative.so other than the packaged one");
    }

    [Test]
    public async Task SelfContainedPublishRoundTripsAMessage()
    {
        using var consumer = ConsumerProject.Create();
        var publish = Path.Combine(consumer.Folder, "publish");
        await consumer.DotnetAsync("publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "-nologo", "-v", "minimal",
            "-nodeReuse:false", "-o", publish);
        var library = Path.Combine(publish, "librtcnative.so");
        Assert.That(File.Exists(library), Is.True, "the self-contained publish has no librtcnative.so beside the executable");

        var run = await consumer.RunAsync(Path.Combine(publish, "Consumer"));
        TestContext.Out.WriteLine(run.Output);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("round trip: ping "));
        Assert.That(run.Output, Does.Contain($"native library: {library}"), "the process loaded a librtcnative.so other than the published one");
    }
}
