// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swchat",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "swchat", targets: ["swchat"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        /// Wire protocol: frames, JSON coding, text rendering, sanitising. No sockets.
        .target(
            name: "ChatProtocol",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        /// TLS without sockets: self-signed certificates, PEM loading, fingerprints, the client's known_servers file.
        .target(
            name: "ChatTLS",
            dependencies: [
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        /// The chat server: pure room rules plus the thin NIO shell around them.
        .target(
            name: "ChatServer",
            dependencies: [
                "ChatProtocol",
                "ChatTLS",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        /// The SQLite message store (`serve --store PATH`, `swchat history`): group commit on its own thread.
        .target(
            name: "ChatStore",
            dependencies: [
                "ChatProtocol",
                "ChatServer",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// The client's network side: host:port parsing, one connection, the reconnecting session. No UI.
        .target(
            name: "ChatClient",
            dependencies: [
                "ChatProtocol",
                "ChatTLS",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        /// The client's screen as pure Swift: state, reducer, layout, widths, editor, renderer. No I/O.
        .target(name: "ChatUI", dependencies: ["ChatProtocol"]),
        /// ncursesw with the wide-character API visible (Debian's libncurses-dev); no pkgConfig: SwiftPM drops its flags.
        .systemLibrary(name: "CNCursesW", providers: [.apt(["libncurses-dev"])]),
        /// Async-signal-safe forwarders of SIGWINCH/SIGTERM/SIGHUP/SIGINT into the UI's wake pipe.
        .target(name: "CSwchatSupport"),
        /// The only module that touches curses: terminal lifecycle, keys, and a Canvas over the screen.
        .target(name: "CursesBackend", dependencies: ["CNCursesW", "CSwchatSupport", "ChatUI"]),
        /// `swchat bench`: a load generator for loopback servers, with exact latency histograms.
        .target(
            name: "ChatBench",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        /// The one binary: parses arguments and calls the libraries.
        .executableTarget(
            name: "swchat",
            dependencies: [
                "ChatProtocol",
                "ChatServer",
                "ChatStore",
                "ChatClient",
                "ChatTLS",
                "ChatUI",
                "CursesBackend",
                "ChatBench",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ChatProtocolTests",
            dependencies: [
                "ChatProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ChatServerTests",
            dependencies: [
                "ChatTLS",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                "ChatProtocol",
                "ChatServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ChatStoreTests",
            dependencies: [
                "ChatStore",
                "ChatServer",
                "ChatProtocol",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ChatUITests", dependencies: ["ChatUI", "ChatProtocol"]),
        .testTarget(
            name: "ChatTLSTests",
            dependencies: [
                "ChatTLS",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .testTarget(
            name: "ChatBenchTests",
            dependencies: ["ChatBench", "ChatProtocol", "ChatServer", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "CursesBackendTests", dependencies: ["CursesBackend", "ChatUI", "CNCursesW"]),
        .testTarget(
            name: "ChatClientTests",
            dependencies: [
                "ChatTLS",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                "ChatClient",
                "ChatProtocol",
                "ChatServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "swchatTests",
            dependencies: [
                "ChatTLS",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                "swchat",
                "ChatProtocol",
                "ChatServer",
                "ChatStore",
                "ChatUI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)
