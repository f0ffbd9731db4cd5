using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>What one connection gathered for an offer: its candidates and the IceCandidateError events.</summary>
internal sealed record GatheringResult(IReadOnlyList<RTCIceCandidate> Candidates, IReadOnlyList<RTCPeerConnectionIceErrorEventArgs> Errors)
{
    /// <summary>The errors, one per line, for assertion messages.</summary>
    public string ErrorsText => string.Join("\n", Errors.Select(e => $"{e.Url} {e.ErrorCode} {e.ErrorText}"));
}

/// <summary>Gathering alone, without a remote peer: what a TURN server gives or refuses.</summary>
internal static class IceGathering
{
    /// <summary>Makes a data-channel offer on <paramref name="connection"/>, applies it and waits (bounded) until
    /// gathering completes.</summary>
    public static async Task<GatheringResult> GatherAsync(RTCPeerConnection connection)
    {
        var candidates = new ConcurrentQueue<RTCIceCandidate>();
        var errors = new ConcurrentQueue<RTCPeerConnectionIceErrorEventArgs>();
        connection.IceCandidate += (_, e) =>
        {
            if (e.Candidate is { } candidate)
            {
                candidates.Enqueue(candidate);
            }
        };
        connection.IceCandidateError += (_, e) => errors.Enqueue(e);
        var complete = StateWait.ReachedAsync(() => connection.IceGatheringState, h => connection.IceGatheringStateChange += h, RTCIceGatheringState.Complete);
        connection.CreateDataChannel("gathering");
        await connection.SetLocalDescriptionAsync().WithTimeout();
        await complete;
        return new GatheringResult(candidates.ToList(), errors.ToList());
    }

    /// <summary>The same on a new connection of <paramref name="factory"/> with <paramref name="configuration"/>,
    /// disposed after.</summary>
    public static async Task<GatheringResult> GatherAsync(PeerConnectionFactory factory, RTCConfiguration configuration)
    {
        using var connection = factory.CreatePeerConnection(configuration);
        return await GatherAsync(connection);
    }
}
