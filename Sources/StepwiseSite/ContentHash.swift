/// XXH64 (xxHash, 64 bits): the hash that tells whether a file's bytes changed since the last
/// build.
///
/// Fast (several GB/s on one core, no system call) and of full 64-bit quality (it passes
/// SMHasher), so that two different renderings of the same path collide with odds of 2⁻⁶⁴, and
/// its size must match as well. It is not a cryptographic hash: it guards against accidents,
/// not against an author who crafts a page to collide with its own previous version (who could
/// publish anything anyway). What it guards is only ever compared with the hash recorded for
/// the same path, of a file that is verified unchanged on disk (see `OutputManifest`).
enum ContentHash {
  private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
  private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
  private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
  private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

  /// The XXH64 of `bytes` with `seed`.
  static func of(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
    bytes.withUnsafeBytes { of($0, seed: seed) }
  }

  /// The XXH64 of a buffer with `seed`.
  static func of(_ buffer: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
    let count = buffer.count
    guard let base = buffer.baseAddress else { return finish(seed &+ prime5, count, buffer, 0) }
    var offset = 0
    var hash: UInt64
    if count >= 32 {
      var v1 = seed &+ prime1 &+ prime2
      var v2 = seed &+ prime2
      var v3 = seed
      var v4 = seed &- prime1
      while offset + 32 <= count {
        v1 = round(v1, word(base, offset))
        v2 = round(v2, word(base, offset + 8))
        v3 = round(v3, word(base, offset + 16))
        v4 = round(v4, word(base, offset + 24))
        offset += 32
      }
      hash = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
      hash = merge(hash, v1)
      hash = merge(hash, v2)
      hash = merge(hash, v3)
      hash = merge(hash, v4)
    } else {
      hash = seed &+ prime5
    }
    return finish(hash, count, buffer, offset)
  }

  /// The tail (under 32 bytes) and the final mix.
  private static func finish(
    _ start: UInt64, _ count: Int, _ buffer: UnsafeRawBufferPointer, _ from: Int
  ) -> UInt64 {
    var hash = start &+ UInt64(count)
    var offset = from
    if let base = buffer.baseAddress {
      while offset + 8 <= count {
        hash ^= round(0, word(base, offset))
        hash = rotate(hash, 27) &* prime1 &+ prime4
        offset += 8
      }
      if offset + 4 <= count {
        let half = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        hash ^= UInt64(half) &* prime1
        hash = rotate(hash, 23) &* prime2 &+ prime3
        offset += 4
      }
      while offset < count {
        hash ^= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &* prime5
        hash = rotate(hash, 11) &* prime1
        offset += 1
      }
    }
    hash ^= hash >> 33
    hash = hash &* prime2
    hash ^= hash >> 29
    hash = hash &* prime3
    hash ^= hash >> 32
    return hash
  }

  @inline(__always)
  private static func word(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }

  @inline(__always)
  private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
    rotate(accumulator &+ input &* prime2, 31) &* prime1
  }

  @inline(__always)
  private static func merge(_ accumulator: UInt64, _ value: UInt64) -> UInt64 {
    (accumulator ^ round(0, value)) &* prime1 &+ prime4
  }

  @inline(__always)
  private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
    (value << bits) | (value >> (64 - bits))
  }
}

/// A 128-bit digest built from texts and numbers, for the fingerprint of a build's inputs.
///
/// Each part is hashed whole, with its length, into two XXH64 chains of different seeds; the
/// parts are framed by their lengths, so that ("ab", "c") and ("a", "bc") differ.
struct FingerprintHasher {
  private var low: UInt64 = 0
  private var high: UInt64 = 0x5354_4550_5749_5345

  mutating func add(_ text: String) {
    var text = text
    text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
  }

  mutating func add(_ number: Int64) {
    withUnsafeBytes(of: number.littleEndian) { add($0) }
  }

  mutating func add(_ buffer: UnsafeRawBufferPointer) {
    low = ContentHash.of(buffer, seed: low &+ UInt64(buffer.count))
    high = ContentHash.of(buffer, seed: high ^ UInt64(buffer.count))
  }

  /// The digest in 32 hex digits.
  var hex: String { hex16(high) + hex16(low) }
}

/// A number in 16 hex digits.
func hex16(_ value: UInt64) -> String {
  let digits = String(value, radix: 16)
  return String(repeating: "0", count: 16 - digits.count) + digits
}
