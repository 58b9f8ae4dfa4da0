/// Stable colour assignment for nicknames, identical across processes and runs.
///
/// Swift's `hashValue` is seeded randomly per process, so it is never used here; the index comes
/// from FNV-1a (32-bit) over the UTF-8 bytes of the lowercased name.
public enum NameColor {
    /// The FNV-1a 32-bit offset basis.
    public static let offsetBasis: UInt32 = 2_166_136_261
    /// The FNV-1a 32-bit prime.
    public static let prime: UInt32 = 16_777_619

    /// Computes the FNV-1a 32-bit hash of a byte sequence.
    public static func fnv1a32<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var hash = offsetBasis
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* prime
        }
        return hash
    }

    /// Returns a palette index in `0..<paletteSize` for `name`, ignoring case; 0 if `paletteSize <= 0`.
    public static func index(for name: String, paletteSize: Int) -> Int {
        guard paletteSize > 0 else { return 0 }
        let hash = fnv1a32(name.lowercased().utf8)
        return Int(hash % UInt32(clamping: paletteSize))
    }
}
