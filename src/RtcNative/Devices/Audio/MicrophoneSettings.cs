namespace RtcNative;

/// <summary>What a microphone track was opened with: its device and its processing (fixed for the track's life, so
/// getSettings and getCapabilities report these, and applyConstraints checks against them). Clones share it.</summary>
internal sealed record MicrophoneSettings(string DeviceId, string? GroupId, MicrophoneOptions Options);
