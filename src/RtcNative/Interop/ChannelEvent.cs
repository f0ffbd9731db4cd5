namespace RtcNative.Interop;

/// <summary>The events a data channel's native callbacks queue (the Kind of its dispatch items).</summary>
internal enum ChannelEvent
{
    StateChange,
    MessagesAvailable, // the native inbox has messages: take them with rtcn_data_channel_receive
    BufferedAmountDecrease,
}
