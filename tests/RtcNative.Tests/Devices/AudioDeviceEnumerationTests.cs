namespace RtcNative.Tests.Devices;

// enumerateDevices and devicechange against a private PulseAudio daemon: sine sources "mic" (440 Hz, default) and
// "mic2" (880 Hz), null sinks "spk" (default) and "spk2" (its monitors must not be listed as inputs).
[NonParallelizable]
[Platform(Include = "Linux", Reason = "PulseAudio")]
public sealed class AudioDeviceEnumerationTests : PulseAudioFixture
{
    [Test]
    public async Task ListsMicrophonesAndSpeakersWithDefaultsFirstAndNoMonitors()
    {
        using var factory = TestFactory.CreateLoopback();
        var devices = await factory.MediaDevices.EnumerateDevicesAsync();
        TestContext.Out.WriteLine(string.Join("\n", devices));

        var inputs = devices.Where(d => d.Kind == "audioinput").ToList();
        var outputs = devices.Where(d => d.Kind == "audiooutput").ToList();
        Assert.That(inputs.Select(d => d.DeviceId), Is.EqualTo(new[]
        {
            "default",
            AudioDeviceList.DeviceId("audioinput", PulseAudioServer.Source),
            AudioDeviceList.DeviceId("audioinput", PulseAudioServer.Source2),
        }), "the default, then both sine sources; no sink monitor");
        Assert.That(outputs.Select(d => d.DeviceId), Is.EqualTo(new[]
        {
            "default",
            AudioDeviceList.DeviceId("audiooutput", PulseAudioServer.Sink),
            AudioDeviceList.DeviceId("audiooutput", PulseAudioServer.Sink2),
        }));
        Assert.That(devices.Take(3).All(d => d.Kind == "audioinput"), "inputs come first");
        Assert.That(outputs[2].Label, Is.EqualTo("Second-Speaker"), "the sink's description is its label");
        Assert.That(inputs[0].Label, Is.EqualTo("Default - " + inputs[1].Label));
        Assert.That(inputs[0].GroupId, Is.EqualTo(inputs[1].GroupId), "the default entry is the same device");
        Assert.That(inputs[1].GroupId, Is.Not.EqualTo(inputs[2].GroupId), "two devices without a card: two groups");
        Assert.That(devices.All(d => d.Label.Length > 0 && d.GroupId.Length > 0));
    }

    [Test]
    public async Task IdsAreStableAcrossCallsAndFactories()
    {
        using var first = TestFactory.CreateLoopback();
        using var second = TestFactory.CreateLoopback();
        var a = await first.MediaDevices.EnumerateDevicesAsync();
        var b = await first.MediaDevices.EnumerateDevicesAsync();
        var c = await second.MediaDevices.EnumerateDevicesAsync();

        Assert.That(a.Select(d => d.ToString()), Is.EqualTo(b.Select(d => d.ToString())));
        Assert.That(a.Select(d => d.ToString()), Is.EqualTo(c.Select(d => d.ToString())));
        Assert.That(a.Select(d => d.DeviceId + d.Kind).Distinct().Count(), Is.EqualTo(a.Count), "ids are unique per kind");
    }

    [Test]
    public async Task WithoutASoundServerThereAreNoAudioDevicesAndGeneratorAudioStillFlows()
    {
        using (AlsaConfiguration.NoSoundSystem(Server.RuntimeDirectory))
        {
            using var sending = TestFactory.CreateLoopback();
            using var receiving = TestFactory.CreateLoopback();
            var started = DateTime.UtcNow;
            var devices = await sending.MediaDevices.EnumerateDevicesAsync();
            Assert.That(devices.Where(d => d.Kind.StartsWith("audio", StringComparison.Ordinal)), Is.Empty);
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)), "bounded");

            var error = Assert.Throws<RTCException>(() => sending.MediaDevices.OpenMicrophone("default", new MicrophoneOptions()));
            Assert.That(error!.ErrorName, Is.EqualTo("NotFoundError"), "no server: no input with that id");
            var denied = await Assert.ThrowsAsync<RTCException>(() => sending.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints { Audio = true }));
            Assert.That(denied!.ErrorName, Is.EqualTo("NotFoundError"), "getUserMedia(audio) without a sound server");

            using var call = new MediaCall(sending, receiving);
            using var generator = new AudioTrackGenerator(sending);
            generator.StartTone(1000);
            call.Caller.AddTransceiver(generator.Track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
            await call.ConnectAsync();
            var (samples, rate) = await MediaReading.ReadAudioAsync(call.CalleeTracks.Single().Track, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300));
            Assert.That(samples.Length, Is.GreaterThan(rate / 2));
            Assert.That(ToneAnalysis.RelativePower(samples, rate, 1000), Is.GreaterThan(0.5));
        }
    }

    [Test]
    public async Task DeviceChangeFiresWhenASinkIsLoadedAndUnloaded()
    {
        using var factory = TestFactory.CreateLoopback();
        var changes = 0;
        var threads = new List<string?>();
        using var fired = new SemaphoreSlim(0);
        EventHandler handler = (_, _) =>
        {
            lock (threads)
            {
                threads.Add(Thread.CurrentThread.Name);
            }

            Interlocked.Increment(ref changes);
            fired.Release();
        };
        factory.MediaDevices.DeviceChange += handler;
        try
        {
            await Task.Delay(500); // the watcher's first list
            var module = (await Server.PactlAsync("load-module", "module-null-sink", "sink_name=hotplug")).Trim();
            Assert.That(await fired.WaitAsync(Timeouts.Event), Is.True, "devicechange after a sink appeared");
            var devices = await factory.MediaDevices.EnumerateDevicesAsync();
            Assert.That(devices.Any(d => d.DeviceId == AudioDeviceList.DeviceId("audiooutput", "hotplug")));

            await Server.PactlAsync("unload-module", module);
            Assert.That(await fired.WaitAsync(Timeouts.Event), Is.True, "devicechange after it went away");
            // A volume change is no device change.
            await Server.PactlAsync("set-sink-volume", PulseAudioServer.Sink2, "50%");
            Assert.That(await fired.WaitAsync(TimeSpan.FromSeconds(1)), Is.False, "nothing for a volume change");
        }
        finally
        {
            factory.MediaDevices.DeviceChange -= handler;
        }

        Assert.That(changes, Is.EqualTo(2));
        Assert.That(threads, Is.All.EqualTo("RtcNativeEvents"), "raised on RtcNative's event threads");
    }

    [Test]
    public async Task DisposingTheFactoryStopsItsDeviceWatcherEvenWithHandlersAttached()
    {
        // Watchers of earlier tests end within a wait slice of their last handler's removal.
        Assert.That(await Timeouts.PollAsync(() => WatcherThreads() == 0), Is.True, "watcher threads of earlier tests: " + string.Join(", ", ThreadComms()));
        var factory = TestFactory.CreateLoopback();
        var changes = 0;
        factory.MediaDevices.DeviceChange += (_, _) => Interlocked.Increment(ref changes);
        Assert.That(await Timeouts.PollAsync(() => WatcherThreads() > 0), Is.True, "a watcher thread while a handler is attached; threads: " + string.Join(", ", ThreadComms()));

        factory.Dispose(); // the handler stays attached
        Assert.That(await Timeouts.PollAsync(() => WatcherThreads() == 0), Is.True, "the watcher thread ended with the factory");
        factory.MediaDevices.DeviceChange += (_, _) => Interlocked.Increment(ref changes);
        var module = (await Server.PactlAsync("load-module", "module-null-sink", "sink_name=after_dispose")).Trim();
        try
        {
            await Task.Delay(1000);
            Assert.That(WatcherThreads(), Is.Zero, "a handler attached after the dispose starts no watcher");
            Assert.That(changes, Is.Zero, "no devicechange from a disposed factory");
        }
        finally
        {
            await Server.PactlAsync("unload-module", module);
        }
    }

    // The OS names of this process's threads.
    private static IEnumerable<string> ThreadComms() => Directory.GetDirectories("/proc/self/task").Select(task =>
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
        }
        catch (IOException)
        {
            return ""; // the thread ended while listed
        }
    });

    // Threads named by DeviceWatcher ("RtcNativeDevices", cut to 15 characters by the kernel), and the native monitor's
    // thread, which inherits the name of the thread that started it.
    private static int WatcherThreads() => ThreadComms().Count(name => name == "RtcNativeDevice");
}
