using System.Text;

namespace RtcNative.Tests;

// Issue 3, Guarantees: "No input reachable from C# (SDP, candidate, labels, options, sizes) aborts or crashes the
// process." Every case must end in a clean result or a documented exception within a bounded time; a crash ends
// the test host, which fails the run. Inputs are derived from real descriptions and candidates with fixed seeds.
public sealed class RobustnessTests : LoopbackFixture
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Characters that break parsers: separators, NUL, controls, non-ASCII, an unpaired surrogate.</summary>
    private static readonly char[] Hostile = ['\0', '\r', '\n', ' ', ':', '=', '/', '-', '0', '9', 'a', 'Z', '\t', '\x7f', 'é', '\u202e', '\uFFFF', '\uD800', '\uDE00'];

    [Test]
    public async Task FuzzedRemoteOffersGiveAResultOrAnException()
    {
        var offer = await RealOfferAsync();
        var cases = SdpVariants(offer.Sdp, new Random(20240101), count: 260).ToList();
        var outcomes = new Outcomes();
        RTCPeerConnection? connection = null;
        try
        {
            for (var i = 0; i < cases.Count; i++)
            {
                if (connection is null || i % 40 == 0)
                {
                    connection?.Dispose();
                    connection = Factory.CreatePeerConnection();
                }

                var applied = await outcomes.RunAsync($"offer case {i}", () => connection.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, cases[i])));
                if (applied)
                {
                    // Back to stable for the next case; a bad-but-accepted offer may also be answered.
                    await outcomes.RunAsync($"answer to case {i}", () => connection.CreateAnswerAsync());
                    await outcomes.RunAsync($"rollback after case {i}", () => connection.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, "")));
                    if (connection.SignalingState != RTCSignalingState.Stable)
                    {
                        connection.Dispose();
                        connection = null;
                    }
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }

        outcomes.AssertClean();
        await AssertFactoryStillConnectsAsync();
    }

    [Test]
    public async Task FuzzedRemoteAnswersAndLocalDescriptionsGiveAResultOrAnException()
    {
        var outcomes = new Outcomes();
        using (var pair = new PeerPair(Factory))
        {
            pair.Caller.CreateDataChannel("fuzz");
            var offer = await pair.Caller.CreateOfferAsync().WithTimeout();
            await pair.Callee.SetRemoteDescriptionAsync(offer).WithTimeout();
            var answer = await pair.Callee.CreateAnswerAsync().WithTimeout();
            var random = new Random(777);

            // Remote answers against the caller's local offer; after an accepted one, a new offer (same
            // certificate and mids, so the real answer still fits) brings it back to have-local-offer.
            var offerer = pair.Caller;
            await offerer.SetLocalDescriptionAsync(offer).WithTimeout();
            foreach (var (variant, i) in SdpVariants(answer.Sdp, random, count: 100).Select((v, i) => (v, i)))
            {
                var type = (i % 5) switch { 0 => RTCSdpType.Pranswer, _ => RTCSdpType.Answer };
                await outcomes.RunAsync($"answer case {i}", () => offerer.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(type, variant)));
                if (offerer.SignalingState != RTCSignalingState.HaveLocalOffer)
                {
                    await outcomes.RunAsync($"new offer after case {i}", () => offerer.SetLocalDescriptionAsync());
                }
            }

            // Munged local descriptions (webrtc-pc allows few changes; the rest must be rejected cleanly).
            foreach (var i in Enumerable.Range(0, 60))
            {
                using var local = Factory.CreatePeerConnection();
                local.CreateDataChannel("munged");
                var own = await local.CreateOfferAsync().WithTimeout();
                var variant = SdpVariants(own.Sdp, new Random(i), count: 60).ElementAt(i);
                await outcomes.RunAsync($"local case {i}", () => local.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Offer, variant)));
            }
        }

        outcomes.AssertClean();
        await AssertFactoryStillConnectsAsync();
    }

    [Test]
    public async Task FuzzedCandidatesGiveAResultOrAnException()
    {
        var outcomes = new Outcomes();
        var gathered = new List<RTCIceCandidate>();
        using var pair = new PeerPair(Factory);
        pair.Caller.CreateDataChannel("candidates");
        var complete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Caller.IceCandidate += (_, e) =>
        {
            if (e.Candidate is null)
            {
                complete.TrySetResult();
            }
            else
            {
                lock (gathered)
                {
                    gathered.Add(e.Candidate);
                }
            }
        };
        var offer = await pair.Caller.CreateOfferAsync().WithTimeout();
        await pair.Caller.SetLocalDescriptionAsync(offer).WithTimeout();
        await complete.Task.WithTimeout();
        var real = gathered[0];

        using var withRemote = Factory.CreatePeerConnection();
        await withRemote.SetRemoteDescriptionAsync(offer).WithTimeout();
        using var withoutRemote = Factory.CreatePeerConnection();

        var random = new Random(4242);
        var texts = new List<string> { "", " ", "candidate:", "candidate", new string('a', 100_000), "candidate:1 1 udp 1 1.2.3.4 5 typ host\0trailer", "\0" };
        texts.AddRange(Mutations(real.Candidate, random, 130));
        texts.AddRange(FieldSwaps(real.Candidate, random));
        var mids = new string?[] { real.SdpMid, null, "", "1", "99", "\0", "é😀", new string('m', 70_000), "0\00" };
        var indexes = new ushort?[] { real.SdpMLineIndex, null, 1, 2, 1000, ushort.MaxValue };
        var ufrags = new string?[] { real.UsernameFragment, null, "", "x", "\0", new string('u', 5000), "ü" };
        var i = 0;
        foreach (var text in texts)
        {
            var init = new RTCIceCandidateInit
            {
                Candidate = text,
                SdpMid = mids[random.Next(mids.Length)],
                SdpMLineIndex = indexes[random.Next(indexes.Length)],
                UsernameFragment = ufrags[random.Next(ufrags.Length)],
            };
            if (init.SdpMid is null && init.SdpMLineIndex is null && random.Next(2) == 0)
            {
                init.SdpMLineIndex = 0;
            }

            var target = i++ % 4 == 3 ? withoutRemote : withRemote;
            await outcomes.RunAsync($"candidate {i} \"{Shorten(text)}\"", () => target.AddIceCandidateAsync(init));
            if (random.Next(8) == 0)
            {
                // The same text through the parser of the value type too.
                outcomes.Run($"RTCIceCandidate {i}", () => new RTCIceCandidate(init));
                outcomes.Run($"candidate JSON {i}", () => RTCIceCandidateInit.FromJson(init.ToJson()));
            }
        }

        outcomes.AssertClean();
        await AssertFactoryStillConnectsAsync();
    }

    [Test]
    public async Task HostileLabelsProtocolsAndOptionsGiveAChannelOrAnException()
    {
        var outcomes = new Outcomes();
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var announced = new System.Collections.Concurrent.ConcurrentQueue<string>();
        channels.Peers.Callee.DataChannel += (_, e) => announced.Enqueue(e.Channel.Label);
        var labels = new[]
        {
            "", "\0", "a\0b", "\uD800", "\uDC00x", "😀", "\u202eevil", "\r\n", new string('x', 65535), new string('x', 65536),
            new string('é', 32767), new string('é', 32768), string.Concat(Enumerable.Repeat("😀", 16384)), "\x01\x02\x7f",
        };
        var inits = new List<RTCDataChannelInit?>
        {
            null,
            new() { Ordered = false },
            new() { MaxRetransmits = 0 },
            new() { MaxRetransmits = ushort.MaxValue },
            new() { MaxPacketLifeTime = 0 },
            new() { MaxPacketLifeTime = ushort.MaxValue },
            new() { MaxRetransmits = 1, MaxPacketLifeTime = 1 },
            new() { Negotiated = true },
            new() { Negotiated = true, Id = 0 },
            new() { Negotiated = true, Id = 1 },
            new() { Negotiated = true, Id = 1023 },
            new() { Negotiated = true, Id = 1024 },
            new() { Negotiated = true, Id = 65534 },
            new() { Negotiated = true, Id = 65535 },
            new() { Negotiated = false, Id = 7 },
            new() { Protocol = "\0" },
            new() { Protocol = new string('p', 65536) },
            new() { Protocol = "\uD800" },
        };
        var created = new List<RTCDataChannel>();
        var n = 0;
        foreach (var label in labels)
        {
            foreach (var init in inits.Where((candidate, index) => (index + n) % 3 == 0 || candidate is null))
            {
                n++;
                outcomes.Run($"channel {n}", () => created.Add(channels.Peers.Caller.CreateDataChannel(label, init)));
            }
        }

        // Also on a connection that is not connected yet, and on a closed one.
        using var fresh = Factory.CreatePeerConnection();
        using var closed = Factory.CreatePeerConnection();
        closed.Close();
        foreach (var label in labels)
        {
            outcomes.Run("fresh channel", () => fresh.CreateDataChannel(label, new RTCDataChannelInit { Negotiated = true, Id = 3 }));
            outcomes.Run("closed channel", () => closed.CreateDataChannel(label));
        }

        // The ones that were created open and carry a message.
        await Timeouts.PollAsync(() => created.All(c => c.ReadyState != RTCDataChannelState.Connecting), TimeSpan.FromSeconds(5));
        foreach (var channel in created.Where(c => c.ReadyState == RTCDataChannelState.Open))
        {
            outcomes.Run("send on a hostile channel", () => channel.Send(channel.Label));
        }

        outcomes.AssertClean();
        channels.Local.Send("still alive");
        Assert.That(channels.Peers.Caller.ConnectionState, Is.EqualTo(RTCPeerConnectionState.Connected));
        TestContext.Out.WriteLine($"{created.Count} channels created, {announced.Count} announced to the remote peer");
    }

    [Test]
    public async Task HostileMessageSizesAndTextsGiveADeliveryOrAnException()
    {
        var outcomes = new Outcomes();
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var received = new System.Collections.Concurrent.ConcurrentQueue<int>();
        channels.Remote.Message += (_, m) => received.Enqueue(m.Data.Length);
        var sizes = new[] { 0, 1, 65535, 65536, 65537, 262143, 262144, 262145, 1 << 20, 16 << 20 };
        foreach (var size in sizes)
        {
            outcomes.Run($"binary {size}", () => channels.Local.Send(new byte[size]));
            outcomes.Run($"span {size}", () => channels.Local.Send(new byte[size].AsSpan()));
        }

        foreach (var text in new[] { "", "\0", "\uD800", "a\uDC00b", "😀", new string('x', 262144), new string('é', 131073), new string('\0', 1000) })
        {
            outcomes.Run($"text of {text.Length} chars", () => channels.Local.Send(text));
        }

        outcomes.Run("threshold max", () => channels.Local.BufferedAmountLowThreshold = ulong.MaxValue);
        outcomes.Run("threshold zero", () => channels.Local.BufferedAmountLowThreshold = 0);
        outcomes.AssertClean();

        // The channel still works after all of it.
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channels.Remote.Message += (_, m) =>
        {
            if (!m.IsBinary && m.Text == "end")
            {
                marker.TrySetResult();
            }
        };
        channels.Local.Send("end");
        await marker.Task.WithTimeout();
        TestContext.Out.WriteLine($"{received.Count} messages delivered, largest {received.Max()} bytes");
    }

    [Test]
    public void HostileConfigurationsAndFactoryOptionsGiveAnObjectOrAnException()
    {
        var outcomes = new Outcomes();
        var random = new Random(99);
        var urls = new List<string>
        {
            "", "stun:", "stun:\0", "stun:127.0.0.1:0", "stun:127.0.0.1:65536", "stun:127.0.0.1:-1", "stun:[::1", "stun:[::1]:99999",
            "turn:127.0.0.1?transport=", "turn:127.0.0.1?transport=sctp", "turns:127.0.0.1:5349?transport=tcp", "stun:é.example",
            "stun:" + new string('a', 70_000), "stun:127.0.0.1:3478?x=y", "turn:user@127.0.0.1", "stun:127.0.0.1:3478\0garbage",
        };
        urls.AddRange(Mutations("turn:127.0.0.1:3478?transport=udp", random, 60));
        foreach (var url in urls)
        {
            outcomes.Run($"ice server \"{Shorten(url)}\"", () =>
            {
                var configuration = new RTCConfiguration
                {
                    IceServers = { new RTCIceServer { Urls = { url }, Username = random.Next(3) == 0 ? "\0" : "user", Credential = random.Next(3) == 0 ? new string('c', 10_000) : "pass" } },
                    IceCandidatePoolSize = random.Next(3) == 0 ? 255 : 0,
                };
                Factory.CreatePeerConnection(configuration).Dispose();
            });
        }

        foreach (var size in new[] { -1, 0, 1, 255, 256, int.MaxValue, int.MinValue })
        {
            outcomes.Run($"pool size {size}", () => Factory.CreatePeerConnection(new RTCConfiguration { IceCandidatePoolSize = size }).Dispose());
        }

        var interfaces = new[] { "\0", "lo\0eth0", new string('i', 5000), "é", "lo ", "*", "../../etc" };
        foreach (var name in interfaces)
        {
            outcomes.Run($"interface \"{Shorten(name)}\"", () => new PeerConnectionFactory(new PeerConnectionFactoryOptions
            {
                NetworkInterfaces = [name], AudioDevice = AudioDeviceKind.Dummy,
            }).Dispose());
        }

        foreach (var (min, max) in new[] { (1, 1), (65535, 65535), (0, 65535), (-1, 10), (10, 5), (70000, 0), (1024, 1023) })
        {
            outcomes.Run($"ports {min}-{max}", () => new PeerConnectionFactory(new PeerConnectionFactoryOptions
            {
                MinPort = min, MaxPort = max, AudioDevice = AudioDeviceKind.Dummy,
            }).Dispose());
        }

        outcomes.Run("undefined audio device", () => new PeerConnectionFactory(new PeerConnectionFactoryOptions { AudioDevice = (AudioDeviceKind)42 }).Dispose());
        outcomes.AssertClean();
    }

    [Test]
    public async Task RandomOperationsInAnyStateGiveAResultOrAnException()
    {
        // A state-machine fuzz: every operation in whatever state a random sequence reaches.
        var outcomes = new Outcomes();
        var random = new Random(31337);
        var offer = await RealOfferAsync();
        using var answerer = Factory.CreatePeerConnection();
        await answerer.SetRemoteDescriptionAsync(offer).WithTimeout();
        var answer = await answerer.CreateAnswerAsync().WithTimeout();
        var connections = Enumerable.Range(0, 3).Select(_ => Factory.CreatePeerConnection()).ToList();
        try
        {
            for (var i = 0; i < 300; i++)
            {
                var index = random.Next(connections.Count);
                var pc = connections[index];
                var op = random.Next(15);
                var name = $"op {i}: #{op}";
                switch (op)
                {
                    case 0: await outcomes.RunAsync(name, () => pc.CreateOfferAsync(new RTCOfferOptions { IceRestart = random.Next(2) == 0 })); break;
                    case 1: await outcomes.RunAsync(name, () => pc.CreateAnswerAsync()); break;
                    case 2: await outcomes.RunAsync(name, () => pc.SetLocalDescriptionAsync()); break;
                    case 3: await outcomes.RunAsync(name, () => pc.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, ""))); break;
                    case 4: await outcomes.RunAsync(name, () => pc.SetRemoteDescriptionAsync(offer)); break;
                    case 5: await outcomes.RunAsync(name, () => pc.SetRemoteDescriptionAsync(answer)); break;
                    case 6: await outcomes.RunAsync(name, () => pc.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Pranswer, answer.Sdp))); break;
                    case 7: await outcomes.RunAsync(name, () => pc.SetRemoteDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Rollback, ""))); break;
                    case 8: await outcomes.RunAsync(name, () => pc.AddIceCandidateAsync(random.Next(2) == 0 ? null : new RTCIceCandidateInit { Candidate = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", SdpMid = "0" })); break;
                    case 9: outcomes.Run(name, pc.RestartIce); break;
                    case 10: outcomes.Run(name, () => pc.CreateDataChannel($"c{i}", random.Next(3) == 0 ? new RTCDataChannelInit { Negotiated = true, Id = (ushort)random.Next(0, 1100) } : null)); break;
                    case 11: outcomes.Run(name, () => _ = pc.LocalDescription?.Sdp + pc.RemoteDescription?.Sdp + pc.PendingLocalDescription + pc.CurrentRemoteDescription); break;
                    case 12: await outcomes.RunAsync(name, () => pc.SetLocalDescriptionAsync(new RTCSessionDescriptionInit(RTCSdpType.Answer, ""))); break;
                    case 13 when random.Next(10) == 0: outcomes.Run(name, pc.Close); break;
                    case 14 when random.Next(10) == 0:
                        pc.Dispose();
                        connections[index] = Factory.CreatePeerConnection();
                        break;
                }
            }
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }

        outcomes.AssertClean();
        await AssertFactoryStillConnectsAsync();
    }

    private async Task<RTCSessionDescriptionInit> RealOfferAsync()
    {
        using var pc = Factory.CreatePeerConnection();
        pc.CreateDataChannel("real");
        await pc.SetLocalDescriptionAsync().WithTimeout();
        await pc.WaitForIceGatheringCompleteAsync().WithTimeout();
        var local = pc.LocalDescription!;
        return new RTCSessionDescriptionInit(local.Type, local.Sdp);
    }

    private async Task AssertFactoryStillConnectsAsync()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory, "after the fuzz");
        Assert.That(channels.Local.ReadyState, Is.EqualTo(RTCDataChannelState.Open));
    }

    /// <summary>Variants of a valid SDP: truncations, character flips, removed, repeated and swapped lines,
    /// mangled values, and plain garbage.</summary>
    private static IEnumerable<string> SdpVariants(string sdp, Random random, int count)
    {
        var lines = sdp.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string Join(IEnumerable<string> l) => string.Join("\r\n", l) + "\r\n";
        var fixedCases = new List<string>
        {
            "", " ", "\0", "v=0", "v=0\r\n", "\r\n\r\n", sdp.Replace("\r\n", "\n"), sdp.Replace("\r\n", "\r"), sdp + sdp,
            sdp.Insert(sdp.Length / 2, "\0"), "\0" + sdp, sdp + new string('a', 1 << 20), new string('\n', 100_000),
            Join(lines.Select(l => l.StartsWith("m=", StringComparison.Ordinal) ? "m=application -1 UDP/DTLS/SCTP webrtc-datachannel" : l)),
            Join(lines.Select(l => l.StartsWith("a=sctp-port:", StringComparison.Ordinal) ? "a=sctp-port:99999999999" : l)),
            Join(lines.Select(l => l.StartsWith("a=max-message-size:", StringComparison.Ordinal) ? "a=max-message-size:-5" : l)),
            Join(lines.Select(l => l.StartsWith("a=max-message-size:", StringComparison.Ordinal) ? "a=max-message-size:184467440737095516150" : l)),
            Join(lines.Select(l => l.StartsWith("a=fingerprint:", StringComparison.Ordinal) ? "a=fingerprint:sha-256 ZZ" : l)),
            Join(lines.Select(l => l.StartsWith("a=fingerprint:", StringComparison.Ordinal) ? "a=fingerprint:md5 00:11" : l)),
            Join(lines.Select(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal) ? "a=ice-ufrag:" : l)),
            Join(lines.Select(l => l.StartsWith("a=group:BUNDLE", StringComparison.Ordinal) ? "a=group:BUNDLE 0 1 2 x" : l)),
            Join(lines.Select(l => l.StartsWith("a=mid:", StringComparison.Ordinal) ? "a=mid:" + new string('m', 100_000) : l)),
            Join(lines.Select(l => l.StartsWith("a=setup:", StringComparison.Ordinal) ? "a=setup:holdconn" : l)),
            Join(lines.Concat(Enumerable.Repeat("a=candidate:1 1 udp 1 127.0.0.1 1 typ host", 2000))),
            Join(lines.Concat(Enumerable.Range(0, 200).SelectMany(i => new[] { "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", $"a=mid:{i + 10}", "a=sctp-port:5000" }))),
            Join(lines.Concat(new[] { "m=audio 9 UDP/TLS/RTP/SAVPF 111 2147483648", "a=rtpmap:111 opus/48000/2/9/9", "a=mid:a", "a=fmtp:111 minptime=-1;;;=;" })),
            Join(lines.Concat(new[] { "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=rtpmap:96 VP8/0", "a=mid:v", "a=ssrc-group:FID 1", "a=ssrc:4294967296 cname:x", "a=extmap:0 urn:x", "a=extmap:99999 urn:y" })),
        };
        foreach (var variant in fixedCases)
        {
            yield return variant;
        }

        for (var i = fixedCases.Count; i < count; i++)
        {
            switch (i % 6)
            {
                case 0:
                    yield return sdp[..random.Next(sdp.Length)];
                    break;
                case 1:
                case 2:
                    yield return Mutate(sdp, random, 1 + random.Next(6));
                    break;
                case 3:
                    yield return Join(lines.Where((_, index) => index == 0 || random.Next(lines.Length) > 2));
                    break;
                case 4:
                {
                    var list = lines.ToList();
                    var at = random.Next(1, list.Count);
                    list.Insert(random.Next(1, list.Count), list[at]);
                    (list[at], list[random.Next(1, list.Count)]) = (list[random.Next(1, list.Count)], list[at]);
                    yield return Join(list);
                    break;
                }

                default:
                {
                    // One line's value replaced by digits, a huge number, or hostile characters.
                    var list = lines.ToList();
                    var at = random.Next(list.Count);
                    var separator = list[at].IndexOfAny([':', '=']);
                    var head = separator < 0 ? list[at] : list[at][..(separator + 1)];
                    list[at] = head + (random.Next(3) switch
                    {
                        0 => "18446744073709551616",
                        1 => new string(Hostile[random.Next(Hostile.Length)], random.Next(1, 300)),
                        _ => "-1 -1 -1",
                    });
                    yield return Join(list);
                    break;
                }
            }
        }
    }

    private static IEnumerable<string> Mutations(string text, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return (i % 3) switch
            {
                0 => text[..random.Next(text.Length + 1)],
                _ => Mutate(text, random, 1 + random.Next(4)),
            };
        }
    }

    /// <summary>A candidate's fields replaced one at a time by out-of-range or hostile values.</summary>
    private static IEnumerable<string> FieldSwaps(string candidate, Random random)
    {
        var fields = candidate.Split(' ');
        var replacements = new[] { "", "-1", "4294967296", "99999999999999999999", "0", "65536", "\0", "tcp", "typ", "raddr", "host", "é" };
        for (var field = 0; field < fields.Length; field++)
        {
            var copy = (string[])fields.Clone();
            copy[field] = replacements[random.Next(replacements.Length)];
            yield return string.Join(' ', copy);
        }

        yield return candidate + " raddr";
        yield return candidate + " generation -1 ufrag";
        yield return candidate + " " + string.Join(' ', Enumerable.Repeat("x y", 5000));
    }

    private static string Mutate(string text, Random random, int flips)
    {
        var chars = text.ToCharArray();
        for (var f = 0; f < flips && chars.Length > 0; f++)
        {
            chars[random.Next(chars.Length)] = random.Next(3) == 0 ? (char)random.Next(0x20, 0x7f) : Hostile[random.Next(Hostile.Length)];
        }

        return new string(chars);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text.Replace("\0", "\\0") : text[..40].Replace("\0", "\\0") + $"...({text.Length})";

    /// <summary>Runs cases and records anything but a clean result or a documented exception.</summary>
    private sealed class Outcomes
    {
        private readonly List<string> _unexpected = [];
        private readonly Dictionary<string, int> _counts = [];

        /// <summary>True when the operation succeeded.</summary>
        public async Task<bool> RunAsync(string name, Func<Task> operation)
        {
            try
            {
                var task = operation();
                await task.WaitAsync(CaseTimeout);
                Count("ok");
                return true;
            }
            catch (TimeoutException)
            {
                _unexpected.Add($"{name}: no result within {CaseTimeout.TotalSeconds} s");
            }
            catch (Exception exception)
            {
                Classify(name, exception);
            }

            return false;
        }

        public void Run(string name, Action operation)
        {
            try
            {
                operation();
                Count("ok");
            }
            catch (Exception exception)
            {
                Classify(name, exception);
            }
        }

        public void Run(string name, Func<object?> operation) => Run(name, () => { _ = operation(); });

        public void AssertClean()
        {
            TestContext.Out.WriteLine(string.Join(", ", _counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key}: {c.Value}")));
            Assert.That(_unexpected, Is.Empty);
        }

        private void Classify(string name, Exception exception)
        {
            switch (exception)
            {
                case RTCException rtc:
                    Count($"{rtc.ErrorName}{(rtc.ErrorDetail is { } detail ? "/" + detail : "")}");
                    break;
                case ArgumentException or FormatException:
                    Count(exception.GetType().Name);
                    break;
                default:
                    _unexpected.Add($"{name}: {exception}");
                    break;
            }
        }

        private void Count(string key) => _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }
}
