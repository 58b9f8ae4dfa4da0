#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes room for `--max-clients` connections in the process's descriptor limit, or lowers the number to what fits.
///
/// At the usual soft limit of 1,024 descriptors, a server promising 10,000 clients ran out of descriptors first:
/// accepting then failed over and over (the loop spun on the CPU), and the clients beyond got no answer instead of
/// "server full". So the soft limit is raised towards the hard one, and if that is not enough the client limit is
/// lowered, leaving `reserved` descriptors for the listener, logs and files.
enum DescriptorLimit {
    static let reserved = 64

    /// - Returns: how many clients fit (`wanted`, or fewer), after raising the soft limit as far as allowed.
    static func clients(fitting wanted: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return wanted }
        let needed = rlim_t(wanted + Self.reserved)
        if limit.rlim_cur < needed {
            var raised = limit
            raised.rlim_cur = min(needed, limit.rlim_max)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let available = Int(min(limit.rlim_cur, rlim_t(Int.max / 2))) - Self.reserved
        return max(1, min(wanted, available))
    }
}
