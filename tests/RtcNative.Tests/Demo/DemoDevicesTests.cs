using RtcNative.Demo;
using RtcNative.Tests.Devices;

namespace RtcNative.Tests.Demo;

/// <summary>The demo's <c>--camera</c>/<c>--microphone</c>: the real device when getUserMedia gives one, else the
/// console says why and the test source is sent. This machine has no camera; the microphone is a private PulseAudio
/// daemon's 440 Hz sine.</summary>
[NonParallelizable]
[Platform(Include = "Linux", Reason = "PulseAudio")]
public sealed class DemoDevicesTests : PulseAudioFixture
{
    [Test]
    public async Task TheMicrophoneIsOpenedAndAMissingCameraFallsBackWithAMessage()
    {
        Assume.That(Directory.GetFiles("/dev", "video*"), Is.Empty, "this machine has a camera");
        using var factory = TestFactory.CreateLoopback();
        using var log = new StringWriter();
        using var devices = await DemoDevices.OpenAsync(factory, new DemoOptions { Camera = true, Microphone = true }, log);

        TestContext.Out.WriteLine(log);
        Assert.That(devices.Camera, Is.Null);
        Assert.That(log.ToString(), Does.Contain("--camera: no camera could be opened (NotFoundError").And.Contain("sending the test pattern instead"));
        Assert.That(devices.Microphone, Is.Not.Null);
        Assert.That(devices.Microphone!.Label, Is.EqualTo($"Sine source at {PulseAudioServer.SourceFrequency} Hz"));
        Assert.That(log.ToString(), Does.Contain("--microphone: sending 'Sine source at"));
    }

    [Test]
    public async Task WithoutASoundServerTheToneIsSentAndTheConsoleSaysWhy()
    {
        using (AlsaConfiguration.NoSoundSystem(Server.RuntimeDirectory))
        {
            using var factory = TestFactory.CreateLoopback();
            using var log = new StringWriter();
            using var devices = await DemoDevices.OpenAsync(factory, new DemoOptions { Microphone = true }, log);
            Assert.That(devices.Microphone, Is.Null);
            Assert.That(log.ToString(), Does.Contain("--microphone: no microphone could be opened (NotFoundError").And.Contain("sending the 440 Hz tone instead"));
        }
    }

    [Test]
    public void TheFlagsParse()
    {
        var options = DemoOptions.Parse(["--camera", "--microphone", "--port", "9000"]);
        Assert.That((options.Camera, options.Microphone, options.Port), Is.EqualTo((true, true, 9000)));
        Assert.That(DemoOptions.Parse([]) is { Camera: false, Microphone: false }, Is.True);
    }
}
