namespace RtcNative;

/// <summary>
/// The SelectSettings algorithm of mediacapture-streams over a list of candidate settings (pure: no device access).
/// <list type="number">
/// <item>Each candidate is a family of settings: a camera mode gives "none" (its native size and rate) and, when it
/// can be cropped and scaled, "crop-and-scale" (any smaller size, any aspect ratio within it, any lower frame rate),
/// as Chrome's resizeMode; a microphone configuration gives its fixed values.</item>
/// <item>The basic set's required values (exact, min, max) narrow each family; families left empty are dropped.
/// When none is left: <see cref="OverconstrainedError"/> naming the first required constraint (in the order of
/// <see cref="ConstraintNames"/>) that no family satisfies on its own, else the one whose application (in that order)
/// removes the last family (where the spec allows "", Chrome names a constraint too).</item>
/// <item>Each advanced set, in order, narrows the families further when at least one family satisfies it (every value
/// in it, bare values included, is required); otherwise it is skipped.</item>
/// <item>Each remaining family yields the setting closest to the basic set's ideals, scored by the spec's fitness
/// distance. For crop-and-scale, as Chrome's ResolutionSet::SelectClosestPointToIdeal: with two or three of width,
/// height and aspect ratio ideal, the allowed size nearest the ideal size; with one, that dimension at the native
/// aspect ratio; with none, the native size within the limits at the native aspect ratio.</item>
/// <item>Ties, in order (Chrome's SelectSettingsVideoDeviceCapture): the "native fitness" (how far the mode's own
/// width, height and frame rate are from the ideal, or without one from the largest allowed value, so a mode that
/// fits is not scaled), the device listed first, the mode whose native size is nearest 640x480 (squared distance),
/// the mode whose native rate is nearest 30 fps, the order of the candidates, "none" before "crop-and-scale".</item>
/// </list>
/// A crop-and-scale setting keeps the mode's frame rate unless a frameRate constraint asks for less, as Chrome does.
/// Real values are compared with a relative tolerance of 1e-5.
/// </summary>
internal static class ConstraintSelection
{
    public const string ResizeNone = "none";
    public const string ResizeCropAndScale = "crop-and-scale";

    // Chrome's defaults for a camera track (media_stream_video_source.h: kDefaultWidth, kDefaultHeight, kDefaultFrameRate).
    public const int DefaultWidth = 640;
    public const int DefaultHeight = 480;
    public const double DefaultFrameRate = 30;

    // A crop-and-scale track's lowest frame rate.
    private const double MinDecimatedFrameRate = 1;
    private const double Tolerance = 1e-5;

    /// <summary>The constraints, in the order a failure is looked for and named.</summary>
    public static readonly IReadOnlyList<string> ConstraintNames =
    [
        "deviceId", "groupId", "facingMode", "resizeMode", "width", "height", "aspectRatio", "frameRate",
        "sampleRate", "channelCount", "echoCancellation", "noiseSuppression", "autoGainControl",
    ];

    /// <summary>Chooses the setting for <paramref name="constraints"/> among <paramref name="candidates"/>.</summary>
    /// <exception cref="OverconstrainedError">No candidate satisfies the required constraints.</exception>
    public static SelectedSettings Select(IReadOnlyList<SettingsCandidate> candidates, MediaTrackConstraints constraints)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(constraints);
        var families = new List<Family>();
        for (var i = 0; i < candidates.Count; i++)
        {
            families.AddRange(Family.Of(candidates[i], i));
        }

        var survivors = new List<Family>();
        foreach (var family in families)
        {
            var narrowed = family.Clone();
            if (narrowed.Apply(constraints, advanced: false, only: null) is null)
            {
                survivors.Add(narrowed);
            }
        }

        if (survivors.Count == 0)
        {
            throw new OverconstrainedError(FailedConstraint(families, constraints));
        }

        foreach (var set in constraints.Advanced)
        {
            var kept = new List<Family>();
            foreach (var family in survivors)
            {
                var narrowed = family.Clone();
                if (narrowed.Apply(set, advanced: true, only: null) is null)
                {
                    kept.Add(narrowed);
                }
            }

            if (kept.Count > 0)
            {
                survivors = kept;
            }
        }

        // Chrome's "favor IDs that appear first in the enumeration".
        var deviceOrder = new Dictionary<string, int>();
        foreach (var candidate in candidates)
        {
            deviceOrder.TryAdd(candidate.DeviceId ?? "", deviceOrder.Count);
        }

        SelectedSettings? best = null;
        double[]? bestKey = null;
        foreach (var family in survivors)
        {
            var settings = family.Choose(constraints);
            double[] key =
            [
                settings.Fitness,
                family.NativeFitness(constraints),
                deviceOrder[family.Candidate.DeviceId ?? ""],
                family.DefaultResolutionDistance(),
                family.DefaultFrameRateDistance(),
                family.Index,
                family.Order,
            ];
            if (bestKey is null || Less(key, bestKey))
            {
                best = settings;
                bestKey = key;
            }
        }

        return best!;
    }

    /// <summary>The spec's fitness distance of two positive numbers.</summary>
    public static double Distance(double actual, double ideal) =>
        actual == ideal ? 0 : Math.Abs(actual - ideal) / Math.Max(Math.Abs(actual), Math.Abs(ideal));

    // The spec's failedConstraint: the first required constraint (in ConstraintNames order) that no family satisfies
    // on its own. When each one alone can be satisfied, the spec allows ""; like Chrome we name one instead: the
    // constraint that, applied in that order, leaves no family ("frameRate" for 1080p60 from a camera with 1080p30
    // and 720p60).
    private static string FailedConstraint(List<Family> families, MediaTrackConstraintSet set)
    {
        foreach (var name in ConstraintNames)
        {
            if (IsRequired(set, name) && families.All(f => f.Clone().Apply(set, advanced: false, only: name) is not null))
            {
                return name;
            }
        }

        var survivors = families.Select(f => f.Clone()).ToList();
        foreach (var name in ConstraintNames)
        {
            survivors.RemoveAll(f => f.Apply(set, advanced: false, only: name) is not null);
            if (survivors.Count == 0)
            {
                return name;
            }
        }

        return "";
    }

    private static bool IsRequired(MediaTrackConstraintSet set, string name) => name switch
    {
        "deviceId" => set.DeviceId?.Exact is not null,
        "groupId" => set.GroupId?.Exact is not null,
        "facingMode" => set.FacingMode?.Exact is not null,
        "resizeMode" => set.ResizeMode?.Exact is not null,
        "width" => set.Width is { } c && (c.Exact ?? c.Min ?? c.Max) is not null,
        "height" => set.Height is { } c && (c.Exact ?? c.Min ?? c.Max) is not null,
        "aspectRatio" => set.AspectRatio is { } c && (c.Exact ?? c.Min ?? c.Max) is not null,
        "frameRate" => set.FrameRate is { } c && (c.Exact ?? c.Min ?? c.Max) is not null,
        "sampleRate" => set.SampleRate is { } c && (c.Exact ?? c.Min ?? c.Max) is not null,
        "channelCount" => set.ChannelCount is { } c && (c.Exact ?? c.Min ?? c.Max) is not null,
        "echoCancellation" => set.EchoCancellation?.Exact is not null,
        "noiseSuppression" => set.NoiseSuppression?.Exact is not null,
        "autoGainControl" => set.AutoGainControl?.Exact is not null,
        _ => false,
    };

    // Lexicographic, with doubles equal within 1e-9.
    private static bool Less(double[] a, double[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var c = Compare(a[i], b[i]);
            if (c != 0)
            {
                return c < 0;
            }
        }

        return false;
    }

    private static int Compare(double a, double b) => Math.Abs(a - b) <= 1e-9 ? 0 : a.CompareTo(b);

    private static bool Within(double value, double min, double max) =>
        value >= min - Tolerance * Math.Max(1, Math.Abs(min)) && value <= max + Tolerance * Math.Max(1, Math.Abs(max));

    /// <summary>A closed interval of values a family can still take.</summary>
    private readonly record struct Range(double Min, double Max)
    {
        public static Range Point(double value) => new(value, value);

        public double Clamp(double value) => Math.Min(Max, Math.Max(Min, value));

        // The part of this range inside [min, max]; null when they do not meet (within the tolerance).
        public Range? Intersect(double min, double max)
        {
            if (!Within(Min, double.NegativeInfinity, max) || !Within(Max, min, double.PositiveInfinity))
            {
                return null;
            }

            var lo = Math.Max(Min, min);
            var hi = Math.Min(Max, max);
            if (lo > hi)
            {
                // Equal within the tolerance: keep the family's own value (e.g. 1920/1080 for an exact 16/9).
                lo = hi = Clamp(lo);
            }

            return new Range(lo, hi);
        }
    }

    /// <summary>The settings one candidate can take with one resize mode, narrowed by the sets applied so far.</summary>
    private sealed class Family
    {
        private Family(SettingsCandidate candidate, int index, int order, string? resizeMode)
        {
            Candidate = candidate;
            Index = index;
            Order = order;
            ResizeMode = resizeMode;
        }

        public SettingsCandidate Candidate { get; }

        public int Index { get; }

        public int Order { get; }

        public string? ResizeMode { get; }

        private Range? Width { get; set; }

        private Range? Height { get; set; }

        private Range? Aspect { get; set; }

        private Range? FrameRate { get; set; }

        public static IEnumerable<Family> Of(SettingsCandidate candidate, int index)
        {
            if (candidate.Width is not { } w || candidate.Height is not { } h)
            {
                yield return new Family(candidate, index, 0, null)
                {
                    FrameRate = candidate.FrameRate is { } nativeRate ? Range.Point(nativeRate) : null,
                };
                yield break;
            }

            yield return new Family(candidate, index, 0, ResizeNone)
            {
                Width = Range.Point(w),
                Height = Range.Point(h),
                Aspect = Range.Point((double)w / h),
                FrameRate = candidate.FrameRate is { } f ? Range.Point(f) : null,
            };
            if (candidate.CanCropAndScale)
            {
                yield return new Family(candidate, index, 1, ResizeCropAndScale)
                {
                    Width = new Range(1, w),
                    Height = new Range(1, h),
                    Aspect = new Range(1.0 / h, w),
                    FrameRate = candidate.FrameRate is { } rate ? new Range(Math.Min(rate, MinDecimatedFrameRate), rate) : null,
                };
            }
        }

        public Family Clone() => (Family)MemberwiseClone();

        /// <summary>Narrows this family by the set's required values (advanced: bare values too); returns the first
        /// failed constraint's name, or null. <paramref name="only"/> restricts the check to one constraint.</summary>
        public string? Apply(MediaTrackConstraintSet set, bool advanced, string? only)
        {
            bool Check(string name) => only is null || only == name;

            if (Check("deviceId") && !StringOk(set.DeviceId, Candidate.DeviceId, advanced))
            {
                return "deviceId";
            }

            if (Check("groupId") && !StringOk(set.GroupId, Candidate.GroupId, advanced))
            {
                return "groupId";
            }

            if (Check("facingMode") && !StringOk(set.FacingMode, Candidate.FacingMode, advanced))
            {
                return "facingMode";
            }

            if (Check("resizeMode") && !StringOk(set.ResizeMode, ResizeMode, advanced))
            {
                return "resizeMode";
            }

            if (Check("width") && !Narrow(set.Width, advanced, Width, r => Width = r))
            {
                return "width";
            }

            if (Check("height") && !Narrow(set.Height, advanced, Height, r => Height = r))
            {
                return "height";
            }

            if (Check("aspectRatio") && (!Narrow(set.AspectRatio, advanced, Aspect, r => Aspect = r) || !Couple()))
            {
                return "aspectRatio";
            }

            if (Check("frameRate") && !Narrow(set.FrameRate, advanced, FrameRate, r => FrameRate = r))
            {
                return "frameRate";
            }

            if (Check("sampleRate") && !Narrow(set.SampleRate, advanced, Point(Candidate.SampleRate), _ => { }))
            {
                return "sampleRate";
            }

            if (Check("channelCount") && !Narrow(set.ChannelCount, advanced, Point(Candidate.ChannelCount), _ => { }))
            {
                return "channelCount";
            }

            if (Check("echoCancellation") && !BooleanOk(set.EchoCancellation, Candidate.EchoCancellation, advanced))
            {
                return "echoCancellation";
            }

            if (Check("noiseSuppression") && !BooleanOk(set.NoiseSuppression, Candidate.NoiseSuppression, advanced))
            {
                return "noiseSuppression";
            }

            if (Check("autoGainControl") && !BooleanOk(set.AutoGainControl, Candidate.AutoGainControl, advanced))
            {
                return "autoGainControl";
            }

            return null;
        }

        /// <summary>The setting of this family closest to the basic set's ideals, with its fitness distance.</summary>
        public SelectedSettings Choose(MediaTrackConstraintSet basic)
        {
            int? width = null, height = null;
            double? frameRate = null;
            if (Width is { } wr && Height is { } hr && Aspect is { } ar && Candidate.Width is { } nativeW && Candidate.Height is { } nativeH)
            {
                if (ResizeMode == ResizeNone)
                {
                    (width, height) = (nativeW, nativeH);
                }
                else
                {
                    var nativeAspect = (double)nativeW / nativeH;
                    double? idealW = basic.Width?.Ideal, idealH = basic.Height?.Ideal, idealA = basic.AspectRatio?.Ideal;
                    double h, w;
                    var ideals = (idealW is null ? 0 : 1) + (idealH is null ? 0 : 1) + (idealA is null ? 0 : 1);
                    if (ideals >= 2)
                    {
                        // Chrome (ResolutionSet::SelectClosestPointToIdeal): the allowed size nearest the ideal one.
                        var ih = idealH ?? idealW!.Value / idealA!.Value;
                        var iw = idealW ?? ih * idealA!.Value;
                        (h, w) = ClosestSize(ih, iw, hr, wr, ar);
                    }
                    else
                    {
                        // One ideal or none: that dimension (or the native size), at the native aspect ratio.
                        h = hr.Clamp(idealH ?? (idealW is { } iw ? iw / (idealA ?? nativeAspect) : nativeH));
                        var a = ar.Clamp(idealA ?? nativeAspect);
                        w = wr.Clamp(h * a);
                        if (Math.Abs(w - h * a) > 0.5)
                        {
                            h = hr.Clamp(w / a); // the width hit its limit: keep the aspect ratio through the height
                        }
                    }

                    width = (int)Math.Max(1, Math.Round(w));
                    height = (int)Math.Max(1, Math.Round(h));
                }
            }

            if (FrameRate is { } fr && Candidate.FrameRate is { } nativeF)
            {
                frameRate = ResizeMode == ResizeCropAndScale ? fr.Clamp(basic.FrameRate?.Ideal ?? nativeF) : nativeF;
            }

            var chosen = new SelectedSettings
            {
                Candidate = Candidate,
                ResizeMode = ResizeMode,
                Width = width,
                Height = height,
                FrameRate = frameRate,
            };
            return chosen with { Fitness = Fitness(basic, chosen) };
        }

        // The point of {height in hr, width in wr, width / height in ar} nearest (ih, iw): the box clamp when its aspect
        // ratio is allowed, else the nearest point of the aspect-ratio bound it crosses, within the box.
        private static (double Height, double Width) ClosestSize(double ih, double iw, Range hr, Range wr, Range ar)
        {
            var h = hr.Clamp(ih);
            var w = wr.Clamp(iw);
            var ratio = w / h;
            if (Within(ratio, ar.Min, ar.Max))
            {
                return (h, w);
            }

            var bound = ratio < ar.Min ? ar.Min : ar.Max;
            var onLine = (ih + bound * iw) / (1 + bound * bound);
            var lo = Math.Max(hr.Min, wr.Min / bound);
            var hi = Math.Min(hr.Max, wr.Max / bound);
            h = Math.Min(hi, Math.Max(lo, onLine));
            return (h, h * bound);
        }

        /// <summary>Chrome's native fitness: how far the mode's own width, height and frame rate are from the ideal
        /// clamped to what this family still allows, or without an ideal from the largest value it allows.</summary>
        public double NativeFitness(MediaTrackConstraintSet basic) =>
            NativeDistance(Candidate.Width, Width, basic.Width?.Ideal) + NativeDistance(Candidate.Height, Height, basic.Height?.Ideal)
            + NativeDistance(Candidate.FrameRate, FrameRate, basic.FrameRate?.Ideal);

        /// <summary>Squared distance of the native size from Chrome's default 640x480 (0 for audio).</summary>
        public double DefaultResolutionDistance() => Candidate.Width is { } w && Candidate.Height is { } h
            ? Math.Pow(w - DefaultWidth, 2) + Math.Pow(h - DefaultHeight, 2)
            : 0;

        /// <summary>Fitness distance of the native frame rate from Chrome's default 30 fps (0 for audio).</summary>
        public double DefaultFrameRateDistance() => NumberDistance(Candidate.FrameRate, DefaultFrameRate);

        private static double NativeDistance(double? native, Range? allowed, double? ideal) =>
            native is { } n && allowed is { } r ? Distance(n, ideal is { } i ? r.Clamp(i) : r.Max) : 0;

        private static double NumberDistance(double? actual, double? ideal) =>
            actual is { } a && ideal is { } i ? Distance(a, i) : 0;

        // The spec's fitness distance of the basic set's ideals (required values already hold).
        private static double Fitness(MediaTrackConstraintSet basic, SelectedSettings s)
        {
            var c = s.Candidate;
            return Ideal(basic.Width?.Ideal, s.Width) + Ideal(basic.Height?.Ideal, s.Height)
                + Ideal(basic.AspectRatio?.Ideal, s.AspectRatio) + Ideal(basic.FrameRate?.Ideal, s.FrameRate)
                + Ideal(basic.SampleRate?.Ideal, c.SampleRate) + Ideal(basic.ChannelCount?.Ideal, c.ChannelCount)
                + Ideal(basic.DeviceId?.Ideal, c.DeviceId) + Ideal(basic.GroupId?.Ideal, c.GroupId)
                + Ideal(basic.FacingMode?.Ideal, c.FacingMode) + Ideal(basic.ResizeMode?.Ideal, s.ResizeMode)
                + Ideal(basic.EchoCancellation?.Ideal, c.EchoCancellation)
                + Ideal(basic.NoiseSuppression?.Ideal, c.NoiseSuppression)
                + Ideal(basic.AutoGainControl?.Ideal, c.AutoGainControl);
        }

        // No ideal: 0; the setting does not exist: 1 (the spec's rules).
        private static double Ideal(double? ideal, double? actual) =>
            ideal is not { } i ? 0 : actual is { } a ? Distance(a, i) : 1;

        private static double Ideal(IReadOnlyList<string>? ideal, string? actual) =>
            ideal is null ? 0 : actual is not null && ideal.Contains(actual) ? 0 : 1;

        private static double Ideal(bool? ideal, bool? actual) =>
            ideal is not { } i ? 0 : actual is { } a && a == i ? 0 : 1;

        private static Range? Point(double? value) => value is { } v ? Range.Point(v) : null;

        private static bool StringOk(ConstrainDOMString? constraint, string? actual, bool advanced)
        {
            var required = constraint?.Exact ?? (advanced && constraint is { IsBareValue: true } ? constraint.Ideal : null);
            return required is null || (actual is not null && required.Contains(actual));
        }

        private static bool BooleanOk(ConstrainBoolean? constraint, bool? actual, bool advanced)
        {
            var required = constraint?.Exact ?? (advanced && constraint is { IsBareValue: true } ? constraint.Ideal : null);
            return required is not { } r || (actual is { } a && a == r);
        }

        private static bool Narrow(ConstrainULong? c, bool advanced, Range? range, Action<Range> set) =>
            c is null || Narrow(c.Exact, c.Min, c.Max, advanced && c.IsBareValue ? c.Ideal : null, range, set);

        private static bool Narrow(ConstrainDouble? c, bool advanced, Range? range, Action<Range> set) =>
            c is null || Narrow(c.Exact, c.Min, c.Max, advanced && c.IsBareValue ? c.Ideal : null, range, set);

        // Intersects the range with [min, max], exact and (advanced) a bare value; false when that leaves nothing or
        // the setting does not exist while something is required.
        private static bool Narrow(double? exact, double? min, double? max, double? bare, Range? range, Action<Range> set)
        {
            if (exact is null && min is null && max is null && bare is null)
            {
                return true;
            }

            if (range is not { } r)
            {
                return false;
            }

            var lo = Math.Max(Math.Max(min ?? double.NegativeInfinity, exact ?? double.NegativeInfinity), bare ?? double.NegativeInfinity);
            var hi = Math.Min(Math.Min(max ?? double.PositiveInfinity, exact ?? double.PositiveInfinity), bare ?? double.PositiveInfinity);
            if (!Within(lo, double.NegativeInfinity, hi))
            {
                return false; // min above max, or two exact values apart
            }

            if (r.Intersect(lo, hi) is not { } narrowed)
            {
                return false;
            }

            set(narrowed);
            return true;
        }

        // Width, height and aspect ratio constrain each other: some width / height must fall in the aspect range.
        private bool Couple()
        {
            if (Width is not { } w || Height is not { } h || Aspect is not { } a)
            {
                return true;
            }

            if (a.Intersect(w.Min / h.Max, w.Max / h.Min) is not { } aspect
                || w.Intersect(aspect.Min * h.Min, aspect.Max * h.Max) is not { } width
                || h.Intersect(width.Min / aspect.Max, width.Max / aspect.Min) is not { } height)
            {
                return false;
            }

            (Width, Height, Aspect) = (width, height, aspect);
            return true;
        }
    }
}
