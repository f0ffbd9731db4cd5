using System.Diagnostics;

namespace RtcNative.Tests;

// RTCDTMFSender (webrtc-pc section 7) between two in-process peers: the tone events, their timing, the spec's errors
// and clamping, and the DTMF tones in the receiver's decoded audio (libwebrtc's NetEq plays telephone-events out).
public sealed class DtmfTests : LoopbackFixture
{
    /// <summary>The row and column frequencies of each DTMF key (ITU-T Q.23).</summary>
    private static readonly Dictionary<char, (double Low, double High)> Frequencies = new()
    {
        ['1'] = (697, 1209), ['2'] = (697, 1336), ['3'] = (697, 1477), ['#'] = (941, 1477),
    };

    [Test]
    public async Task DefaultTimingRaisesEachToneInOrderThenEmpty()
    {
        using var setup = await SendingCallAsync();
        var dtmf = setup.Dtmf;
        var recorder = new ToneRecorder(dtmf);

        dtmf.InsertDTMF("123#");
        var events = await recorder.FinishedAsync();

        Assert.That(events.Select(e => e.Tone), Is.EqualTo(new[] { "1", "2", "3", "#", "" }));
        Assert.That(events.Select(e => e.Buffer), Is.EqualTo(new[] { "23#", "3#", "#", "", "" }),
            "the tone being played has left the buffer");
        // 100 ms tone + 70 ms gap between starts; loose bounds for a loaded machine.
        AssertGaps(events, 170, 100, 700);
        Assert.That(dtmf.EngineTiming, Is.EqualTo((100, 70)));
    }

    [Test]
    public async Task CustomDurationAndGapSetTheTiming()
    {
        using var setup = await SendingCallAsync();
        var recorder = new ToneRecorder(setup.Dtmf);

        setup.Dtmf.InsertDTMF("123#", duration: 300, interToneGap: 200);
        var events = await recorder.FinishedAsync();

        Assert.That(events.Select(e => e.Tone), Is.EqualTo(new[] { "1", "2", "3", "#", "" }));
        AssertGaps(events, 500, 300, 1100);
        Assert.That(setup.Dtmf.EngineTiming, Is.EqualTo((300, 200)));
    }

    [Test]
    public async Task ShortValuesAreClampedUpToFortyAndThirtyMilliseconds()
    {
        using var setup = await SendingCallAsync();
        var recorder = new ToneRecorder(setup.Dtmf);

        // libwebrtc refuses these; the spec clamps them (40 ms tone, 30 ms gap).
        setup.Dtmf.InsertDTMF("1234", duration: 1, interToneGap: 0);
        var events = await recorder.FinishedAsync();

        Assert.That(setup.Dtmf.EngineTiming, Is.EqualTo((40, 30)));
        Assert.That(events.Select(e => e.Tone), Is.EqualTo(new[] { "1", "2", "3", "4", "" }));
        AssertGaps(events, 70, 40, 500);
    }

    [Test]
    public async Task LongValuesAreClampedDownToSixSeconds()
    {
        using var setup = await SendingCallAsync();

        setup.Dtmf.InsertDTMF("1", duration: 100_000, interToneGap: 100_000);

        Assert.That(setup.Dtmf.EngineTiming, Is.EqualTo((6000, 6000)));
        setup.Dtmf.InsertDTMF(""); // stop: the "" event follows at once
    }

    [Test]
    public async Task LowerCaseTonesAreStoredInUpperCase()
    {
        using var setup = await SendingCallAsync();
        var recorder = new ToneRecorder(setup.Dtmf);

        setup.Dtmf.InsertDTMF("abcd*,", duration: 40, interToneGap: 30);
        var buffer = setup.Dtmf.ToneBuffer;
        var events = await recorder.FinishedAsync(TimeSpan.FromSeconds(30));

        Assert.That(buffer, Is.EqualTo("ABCD*,").Or.EqualTo("BCD*,"), "read before or just after the first tone started");
        Assert.That(events.Select(e => e.Tone), Is.EqualTo(new[] { "A", "B", "C", "D", "*", ",", "" }));
        // ',' pauses 2 s (webrtc-pc) before the buffer is found empty.
        Assert.That(events[^1].At - events[^2].At, Is.GreaterThan(TimeSpan.FromMilliseconds(1800)));
    }

    [TestCase("12X")]
    [TestCase("1 2")]
    [TestCase("e")]
    [TestCase("1-2")]
    [TestCase("1\u00002")]
    public async Task OtherCharactersAreAnInvalidCharacterError(string tones)
    {
        using var setup = await SendingCallAsync();

        var error = Assert.Throws<RTCException>(() => setup.Dtmf.InsertDTMF(tones));

        Assert.That(error!.ErrorName, Is.EqualTo("InvalidCharacterError"));
        Assert.That(setup.Dtmf.ToneBuffer, Is.Empty, "the buffer is left as it was");
    }

    [Test]
    public async Task ANewInsertReplacesTheBuffer()
    {
        using var setup = await SendingCallAsync();
        var recorder = new ToneRecorder(setup.Dtmf);
        var replaced = 0;
        setup.Dtmf.ToneChange += (_, e) =>
        {
            if (e.Tone == "1" && Interlocked.Exchange(ref replaced, 1) == 0)
            {
                setup.Dtmf.InsertDTMF("2"); // from inside the handler: any thread may call
            }
        };

        setup.Dtmf.InsertDTMF("1111", duration: 200, interToneGap: 100);
        var events = await recorder.FinishedAsync();

        Assert.That(events.Select(e => e.Tone), Is.EqualTo(new[] { "1", "2", "" }));
    }

    [Test]
    public async Task AnEmptyInsertWhileIdleRaisesNothing()
    {
        using var setup = await SendingCallAsync();
        var recorder = new ToneRecorder(setup.Dtmf);

        setup.Dtmf.InsertDTMF("");
        await Task.Delay(300);

        Assert.That(recorder.Events, Is.Empty);
        Assert.That(setup.Dtmf.ToneBuffer, Is.Empty);
    }

    [Test]
    public async Task ClosingDuringPlaybackEndsTheEvents()
    {
        using var setup = await SendingCallAsync();
        var recorder = new ToneRecorder(setup.Dtmf);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        setup.Dtmf.ToneChange += (_, _) => first.TrySetResult();
        setup.Dtmf.InsertDTMF("123456789", duration: 100, interToneGap: 50);
        await first.Task.WithTimeout();

        setup.Call.Caller.Close();
        var seen = recorder.Events.Count;
        await Task.Delay(600); // four more tones' time

        Assert.That(recorder.Events, Has.Count.EqualTo(seen), "no event after Close() returned (webrtc-pc fires none)");
        Assert.That(seen, Is.LessThan(9));
        Assert.That(setup.Dtmf.CanInsertDTMF, Is.False);
        Assert.That(Assert.Throws<RTCException>(() => setup.Dtmf.InsertDTMF("1"))!.ErrorName, Is.EqualTo("InvalidStateError"));
    }

    [Test]
    public async Task DisposingDuringPlaybackIsSafe()
    {
        var setup = await SendingCallAsync();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        setup.Dtmf.ToneChange += (_, _) => first.TrySetResult();
        setup.Dtmf.InsertDTMF("123456789", duration: 40, interToneGap: 30);
        await first.Task.WithTimeout();

        setup.Dispose(); // the shim stops observing libwebrtc's sender while tones are queued
        await Task.Delay(300);

        Assert.Throws<ObjectDisposedException>(() => setup.Dtmf.InsertDTMF("1"));
    }

    [Test]
    public async Task BeforeNegotiationTheSenderCannotInsert()
    {
        using var call = new MediaCall(Factory);
        using var generator = new AudioTrackGenerator(Factory);
        var dtmf = call.Caller.AddTrack(generator.Track).Dtmf!;

        Assert.That(dtmf.CanInsertDTMF, Is.False, "no current direction yet");
        var error = Assert.Throws<RTCException>(() => dtmf.InsertDTMF("1"));
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));
        // The state is checked before the characters.
        Assert.That(Assert.Throws<RTCException>(() => dtmf.InsertDTMF("X"))!.ErrorName, Is.EqualTo("InvalidStateError"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task WithoutTelephoneEventNegotiatedTheSenderCannotInsert()
    {
        using var call = new MediaCall(Factory);
        using var generator = new AudioTrackGenerator(Factory);
        generator.StartTone(200, 0.02);
        var transceiver = call.Caller.AddTransceiver(generator.Track);
        transceiver.SetCodecPreferences(MediaCall.Codecs("audio", "audio/opus")); // no telephone-event offered
        await call.ConnectAsync();
        Assert.That(call.Caller.LocalDescription!.Sdp, Does.Not.Contain("telephone-event"));
        Assert.That(transceiver.CurrentDirection, Is.EqualTo(RTCRtpTransceiverDirection.SendOnly));
        var dtmf = transceiver.Sender.Dtmf!;

        Assert.That(dtmf.CanInsertDTMF, Is.False);
        Assert.That(Assert.Throws<RTCException>(() => dtmf.InsertDTMF("1"))!.ErrorName, Is.EqualTo("InvalidStateError"));
    }

    [Test]
    public async Task ARecvOnlyTransceiverCannotInsert()
    {
        using var call = new MediaCall(Factory);
        var transceiver = call.Caller.AddTransceiver(MediaKind.Audio, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.RecvOnly });
        await call.ConnectAsync();
        Assert.That(transceiver.CurrentDirection, Is.AnyOf(RTCRtpTransceiverDirection.RecvOnly, RTCRtpTransceiverDirection.Inactive), "nothing to send either way");
        var dtmf = transceiver.Sender.Dtmf!;

        Assert.That(dtmf.CanInsertDTMF, Is.False);
        Assert.That(Assert.Throws<RTCException>(() => dtmf.InsertDTMF("1"))!.ErrorName, Is.EqualTo("InvalidStateError"));
    }

    [Test]
    public async Task AStoppedTransceiverCannotInsert()
    {
        using var setup = await SendingCallAsync();
        Assert.That(setup.Dtmf.CanInsertDTMF, Is.True);

        setup.Transceiver.Stop();

        Assert.That(setup.Dtmf.CanInsertDTMF, Is.False);
        Assert.That(Assert.Throws<RTCException>(() => setup.Dtmf.InsertDTMF("1"))!.ErrorName, Is.EqualTo("InvalidStateError"));
    }

    [Test]
    public async Task ASenderWithoutTrackCannotInsert()
    {
        using var setup = await SendingCallAsync();

        await setup.Transceiver.Sender.ReplaceTrackAsync(null).WithTimeout();

        Assert.That(setup.Dtmf.CanInsertDTMF, Is.False);
        Assert.That(Assert.Throws<RTCException>(() => setup.Dtmf.InsertDTMF("1"))!.ErrorName, Is.EqualTo("InvalidStateError"));
    }

    [Test]
    public void AVideoSenderHasNoDtmfSender()
    {
        using var call = new MediaCall(Factory);
        var video = call.Caller.AddTransceiver(MediaKind.Video);
        var audio = call.Caller.AddTransceiver(MediaKind.Audio);

        Assert.That(video.Sender.Dtmf, Is.Null);
        Assert.That(audio.Sender.Dtmf, Is.Not.Null);
        Assert.That(audio.Sender.Dtmf, Is.SameAs(call.Caller.GetSenders()[1].Dtmf), "one object per sender");
    }

    [Test]
    public async Task TheOfferCarriesTelephoneEvent()
    {
        using var call = new MediaCall(Factory);
        using var generator = new AudioTrackGenerator(Factory);
        call.Caller.AddTrack(generator.Track);

        var offer = await call.Caller.CreateOfferAsync().WithTimeout();

        Assert.That(offer.Sdp, Does.Contain("telephone-event/8000").And.Contain("telephone-event/48000"));
    }

    // With an 8 kHz codec (PCMU, G.722: telephone-event/8000 on an 8 kHz RTP clock) the event is sent and played
    // for its whole duration; with Opus only about a sixth of it (the test above says why).
    [TestCase("audio/PCMU")]
    [TestCase("audio/G722")]
    public async Task WithAnEightKilohertzCodecTheWholeEventPlaysOut(string codec)
    {
        using var setup = await SendingCallAsync(codec);
        var remote = setup.Call.CalleeTracks.Single().Track;
        var reading = MediaReading.ReadAudioAsync(remote, TimeSpan.FromSeconds(3.2), skip: TimeSpan.FromMilliseconds(500));
        await Task.Delay(800);
        var recorder = new ToneRecorder(setup.Dtmf);
        setup.Dtmf.InsertDTMF("1", duration: 1000, interToneGap: 200);
        await recorder.FinishedAsync();
        var (samples, rate) = await reading.WithTimeout();
        var one = KeyWindows(samples, rate, TimeSpan.FromMilliseconds(40), '1');
        TestContext.Out.WriteLine($"{codec}: windows of 40 ms holding '1': [{string.Join(",", one)}]");
        // G.722 loses one 40 ms window about 160 ms in (in every run here; cause not known): the span is asserted.
        Assert.That(one, Has.Count.InRange(22, 27), "'1' for about 1000 ms (25 windows)");
        Assert.That(one.Max() - one.Min() + 1, Is.InRange(23, 27), "from the event's start to its end");
    }

    [Test]
    public async Task TheRemoteAudioCarriesEachKeysFrequencyPair()
    {
        using var setup = await SendingCallAsync();
        var remote = setup.Call.CalleeTracks.Single().Track;
        // Read from before the first tone to after the last: 500 ms of start-up skipped, then 3.2 s, the tones ('1'
        // then '#', 1000 ms each, 200 ms apart) inserted 300 ms into it.
        var reading = MediaReading.ReadAudioAsync(remote, TimeSpan.FromSeconds(3.2), skip: TimeSpan.FromMilliseconds(500));
        await Task.Delay(800);
        var recorder = new ToneRecorder(setup.Dtmf);

        setup.Dtmf.InsertDTMF("1#", duration: 1000, interToneGap: 200);
        var events = await recorder.FinishedAsync();
        var (samples, rate) = await reading.WithTimeout();

        Assert.That(events.Select(e => e.Tone), Is.EqualTo(new[] { "1", "#", "" }));
        Assert.That(samples.Length, Is.GreaterThanOrEqualTo(rate * 3), "three seconds of remote audio");
        var window = TimeSpan.FromMilliseconds(40);
        var one = KeyWindows(samples, rate, window, '1');
        var hash = KeyWindows(samples, rate, window, '#');
        TestContext.Out.WriteLine($"windows of 40 ms holding '1': [{string.Join(",", one)}], '#': [{string.Join(",", hash)}]");
        // NetEq plays each received telephone-event out as its key's two frequencies, but with Opus the sender cuts
        // the event short: libwebrtc M109 sends it as telephone-event/8000 on the 48 kHz clock and ends it after a
        // sixth of its duration (README, Devices). Measured here about 220 ms of a 1000 ms event (about 120 ms of a
        // 400 ms one); the 8 kHz codecs send and play it whole (next test). So: at least 3 windows
        // (120 ms) of each key, no longer than the event, the '1' ones before the '#' ones, starting about 1200 ms
        // (30 windows) apart as the tones did.
        Assert.That(one, Has.Count.InRange(3, 26), "'1' = 697 + 1209 Hz");
        Assert.That(hash, Has.Count.InRange(3, 26), "'#' = 941 + 1477 Hz");
        Assert.That(one.Max(), Is.LessThan(hash.Min()));
        Assert.That(hash.Min() - one.Min(), Is.InRange(25, 35), "the tones start 1200 ms apart");
        Assert.That(one.Max() - one.Min(), Is.EqualTo(one.Count - 1), "'1' sounds without a break");
        Assert.That(hash.Max() - hash.Min(), Is.EqualTo(hash.Count - 1), "'#' sounds without a break");
    }

    /// <summary>The windows where both frequencies of <paramref name="key"/> dominate and no other key's pair does.</summary>
    private static List<int> KeyWindows(short[] samples, int rate, TimeSpan window, char key)
    {
        var low = ToneAnalysis.WindowedRelativePower(samples, rate, Frequencies[key].Low, window);
        var high = ToneAnalysis.WindowedRelativePower(samples, rate, Frequencies[key].High, window);
        var others = Frequencies.Values.SelectMany(f => new[] { f.Low, f.High })
            .Where(f => f != Frequencies[key].Low && f != Frequencies[key].High).Distinct()
            .Select(f => ToneAnalysis.WindowedRelativePower(samples, rate, f, window)).ToList();
        var found = new List<int>();
        for (var i = 0; i < low.Length; i++)
        {
            // A dual tone puts about half its power in each frequency.
            if (low[i] > 0.2 && high[i] > 0.2 && others.All(o => o[i] < 0.05))
            {
                found.Add(i);
            }
        }

        return found;
    }

    /// <summary>Each start-to-start interval within loose bounds (one event's dispatch may be late, shortening the next
    /// interval), and the whole run at least 90% of its expected length (jitter cannot shorten that).</summary>
    private static void AssertGaps(IReadOnlyList<ToneEvent> events, double expectedMs, double minMs, double maxMs)
    {
        var total = (events[^1].At - events[0].At).TotalMilliseconds;
        Assert.That(total, Is.GreaterThanOrEqualTo(0.9 * expectedMs * (events.Count - 1)), "the whole run");
        for (var i = 1; i < events.Count; i++)
        {
            var gap = (events[i].At - events[i - 1].At).TotalMilliseconds;
            Assert.That(gap, Is.InRange(minMs, maxMs), $"between '{events[i - 1].Tone}' and '{events[i].Tone}' (expected about {expectedMs} ms)");
        }
    }

    /// <summary>A connected call whose caller sends a quiet 200 Hz tone (below every DTMF frequency) on an audio
    /// transceiver; audio frames must flow for the engine to send telephone-events.</summary>
    private async Task<SendingCall> SendingCallAsync(string? codec = null)
    {
        var call = new MediaCall(Factory);
        var generator = new AudioTrackGenerator(Factory);
        try
        {
            generator.StartTone(200, 0.02);
            var sender = call.Caller.AddTrack(generator.Track);
            if (codec is not null)
            {
                call.Caller.GetTransceivers().Single(t => ReferenceEquals(t.Sender, sender))
                    .SetCodecPreferences([.. MediaCall.Codecs("audio", codec), .. MediaCall.Codecs("audio", "audio/telephone-event")]);
            }
            await call.ConnectAsync();
            var transceiver = call.Caller.GetTransceivers().Single(t => ReferenceEquals(t.Sender, sender));
            Assert.That(transceiver.CurrentDirection, Is.EqualTo(RTCRtpTransceiverDirection.SendOnly), "the callee sends nothing back");
            return new SendingCall(call, generator, transceiver);
        }
        catch
        {
            generator.Dispose();
            call.Dispose();
            throw;
        }
    }

    private sealed record SendingCall(MediaCall Call, AudioTrackGenerator Generator, RTCRtpTransceiver Transceiver) : IDisposable
    {
        public RTCDTMFSender Dtmf => Transceiver.Sender.Dtmf!;

        public void Dispose()
        {
            Call.Dispose();
            Generator.Dispose();
        }
    }

    private readonly record struct ToneEvent(string Tone, string Buffer, TimeSpan At);

    /// <summary>Records each ToneChange with the tone buffer seen inside the handler and the time, until the "" event.</summary>
    private sealed class ToneRecorder
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<ToneEvent> _events = [];
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ToneRecorder(RTCDTMFSender dtmf) =>
            dtmf.ToneChange += (_, e) =>
            {
                lock (_events)
                {
                    _events.Add(new ToneEvent(e.Tone, dtmf.ToneBuffer, _clock.Elapsed));
                }

                if (e.Tone.Length == 0)
                {
                    _finished.TrySetResult();
                }
            };

        public IReadOnlyList<ToneEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public async Task<IReadOnlyList<ToneEvent>> FinishedAsync(TimeSpan? timeout = null)
        {
            await _finished.Task.WaitAsync(timeout ?? Timeouts.Event);
            return Events;
        }
    }
}
