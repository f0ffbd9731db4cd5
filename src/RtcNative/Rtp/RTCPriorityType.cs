namespace RtcNative;

/// <summary>W3C RTCPriorityType ("very-low", "low", "medium", "high"): an encoding's share of the bandwidth and its
/// packets' DSCP marking.</summary>
public enum RTCPriorityType
{
    /// <summary>"very-low".</summary>
    VeryLow,

    /// <summary>"low", the default.</summary>
    Low,

    /// <summary>"medium".</summary>
    Medium,

    /// <summary>"high".</summary>
    High,
}
