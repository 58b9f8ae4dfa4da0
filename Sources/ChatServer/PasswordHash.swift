import Crypto
import Foundation
import _CryptoExtras

/// Passwords as they are kept: scrypt (RFC 7914) with a random 16-byte salt, encoded with its parameters as
/// `scrypt$ln=14,r=8,p=1$SALT$HASH` (base64), so that a later server can raise the cost and still check old hashes.
///
/// The default cost, N = 2^14, r = 8, p = 1, is scrypt's paper's figure for interactive logins: 16 MiB and some tens
/// of milliseconds per check, run off the event loop (`ServerEffect.password`). Pure computation: no I/O.
public enum PasswordHash {
    public struct Cost: Sendable, Equatable {
        /// log2 of scrypt's N.
        public var logN: Int
        public var blockSize: Int
        public var parallelism: Int

        public init(logN: Int = 14, blockSize: Int = 8, parallelism: Int = 1) {
            self.logN = logN
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// What a server asks for by default.
        public static let standard = Cost()

        /// Bytes scrypt needs for these parameters.
        var memory: Int { 128 * self.blockSize * (1 << self.logN) * self.parallelism + (1 << 20) }

        /// Within what this server will compute for a stored hash (a damaged or hostile one could ask for gigabytes).
        var isSane: Bool {
            (1...20).contains(self.logN) && (1...32).contains(self.blockSize) && (1...16).contains(self.parallelism)
        }
    }

    static let hashBytes = 32

    /// A new hash of `password` with a fresh salt. - Throws: when scrypt refuses the parameters.
    public static func make(_ password: String, cost: Cost = .standard) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var random = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = random.next() }
        let hash = try Self.derive(password, salt: salt, cost: cost)
        return "scrypt$ln=\(cost.logN),r=\(cost.blockSize),p=\(cost.parallelism)$"
            + Data(salt).base64EncodedString() + "$" + Data(hash).base64EncodedString()
    }

    /// Whether `password` is the one `encoded` was made from; false for anything unreadable. The hashes are
    /// compared in constant time.
    public static func verify(_ password: String, against encoded: String) -> Bool {
        guard let (cost, salt, expected) = Self.parse(encoded),
            let actual = try? Self.derive(password, salt: salt, cost: cost), actual.count == expected.count
        else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(actual, expected) { difference |= a ^ b }
        return difference == 0
    }

    /// A hash of nothing anyone can type, checked when a login names no account: the answer then takes as long
    /// as for a real account, so timing does not tell which names are registered.
    public static func decoy(cost: Cost) -> String {
        "scrypt$ln=\(cost.logN),r=\(cost.blockSize),p=\(cost.parallelism)$c3djaGF0LWRlY295LXNhbHQ=$"
            + Data(count: Self.hashBytes).base64EncodedString()
    }

    /// The cost, salt and hash of an encoding, or nil when it is not one of ours.
    static func parse(_ encoded: String) -> (Cost, [UInt8], [UInt8])? {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "scrypt" else { return nil }
        var values: [String: Int] = [:]
        for pair in parts[1].split(separator: ",") {
            let field = pair.split(separator: "=", maxSplits: 1)
            guard field.count == 2, let value = Int(field[1]) else { return nil }
            values[String(field[0])] = value
        }
        guard let logN = values["ln"], let r = values["r"], let p = values["p"],
            let salt = Data(base64Encoded: String(parts[2])), let hash = Data(base64Encoded: String(parts[3])),
            !salt.isEmpty, hash.count == Self.hashBytes
        else { return nil }
        let cost = Cost(logN: logN, blockSize: r, parallelism: p)
        guard cost.isSane else { return nil }
        return (cost, Array(salt), Array(hash))
    }

    private static func derive(_ password: String, salt: [UInt8], cost: Cost) throws -> [UInt8] {
        // NFC first: "é" typed as one code point or as e and a combining accent is the same password.
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.precomposedStringWithCanonicalMapping.utf8), salt: salt,
            outputByteCount: Self.hashBytes, rounds: 1 << cost.logN,
            blockSize: cost.blockSize, parallelism: cost.parallelism, maxMemory: cost.memory)
        return key.withUnsafeBytes { Array($0) }
    }
}
