namespace RtcNative.Tests;

/// <summary>Tests that share one loopback factory for the whole fixture.</summary>
public abstract class LoopbackFixture
{
    protected PeerConnectionFactory Factory { get; private set; } = null!;

    [OneTimeSetUp]
    public void CreateFactory() => Factory = TestFactory.CreateLoopback();

    [OneTimeTearDown]
    public void DisposeFactory() => Factory.Dispose();
}
