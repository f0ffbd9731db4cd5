using RtcNative.Demo;

namespace RtcNative.Tests.Demo;

/// <summary>
/// The demo's check mode (<c>./build.sh demo --check</c>), in-process: headless Chromium in a network namespace
/// calls the demo server's .NET peer; video must flow each way and a chat message come back. Needs what the
/// Chromium interop suite needs (root, iproute2, /usr/bin/chromium) and fails, never skips, without it.
/// </summary>
[NonParallelizable]
public class DemoCheckTests
{
    [Test]
    public async Task CheckModeCallsChromiumAndReports()
    {
        var directory = Directory.CreateTempSubdirectory("rtcn-demo-check-").FullName;
        try
        {
            var screenshot = Path.Combine(directory, "screenshot.png");
            using var output = new StringWriter();
            var code = await CheckMode.RunAsync(new DemoOptions { Check = true, Screenshot = screenshot, CheckTimeout = TimeSpan.FromSeconds(60) },
                TextWriter.Synchronized(output));
            var report = output.ToString();
            await TestContext.Out.WriteLineAsync(report);
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.Zero, "the check's exit code");
                Assert.That(report, Does.Contain("check: PASSED"));
                Assert.That(report, Does.Contain("frames decoded").And.Contain("received by .NET").And.Contain("RTT"));
                Assert.That(report, Does.Contain("closed: the .NET peer and its tracks are disposed"), "the session disposed its peer when the page went away");
                Assert.That(new FileInfo(screenshot) is { Exists: true, Length: > 10_000 }, Is.True, "a screenshot of the page");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
