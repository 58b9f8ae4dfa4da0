import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A readable reason for a failed connection, for a status line or a one-line error.
enum ConnectError {
    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError {
            return strerror(io.errnoCode).flatMap { String(validatingCString: $0) }?.lowercased() ?? "\(io)"
        }
        if error is SocketAddressError || error is SocketAddressError.UnknownHost {
            return "unknown host"
        }
        if let connect = error as? NIOConnectionError {
            if let first = connect.connectionErrors.first { return self.describe(first.error) }
            if connect.dnsAError != nil || connect.dnsAAAAError != nil { return "unknown host" }
            return "connection failed"
        }
        // By the error's case, not its text: NIO describes it as "Connect timeout (10 s)", and may reword that.
        if case .connectTimeout = error as? ChannelError {
            return "timed out"
        }
        if let tls = error as? NIOSSLError {
            return "TLS: " + self.describe(tls)
        }
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "TLS: the certificate is not for this host name"
        }
        if error is TLSHandshakeWaiter.Timeout {
            return "TLS: no handshake within the connect timeout"
        }
        if case .eof = error as? ChannelError {
            return "the server closed the connection during the TLS handshake"
        }
        return "\(error)"
    }

    /// BoringSSL's reasons are the last field of its lines ("error:...:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED"):
    /// shown in lower case, words apart.
    static func describe(_ error: NIOSSLError) -> String {
        switch error {
        case .handshakeFailed(let boring):
            let reasons = self.reasons(boring)
            return reasons.isEmpty ? "handshake failed" : "handshake failed (\(reasons))"
        case .uncleanShutdown:
            return "the server closed the connection during the TLS handshake"
        default:
            return "\(error)"
        }
    }

    static func reasons(_ error: BoringSSLError) -> String {
        guard case .sslError(let list) = error else { return "" }
        // Only reasons with words: without BoringSSL's strings, a line is a bare number ("Error: 320 ").
        return list.compactMap { info in
            let text = "\(info)"
            guard let reason = text.split(separator: ":").last, reason.contains(where: \.isLetter) else { return nil }
            return String(reason.lowercased().map { $0 == "_" ? " " : $0 })
        }.joined(separator: "; ")
    }
}
