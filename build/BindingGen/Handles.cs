namespace BindingGen;

/// <summary>An opaque handle type and the function that drops the reference a handle holds.</summary>
sealed record HandleType(TagDecl Tag, Function Release);

/// <summary>
/// Pairs every opaque handle type (a struct declared, never defined) with its release function,
/// found by name: rtcn_x with rtcn_status rtcn_x_release(rtcn_x*). The generated SafeHandle calls
/// it, so a handle type without one cannot be bound and stops generation.
/// </summary>
static class Handles
{
    /// <summary>The handle types in header order.</summary>
    public static IReadOnlyList<HandleType> Find(HeaderModel model, TypeMapper mapper)
    {
        var result = new List<HandleType>();
        foreach (var tag in model.Tags.Where(t => t.Kind == "struct" && !t.IsDefined))
        {
            string name = tag.CName + "_release";
            string expected = $"declare rtcn_status {name}({tag.CName}* handle)";
            var release = model.Functions.FirstOrDefault(f => f.Name == name)
                ?? throw new BindingGenException($"handle type {tag.CName} has no release function: {expected}");
            if (release.Parameters.Count != 1 || mapper.HandleOf(release, release.Parameters[0]) != tag)
                throw new BindingGenException($"{name} must take exactly one {tag.CName}* ({release.Spelling}): {expected}");
            // ReleaseHandle reports success by comparing the result with RtcnStatus.Ok.
            if (mapper.Return(release) != "RtcnStatus")
                throw new BindingGenException($"{name} must return rtcn_status ({release.Spelling}): {expected}");
            result.Add(new HandleType(tag, release));
        }
        return result;
    }
}
