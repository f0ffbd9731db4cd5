namespace RtcNative;

/// <summary>A sender's parameters (W3C RTCRtpSendParameters): read them with <see cref="RTCRtpSender.GetParameters"/>,
/// change the encodings' writable members and <see cref="DegradationPreference"/>, and apply them with
/// <see cref="RTCRtpSender.SetParametersAsync"/>. Codecs, header extensions and RTCP are read-only.</summary>
public sealed class RTCRtpSendParameters
{
    internal RTCRtpSendParameters(string transactionId, IList<RTCRtpEncodingParameters> encodings,
        IReadOnlyList<RTCRtpCodecParameters> codecs, IReadOnlyList<RTCRtpHeaderExtensionParameters> headerExtensions,
        RTCRtcpParameters rtcp, RTCDegradationPreference? degradationPreference)
    {
        TransactionId = transactionId;
        Encodings = encodings;
        Codecs = codecs;
        HeaderExtensions = headerExtensions;
        Rtcp = rtcp;
        DegradationPreference = degradationPreference;
    }

    /// <summary>Identifies this read: <see cref="RTCRtpSender.SetParametersAsync"/> accepts only the latest one.</summary>
    public string TransactionId { get; }

    /// <summary>The encodings (one, or one per simulcast layer); their number and rids cannot change.</summary>
    public IList<RTCRtpEncodingParameters> Encodings { get; }

    /// <summary>The negotiated codecs (empty before negotiation).</summary>
    public IReadOnlyList<RTCRtpCodecParameters> Codecs { get; }

    /// <summary>The negotiated header extensions.</summary>
    public IReadOnlyList<RTCRtpHeaderExtensionParameters> HeaderExtensions { get; }

    /// <summary>RTCP parameters.</summary>
    public RTCRtcpParameters Rtcp { get; }

    /// <summary>What video gives up first under constraint; null = the engine's default (balanced).</summary>
    public RTCDegradationPreference? DegradationPreference { get; set; }
}
