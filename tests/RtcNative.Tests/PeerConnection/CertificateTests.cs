using System.Text.RegularExpressions;

namespace RtcNative.Tests;

// Modelled on web-platform-tests webrtc/RTCPeerConnection-generateCertificate.html and
// webrtc/RTCCertificate.html, plus PEM export/import (beyond browsers).
public sealed partial class CertificateTests : LoopbackFixture
{
    private static readonly AlgorithmIdentifier Ecdsa = new() { Name = "ECDSA", NamedCurve = "P-256" };

    [Test] // "generateCertificate() with compulsary ECDSA parameters should succeed", and the default
    public async Task EcdsaIsTheDefaultAndLastsThirtyDays()
    {
        var byDefault = await RTCPeerConnection.GenerateCertificateAsync().WithTimeout();
        var explicitly = await RTCPeerConnection.GenerateCertificateAsync(Ecdsa).WithTimeout();

        foreach (var certificate in new[] { byDefault, explicitly })
        {
            Assert.That(certificate.Expires, Is.EqualTo(DateTimeOffset.UtcNow.AddDays(30)).Within(TimeSpan.FromMinutes(5)));
            AssertFingerprintShape(certificate);
        }

        Assert.That(byDefault.GetFingerprints()[0].Value, Is.Not.EqualTo(explicitly.GetFingerprints()[0].Value), "each call makes a new key");
    }

    [TestCase(2048)] // "compulsary RSASSA-PKCS1-v1_5 parameters"
    [TestCase(1024)]
    public async Task RsaWithSha256Succeeds(int modulusLength)
    {
        var certificate = await RTCPeerConnection.GenerateCertificateAsync(new AlgorithmIdentifier
        {
            Name = "RSASSA-PKCS1-v1_5", ModulusLength = modulusLength, PublicExponent = [1, 0, 1], Hash = "SHA-256",
        }).WithTimeout();

        AssertFingerprintShape(certificate);
        Assert.That(certificate.ToPem(), Does.Contain("-----BEGIN CERTIFICATE-----"));
    }

    [Test] // "with invalid string algorithm / invalid algorithm dict / SHA-1 should reject with NotSupportedError"
    public async Task UnsupportedAlgorithmsFaultTheTaskWithNotSupportedError()
    {
        AlgorithmIdentifier[] unsupported =
        [
            "invalid-algo",
            new AlgorithmIdentifier { Name = "ECDH", NamedCurve = "P-256" },
            new AlgorithmIdentifier { Name = "ECDSA", NamedCurve = "P-384" },
            new AlgorithmIdentifier { Name = "RSASSA-PKCS1-v1_5", ModulusLength = 2048, PublicExponent = [1, 0, 1], Hash = "SHA-1" },
            new AlgorithmIdentifier { Name = "RSASSA-PKCS1-v1_5", ModulusLength = 512, PublicExponent = [1, 0, 1], Hash = "SHA-256" },
            new AlgorithmIdentifier { Name = "RSASSA-PKCS1-v1_5", ModulusLength = 2048, PublicExponent = [3], Hash = "SHA-256" },
        ];

        foreach (var algorithm in unsupported)
        {
            var task = RTCPeerConnection.GenerateCertificateAsync(algorithm); // never throws: the task faults
            var error = await Assert.ThrowsAsync<RTCException>(async () => await task.WithTimeout());
            Assert.That(error!.ErrorName, Is.EqualTo("NotSupportedError"), algorithm.Name);
        }
    }

    [Test] // WebCrypto: a required member missing is a TypeError
    public void MissingRequiredMembersAreTypeErrorsThrownSynchronously()
    {
        Assert.That(() => RTCPeerConnection.GenerateCertificateAsync(new AlgorithmIdentifier { Name = "ECDSA" }),
            Throws.InstanceOf<ArgumentException>());
        Assert.That(() => RTCPeerConnection.GenerateCertificateAsync(new AlgorithmIdentifier { Name = "RSASSA-PKCS1-v1_5", Hash = "SHA-256" }),
            Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void ACancelledGenerationCompletesAsCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var task = RTCPeerConnection.GenerateCertificateAsync(cancellationToken: cancellation.Token);

        Assert.That(async () => await task.WithTimeout(), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test] // "generateCertificate() with valid expires parameter should succeed"
    public async Task ExpiresSetsTheValidity()
    {
        var start = DateTimeOffset.UtcNow;

        var certificate = await RTCPeerConnection.GenerateCertificateAsync(new AlgorithmIdentifier { Name = "ECDSA", NamedCurve = "P-256", Expires = 2000 }).WithTimeout();

        // X.509 counts whole seconds: within a second of start + 2 s.
        Assert.That(certificate.Expires, Is.EqualTo(start.AddMilliseconds(2000)).Within(TimeSpan.FromMilliseconds(1000)));
    }

    [Test] // "with 0 expires parameter should generate expired cert" and RTCCertificate.html's constructor check
    public async Task AnExpiredCertificateIsRefusedByTheConstructorWithInvalidAccessError()
    {
        var certificate = await RTCPeerConnection.GenerateCertificateAsync(new AlgorithmIdentifier { Name = "ECDSA", NamedCurve = "P-256", Expires = 0 }).WithTimeout();
        Assert.That(certificate.Expires, Is.LessThanOrEqualTo(DateTimeOffset.UtcNow));

        var error = Assert.Throws<RTCException>(() => Factory.CreatePeerConnection(new RTCConfiguration { Certificates = { certificate } }));

        Assert.That(error!.ErrorName, Is.EqualTo("InvalidAccessError"));
    }

    [Test] // "Calling setConfiguration with different set of certs should reject with InvalidModificationError"
    public async Task SetConfigurationAcceptsOnlyTheSameCertificates()
    {
        var first = await RTCPeerConnection.GenerateCertificateAsync().WithTimeout();
        var second = await RTCPeerConnection.GenerateCertificateAsync().WithTimeout();
        using var connection = Factory.CreatePeerConnection(new RTCConfiguration { Certificates = { first } });

        connection.SetConfiguration(new RTCConfiguration { Certificates = { first } });
        connection.SetConfiguration(new RTCConfiguration { Certificates = { RTCCertificate.FromPem(first.ToPem()) } }); // same content
        connection.SetConfiguration(new RTCConfiguration()); // empty: unchanged
        var other = Assert.Throws<RTCException>(() => connection.SetConfiguration(new RTCConfiguration { Certificates = { second } }));
        var more = Assert.Throws<RTCException>(() => connection.SetConfiguration(new RTCConfiguration { Certificates = { first, second } }));

        Assert.That(other!.ErrorName, Is.EqualTo("InvalidModificationError"));
        Assert.That(more!.ErrorName, Is.EqualTo("InvalidModificationError"));
        Assert.That(connection.GetConfiguration().Certificates, Is.EqualTo(new[] { first }));
    }

    [Test] // "RTCPeerConnection({ certificates }) should generate offer SDP with fingerprint of provided certificate"
    public async Task TheOfferCarriesTheCertificatesFingerprint()
    {
        var certificate = await RTCPeerConnection.GenerateCertificateAsync().WithTimeout();
        using var connection = Factory.CreatePeerConnection(new RTCConfiguration { Certificates = { certificate } });
        connection.CreateDataChannel("test");

        var offer = await connection.CreateOfferAsync().WithTimeout();

        var fingerprint = certificate.GetFingerprints()[0];
        Assert.That(offer.Sdp, Does.Contain($"\r\na=fingerprint:{fingerprint.Algorithm} {fingerprint.Value.ToUpperInvariant()}\r\n"));
    }

    [Test] // beyond browsers: a service keeps its identity across restarts
    public async Task PemExportAndImportKeepKeyFingerprintAndExpiry()
    {
        var original = await RTCPeerConnection.GenerateCertificateAsync().WithTimeout();

        var pem = original.ToPem();
        var restored = RTCCertificate.FromPem(pem);

        Assert.That(pem, Does.StartWith("-----BEGIN PRIVATE KEY-----").Or.StartWith("-----BEGIN EC PRIVATE KEY-----"));
        Assert.That(restored, Is.EqualTo(original));
        Assert.That(restored.GetFingerprints(), Is.EqualTo(original.GetFingerprints()));
        Assert.That(restored.Expires, Is.EqualTo(original.Expires));
        Assert.That(restored.ToPem(), Is.EqualTo(pem));
        // Blocks in the other order, with CRLF line ends, still read back.
        var (key, certificate) = SplitAfterKey(pem);
        Assert.That(RTCCertificate.FromPem((certificate + key).ReplaceLineEndings("\r\n")), Is.EqualTo(original));
    }

    [Test]
    public async Task GarbageOrAMismatchedPairIsAFormatException()
    {
        var first = await RTCPeerConnection.GenerateCertificateAsync().WithTimeout();
        var second = await RTCPeerConnection.GenerateCertificateAsync().WithTimeout();
        var (firstKey, _) = SplitAfterKey(first.ToPem());
        var (_, secondCertificate) = SplitAfterKey(second.ToPem());

        Assert.That(() => RTCCertificate.FromPem("garbage"), Throws.InstanceOf<FormatException>());
        Assert.That(() => RTCCertificate.FromPem(firstKey), Throws.InstanceOf<FormatException>(), "no certificate block");
        Assert.That(() => RTCCertificate.FromPem(firstKey + secondCertificate), Throws.InstanceOf<FormatException>(), "key of another certificate");
        var corrupt = first.ToPem().Replace("MI", "AA", StringComparison.Ordinal);
        Assert.That(() => RTCCertificate.FromPem(corrupt), Throws.InstanceOf<FormatException>(), "corrupt base64 body");
        Assert.That(() => RTCCertificate.FromPem(null!), Throws.InstanceOf<ArgumentNullException>());
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task PeersWithGivenCertificatesConnectAndSeeEachOthersFingerprint(bool rsa)
    {
        AlgorithmIdentifier algorithm = rsa
            ? new AlgorithmIdentifier { Name = "RSASSA-PKCS1-v1_5", ModulusLength = 2048, PublicExponent = [1, 0, 1], Hash = "SHA-256" }
            : Ecdsa;
        var callerCertificate = await RTCPeerConnection.GenerateCertificateAsync(algorithm).WithTimeout();
        var calleeCertificate = RTCCertificate.FromPem((await RTCPeerConnection.GenerateCertificateAsync(algorithm).WithTimeout()).ToPem());
        using var caller = Factory.CreatePeerConnection(new RTCConfiguration { Certificates = { callerCertificate } });
        using var callee = Factory.CreatePeerConnection(new RTCConfiguration { Certificates = { calleeCertificate } });
        var relayToCallee = new CandidateRelay(caller, callee);
        var relayToCaller = new CandidateRelay(callee, caller);
        caller.CreateDataChannel("dtls");

        var offer = await caller.CreateOfferAsync().WithTimeout();
        await caller.SetLocalDescriptionAsync(offer).WithTimeout();
        await callee.SetRemoteDescriptionAsync(offer).WithTimeout();
        relayToCallee.RemoteDescriptionSet();
        var answer = await callee.CreateAnswerAsync().WithTimeout();
        await callee.SetLocalDescriptionAsync(answer).WithTimeout();
        await caller.SetRemoteDescriptionAsync(answer).WithTimeout();
        relayToCaller.RemoteDescriptionSet();
        await Task.WhenAll(PeerPair.StateAsync(caller, RTCPeerConnectionState.Connected), PeerPair.StateAsync(callee, RTCPeerConnectionState.Connected));

        Assert.That(caller.RemoteDescription!.Sdp, Does.Contain(calleeCertificate.GetFingerprints()[0].Value.ToUpperInvariant()));
        Assert.That(callee.RemoteDescription!.Sdp, Does.Contain(callerCertificate.GetFingerprints()[0].Value.ToUpperInvariant()));
    }

    /// <summary>webrtc-pc: algorithm from the hash registry; value lower-case hex pairs joined by ':'.</summary>
    private static void AssertFingerprintShape(RTCCertificate certificate)
    {
        var fingerprints = certificate.GetFingerprints();
        Assert.That(fingerprints, Has.Count.GreaterThanOrEqualTo(1));
        foreach (var fingerprint in fingerprints)
        {
            Assert.That(fingerprint.Algorithm, Is.AnyOf("md2", "md5", "sha-1", "sha-224", "sha-256", "sha-384", "sha-512"));
            Assert.That(FingerprintValue().IsMatch(fingerprint.Value), Is.True, fingerprint.Value);
        }
    }

    private static (string Key, string Certificate) SplitAfterKey(string pem)
    {
        var start = pem.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal);
        return (pem[..start], pem[start..]);
    }

    [GeneratedRegex("^([0-9a-f]{2}:)+[0-9a-f]{2}$")]
    private static partial Regex FingerprintValue();
}
