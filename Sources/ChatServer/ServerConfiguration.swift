import ChatProtocol
import NIOCore
import NIOSSL

/// Everything `swchat serve` can be told. Defaults are the documented ones.
public struct ServerConfiguration: Sendable {
    /// Address to bind ("0.0.0.0" for every IPv4 interface, "::" for IPv6, "127.0.0.1" for loopback only).
    public var host: String = "0.0.0.0"
    /// TCP port; 0 picks a free one (tests).
    public var port: Int = 8080
    /// Largest frame (line) a client may send, in bytes, newline excluded.
    public var maxFrameBytes: Int = 16 * 1024
    /// Room rules: history, flood limit, motd.
    public var room = RoomConfiguration()
    /// A client that sends nothing for this long is disconnected; nil: never.
    public var idleTimeout: TimeAmount? = .seconds(300)
    /// Most bytes queued for one client before it is dropped as too slow.
    public var maxQueueBytes: Int = 1 << 20
    /// The kernel send buffer of each connection (SO_SNDBUF); nil leaves Linux's autotuning on, which lets a
    /// client that never reads hold up to a few MB in the kernel before the queue limit above even starts counting.
    public var sendBufferBytes: Int?
    /// Most simultaneous connections; more are told so and closed.
    public var maxClients: Int = 10_000
    /// New connections one address may make at once, then per second (see `ConnectionThrottle`); nil: no limit.
    public var connectLimit: FloodLimit? = FloodLimit(burst: 20, perSecond: 10)
    /// Connections one address may hold at once (nil: no limit).
    public var maxPerAddress: Int? = 20
    /// Whether connections from this machine (127.0.0.0/8, ::1) are exempt from `connectLimit` and `maxPerAddress`
    /// (not by default: a local load generator or bridge says so; tests of the limits need them on loopback).
    public var trustLoopback = false
    /// A connection that has not sent a whole line (text) or frame (JSON) this long after connecting is closed,
    /// whatever the idle timeout (slowloris: holding connections with a byte now and then); nil: never.
    public var headerTimeout: TimeAmount? = .seconds(10)
    /// How long an address cut off for excess flood is refused (0: not at all).
    public var excessFloodBan: TimeAmount = .seconds(30)
    /// How long a silent new connection waits before it is taken for a text client.
    public var sniffTimeout: TimeAmount = .milliseconds(300)
    /// How long a client that closed its sending side (`nc -q`, `shutdown(SHUT_WR)`) still gets the room's traffic
    /// after its last line, before the server closes it (its replies go out at once).
    public var halfCloseGrace: TimeAmount = .seconds(2)
    /// The UTC offset of the clock shown to text clients.
    public var utcOffsetSeconds: Int = 0
    /// TLS on the same port: a client whose first byte starts a TLS handshake gets it (nil: clear text only).
    public var tls: NIOSSLContext?
    /// Refuse clear-text clients (with one line saying so) instead of serving them.
    public var tlsOnly = false
    /// How long a TLS handshake may take before the connection is closed.
    public var tlsHandshakeTimeout: TimeAmount = .seconds(10)

    public init() {}
}
