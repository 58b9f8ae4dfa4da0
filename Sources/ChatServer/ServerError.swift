/// Why the server could not start. Each case reads as one line for the person who typed the command.
public enum ServerError: Error, Equatable, CustomStringConvertible {
    case addressInUse(host: String, port: Int)
    case cannotBind(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .addressInUse(let host, let port):
            "cannot listen on \(host):\(port): the port is already in use (is another server running? try --port)"
        case .cannotBind(let host, let port, let reason):
            "cannot listen on \(host):\(port): \(reason)"
        }
    }
}
