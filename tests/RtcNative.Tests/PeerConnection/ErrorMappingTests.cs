using RtcNative.Interop;

namespace RtcNative.Tests;

public sealed class ErrorMappingTests
{
    [TestCase(nameof(RtcnStatus.ErrorInvalidState), "InvalidStateError")]
    [TestCase(nameof(RtcnStatus.ErrorClosed), "InvalidStateError")]
    [TestCase(nameof(RtcnStatus.ErrorInvalidAccess), "InvalidAccessError")]
    [TestCase(nameof(RtcnStatus.ErrorInvalidModification), "InvalidModificationError")]
    [TestCase(nameof(RtcnStatus.ErrorOperation), "OperationError")]
    [TestCase(nameof(RtcnStatus.ErrorSyntax), "SyntaxError")]
    [TestCase(nameof(RtcnStatus.ErrorNotSupported), "NotSupportedError")]
    [TestCase(nameof(RtcnStatus.ErrorNetwork), "NetworkError")]
    [TestCase(nameof(RtcnStatus.ErrorInternal), "OperationError")]
    public void DomExceptionStatusesBecomeRTCExceptions(string status, string errorName)
    {
        var exception = RtcnErrors.Create(Enum.Parse<RtcnStatus>(status), RtcnErrorDetail.None, 0, -1, "what happened");

        Assert.That(exception, Is.TypeOf<RTCException>());
        var error = (RTCException)exception;
        Assert.That((error.ErrorName, error.Message, error.ErrorDetail, error.SdpLineNumber), Is.EqualTo((errorName, "what happened", (RTCErrorDetailType?)null, (int?)null)));
    }

    [Test]
    public void TypeAndRangeErrorsBecomeArgumentExceptions()
    {
        Assert.That(RtcnErrors.Create(RtcnStatus.ErrorInvalidArgument, RtcnErrorDetail.None, 0, -1, "bad"), Is.TypeOf<ArgumentException>());
        Assert.That(RtcnErrors.Create(RtcnStatus.ErrorRange, RtcnErrorDetail.None, 0, -1, "far"), Is.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void DetailAndSdpLineAreCarried()
    {
        var error = (RTCException)RtcnErrors.Create(RtcnStatus.ErrorOperation, RtcnErrorDetail.SdpSyntaxError, 3, -1, "bad line");

        Assert.That(error.ErrorDetail, Is.EqualTo(RTCErrorDetailType.SdpSyntaxError));
        Assert.That(error.SdpLineNumber, Is.EqualTo(3));
    }

    [Test]
    public void SctpCauseIsCarriedForSctpFailures()
    {
        var error = (RTCException)RtcnErrors.Create(RtcnStatus.ErrorOperation, RtcnErrorDetail.SctpFailure, 0, 12, "abort");

        Assert.That(error.SctpCauseCode, Is.EqualTo(12));
    }

    [Test]
    public void EmptyMessagesFallBackToTheErrorName()
    {
        var error = (RTCException)RtcnErrors.Create(RtcnStatus.ErrorInvalidState, RtcnErrorDetail.None, 0, -1, "");
        Assert.That(error.Message, Is.EqualTo("InvalidStateError"));
    }
}
