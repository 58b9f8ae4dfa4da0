/// Reads Linux's /proc/locks to tell which process holds a `flock` on a file: "in use by another swchat server
/// (pid 1234)" is more use than "in use".
enum ProcLocks {
    /// The pid holding a FLOCK write lock on the file with this device and inode, from /proc/locks' text.
    ///
    /// Lines look like `3: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF`: the device is hexadecimal
    /// `major:minor`, the inode decimal. Lines with `->` are waiters, not holders.
    static func holder(in text: String, major: UInt64, minor: UInt64, inode: UInt64) -> Int32? {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE", let pid = Int32(fields[4]) else {
                continue
            }
            let file = fields[5].split(separator: ":")
            guard file.count == 3, UInt64(file[0], radix: 16) == major, UInt64(file[1], radix: 16) == minor,
                UInt64(file[2]) == inode
            else { continue }
            return pid
        }
        return nil
    }

    /// glibc's `major(dev)` and `minor(dev)`, which Swift does not import (they are macros).
    static func split(device: UInt64) -> (major: UInt64, minor: UInt64) {
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
        let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
        return (major, minor)
    }
}
