import ArgumentParser
import ChatServer
import ChatStore
import Dispatch
import Foundation
import Logging
import NIOCore

/// `swchat serve`: runs the chat server until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a chat server.",
        discussion: """
            JSON clients (swchat join, scripts) and plain text clients (nc, telnet) share one room on one port; \
            the first byte a client sends tells them apart. See Resources/protocol.md.
            """
    )

    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await Self.reportingFailures { try await self.serve() }
    }

    private func serve() async throws {
        let level = self.options.logLevel.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "swchat.server")
        var configuration = try self.options.configuration()
        try self.options.applyTLS(to: &configuration, logger: logger)
        let server: ChatServer
        do {
            server = try await ChatServer.start(
                configuration: configuration, logger: logger, store: try self.options.storeOpener())
        } catch let error as ServerError {
            throw UsageFailure("\(error)", code: 1)
        } catch let error as StoreOpenError {
            throw UsageFailure("\(error)", code: 1)
        }
        await Self.waitForSignal()
        logger.info("shutting down")
        await server.shutdown()
    }

    /// Suspends until SIGINT or SIGTERM.
    private static func waitForSignal() async {
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield(signalNumber) }
            source.resume()
            sources.append(source)
        }
        for await _ in signals { break }
        for source in sources { source.cancel() }
    }
}
