using System.Text.Json;

namespace RtcNative.Tests;

// Modelled on web-platform-tests webrtc/RTCPeerConnection-getStats.https.html (and its
// RTCStats-helper.js validateStatsReport: every stats object has id, type and timestamp, and
// every *Id member refers to an object in the same report) and on
// RTCPeerConnection-mandatory-getStats.https.html for the non-media types.
public sealed class StatsTests : LoopbackFixture
{
    private static readonly string[] NonMediaTypes =
        ["peer-connection", "transport", "candidate-pair", "local-candidate", "remote-candidate", "certificate", "data-channel"];

    [Test] // "getStats() with no argument should return stats report containing peer-connection stats on an empty PC"
    public async Task AnEmptyConnectionReportsPeerConnectionStats()
    {
        using var connection = Factory.CreatePeerConnection();

        var report = await connection.GetStatsAsync().WithTimeout();

        ValidateReport(report);
        var peerConnection = report.Values.Single(stats => stats.Type == "peer-connection");
        Assert.That(peerConnection["dataChannelsOpened"], Is.EqualTo(0L));
        Assert.That(peerConnection.Timestamp, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test] // "getStats() with connected peer connections having tracks and data channel should return all mandatory to implement stats"
    public async Task AConnectedPairReportsEveryNonMediaTypeWithConsistentMembers()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory, "test-channel");

        var report = await channels.Peers.Caller.GetStatsAsync().WithTimeout();

        ValidateReport(report);
        var types = report.Values.Select(stats => stats.Type).ToHashSet();
        Assert.That(types, Is.SupersetOf(NonMediaTypes));
        var dataChannel = report.Values.Single(stats => stats.Type == "data-channel");
        Assert.That(dataChannel["label"], Is.EqualTo("test-channel"));
        Assert.That(dataChannel["dataChannelIdentifier"], Is.EqualTo((long)channels.Local.Id!.Value));
        Assert.That(dataChannel["state"], Is.EqualTo("open"));
        var transport = report.Values.Single(stats => stats.Type == "transport");
        Assert.That(transport["dtlsState"], Is.EqualTo("connected"));
        Assert.That(report.ContainsKey((string)transport["selectedCandidatePairId"]!), Is.True);
        var pair = report[(string)transport["selectedCandidatePairId"]!];
        Assert.That(report[(string)pair["localCandidateId"]!].Type, Is.EqualTo("local-candidate"));
        Assert.That(report[(string)pair["remoteCandidateId"]!].Type, Is.EqualTo("remote-candidate"));
        Assert.That(report[(string)transport["localCertificateId"]!].Type, Is.EqualTo("certificate"));
    }

    [Test] // the certificate stats carry the configured certificate's fingerprint
    public async Task CertificateStatsShowTheConfiguredCertificate()
    {
        var certificate = await RTCPeerConnection.GenerateCertificateAsync().WithTimeout();
        using var connection = Factory.CreatePeerConnection(new RTCConfiguration { Certificates = { certificate } });
        using var callee = Factory.CreatePeerConnection();
        connection.CreateDataChannel("c");
        var offer = await connection.CreateOfferAsync().WithTimeout();
        await connection.SetLocalDescriptionAsync(offer).WithTimeout();
        await callee.SetRemoteDescriptionAsync(offer).WithTimeout();
        var answer = await callee.CreateAnswerAsync().WithTimeout();
        await connection.SetRemoteDescriptionAsync(answer).WithTimeout();

        var report = await connection.GetStatsAsync().WithTimeout();

        var fingerprints = report.Values.Where(stats => stats.Type == "certificate").Select(stats => ((string)stats["fingerprint"]!).ToLowerInvariant());
        Assert.That(fingerprints, Does.Contain(certificate.GetFingerprints()[0].Value));
    }

    [Test] // counters move: messagesSent and bytesSent on the channel, bytesSent on the transport
    public async Task CountersGrowAfterSending()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var received = new MessageCollector(channels.Remote);
        var before = await channels.Peers.Caller.GetStatsAsync().WithTimeout();

        for (var i = 0; i < 10; i++)
        {
            channels.Local.Send(new byte[1000]);
        }

        await received.TakeAsync(10);
        await Task.Delay(100); // past libwebrtc's 50 ms stats cache
        var after = await channels.Peers.Caller.GetStatsAsync().WithTimeout();
        var calleeReport = await channels.Peers.Callee.GetStatsAsync().WithTimeout();

        Assert.That(Counter(after, "data-channel", "messagesSent") - Counter(before, "data-channel", "messagesSent"), Is.EqualTo(10));
        Assert.That(Counter(after, "data-channel", "bytesSent") - Counter(before, "data-channel", "bytesSent"), Is.EqualTo(10_000));
        Assert.That(Counter(after, "transport", "bytesSent") - Counter(before, "transport", "bytesSent"), Is.GreaterThanOrEqualTo(10_000));
        Assert.That(Counter(calleeReport, "data-channel", "messagesReceived"), Is.GreaterThanOrEqualTo(10));
        Assert.That(Counter(calleeReport, "data-channel", "bytesReceived"), Is.GreaterThanOrEqualTo(10_000));
    }

    [Test] // ToJson: the shape of JSON.stringify(Object.fromEntries(report))
    public async Task ToJsonIsAnObjectKeyedByIdWithEveryMember()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var report = await channels.Peers.Caller.GetStatsAsync().WithTimeout();

        using var document = JsonDocument.Parse(report.ToJson());

        Assert.That(document.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That(document.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(report.Keys));
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var stats = report[property.Name];
            Assert.That(property.Value.GetProperty("id").GetString(), Is.EqualTo(stats.Id));
            Assert.That(property.Value.GetProperty("type").GetString(), Is.EqualTo(stats.Type));
            Assert.That(property.Value.EnumerateObject().Select(p => p.Name), Is.EqualTo(stats.Members.Keys));
            using var single = JsonDocument.Parse(stats.ToJson());
            Assert.That(single.RootElement.ToString(), Is.EqualTo(property.Value.ToString()));
        }
    }

    [Test] // labels come from the remote peer: quotes, backslashes and control characters stay intact
    public async Task ALabelThatNeedsEscapingSurvivesTheReport()
    {
        const string label = "a \"quoted\" \\ label\n\twith\u0001 ünïcödé";
        using var connection = Factory.CreatePeerConnection();
        connection.CreateDataChannel(label);

        var report = await connection.GetStatsAsync().WithTimeout();

        Assert.That(report.Values.Single(stats => stats.Type == "data-channel")["label"], Is.EqualTo(label));
        using var document = JsonDocument.Parse(report.ToJson());
        Assert.That(document.RootElement.EnumerateObject().Any(p => p.Value.TryGetProperty("label", out var l) && l.GetString() == label), Is.True);
    }

    [Test] // Chrome 156: requests pending at close() resolve with their reports; one made after close() resolves too
    public async Task GetStatsAfterCloseReportsWhatIsLeftAsChromeDoesAndAfterDisposeThrows()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);
        var connection = channels.Peers.Caller;
        var inFlight = Enumerable.Range(0, 5).Select(_ => connection.GetStatsAsync()).ToArray();
        connection.Close();

        var pending = await Task.WhenAll(inFlight).WithTimeout();
        var afterClose = await connection.GetStatsAsync().WithTimeout();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pending, Has.All.Matches<RTCStatsReport>(report => report!.Values.Any(stats => stats.Type == "transport")),
                "the reports pending at close describe the connection as it was");
            Assert.That(afterClose.Values.Select(stats => stats.Type), Does.Contain("peer-connection"));
        }

        connection.Dispose();
        Assert.That(() => connection.GetStatsAsync(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task ManyConcurrentRequestsAllComplete()
    {
        using var channels = await ConnectedChannels.OpenAsync(Factory);

        var reports = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => channels.Peers.Caller.GetStatsAsync()))).WithTimeout();

        Assert.That(reports, Has.All.Matches<RTCStatsReport>(report => report!.Values.Any(stats => stats.Type == "data-channel")));
    }

    [Test]
    public async Task ACancelledRequestCompletesAsCancelled()
    {
        using var connection = Factory.CreatePeerConnection();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var task = connection.GetStatsAsync(cancellationToken: cancellation.Token);

        Assert.That(async () => await task.WithTimeout(), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await connection.GetStatsAsync().WithTimeout(), Is.Not.Empty, "the connection still answers");
    }

    private static long Counter(RTCStatsReport report, string type, string member) =>
        Convert.ToInt64(report.Values.Single(stats => stats.Type == type)[member], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>RTCStats-helper.js validateStatsReport: id, type, timestamp on each object; the map key is the id;
    /// every member ending in "Id" (a string) names an object of the same report.</summary>
    private static void ValidateReport(RTCStatsReport report)
    {
        Assert.That(report, Is.Not.Empty);
        foreach (var (id, stats) in report)
        {
            Assert.That(stats.Id, Is.EqualTo(id));
            Assert.That(stats.Type, Is.Not.Empty);
            Assert.That(stats["id"], Is.EqualTo(id));
            Assert.That(stats["type"], Is.EqualTo(stats.Type));
            Assert.That(stats["timestamp"], Is.InstanceOf<double>().Or.InstanceOf<long>());
            Assert.That(stats.Timestamp, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
            Assert.That(stats["noSuchMember"], Is.Null);
            foreach (var (name, value) in stats.Members)
            {
                if (name != "id" && name.EndsWith("Id", StringComparison.Ordinal) && value is string reference)
                {
                    Assert.That(report.ContainsKey(reference), Is.True, $"{stats.Type}.{name} = {reference} is in the report");
                }
            }
        }
    }
}
