using RtcNative.Interop;

namespace RtcNative;

/// <summary>Conversions between the RTP dictionaries and the ABI's structs (rtcnative/rtp.h).</summary>
internal static unsafe class RtpNative
{
    public static string KindName(MediaKind kind) => kind == MediaKind.Audio ? "audio" : "video";

    public static RtcnMediaKind ToNative(this MediaKind kind) => kind == MediaKind.Audio ? RtcnMediaKind.Audio : RtcnMediaKind.Video;

    public static MediaKind ToPublic(this RtcnMediaKind kind) => kind == RtcnMediaKind.Audio ? MediaKind.Audio : MediaKind.Video;

    /// <summary>"audio"/"video" to the kind; null for anything else (getCapabilities returns null then).</summary>
    public static MediaKind? ParseKind(string? kind) => kind switch
    {
        "audio" => MediaKind.Audio,
        "video" => MediaKind.Video,
        _ => null,
    };

    public static RtcnRtpTransceiverDirection ToNative(this RTCRtpTransceiverDirection direction) => direction switch
    {
        RTCRtpTransceiverDirection.SendRecv => RtcnRtpTransceiverDirection.Sendrecv,
        RTCRtpTransceiverDirection.SendOnly => RtcnRtpTransceiverDirection.Sendonly,
        RTCRtpTransceiverDirection.RecvOnly => RtcnRtpTransceiverDirection.Recvonly,
        RTCRtpTransceiverDirection.Inactive => RtcnRtpTransceiverDirection.Inactive,
        RTCRtpTransceiverDirection.Stopped => RtcnRtpTransceiverDirection.Stopped,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Not an RTCRtpTransceiverDirection."),
    };

    public static RTCRtpTransceiverDirection ToPublic(this RtcnRtpTransceiverDirection direction) => direction switch
    {
        RtcnRtpTransceiverDirection.Sendrecv => RTCRtpTransceiverDirection.SendRecv,
        RtcnRtpTransceiverDirection.Sendonly => RTCRtpTransceiverDirection.SendOnly,
        RtcnRtpTransceiverDirection.Recvonly => RTCRtpTransceiverDirection.RecvOnly,
        RtcnRtpTransceiverDirection.Inactive => RTCRtpTransceiverDirection.Inactive,
        _ => RTCRtpTransceiverDirection.Stopped,
    };

    public static RtcnPriority ToNative(this RTCPriorityType priority) => priority switch
    {
        RTCPriorityType.VeryLow => RtcnPriority.VeryLow,
        RTCPriorityType.Low => RtcnPriority.Low,
        RTCPriorityType.Medium => RtcnPriority.Medium,
        RTCPriorityType.High => RtcnPriority.High,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Not an RTCPriorityType."),
    };

    public static RTCPriorityType ToPublic(this RtcnPriority priority) => priority switch
    {
        RtcnPriority.VeryLow => RTCPriorityType.VeryLow,
        RtcnPriority.Medium => RTCPriorityType.Medium,
        RtcnPriority.High => RTCPriorityType.High,
        _ => RTCPriorityType.Low,
    };

    public static RtcnDegradationPreference ToNative(this RTCDegradationPreference? preference) => preference switch
    {
        null => RtcnDegradationPreference.Unset,
        RTCDegradationPreference.MaintainFramerate => RtcnDegradationPreference.MaintainFramerate,
        RTCDegradationPreference.MaintainResolution => RtcnDegradationPreference.MaintainResolution,
        RTCDegradationPreference.Balanced => RtcnDegradationPreference.Balanced,
        _ => throw new ArgumentOutOfRangeException(nameof(preference), preference, "Not an RTCDegradationPreference."),
    };

    public static RTCDegradationPreference? ToPublic(this RtcnDegradationPreference preference) => preference switch
    {
        RtcnDegradationPreference.MaintainFramerate => RTCDegradationPreference.MaintainFramerate,
        RtcnDegradationPreference.MaintainResolution => RTCDegradationPreference.MaintainResolution,
        RtcnDegradationPreference.Balanced => RTCDegradationPreference.Balanced,
        _ => null,
    };

    /// <summary>Fills native encodings (strings in <paramref name="strings"/>); validates what is a W3C TypeError/RangeError.</summary>
    public static RtcnRtpEncoding ToNative(RTCRtpEncodingParameters encoding, Utf8StringArena strings, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(encoding, parameterName);
        if (encoding.ScaleResolutionDownBy is < 1.0 || encoding.ScaleResolutionDownBy is double.NaN)
        {
            throw new ArgumentOutOfRangeException(parameterName, encoding.ScaleResolutionDownBy, "ScaleResolutionDownBy must be at least 1 (a W3C RangeError).");
        }

        if (encoding.MaxFramerate is < 0 || encoding.MaxFramerate is double.NaN)
        {
            throw new ArgumentOutOfRangeException(parameterName, encoding.MaxFramerate, "MaxFramerate must not be negative (a W3C RangeError).");
        }

        if (encoding.MaxBitrate > long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(parameterName, encoding.MaxBitrate, "MaxBitrate is too large.");
        }

        return new RtcnRtpEncoding
        {
            Rid = strings.Add(encoding.Rid),
            Active = encoding.Active ? 1 : 0,
            MaxBitrateBps = encoding.MaxBitrate is { } bitrate ? (long)bitrate : -1,
            MaxFramerate = encoding.MaxFramerate ?? -1,
            ScaleResolutionDownBy = encoding.ScaleResolutionDownBy ?? -1,
            Priority = encoding.Priority.ToNative(),
            NetworkPriority = encoding.NetworkPriority.ToNative(),
        };
    }

    public static RTCRtpEncodingParameters ToPublic(in RtcnRtpEncoding encoding) => new()
    {
        Rid = Utf8.Decode(encoding.Rid),
        Active = encoding.Active != 0,
        MaxBitrate = encoding.MaxBitrateBps >= 0 ? (ulong)encoding.MaxBitrateBps : null,
        MaxFramerate = encoding.MaxFramerate >= 0 ? encoding.MaxFramerate : null,
        ScaleResolutionDownBy = encoding.ScaleResolutionDownBy >= 1 ? encoding.ScaleResolutionDownBy : null,
        Priority = encoding.Priority.ToPublic(),
        NetworkPriority = encoding.NetworkPriority.ToPublic(),
    };

    public static RTCRtpCodecParameters CodecParameters(in RtcnRtpCodec codec) => new()
    {
        PayloadType = codec.PayloadType,
        MimeType = Utf8.Decode(codec.MimeType) ?? "",
        ClockRate = codec.ClockRate,
        Channels = codec.Channels > 0 ? codec.Channels : null,
        SdpFmtpLine = Utf8.Decode(codec.SdpFmtpLine),
    };

    public static RTCRtpCodecCapability CodecCapability(in RtcnRtpCodec codec) => new()
    {
        MimeType = Utf8.Decode(codec.MimeType) ?? "",
        ClockRate = codec.ClockRate,
        Channels = codec.Channels > 0 ? codec.Channels : null,
        SdpFmtpLine = Utf8.Decode(codec.SdpFmtpLine),
    };

    public static List<T> List<TNative, T>(TNative* items, int count, Func<nint, T> convert) where TNative : unmanaged
    {
        var list = new List<T>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            list.Add(convert((nint)(items + i)));
        }

        return list;
    }

    public static List<RTCRtpCodecParameters> Codecs(RtcnRtpParameters* parameters) =>
        List<RtcnRtpCodec, RTCRtpCodecParameters>(parameters->Codecs, parameters->CodecCount, static p => CodecParameters(*(RtcnRtpCodec*)p));

    public static List<RTCRtpHeaderExtensionParameters> HeaderExtensions(RtcnRtpParameters* parameters) =>
        List<RtcnRtpHeaderExtension, RTCRtpHeaderExtensionParameters>(parameters->HeaderExtensions, parameters->HeaderExtensionCount,
            static p => new RTCRtpHeaderExtensionParameters
            {
                Uri = Utf8.Decode(((RtcnRtpHeaderExtension*)p)->Uri) ?? "",
                Id = ((RtcnRtpHeaderExtension*)p)->Id,
                Encrypted = ((RtcnRtpHeaderExtension*)p)->Encrypted != 0,
            });

    public static RTCRtcpParameters Rtcp(RtcnRtpParameters* parameters) =>
        new() { Cname = Utf8.Decode(parameters->RtcpCname), ReducedSize = parameters->RtcpReducedSize != 0 };

    /// <summary>Reads a block the shim allocated and frees it.</summary>
    public static T ReadAndFree<T>(void* block, Func<nint, T> read)
    {
        try
        {
            return read((nint)block);
        }
        finally
        {
            RtcnNativeMethods.rtcn_free((nint)block);
        }
    }

    /// <summary>Every factory has the same codecs and extensions, so they are read once, from a short-lived factory
    /// without an audio device (not <see cref="PeerConnectionFactory.Default"/>, whose threads would then live for the
    /// whole process).</summary>
    private static readonly Lazy<RTCRtpCapabilities[]> s_capabilities = new(ReadCapabilities);

    public static RTCRtpCapabilities? Capabilities(string kind, bool receiver) =>
        ParseKind(kind) is { } parsed ? s_capabilities.Value[((int)parsed * 2) + (receiver ? 1 : 0)] : null;

    private static RTCRtpCapabilities[] ReadCapabilities()
    {
        using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions { AudioDevice = AudioDeviceKind.Dummy });
        var all = new RTCRtpCapabilities[4];
        foreach (var kind in new[] { MediaKind.Audio, MediaKind.Video })
        {
            for (var receiver = 0; receiver < 2; receiver++)
            {
                RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_factory_get_rtp_capabilities(factory.Handle, kind.ToNative(), receiver, out var block));
                all[((int)kind * 2) + receiver] = ReadAndFree(block, static p =>
                {
                    var caps = (RtcnRtpCapabilities*)p;
                    var codecs = List<RtcnRtpCodec, RTCRtpCodecCapability>(caps->Codecs, caps->CodecCount, static c => CodecCapability(*(RtcnRtpCodec*)c));
                    var extensions = List<RtcnRtpHeaderExtension, RTCRtpHeaderExtensionCapability>(caps->HeaderExtensions, caps->HeaderExtensionCount,
                        static e => new RTCRtpHeaderExtensionCapability { Uri = Utf8.Decode(((RtcnRtpHeaderExtension*)e)->Uri) ?? "" });
                    return new RTCRtpCapabilities(codecs.AsReadOnly(), extensions.AsReadOnly()); // shared by every caller
                });
            }
        }

        return all;
    }
}
