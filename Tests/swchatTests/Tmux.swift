import ChatUI
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Drives tmux on a private socket, the way a person uses a terminal: type keys, read the screen.
struct Tmux {
    let socket = "swchat-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    /// The sessions' $XDG_DATA_HOME and $XDG_CONFIG_HOME: a server started without --store keeps its database
    /// there, one per Tmux, never in the home directory of whoever runs the tests.
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("swchat-e2e-home-\(UUID().uuidString)").path

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Whether tmux is installed (CI installs it through .ci/run).
    static var isAvailable: Bool {
        (try? Self.execute(["tmux", "-V"]).status) == 0
    }

    /// The swchat binary built next to this test bundle.
    static var swchatPath: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("swchat").path
    }

    /// Runs a command to completion with posix_spawn + waitpid (Foundation's Process left tmux's client
    /// unreaped here), its output in a temporary file: `tmux new-session` forks a server that would inherit
    /// a pipe's write end and keep it open forever, and nothing else of ours.
    @discardableResult
    static func execute(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // tmux's server outlives this call and inherits every open descriptor of the test process: other
        // tests' sockets (their peers would never see them close) and listeners (their ports would stay bound).
        // bash closes everything above stderr before it becomes the command.
        let closeAll =
            #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && exec {fd}>&-; done 2>/dev/null; exec "$@""#
        let argv = (["/bin/bash", "-c", closeAll, "bash"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // The calling thread (a Swift concurrency or NIO thread) blocks most signals, and a child inherits the
        // mask: tmux's server then never exits on kill-server, and the panes' programs never see SIGWINCH.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run \(arguments): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let exited = status & 0x7F == 0
        return (exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), output)
    }

    @discardableResult
    func run(_ arguments: String...) throws -> String {
        let result = try Self.execute(["tmux", "-L", self.socket] + arguments)
        guard result.status == 0 else { throw Failure(description: "tmux \(arguments): \(result.output)") }
        return result.output
    }

    /// A detached session running a plain shell with a known prompt.
    func newSession(_ name: String, width: Int, height: Int) throws {
        try self.run(
            "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
            "env", "PS1=$ ", "TERM=tmux-256color", "LANG=C.UTF-8", "XDG_DATA_HOME=\(self.home)/data",
            "XDG_CONFIG_HOME=\(self.home)/config", "bash", "--norc", "--noprofile")
    }

    /// Types text literally, then presses Enter if asked.
    func type(_ session: String, _ text: String, enter: Bool = true) throws {
        try self.run("send-keys", "-t", session, "-l", text)
        if enter { try self.run("send-keys", "-t", session, "Enter") }
    }

    func press(_ session: String, _ key: String) throws {
        try self.run("send-keys", "-t", session, key)
    }

    func screen(_ session: String) throws -> [String] {
        try self.run("capture-pane", "-t", session, "-p").split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
    }

    /// Polls the screen until `predicate` holds; fails with the last screen after `timeout`.
    @discardableResult
    func waitFor(
        _ session: String, _ what: String, timeout: Duration = .seconds(10), _ predicate: ([String]) -> Bool
    ) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let screen = try self.screen(session)
            if predicate(screen) { return screen }
            if ContinuousClock.now >= deadline {
                throw Failure(
                    description: "\(session): no \(what) within \(timeout); screen:\n" + screen.joined(separator: "\n"))
            }
            try await Task.sleep(for: .milliseconds(40))
        }
    }

    /// The cursor's column and row in a session's pane.
    func cursor(_ session: String) throws -> (x: Int, y: Int) {
        let fields = try self.run("display-message", "-p", "-t", session, "#{cursor_x} #{cursor_y}")
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard fields.count == 2 else { throw Failure(description: "no cursor position for \(session)") }
        return (fields[0], fields[1])
    }

    /// Another client: `swchat join` in line mode sends each line, then /quit, and waits for the goodbye.
    static func say(_ lines: [String], port: Int, as name: String) throws {
        let text = lines.joined(separator: "\n")
        let result = try Self.execute([
            "bash", "-c", "printf '%s\\n' \"$1\" | '\(Self.swchatPath)' join 127.0.0.1:\(port) --name \(name)", "say",
            text,
        ])
        guard result.status == 0 else { throw Failure(description: "line-mode client: \(result.output)") }
    }

    func kill() {
        _ = try? Self.execute(["tmux", "-L", self.socket, "kill-server"])
        try? FileManager.default.removeItem(atPath: self.home)
    }

    /// The display column of the first "│" in a row (wide characters count 2), as a terminal draws it.
    static func barColumn(_ line: String) -> Int? {
        var column = 0
        for character in line {
            if character == "│" { return column }
            column += TextWidth.columns(of: character)
        }
        return nil
    }
}
