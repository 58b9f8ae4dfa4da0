/// A new store's server identity: 128 random bits as 32 lowercase hex digits, made once and kept in the file.
enum ServerIdentity {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let digits = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }
}
