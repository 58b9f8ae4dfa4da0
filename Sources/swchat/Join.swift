import ArgumentParser
import ChatClient
import ChatProtocol
import ChatServer
import ChatStore
import ChatTLS
import ChatUI
import CursesBackend
import Foundation
import Logging

/// `swchat join host:port`: the terminal chat client (or line mode when not on a terminal).
struct Join: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join a chat server.",
        discussion: """
            On a terminal, opens the chat screen (log, online list, input line; /help inside lists the keys). \
            When stdin or stdout is not a terminal, or the terminal cannot move the cursor (TERM=dumb), runs in \
            line mode: each input line is sent (paced within the server's flood limit), each message received is \
            printed as one line, a lost connection is retried (resuming where it left off), and end of input \
            quits. Killed by SIGTERM or SIGHUP, it gives the terminal back \
            and exits with 128 + the signal. NO_COLOR (non-empty) turns colours off.
            """
    )

    @Argument(help: "Server address: host:port, [::1]:8080, or host (port 8080). Not needed with --serve.")
    var endpoint: HostPort?

    @Option(help: "The name to ask for (default: your login name).")
    var name: String?

    @Flag(
        help: "Start a server in this process (taking every swchat serve option) and join it: one command, a room.")
    var serve = false

    @Option(
        help: ArgumentHelp(
            "Rooms to join at start, besides lobby (comma-separated, # optional: dev,ops).",
            discussion: "Name lobby among them to choose its place in the room bar.", valueName: "rooms"))
    var rooms: String?

    @Option(
        help: ArgumentHelp(
            "When the terminal bell rings: mentions (a mention or a private message in a room you are not looking "
                + "at), all (every message from someone else), off.", valueName: "when"))
    var bell = BellPolicy.mentions

    @Option(parsing: .unconditional, help: "Log lines kept for scrolling back.")
    var scrollback = 10_000

    @Flag(
        help: ArgumentHelp(
            "Connect with TLS. A certificate no authority vouches for is shown (fingerprint) and asked about once, "
                + "then remembered.",
            discussion: "In $XDG_CONFIG_HOME/swchat/known_servers, else ~/.config/swchat/known_servers."))
    var tls = false

    @Option(
        help: ArgumentHelp(
            "With --tls: trust the server's certificate if it has this fingerprint, without asking (and remember it).",
            valueName: "SHA256:..."))
    var trustFingerprint: CertificateFingerprint?

    @Flag(help: "In line mode, print each frame as its JSON line instead of readable text.")
    var json = false

    @Flag(help: "Leave the mouse to the terminal (no wheel scrolling; plain drag selects text).")
    var noMouse = false

    @OptionGroup(title: "The server started by --serve (as swchat serve)")
    var server: ServerOptions

    func validate() throws {
        if self.endpoint == nil && !self.serve {
            throw ValidationError("give a server address (host:port), or --serve to start one")
        }
        if self.endpoint != nil && self.serve {
            throw ValidationError("give either a server address or --serve, not both")
        }
        if self.trustFingerprint != nil, !self.tls {
            throw ValidationError("--trust-fingerprint is for --tls connections")
        }
        guard self.scrollback >= 100 else { throw ValidationError("--scrollback must be at least 100 lines") }
        if let name = self.name, let problem = NameRules.problem(with: name) {
            throw ValidationError("--name \(name): \(problem)")
        }
        for room in self.listedRooms {
            if let problem = RoomNameRules.problem(with: RoomNameRules.bare(room)) {
                throw ValidationError("--rooms \(room): \(problem)")
            }
        }
    }

    /// The rooms `--rooms` names, as given (empty entries skipped).
    var listedRooms: [String] {
        (self.rooms ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The rooms the first hello asks for: none without `--rooms` (the server's default room); else `lobby` (the
    /// protocol's default room) first and then the rooms listed, once each, unless the list names lobby itself
    /// (then in its place).
    var startRooms: [String] {
        var seen: Set<BufferID> = []
        let listed = self.listedRooms.map { BufferID.bareRoomName($0) }.filter { seen.insert(.room($0)).inserted }
        guard !listed.isEmpty else { return [] }
        return seen.contains(.room(Self.defaultRoom)) ? listed : [Self.defaultRoom] + listed
    }

    /// The protocol's default room, which everyone starts in.
    static let defaultRoom = "lobby"

    func run() async throws {
        try await Self.reportingFailures { try await self.join() }
    }

    private func join() async throws {
        var server: ChatServer?
        var endpoint = self.endpoint ?? HostPort(host: "127.0.0.1", port: self.server.port)
        var interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        if interactive, CursesTerminal.canMoveCursor() == false {
            // A terminal that can only print lines (TERM=dumb: Emacs' shell buffers, some CI consoles) gets line
            // mode, which it can show, rather than a refusal; see docs/decisions.md.
            let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
            Self.note(
                "terminal '\(term)' cannot move the cursor: line mode (type a line and Enter to send it; Ctrl-D quits)")
            interactive = false
        }
        if self.serve {
            var configuration = try self.server.configuration()
            var logger = Logger(label: "swchat.server")
            // On the chat screen, stderr would tear it: only what ends the server is logged.
            logger.logLevel = interactive ? .critical : self.server.logLevel.level
            try self.server.applyTLS(to: &configuration, logger: logger)
            do {
                server = try await ChatServer.start(
                    configuration: configuration, logger: logger, store: try self.server.storeOpener())
            } catch let error as ServerError {
                throw UsageFailure("\(error)", code: 1)
            } catch let error as StoreOpenError {
                throw UsageFailure("\(error)", code: 1)
            }
            endpoint = HostPort(host: "127.0.0.1", port: server?.port ?? self.server.port)
        }
        let name = self.name ?? Self.loginName()
        var sessionConfiguration = SessionConfiguration()
        if self.tls {
            do {
                sessionConfiguration.tls = try await ServerTrust.establish(
                    endpoint: endpoint, given: self.trustFingerprint, canAsk: interactive)
            } catch {
                await server?.shutdown()
                throw error
            }
        }
        let code: Int32
        if interactive {
            let options = TerminalOptions(
                colors: TerminalOptions.colorsAllowed(environment: ProcessInfo.processInfo.environment),
                mouse: !self.noMouse)
            code = try await TerminalApp.run(
                endpoint: endpoint, name: name, rooms: self.startRooms, configuration: sessionConfiguration,
                bell: self.bell, scrollback: self.scrollback, options: options)
        } else {
            let output = LineModeOutput(json: self.json)
            let session = ChatSession(
                endpoint: endpoint, name: name, rooms: self.startRooms, configuration: sessionConfiguration
            ) { output.handle($0) }
            do {
                try await session.connect()
            } catch {
                throw Self.connectFailure(error, endpoint: endpoint)
            }
            code = await LineMode.run(session: session, events: output)
        }
        await server?.shutdown()
        if code != 0 { throw ExitCode(code) }
    }

    /// What a failed first connect tells: its line, or for a certificate other than the pinned one, the loud
    /// warning naming the known_servers line to edit.
    static func connectFailure(_ failure: ChatSession.ConnectFailure, endpoint: HostPort) -> UsageFailure {
        let server = KnownServers.key(host: endpoint.host, port: endpoint.port)
        guard let presented = failure.presented,
            let file = KnownServersFile(environment: ProcessInfo.processInfo.environment),
            let entry = try? file.read().entry(for: server)
        else {
            return UsageFailure(failure.description, code: 1)
        }
        return UsageFailure(
            "\n" + TrustMessages.changed(server: server, known: entry, presented: presented, file: file.path), code: 1)
    }

    /// One line on stderr, "swchat: " first.
    static func note(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data("swchat: \(text)\n".utf8))
    }

    /// $USER (or $LOGNAME) if it makes a valid name, else empty (the server then picks guest-N).
    static func loginName() -> String {
        let environment = ProcessInfo.processInfo.environment
        let name = environment["USER"] ?? environment["LOGNAME"] ?? ""
        return NameRules.problem(with: name) == nil ? name : ""
    }
}
