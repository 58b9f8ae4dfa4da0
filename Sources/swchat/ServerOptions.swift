import ArgumentParser
import ChatProtocol
import ChatServer
import Foundation

/// Every option of the server: `swchat serve` takes them, and so does `swchat join --serve`, which runs the same
/// server in its own process.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (0.0.0.0: all IPv4 interfaces; :: for IPv6; 127.0.0.1: this machine only).")
    var host = "0.0.0.0"

    @Option(parsing: .unconditional, help: "TCP port to listen on (0 picks a free port and logs it).")
    var port = 8080

    @Option(parsing: .unconditional, help: "Largest frame (line) a client may send, in bytes.")
    var maxFrame = 16 * 1024

    @Option(parsing: .unconditional, help: "Chat messages replayed to each newcomer (0: none).")
    var history = 50

    @Option(parsing: .unconditional, help: "Seconds of silence after which a client is disconnected (0: never).")
    var idleTimeout: Double = 300

    @Option(help: "Per-client line limit: BURST:RATE (lines at once, then lines per second), or off.")
    var floodLimit = FloodSetting(limit: .standard)

    @Option(help: "New connections per address: BURST:RATE (at once, then per second), or off.")
    var connectLimit = FloodSetting(limit: FloodLimit(burst: 20, perSecond: 10))

    @Option(
        name: [.customLong("max-per-ip"), .customLong("max-per-address")], parsing: .unconditional,
        help: "Connections one address (an IPv6 /64) may hold at once (0: no limit).")
    var maxPerIP = 20

    @Flag(help: "Exempt 127.0.0.0/8 and ::1 from --connect-limit and --max-per-ip (a local load generator).")
    var trustLoopback = false

    /// Once the way to apply the limits to this machine; that is the default now, so the flag does nothing.
    @Flag(help: .hidden)
    var connectLimitLoopback = false

    @Option(
        parsing: .unconditional,
        help: "Seconds a new connection has to send its first whole line before it is closed (0: no limit).")
    var headerTimeout: Double = 10

    @Option(parsing: .unconditional, help: "Seconds an address cut off for excess flood is refused (0: not at all).")
    var excessFloodBan: Double = 30

    @Option(
        parsing: .unconditional,
        help: "Bytes queued for a client that does not read before it is disconnected as too slow.")
    var maxQueue = 1 << 20

    @Option(parsing: .unconditional, help: "Most simultaneous connections; more are told the server is full.")
    var maxClients = 10_000

    @Option(
        parsing: .unconditional,
        help: "Rooms with more members than this list only who spoke lately and announce newcomers as a count.")
    var rosterLimit = 1000

    @Option(help: "The room everyone starts in (clients that know nothing of rooms chat there).")
    var defaultRoom = "lobby"

    @Option(parsing: .unconditional, help: "Most rooms with someone in them; a /join creating one more is refused.")
    var maxRooms = 1000

    @Option(parsing: .unconditional, help: "Most rooms one client may be in at once.")
    var maxJoined = 50

    @Option(
        help: ArgumentHelp(
            "Where history is kept: an SQLite file, or memory (lost when the server stops).",
            discussion: "Default: swchat.sqlite3 in $XDG_DATA_HOME/swchat/, else ~/.local/share/swchat/.",
            valueName: "path|memory"))
    var store: String?

    @Option(parsing: .unconditional, help: "Most messages of a room a reconnecting client is replayed (then a gap).")
    var maxResume = 1000

    @Option(help: "How long a session can be resumed after its client went: 30d, 24h, 90m, 45s or seconds.")
    var sessionTTL = "24h"

    @Option(help: "Delete messages older than this (30d, 12h, ...; default: keep them).")
    var retain: String?

    @Option(parsing: .unconditional, help: "Keep at most this many messages per room (default: all).")
    var retainMessages: Int?

    @Option(
        name: .customLong("op"),
        help: ArgumentHelp(
            "An account that is an operator (repeatable): it may /kick, /ban, /mute, /op others.",
            discussion: "Register the name first (/register PASSWORD from the connection that holds it).",
            valueName: "name"))
    var operators: [String] = []

    @Flag(help: "Only logged-in users may speak; guests may read the default room and /register.")
    var requireAccount = false

    @Flag(help: "Accept passwords over unencrypted connections from other machines (anyone on the way can read them).")
    var allowPlaintextAuth = false

    @Option(help: "A file whose text is appended to every welcome (message of the day).")
    var motd: String?

    @Option(
        help: ArgumentHelp("Serve TLS on the same port with this certificate (PEM; with --tls-key).", valueName: "file")
    )
    var tlsCert: String?

    @Option(help: ArgumentHelp("The private key of --tls-cert (PEM).", valueName: "file"))
    var tlsKey: String?

    @Flag(
        help: ArgumentHelp(
            "Serve TLS on the same port with a self-signed certificate, made on the first start and kept.",
            discussion: "tls-cert.pem and tls-key.pem in $XDG_DATA_HOME/swchat/, else ~/.local/share/swchat/."))
    var tlsSelfSigned = false

    @Flag(help: "Refuse clear-text clients (they are told so in one line): TLS only.")
    var tlsOnly = false

    @Option(help: "Log level: \(LogLevelArgument.names). At info, one line per connect and disconnect.")
    var logLevel = LogLevelArgument(.info)

    func validate() throws {
        guard (0...65535).contains(self.port) else {
            throw ValidationError("--port must be 0 to 65535, not \(self.port)")
        }
        guard self.maxFrame >= 64 else { throw ValidationError("--max-frame must be at least 64 bytes") }
        guard self.history >= 0 else { throw ValidationError("--history cannot be negative") }
        guard self.idleTimeout >= 0, self.idleTimeout.isFinite else {
            throw ValidationError("--idle-timeout must be 0 (never) or a number of seconds")
        }
        guard self.maxQueue >= 1024 else { throw ValidationError("--max-queue must be at least 1024 bytes") }
        guard self.maxClients >= 1 else { throw ValidationError("--max-clients must be at least 1") }
        guard self.rosterLimit >= 2 else { throw ValidationError("--roster-limit must be at least 2") }
        let room = RoomNameRules.bare(self.defaultRoom)
        if let problem = RoomNameRules.problem(with: room) {
            throw ValidationError("--default-room \(self.defaultRoom) is not a room name: \(problem)")
        }
        guard self.maxRooms >= 1 else { throw ValidationError("--max-rooms must be at least 1") }
        guard self.maxJoined >= 1 else { throw ValidationError("--max-joined must be at least 1") }
        guard self.maxPerIP >= 0 else { throw ValidationError("--max-per-ip cannot be negative") }
        guard self.headerTimeout >= 0, self.headerTimeout.isFinite else {
            throw ValidationError("--header-timeout must be 0 (no limit) or a number of seconds")
        }
        guard self.excessFloodBan >= 0, self.excessFloodBan.isFinite else {
            throw ValidationError("--excess-flood-ban must be 0 (no ban) or a number of seconds")
        }
        guard self.maxResume >= 1 else { throw ValidationError("--max-resume must be at least 1") }
        guard let ttl = DurationText.milliseconds(self.sessionTTL), ttl > 0 else {
            throw ValidationError("--session-ttl must be a duration such as 24h, 30m or 3600, not \(self.sessionTTL)")
        }
        if let retain = self.retain, (DurationText.milliseconds(retain) ?? 0) <= 0 {
            throw ValidationError("--retain must be a duration such as 30d or 12h, not \(retain)")
        }
        if let count = self.retainMessages, count < 1 {
            throw ValidationError("--retain-messages must be at least 1")
        }
        if self.store?.isEmpty == true { throw ValidationError("--store needs a file or 'memory'") }
        for name in self.operators {
            if let problem = NameRules.problem(with: name) {
                throw ValidationError("--op \(name) is not a name: \(problem)")
            }
        }
        try self.validateTLS()
    }

    /// The server's configuration from these options. - Throws: `UsageFailure` when the --motd file cannot be read.
    func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = self.host
        configuration.port = self.port
        configuration.maxFrameBytes = self.maxFrame
        configuration.room = RoomConfiguration(
            historyLimit: self.history, floodLimit: self.floodLimit.limit, motd: try self.readMOTD(),
            rosterLimit: self.rosterLimit)
        configuration.room.defaultRoom = RoomNameRules.bare(self.defaultRoom)
        configuration.room.maxRooms = self.maxRooms
        configuration.room.maxJoined = self.maxJoined
        configuration.room.maxResume = self.maxResume
        configuration.room.sessionTTLMilliseconds = DurationText.milliseconds(self.sessionTTL) ?? (24 * 3600 * 1000)
        configuration.room.accounts.operators = Set(self.operators.map(NameRules.key))
        configuration.room.accounts.requireAccount = self.requireAccount
        configuration.room.accounts.allowPlaintextAuth = self.allowPlaintextAuth
        configuration.idleTimeout = self.idleTimeout > 0 ? .nanoseconds(Int64(self.idleTimeout * 1e9)) : nil
        configuration.maxQueueBytes = self.maxQueue
        configuration.maxClients = self.maxClients
        configuration.connectLimit = self.connectLimit.limit
        configuration.trustLoopback = self.trustLoopback
        configuration.maxPerAddress = self.maxPerIP > 0 ? self.maxPerIP : nil
        configuration.headerTimeout = self.headerTimeout > 0 ? .nanoseconds(Int64(self.headerTimeout * 1e9)) : nil
        configuration.excessFloodBan = .nanoseconds(Int64(self.excessFloodBan * 1e9))
        configuration.utcOffsetSeconds = TimeZone.current.secondsFromGMT()
        return configuration
    }

    /// Reads the --motd file; a missing file is a clear error, not a crash.
    private func readMOTD() throws -> String? {
        guard let path = self.motd else { return nil }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw UsageFailure("cannot read the --motd file \(path)", code: 66)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
