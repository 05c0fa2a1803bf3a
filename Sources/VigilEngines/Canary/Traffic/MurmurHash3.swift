/// MurmurHash3 x86 32-bit (Austin Appleby), the hash Unleash uses for sticky bucketing.
///
/// Written from the algorithm's description; blocks are read little-endian regardless of
/// the host so a key lands in the same bucket on every machine.
public enum MurmurHash3 {
    /// The 32-bit hash of `bytes` with `seed`.
    public static func x86_32<Bytes: Collection>(_ bytes: Bytes, seed: UInt32 = 0) -> UInt32
    where Bytes.Element == UInt8 {
        let c1: UInt32 = 0xcc9e_2d51
        let c2: UInt32 = 0x1b87_3593
        var hash = seed
        var block: UInt32 = 0
        var blockLength = 0
        for byte in bytes {
            block |= UInt32(byte) << (8 * UInt32(blockLength))
            blockLength += 1
            if blockLength == 4 {
                hash ^= scramble(block, c1, c2)
                hash = rotateLeft(hash, 13) &* 5 &+ 0xe654_6b64
                block = 0
                blockLength = 0
            }
        }
        if blockLength > 0 {
            // The 1–3 tail bytes are mixed like a block but without the hash rotation.
            hash ^= scramble(block, c1, c2)
        }
        hash ^= UInt32(truncatingIfNeeded: bytes.count)
        return finalMix(hash)
    }

    /// The hash of a string's UTF-8 bytes.
    public static func x86_32(_ text: String, seed: UInt32 = 0) -> UInt32 {
        x86_32(text.utf8, seed: seed)
    }

    @inline(__always)
    private static func scramble(_ block: UInt32, _ c1: UInt32, _ c2: UInt32) -> UInt32 {
        rotateLeft(block &* c1, 15) &* c2
    }

    @inline(__always)
    private static func rotateLeft(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value << count) | (value >> (32 - count))
    }

    /// fmix32: forces every input bit to affect every output bit.
    @inline(__always)
    private static func finalMix(_ value: UInt32) -> UInt32 {
        var hash = value
        hash ^= hash >> 16
        hash = hash &* 0x85eb_ca6b
        hash ^= hash >> 13
        hash = hash &* 0xc2b2_ae35
        hash ^= hash >> 16
        return hash
    }
}
