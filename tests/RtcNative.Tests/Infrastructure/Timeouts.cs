namespace RtcNative.Tests;

/// <summary>Every wait in these tests is bounded.</summary>
internal static class Timeouts
{
    public static readonly TimeSpan Event = TimeSpan.FromSeconds(20);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Event);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Event);

    /// <summary>Polls <paramref name="condition"/> until it holds or the timeout passes; returns whether it held.</summary>
    public static async Task<bool> PollAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Event);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
