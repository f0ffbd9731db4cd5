using System.Text.Json;

namespace RtcNative.Tests.Interop;

/// <summary>The media side of a pair: Chrome's local tracks (fake camera, oscillator), what Chrome received (tracks
/// with their events, the test pattern read from pixels, audio samples) and Chrome's RTP stats (media.js).</summary>
internal sealed partial class ChromePair
{
    /// <summary>Chrome's fake camera (getUserMedia, exact size when given) sent with addTrack; its settings.</summary>
    public async Task<CameraSettings> AddChromeCameraAsync(int? width = null, int? height = null) =>
        JsonSerializer.Deserialize<CameraSettings>(await _browser.CallAsync<string>("addCamera", Name, width, height), PageMessage.Json)!;

    /// <summary>An OscillatorNode sine at <paramref name="frequency"/> sent by Chrome with addTrack.</summary>
    public Task AddChromeOscillatorAsync(double frequency) => _browser.CallAsync<bool>("addOscillator", Name, frequency);

    /// <summary>A recvonly transceiver of <paramref name="kind"/> on Chrome's side (for Chrome's offers).</summary>
    public Task AddChromeReceiverAsync(string kind) => _browser.CallAsync<bool>("addReceiver", Name, kind);

    /// <summary>removeTrack of Chrome's local <paramref name="kind"/> track.</summary>
    public Task RemoveChromeTrackAsync(string kind) => _browser.CallAsync<bool>("removeLocal", Name, kind);

    /// <summary>Stops the transceiver of Chrome's local <paramref name="kind"/> track.</summary>
    public Task StopChromeTransceiverAsync(string kind) => _browser.CallAsync<bool>("stopLocal", Name, kind);

    /// <summary>Chrome stops sending <paramref name="kind"/> (replaceTrack(null)).</summary>
    public Task SilenceChromeAsync(string kind) => _browser.CallAsync<bool>("silenceLocal", Name, kind);

    /// <summary>setCodecPreferences on the transceiver of Chrome's local <paramref name="kind"/> track: only
    /// <paramref name="mimeType"/> (and RTX for video).</summary>
    public Task PreferChromeCodecAsync(string kind, string mimeType) => _browser.CallAsync<bool>("preferCodec", Name, kind, mimeType);

    /// <summary>Chrome's getStats as dataChannelStats gives it (data channels and transport bytes).</summary>
    public Task<string> ChromeStatsJsonAsync() => _browser.CallAsync<string>("dataChannelStats", Name);

    /// <summary>The tracks Chrome received, with the events seen on each.</summary>
    public async Task<PageTrack[]> ChromeTracksAsync() =>
        JsonSerializer.Deserialize<PageTrack[]>(await _browser.CallAsync<string>("remoteTracks", Name), PageMessage.Json)!;

    /// <summary>Chrome draws its last received video track to a canvas frame by frame and reads the test pattern's
    /// counter from the pixels, until <paramref name="count"/> were read or <paramref name="timeout"/> (under the
    /// page call's bound) passed.</summary>
    public async Task<PagePattern> ChromeReadsPatternAsync(int count, TimeSpan timeout) =>
        JsonSerializer.Deserialize<PagePattern>(
            await _browser.CallAsync<string>("readRemotePattern", Name, count, timeout.TotalMilliseconds), PageMessage.Json)!;

    /// <summary>Chrome's last received audio track through an AnalyserNode: its last 32768 samples after
    /// <paramref name="settle"/>.</summary>
    public async Task<PageAudio> ChromeRecordsAudioAsync(TimeSpan settle) =>
        JsonSerializer.Deserialize<PageAudio>(await _browser.CallAsync<string>("recordRemoteAudio", Name, settle.TotalMilliseconds), PageMessage.Json)!;

    /// <summary>Chrome's inbound-rtp and outbound-rtp stats of <paramref name="kind"/>, each with its codec's mimeType.</summary>
    public async Task<PageRtpStats> ChromeRtpStatsAsync(string kind) =>
        JsonSerializer.Deserialize<PageRtpStats>(await _browser.CallAsync<string>("rtpStats", Name, kind), PageMessage.Json)!;

    /// <summary>The last Track event of <paramref name="kind"/> on the .NET side, waited for.</summary>
    public async Task<RTCTrackEventArgs> DotNetTrackAsync(string kind)
    {
        Assert.That(await Timeouts.PollAsync(() => Tracks.Any(t => t.Track.Kind == kind)), Is.True, $"no {kind} Track event on the .NET side");
        return Tracks.Last(t => t.Track.Kind == kind);
    }
}

internal sealed record CameraSettings(int Width, int Height, double FrameRate);

internal sealed record PageTrack(string Kind, string ReadyState, bool Muted, string[] Events);

internal sealed record PagePattern(uint[] Codes, int Frames, int Width, int Height);

internal sealed record PageAudio(int SampleRate, string State, short[] Samples);

/// <summary>Chrome's RTP stats objects as JSON (webrtc-stats member names) plus "mimeType" of their codec.</summary>
internal sealed record PageRtpStats(JsonElement[] Inbound, JsonElement[] Outbound);
