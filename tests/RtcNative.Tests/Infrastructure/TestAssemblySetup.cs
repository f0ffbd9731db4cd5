namespace RtcNative.Tests;

/// <summary>
/// What the test host decides for the whole run, as an application would: the thread pool's minimum. Several tests
/// block event handlers on purpose (to prove a slow handler delays only its own connection); the pool starts
/// threads without delay only up to its minimum, so the suite raises it, once, for itself. The library never
/// changes it (README, Threading).
/// </summary>
[SetUpFixture]
public sealed class TestAssemblySetup
{
    /// <summary>The pool's minimum worker count during the run.</summary>
    public static int PoolMinimum { get; } = Math.Max(16, 2 * Environment.ProcessorCount);

    [OneTimeSetUp]
    public void RaiseThreadPoolMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < PoolMinimum)
        {
            ThreadPool.SetMinThreads(PoolMinimum, completionPorts);
        }
    }
}
