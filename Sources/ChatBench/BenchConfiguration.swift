/// What `swchat bench` runs: how many clients, who sends, how fast, for how long.
public struct BenchConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Reading clients (senders included).
    public var clients = 100
    /// Clients that also send.
    public var senders = 10
    /// Messages per second per sender; 0 sends as fast as the window allows.
    public var rate: Double = 0
    /// Most messages a sender has sent and not yet seen echoed.
    public var window = 32
    /// Seconds of sending.
    public var duration: Double = 10
    /// Bytes of chat text per message (the payload header included).
    public var payload = 64
    /// Extra clients that connect, join and never read.
    public var slow = 0
    /// New connections per second while connecting; 0: as fast as possible.
    public var connectRate: Double = 0
    /// Rooms the clients are spread over (client i is in room i modulo this, its senders too); 1: everyone in the
    /// server's default room, as before rooms existed.
    public var rooms = 1
    /// Use text-mode clients (as nc) instead of JSON.
    public var text = false
    /// Senders send pings instead of chat lines: each is answered to its sender only, so what is timed is a round trip
    /// through the server's event loop, whatever the room's size (how long the server makes anyone wait).
    public var ping = false
    /// Connections that flood the server with lines as fast as it takes them for the whole run, connecting again
    /// whenever they are cut off (their own thread): what the measured clients must not feel.
    public var flooders = 0
    /// Flooders send invalid JSON (a trailing comma) instead of valid chat lines.
    public var floodGarbage = false
    /// Seconds: in each such window, every reader that does not send drops its connection at a random moment,
    /// connects again at once and resumes (`since`); every client's room seqs are checked for exactly-once delivery.
    /// 0: never, and nothing is checked beyond the per-sender order.
    public var reconnectEvery: Double = 0
    /// Testing only: resumes name the server and session but send no `since`, so the server replays a join's recent
    /// history instead (what the check must catch).
    public var resumeWithoutSince = false
    /// Event-loop threads of the load generator.
    public var threads = 1
    /// Churn mode: connect, join and disconnect this many clients, then report connections per second.
    public var churn = 0
    /// A server process to report RSS and open descriptors of (Linux /proc).
    public var serverPID: Int32?
    /// Hard limit on the whole run, whatever the server does.
    public var deadline: Double {
        let connecting = self.connectRate > 0 ? Double(self.clients + self.slow) / self.connectRate : 30
        return connecting + self.duration + 30
    }

    public init() {}
}
