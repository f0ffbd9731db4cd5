using System.Text.Json.Nodes;
using RtcNative.Janus;

namespace RtcNative.Tests.Janus;

/// <summary>Janus's VideoRoom plugin as an SFU for three RtcNative clients: each publishes its own pattern (a counter
/// base of its own), subscribes to the other two publishers on one subscriber PeerConnection (Janus's multistream
/// subscription: one offer from Janus, one m-line per feed), and must receive exactly those two publishers' video,
/// told apart by the counters the frames carry.</summary>
[TestFixture]
public sealed class JanusVideoRoomTests : JanusFixture
{
    private const string VideoRoom = "janus.plugin.videoroom";
    private const int Clients = 3;
    private const uint CounterSpan = 1_000_000;   // client k counts from (k + 1) * CounterSpan

    [Test]
    public async Task EachOfThreeClientsReceivesTheOtherTwoPublishers()
    {
        var room = await CreateRoomAsync();
        var clients = new List<Client>();
        for (var k = 0; k < Clients; k++)
        {
            var session = Keep(await JanusSession.CreateAsync(Server.ApiUri));
            var pattern = Keep(new CountingPattern(Factory, (uint)(k + 1) * CounterSpan));
            var publisher = Keep(new JanusPeer(Factory, await session.AttachAsync(VideoRoom), $"publisher {k}"));
            publisher.Pc.AddTransceiver(pattern.Track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
            clients.Add(new Client(k, session, pattern, publisher));
        }

        await Task.WhenAll(clients.Select(c => PublishAsync(c, room)));
        var bases = clients.ToDictionary(c => c.PublisherId, c => c.Pattern.CounterBase);

        // Janus announces a publisher to the others once its media is up: subscribe after both others were announced.
        foreach (var client in clients)
        {
            var others = clients.Where(c => c != client).Select(c => c.PublisherId).ToList();
            Assert.That(await Timeouts.PollAsync(() => others.All(AnnouncedTo(client).Contains)), Is.True,
                $"client {client.Index} was told of publishers {string.Join(", ", others)}; knows {string.Join(", ", AnnouncedTo(client))}");
        }

        await Task.WhenAll(clients.Select(c => SubscribeAsync(c, room, clients.Where(o => o != c).Select(o => o.PublisherId).ToList())));

        var readings = clients.SelectMany(c => c.FeedByMid.Select(async pair =>
        {
            var track = await c.Subscriber!.TrackAsync(pair.Key);
            var frames = await MediaReading.ReadFramesAsync(track, 20);
            return (Client: c, Feed: pair.Value, Frames: frames);
        })).ToList();
        foreach (var (client, feed, frames) in await Task.WhenAll(readings))
        {
            var expected = bases[feed];
            var counters = frames.Where(f => f.Counter is not null).Select(f => f.Counter!.Value).ToList();
            var what = $"client {client.Index} receiving publisher {feed} (counting from {expected})";
            TestContext.Out.WriteLine($"{what}: {frames.Count} frames, counters {string.Join(",", counters)}");
            Assert.That(frames, Has.Count.EqualTo(20), what + ": frames within the timeout");
            Assert.That(counters, Has.Count.GreaterThanOrEqualTo(16), what + ": readable pattern codes in 80% of the frames");
            Assert.That(counters, Is.All.InRange(expected, expected + CounterSpan - 1), what + ": the frames are that publisher's: " + string.Join(",", counters));
            Assert.That(MediaReading.InOrder(counters), Is.True, what + ": counters increase: " + string.Join(",", counters));
        }

        foreach (var client in clients)
        {
            Assert.That(client.FeedByMid.Values.Select(f => bases[f]),
                Is.EquivalentTo(clients.Where(c => c != client).Select(c => c.Pattern.CounterBase)),
                $"client {client.Index} subscribed to the other two publishers, not itself");
        }
    }

    [Test]
    public async Task JoiningAMissingRoomIsRefused()
    {
        var session = Keep(await JanusSession.CreateAsync(Server.ApiUri));
        var handle = await session.AttachAsync(VideoRoom);
        var refused = await Assert.ThrowsAsync<JanusException>(() =>
            handle.SendMessageAsync(new JsonObject { ["request"] = "join", ["ptype"] = "publisher", ["room"] = 987654321 }));
        Assert.That(refused!.Code, Is.EqualTo(426), refused.Message);   // JANUS_VIDEOROOM_ERROR_NO_SUCH_ROOM
    }

    private async Task<long> CreateRoomAsync()
    {
        var session = Keep(await JanusSession.CreateAsync(Server.ApiUri));
        var handle = await session.AttachAsync(VideoRoom);
        // Synchronous request: Janus answers "success" with the plugin's data at once.
        var created = await handle.SendMessageAsync(new JsonObject
        {
            ["request"] = "create",
            ["publishers"] = Clients,
            ["videocodec"] = "vp8",
            ["bitrate"] = 300_000,
        });
        Assert.That((string?)created.PluginData?["videoroom"], Is.EqualTo("created"), created.ToString());
        return created.PluginData!["room"]!.GetValue<long>();
    }

    private static async Task PublishAsync(Client client, long room)
    {
        var joined = await client.Publisher.Handle.SendMessageAsync(new JsonObject
        {
            ["request"] = "join",
            ["ptype"] = "publisher",
            ["room"] = room,
            ["display"] = $"client {client.Index}",
        });
        Assert.That((string?)joined.PluginData?["videoroom"], Is.EqualTo("joined"), joined.ToString());
        client.PublisherId = joined.PluginData!["id"]!.GetValue<long>();
        client.Joined = joined;
        var configured = await client.Publisher.OfferAsync(new JsonObject { ["request"] = "publish" });
        Assert.That((string?)configured.PluginData?["configured"], Is.EqualTo("ok"), configured.ToString());
        await client.Publisher.ConnectedAsync();
    }

    // The publishers a client's publisher handle was told of: those in its "joined" answer and in later events.
    private static HashSet<long> AnnouncedTo(Client client)
    {
        var lists = client.Publisher.Handle.Events.Select(e => e.PluginData?["publishers"]).Append(client.Joined!.PluginData?["publishers"]);
        return [.. lists.OfType<JsonArray>().SelectMany(list => list).Select(p => p!["id"]!.GetValue<long>())];
    }

    private async Task SubscribeAsync(Client client, long room, List<long> feeds)
    {
        var subscriber = Keep(new JanusPeer(Factory, await client.Session.AttachAsync(VideoRoom), $"subscriber {client.Index}"));
        client.Subscriber = subscriber;
        var streams = new JsonArray([.. feeds.Select(f => (JsonNode)new JsonObject { ["feed"] = f })]);
        var attached = await subscriber.Handle.SendMessageAsync(new JsonObject
        {
            ["request"] = "join",
            ["ptype"] = "subscriber",
            ["room"] = room,
            ["streams"] = streams,
        });
        Assert.That((string?)attached.PluginData?["videoroom"], Is.EqualTo("attached"), attached.ToString());
        foreach (var stream in attached.PluginData!["streams"]!.AsArray())
        {
            Assert.That((string?)stream!["type"], Is.EqualTo("video"), attached.ToString());
            client.FeedByMid[(string)stream["mid"]!] = stream["feed_id"]!.GetValue<long>();
        }

        Assert.That(client.FeedByMid.Values, Is.EquivalentTo(feeds), "one subscription stream per feed asked for");
        var started = await subscriber.AnswerAsync(attached, new JsonObject { ["request"] = "start" });
        Assert.That((string?)started.PluginData?["started"], Is.EqualTo("ok"), started.ToString());
        await subscriber.ConnectedAsync();
    }

    private sealed class Client(int index, JanusSession session, CountingPattern pattern, JanusPeer publisher)
    {
        public int Index { get; } = index;

        public JanusSession Session { get; } = session;

        public CountingPattern Pattern { get; } = pattern;

        public JanusPeer Publisher { get; } = publisher;

        public long PublisherId { get; set; }

        public JanusEvent? Joined { get; set; }

        public JanusPeer? Subscriber { get; set; }

        public Dictionary<string, long> FeedByMid { get; } = [];
    }
}
