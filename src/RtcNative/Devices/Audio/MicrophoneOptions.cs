namespace RtcNative;

/// <summary>How a microphone track captures and processes (the audio members of MediaTrackConstraints, resolved).</summary>
internal sealed class MicrophoneOptions
{
    /// <summary>Cancel the echo of what the factory's platform audio device plays.</summary>
    public bool EchoCancellation { get; init; } = true;

    public bool NoiseSuppression { get; init; } = true;

    public bool AutoGainControl { get; init; } = true;

    /// <summary>8000 to 192000, a multiple of 100.</summary>
    public int SampleRate { get; init; } = 48000;

    /// <summary>1 or 2.</summary>
    public int ChannelCount { get; init; } = 1;
}
