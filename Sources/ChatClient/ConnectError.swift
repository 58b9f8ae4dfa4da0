import NIOCore
import NIOPosix

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
        return "\(error)"
    }
}
