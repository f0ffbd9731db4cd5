using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RtcNative.Janus;

namespace RtcNative.Tests.Janus;

/// <summary>The sample's Janus client itself: keepalives, refusals, destroy, bad arguments, and a server that goes
/// away under a waiting client (waits fail, nothing hangs).</summary>
[TestFixture]
public sealed class JanusSessionTests : JanusFixture
{
    [Test]
    public async Task KeepalivesAreAcceptedAndTheSessionStaysUsable()
    {
        var session = Keep(await JanusSession.CreateAsync(Server.ApiUri, keepaliveInterval: TimeSpan.FromMilliseconds(100)));
        await Task.Delay(TimeSpan.FromMilliseconds(700));   // about 6 keepalives: a refused one would set Fault
        Assert.That(session.Fault, Is.Null);
        var handle = await session.AttachAsync("janus.plugin.echotest");
        Assert.That(handle.Id, Is.Not.Zero);
        await handle.DetachAsync();
    }

    [Test]
    public async Task AnUnknownPluginIsRefused()
    {
        var session = Keep(await JanusSession.CreateAsync(Server.ApiUri));
        var refused = await Assert.ThrowsAsync<JanusException>(() => session.AttachAsync("janus.plugin.nosuchplugin"));
        Assert.That(refused!.Code, Is.EqualTo(460), refused.Message);   // JANUS_ERROR_PLUGIN_NOT_FOUND
    }

    [Test]
    public async Task ADisposedSessionIsDestroyedOnTheServer()
    {
        var session = await JanusSession.CreateAsync(Server.ApiUri);
        var id = session.Id;
        await session.DisposeAsync();
        await session.DisposeAsync();   // idempotent
        Assert.Throws<ObjectDisposedException>(() => _ = session.AttachAsync("janus.plugin.echotest"));

        using var http = new HttpClient { Timeout = Timeouts.Event };
        using var response = await http.PostAsJsonAsync($"{Server.ApiUri}/{id}", new JsonObject { ["janus"] = "keepalive", ["transaction"] = "t1" });
        var reply = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That((string?)reply?["janus"], Is.EqualTo("error"), reply?.ToJsonString());
        Assert.That(reply!["error"]!["code"]!.GetValue<int>(), Is.EqualTo(458), reply.ToJsonString());   // JANUS_ERROR_SESSION_NOT_FOUND
    }

    [Test]
    public async Task ASessionDestroyedBehindTheClientsBackFaultsItsWaits()
    {
        // Janus leaves a long poll of a destroyed session open until its 30 s keepalive: the client's own keepalive
        // is what is refused first.
        var session = Keep(await JanusSession.CreateAsync(Server.ApiUri, keepaliveInterval: TimeSpan.FromMilliseconds(200)));
        var handle = await session.AttachAsync("janus.plugin.echotest");
        var waiting = handle.WaitForEventAsync(e => e.Kind == "webrtcup", Timeouts.Event);
        using (var http = new HttpClient { Timeout = Timeouts.Event })
        {
            using var response = await http.PostAsJsonAsync($"{Server.ApiUri}/{session.Id}", new JsonObject { ["janus"] = "destroy", ["transaction"] = "t2" });
            Assert.That((string?)(await response.Content.ReadFromJsonAsync<JsonObject>())?["janus"], Is.EqualTo("success"));
        }

        var failure = await Assert.ThrowsAsync<JanusException>(async () => await waiting);
        Assert.That(failure!.Code, Is.EqualTo(458), failure.Message);   // JANUS_ERROR_SESSION_NOT_FOUND
        Assert.That(session.Fault, Is.SameAs(failure));
    }

    [Test]
    public async Task WhenJanusGoesAwayAWaitFailsInsteadOfHanging()
    {
        using var own = await JanusServer.StartAsync("echotest");
        var session = await JanusSession.CreateAsync(own.ApiUri);
        try
        {
            var handle = await session.AttachAsync("janus.plugin.echotest");
            var waiting = handle.WaitForEventAsync(e => e.Kind == "webrtcup", Timeouts.Event);
            own.Dispose();
            Assert.That(async () => await waiting, Throws.InstanceOf<HttpRequestException>(), "the long poll's failure ends the wait");
            Assert.That(session.Fault, Is.InstanceOf<HttpRequestException>());
            await Assert.ThrowsAsync<HttpRequestException>(() => handle.WaitForEventAsync(_ => true, Timeouts.Event));
        }
        finally
        {
            await session.DisposeAsync().AsTask().WithTimeout();   // no destroy request to a server known to be gone
        }

        Assert.That(own.IsGone(), Is.True, "Janus, its namespace, veth or folder left behind");
    }

    [Test]
    public async Task BadArgumentsAreRefused()
    {
        // Usage errors come synchronously, as from the library's Async methods.
        Assert.Throws<ArgumentException>(() => _ = JanusSession.CreateAsync(new Uri("ftp://127.0.0.1/janus")));
        Assert.Throws<ArgumentException>(() => _ = JanusSession.CreateAsync(new Uri("/janus", UriKind.Relative)));
        Assert.Throws<ArgumentException>(() => _ = JanusSession.CreateAsync(Server.ApiUri, keepaliveInterval: TimeSpan.Zero));
        var session = Keep(await JanusSession.CreateAsync(Server.ApiUri));
        var handle = await session.AttachAsync("janus.plugin.echotest");
        Assert.Throws<ArgumentException>(() => _ = session.AttachAsync(" "));
        Assert.Throws<ArgumentException>(() => _ = handle.SendMessageAsync(new JsonObject(), new RTCSessionDescriptionInit { Type = RTCSdpType.Pranswer, Sdp = "v=0\r\n" }));
        Assert.Throws<ArgumentException>(() => _ = handle.WaitForEventAsync(_ => true, TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => JanusJsep.FromDescription(new RTCSessionDescriptionInit { Type = RTCSdpType.Rollback }));
        Assert.Throws<FormatException>(() => JanusJsep.ToDescription(new JsonObject { ["type"] = "offer" }));
        Assert.Throws<FormatException>(() => JanusJsep.ToDescription(new JsonObject { ["type"] = "pranswer", ["sdp"] = "v=0\r\n" }));
        Assert.Throws<FormatException>(() => JanusJsep.ToCandidate(new JsonObject { ["sdpMid"] = "0" }));
        Assert.That(JanusJsep.ToCandidate(new JsonObject { ["completed"] = true }), Is.Null);
        Assert.That(JanusJsep.FromCandidate(null).ToJsonString(), Is.EqualTo("""{"completed":true}"""));
    }
}
