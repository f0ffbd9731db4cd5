using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RtcNative;

/// <summary>
/// Time-limited TURN credentials of the "TURN REST API" (draft-uberti-behave-turn-rest-00), as coturn checks them
/// with <c>use-auth-secret</c> and <c>static-auth-secret=SECRET</c>: the username is
/// <c>"&lt;expiry as Unix seconds&gt;:&lt;user id&gt;"</c> (or only the expiry when there is no user id) and the
/// credential is <c>base64(HMAC-SHA1(SECRET, username))</c>. A server that shares the secret with the TURN server makes
/// them and hands them to the client; the TURN server refuses them (401) once the expiry has passed.
/// </summary>
/// <example>
/// <code>
/// var credentials = TurnRestCredentials.Create(secret, DateTimeOffset.UtcNow.AddHours(1), "alice");
/// var server = credentials.ToIceServer("turn:turn.example.org:3478", "turns:turn.example.org:5349");
/// </code>
/// </example>
public sealed record TurnRestCredentials
{
    private TurnRestCredentials(string username, string credential, DateTimeOffset expires)
    {
        Username = username;
        Credential = credential;
        Expires = expires;
    }

    /// <summary>The TURN username, <c>"&lt;expiry&gt;:&lt;user id&gt;"</c>.</summary>
    public string Username { get; }

    /// <summary>The TURN password, base64 of the HMAC-SHA1 of <see cref="Username"/> under the shared secret.</summary>
    public string Credential { get; }

    /// <summary>When the TURN server stops accepting them (whole seconds).</summary>
    public DateTimeOffset Expires { get; }

    /// <summary>Makes the credentials.</summary>
    /// <param name="sharedSecret">coturn's <c>static-auth-secret</c> (its UTF-8 bytes are the HMAC key).</param>
    /// <param name="expires">When they expire; truncated to whole Unix seconds.</param>
    /// <param name="userId">Who they are for (coturn logs it); null or empty for none. Must not contain the
    /// separator <c>':'</c> (coturn's default <c>rest-api-separator</c>).</param>
    /// <exception cref="ArgumentException">The secret is null or empty, the user id contains <c>':'</c> or U+0000, or
    /// the expiry is before the Unix epoch.</exception>
    public static TurnRestCredentials Create(string sharedSecret, DateTimeOffset expires, string? userId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sharedSecret);
        if (userId is not null && (userId.Contains(':') || userId.Contains('\0')))
        {
            throw new ArgumentException("The user id cannot contain ':' (the TURN REST username separator) or U+0000.", nameof(userId));
        }

        var seconds = expires.ToUnixTimeSeconds();
        if (seconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expires), expires, "The expiry must not be before the Unix epoch.");
        }

        var expiry = seconds.ToString(CultureInfo.InvariantCulture);
        var username = string.IsNullOrEmpty(userId) ? expiry : $"{expiry}:{userId}";
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.UTF8.GetBytes(username));
        return new TurnRestCredentials(username, Convert.ToBase64String(mac), DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    /// <summary>Makes credentials valid for <paramref name="lifetime"/> from now (<paramref name="timeProvider"/>'s
    /// UTC clock, the system's by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lifetime"/> is not positive.</exception>
    public static TurnRestCredentials Create(string sharedSecret, TimeSpan lifetime, string? userId = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        return Create(sharedSecret, (timeProvider ?? TimeProvider.System).GetUtcNow() + lifetime, userId);
    }

    /// <summary>An <see cref="RTCIceServer"/> of these credentials for <paramref name="urls"/>.</summary>
    public RTCIceServer ToIceServer(params string[] urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return new RTCIceServer { Urls = new List<string>(urls), Username = Username, Credential = Credential };
    }
}
