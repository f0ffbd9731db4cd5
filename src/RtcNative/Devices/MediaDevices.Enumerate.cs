using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

// enumerateDevices() and devicechange. Audio devices come from the sound system (Devices/Audio/AudioDeviceList);
// video inputs are added by AddVideoInputs, implemented where cameras are.
public sealed partial class MediaDevices
{
    private readonly Lock _deviceChangeLock = new();
    private EventHandler? _deviceChange;
    private DeviceWatcher? _watcher; // under _deviceChangeLock: runs while DeviceChange has handlers
    private bool _watchingStopped;   // under _deviceChangeLock: the factory was disposed

    /// <summary>The media input and output devices (W3C enumerateDevices): audio inputs, video inputs, then audio
    /// outputs, each kind with its "default" entry first where the platform has a default. Audio devices are
    /// PulseAudio's, or ALSA's when no PulseAudio server answers; without either there are no audio entries. Ids are
    /// stable (see <see cref="MediaDeviceInfo"/>).</summary>
    /// <param name="cancellationToken">Cancels the wait (the query to the sound server is bounded anyway).</param>
    public Task<IReadOnlyList<MediaDeviceInfo>> EnumerateDevicesAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => (IReadOnlyList<MediaDeviceInfo>)ListDevices(), cancellationToken);

    /// <summary>devicechange: the set of devices <see cref="EnumerateDevicesAsync"/> lists changed (a device added or
    /// removed, or the sound server started or stopped; ALSA's list is compared once a second while no server
    /// answers). Raised on RtcNative's event threads. While a handler is attached a native thread watches the sound
    /// system.</summary>
    public event EventHandler? DeviceChange
    {
        add
        {
            lock (_deviceChangeLock)
            {
                _deviceChange += value;
                if (_deviceChange is not null && _watcher is null && !_watchingStopped)
                {
                    _watcher = new DeviceWatcher(this);
                }
            }
        }

        remove
        {
            lock (_deviceChangeLock)
            {
                _deviceChange -= value;
                if (_deviceChange is null && _watcher is not null)
                {
                    _watcher.Stop();
                    _watcher = null;
                }
            }
        }
    }

    /// <summary>The factory was disposed: its watcher thread ends (within a wait slice) and handlers attached later
    /// start none; devicechange is not raised any more.</summary>
    internal void StopWatching()
    {
        lock (_deviceChangeLock)
        {
            _watchingStopped = true;
            _watcher?.Stop();
            _watcher = null;
        }
    }

    /// <summary>Video inputs for <see cref="EnumerateDevicesAsync"/>, appended after the audio inputs (cameras).</summary>
    partial void AddVideoInputs(List<MediaDeviceInfo> devices);

    private List<MediaDeviceInfo> ListDevices()
    {
        var audio = AudioDeviceList.Query();
        var devices = new List<MediaDeviceInfo>(audio.Inputs);
        AddVideoInputs(devices);
        devices.AddRange(audio.Outputs);
        return devices;
    }

    private void RaiseDeviceChange()
    {
        EventHandler? handlers;
        lock (_deviceChangeLock)
        {
            handlers = _deviceChange;
        }

        handlers?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>A thread blocked in the native monitor (never a libpulse thread calling out); when the server reports
    /// a change it lists the devices again and, when the list differs, raises DeviceChange on an event thread (the
    /// server also reports volume and state changes, which are not device changes).</summary>
    private sealed class DeviceWatcher : IEventWork
    {
        private static readonly int WaitMilliseconds = 250; // how soon Stop is seen
        private static readonly TimeSpan CameraPollInterval = TimeSpan.FromSeconds(2);
        private readonly MediaDevices _owner;
        private volatile bool _stopped;

        public DeviceWatcher(MediaDevices owner)
        {
            _owner = owner;
            new Thread(Run) { IsBackground = true, Name = "RtcNativeDevices" }.Start();
        }

        public void Stop() => _stopped = true;

        void IEventWork.Run() => _owner.RaiseDeviceChange();

        private void Run()
        {
            // The sound server pushes its changes (the native monitor counts them); V4L2 has no such signal here, so the
            // list is also taken again every CameraPollInterval to see cameras come and go (the issue allows polling).
            var created = RtcnNativeMethods.rtcn_audio_device_monitor_create(out var monitor);
            using (monitor)
            {
                var known = 0UL;
                var devices = Describe(_owner.ListDevices());
                var sinceListed = System.Diagnostics.Stopwatch.StartNew();
                while (!_stopped)
                {
                    var count = known;
                    if (created == RtcnStatus.Ok)
                    {
                        if (RtcnNativeMethods.rtcn_audio_device_monitor_wait(monitor, known, WaitMilliseconds, out count) != RtcnStatus.Ok)
                        {
                            created = RtcnStatus.ErrorInternal; // keep polling rather than stop raising the event
                        }
                    }
                    else
                    {
                        Thread.Sleep(WaitMilliseconds);
                    }

                    if (_stopped || (count == known && sinceListed.Elapsed < CameraPollInterval))
                    {
                        continue;
                    }

                    known = count;
                    sinceListed.Restart();
                    var now = Describe(_owner.ListDevices());
                    if (now != devices)
                    {
                        devices = now;
                        EventThreads.Schedule(this);
                    }
                }
            }
        }

        private static string Describe(List<MediaDeviceInfo> devices) => string.Join('\n', devices);
    }
}
