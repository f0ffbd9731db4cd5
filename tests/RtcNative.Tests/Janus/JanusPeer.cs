using System.Text.Json.Nodes;
using RtcNative.Janus;

namespace RtcNative.Tests.Janus;

/// <summary>
/// One RtcNative PeerConnection signaled through one Janus plugin handle: its candidates are trickled to the handle,
/// its Track events collected; offers go to Janus with a plugin request (<see cref="OfferAsync"/>), Janus's offers
/// are answered (<see cref="AnswerAsync"/>).
/// </summary>
internal sealed class JanusPeer : IDisposable
{
    private readonly List<Task> _trickles = [];
    private readonly List<RTCTrackEventArgs> _tracks = [];

    public JanusPeer(PeerConnectionFactory factory, JanusHandle handle, string name)
    {
        Handle = handle;
        Name = name;
        Pc = factory.CreatePeerConnection();
        Pc.IceCandidate += (_, e) =>
        {
            lock (_trickles)
            {
                _trickles.Add(handle.TrickleAsync(e.Candidate));
            }
        };
        Pc.Track += (_, e) =>
        {
            lock (_tracks)
            {
                _tracks.Add(e);
            }
        };
    }

    public string Name { get; }

    public RTCPeerConnection Pc { get; }

    public JanusHandle Handle { get; }

    public IReadOnlyList<RTCTrackEventArgs> Tracks
    {
        get
        {
            lock (_tracks)
            {
                return [.. _tracks];
            }
        }
    }

    /// <summary>Offers with <paramref name="body"/> and applies Janus's answer; returns the plugin's reply.</summary>
    public async Task<JanusEvent> OfferAsync(JsonObject body)
    {
        var offer = await Pc.CreateOfferAsync().WithTimeout();
        await Pc.SetLocalDescriptionAsync(offer).WithTimeout();
        var reply = await Handle.SendMessageAsync(body, offer).WithTimeout();
        Assert.That(reply.Jsep?.Type, Is.EqualTo(RTCSdpType.Answer), $"{Name}: Janus answered {body.ToJsonString()} with a description: {reply}");
        await Pc.SetRemoteDescriptionAsync(reply.Jsep!).WithTimeout();
        return reply;
    }

    /// <summary>Applies Janus's offer in <paramref name="withOffer"/> and sends the answer with <paramref name="body"/>.</summary>
    public async Task<JanusEvent> AnswerAsync(JanusEvent withOffer, JsonObject body)
    {
        Assert.That(withOffer.Jsep?.Type, Is.EqualTo(RTCSdpType.Offer), $"{Name}: Janus sent an offer: {withOffer}");
        await Pc.SetRemoteDescriptionAsync(withOffer.Jsep!).WithTimeout();
        var answer = await Pc.CreateAnswerAsync().WithTimeout();
        await Pc.SetLocalDescriptionAsync(answer).WithTimeout();
        return await Handle.SendMessageAsync(body, answer).WithTimeout();
    }

    /// <summary>Waits until the PeerConnection is connected, Janus reported "webrtcup" for the handle, and every
    /// candidate was trickled without error.</summary>
    public async Task ConnectedAsync()
    {
        await StateWait.ReachedAsync(() => Pc.ConnectionState, h => Pc.ConnectionStateChange += h, RTCPeerConnectionState.Connected);
        await Handle.WaitForEventAsync(e => e.Kind == "webrtcup", Timeouts.Event);
        Task[] trickles;
        lock (_trickles)
        {
            trickles = [.. _trickles];
        }

        await Task.WhenAll(trickles).WithTimeout();
        Assert.That(trickles, Is.Not.Empty, $"{Name}: candidates were trickled to Janus");
    }

    /// <summary>The track whose transceiver has <paramref name="mid"/> (waits for its Track event).</summary>
    public async Task<MediaStreamTrack> TrackAsync(string mid)
    {
        RTCTrackEventArgs? found = null;
        var arrived = await Timeouts.PollAsync(() => (found = Tracks.FirstOrDefault(t => t.Transceiver.Mid == mid)) is not null);
        Assert.That(arrived, Is.True, $"{Name}: a track with mid {mid}; got {string.Join(", ", Tracks.Select(t => t.Transceiver.Mid))}");
        return found!.Track;
    }

    public string Describe() =>
        $"=== {Name} ({Handle.Plugin} handle {Handle.Id}): {Pc.ConnectionState} ===\n" +
        $"--- local ---\n{Pc.LocalDescription?.Sdp}\n--- remote ---\n{Pc.RemoteDescription?.Sdp}\n" +
        $"--- events ---\n{string.Join("\n", Handle.Events)}";

    public void Dispose() => Pc.Dispose();
}
