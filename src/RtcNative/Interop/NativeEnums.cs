namespace RtcNative.Interop;

/// <summary>Conversions between the ABI's enums and the public W3C ones (mapped by name, not by value).</summary>
internal static class NativeEnums
{
    public static RTCSignalingState ToPublic(this RtcnSignalingState state) => state switch
    {
        RtcnSignalingState.Stable => RTCSignalingState.Stable,
        RtcnSignalingState.HaveLocalOffer => RTCSignalingState.HaveLocalOffer,
        RtcnSignalingState.HaveLocalPranswer => RTCSignalingState.HaveLocalPranswer,
        RtcnSignalingState.HaveRemoteOffer => RTCSignalingState.HaveRemoteOffer,
        RtcnSignalingState.HaveRemotePranswer => RTCSignalingState.HaveRemotePranswer,
        RtcnSignalingState.Closed => RTCSignalingState.Closed,
        _ => throw Unknown(state),
    };

    public static RTCIceGatheringState ToPublic(this RtcnIceGatheringState state) => state switch
    {
        RtcnIceGatheringState.New => RTCIceGatheringState.New,
        RtcnIceGatheringState.Gathering => RTCIceGatheringState.Gathering,
        RtcnIceGatheringState.Complete => RTCIceGatheringState.Complete,
        _ => throw Unknown(state),
    };

    public static RTCIceConnectionState ToPublic(this RtcnIceConnectionState state) => state switch
    {
        RtcnIceConnectionState.New => RTCIceConnectionState.New,
        RtcnIceConnectionState.Checking => RTCIceConnectionState.Checking,
        RtcnIceConnectionState.Connected => RTCIceConnectionState.Connected,
        RtcnIceConnectionState.Completed => RTCIceConnectionState.Completed,
        RtcnIceConnectionState.Disconnected => RTCIceConnectionState.Disconnected,
        RtcnIceConnectionState.Failed => RTCIceConnectionState.Failed,
        RtcnIceConnectionState.Closed => RTCIceConnectionState.Closed,
        _ => throw Unknown(state),
    };

    public static RTCPeerConnectionState ToPublic(this RtcnPeerConnectionState state) => state switch
    {
        RtcnPeerConnectionState.New => RTCPeerConnectionState.New,
        RtcnPeerConnectionState.Connecting => RTCPeerConnectionState.Connecting,
        RtcnPeerConnectionState.Connected => RTCPeerConnectionState.Connected,
        RtcnPeerConnectionState.Disconnected => RTCPeerConnectionState.Disconnected,
        RtcnPeerConnectionState.Failed => RTCPeerConnectionState.Failed,
        RtcnPeerConnectionState.Closed => RTCPeerConnectionState.Closed,
        _ => throw Unknown(state),
    };

    public static RTCDataChannelState ToPublic(this RtcnDataChannelState state) => state switch
    {
        RtcnDataChannelState.Connecting => RTCDataChannelState.Connecting,
        RtcnDataChannelState.Open => RTCDataChannelState.Open,
        RtcnDataChannelState.Closing => RTCDataChannelState.Closing,
        RtcnDataChannelState.Closed => RTCDataChannelState.Closed,
        _ => throw Unknown(state),
    };

    public static RTCSctpTransportState ToPublic(this RtcnSctpTransportState state) => state switch
    {
        RtcnSctpTransportState.Connecting => RTCSctpTransportState.Connecting,
        RtcnSctpTransportState.Connected => RTCSctpTransportState.Connected,
        RtcnSctpTransportState.Closed => RTCSctpTransportState.Closed,
        _ => throw Unknown(state),
    };

    public static RTCDtlsTransportState ToPublic(this RtcnDtlsTransportState state) => state switch
    {
        RtcnDtlsTransportState.New => RTCDtlsTransportState.New,
        RtcnDtlsTransportState.Connecting => RTCDtlsTransportState.Connecting,
        RtcnDtlsTransportState.Connected => RTCDtlsTransportState.Connected,
        RtcnDtlsTransportState.Closed => RTCDtlsTransportState.Closed,
        RtcnDtlsTransportState.Failed => RTCDtlsTransportState.Failed,
        _ => throw Unknown(state),
    };

    /// <summary>The ICE transport's state: the ABI carries it as an ICE connection state.</summary>
    public static RTCIceTransportState ToPublicTransport(this RtcnIceConnectionState state) => state switch
    {
        RtcnIceConnectionState.New => RTCIceTransportState.New,
        RtcnIceConnectionState.Checking => RTCIceTransportState.Checking,
        RtcnIceConnectionState.Connected => RTCIceTransportState.Connected,
        RtcnIceConnectionState.Completed => RTCIceTransportState.Completed,
        RtcnIceConnectionState.Disconnected => RTCIceTransportState.Disconnected,
        RtcnIceConnectionState.Failed => RTCIceTransportState.Failed,
        RtcnIceConnectionState.Closed => RTCIceTransportState.Closed,
        _ => throw Unknown(state),
    };

    public static RTCIceGathererState ToPublicGatherer(this RtcnIceGatheringState state) => state switch
    {
        RtcnIceGatheringState.New => RTCIceGathererState.New,
        RtcnIceGatheringState.Gathering => RTCIceGathererState.Gathering,
        RtcnIceGatheringState.Complete => RTCIceGathererState.Complete,
        _ => throw Unknown(state),
    };

    public static RTCIceRole ToPublic(this RtcnIceRole role) => role switch
    {
        RtcnIceRole.Unknown => RTCIceRole.Unknown,
        RtcnIceRole.Controlling => RTCIceRole.Controlling,
        RtcnIceRole.Controlled => RTCIceRole.Controlled,
        _ => throw Unknown(role),
    };

    public static RTCSdpType ToPublic(this RtcnSdpType type) => type switch
    {
        RtcnSdpType.Offer => RTCSdpType.Offer,
        RtcnSdpType.Pranswer => RTCSdpType.Pranswer,
        RtcnSdpType.Answer => RTCSdpType.Answer,
        RtcnSdpType.Rollback => RTCSdpType.Rollback,
        _ => throw Unknown(type),
    };

    public static RtcnSdpType ToNative(this RTCSdpType type) => type switch
    {
        RTCSdpType.Offer => RtcnSdpType.Offer,
        RTCSdpType.Pranswer => RtcnSdpType.Pranswer,
        RTCSdpType.Answer => RtcnSdpType.Answer,
        RTCSdpType.Rollback => RtcnSdpType.Rollback,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an RTCSdpType."),
    };

    public static RtcnIceTransportPolicy ToNative(this RTCIceTransportPolicy policy) => policy switch
    {
        RTCIceTransportPolicy.All => RtcnIceTransportPolicy.All,
        RTCIceTransportPolicy.Relay => RtcnIceTransportPolicy.Relay,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not an RTCIceTransportPolicy."),
    };

    public static RtcnBundlePolicy ToNative(this RTCBundlePolicy policy) => policy switch
    {
        RTCBundlePolicy.Balanced => RtcnBundlePolicy.Balanced,
        RTCBundlePolicy.MaxCompat => RtcnBundlePolicy.MaxCompat,
        RTCBundlePolicy.MaxBundle => RtcnBundlePolicy.MaxBundle,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not an RTCBundlePolicy."),
    };

    public static RtcnRtcpMuxPolicy ToNative(this RTCRtcpMuxPolicy policy) => policy switch
    {
        RTCRtcpMuxPolicy.Require => RtcnRtcpMuxPolicy.Require,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not an RTCRtcpMuxPolicy."),
    };

    public static RtcnAudioDeviceKind ToNative(this AudioDeviceKind kind) => kind switch
    {
        AudioDeviceKind.Auto => RtcnAudioDeviceKind.Auto,
        AudioDeviceKind.Platform => RtcnAudioDeviceKind.Platform,
        AudioDeviceKind.Dummy => RtcnAudioDeviceKind.Dummy,
        AudioDeviceKind.Headless => RtcnAudioDeviceKind.Headless,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an AudioDeviceKind."),
    };

    public static AudioDeviceKind ToPublic(this RtcnAudioDeviceKind kind) => kind switch
    {
        RtcnAudioDeviceKind.Auto => AudioDeviceKind.Auto,
        RtcnAudioDeviceKind.Platform => AudioDeviceKind.Platform,
        RtcnAudioDeviceKind.Dummy => AudioDeviceKind.Dummy,
        RtcnAudioDeviceKind.Headless => AudioDeviceKind.Headless,
        _ => throw Unknown(kind),
    };

    public static RtcnVideoPixelFormat ToNative(this VideoPixelFormat format) => format switch
    {
        VideoPixelFormat.I420 => RtcnVideoPixelFormat.I420,
        VideoPixelFormat.NV12 => RtcnVideoPixelFormat.Nv12,
        VideoPixelFormat.Rgba => RtcnVideoPixelFormat.Rgba,
        VideoPixelFormat.Bgra => RtcnVideoPixelFormat.Bgra,
        VideoPixelFormat.Argb => RtcnVideoPixelFormat.Argb,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a VideoPixelFormat."),
    };

    public static VideoPixelFormat ToPublic(this RtcnVideoPixelFormat format) => format switch
    {
        RtcnVideoPixelFormat.I420 => VideoPixelFormat.I420,
        RtcnVideoPixelFormat.Nv12 => VideoPixelFormat.NV12,
        RtcnVideoPixelFormat.Rgba => VideoPixelFormat.Rgba,
        RtcnVideoPixelFormat.Bgra => VideoPixelFormat.Bgra,
        RtcnVideoPixelFormat.Argb => VideoPixelFormat.Argb,
        _ => throw Unknown(format),
    };

    public static RtcnThreadLayout ToNative(this ThreadLayout layout) => layout switch
    {
        ThreadLayout.Shared => RtcnThreadLayout.Shared,
        ThreadLayout.Split => RtcnThreadLayout.Split,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Not a ThreadLayout."),
    };

    private static InvalidOperationException Unknown<T>(T value) where T : struct, Enum =>
        new($"The native library reported {typeof(T).Name} {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}, unknown to this RtcNative assembly.");
}
