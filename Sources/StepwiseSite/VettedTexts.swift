import Foundation
import StepwiseCore
import StepwiseModel

#if canImport(Glibc)
  import Glibc
#endif

/// Texts the parse workers have already found safe, remembered between runs: the guard exists
/// for texts that hang or abort the C parsers, and a text that went through them once within
/// the budget does so again (the parsers are deterministic), so it is not sent to a worker twice.
///
/// Kept in the per-user state folder beside the locks (`AtomicPublisher.stateFolder`, which only
/// its user can write), in one file per parser program and budget: a new `stepwise` binary or
/// another budget starts from nothing. A text is known by a 128-bit digest of its kind and bytes
/// (`FingerprintHasher`); that guards against accidents, not against a text crafted to collide
/// with another — whose worst outcome would be a parse in-process that the guard would have
/// stopped, with the old site left as it was.
///
/// Without a state folder, or when the parser program cannot be identified, nothing is
/// remembered and every text goes through the workers as before.
struct VettedTexts: Sendable {
  /// Remembered digests beyond this start the file anew.
  static let limit = 200_000

  let path: String
  private(set) var digests: Set<String>

  /// The memory of texts vetted by `executable` within `budget`, or nil when there is none to
  /// keep.
  static func load(executable: URL, budget: ParseBudget) -> VettedTexts? {
    guard let program = FileIdentity.of(executable.path), program.kind == .file,
      let folder = try? AtomicPublisher.stateFolder()
    else { return nil }
    var hasher = FingerprintHasher()
    hasher.add("stepwise vetted texts 1")
    hasher.add(Int64(bitPattern: program.identity.device))
    hasher.add(Int64(bitPattern: program.identity.inode))
    hasher.add(program.identity.size)
    hasher.add(program.identity.modified)
    hasher.add("budget \(budget.seconds) \(budget.megabytes)")
    let path = folder + "/vetted-" + hasher.hex
    var digests: Set<String> = []
    if case .success(let bytes) = FileBytes.contents(atPath: path) {
      for line in bytes.split(separator: 0x0A) where line.count == 32 {
        digests.insert(String(decoding: line, as: UTF8.self))
      }
    }
    return VettedTexts(path: path, digests: digests)
  }

  /// The digest a file's text is remembered by.
  static func digest(of file: GuardedFile) -> String {
    var hasher = FingerprintHasher()
    hasher.add(file.kind.rawValue)
    hasher.add(file.text)
    return hasher.hex
  }

  func contains(_ file: GuardedFile) -> Bool { digests.contains(Self.digest(of: file)) }

  /// Remembers files that went through a worker within the budget, and writes the memory back
  /// (`AtomicPublisher.replaceStateFile`: a reader never sees half of it).
  mutating func remember(_ files: [GuardedFile]) {
    let fresh = files.map(Self.digest).filter { !digests.contains($0) }
    guard !fresh.isEmpty else { return }
    if digests.count + fresh.count > Self.limit { digests = [] }
    digests.formUnion(fresh)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digests.count * 33)
    for digest in digests.sorted() {
      bytes.append(contentsOf: digest.utf8)
      bytes.append(0x0A)
    }
    AtomicPublisher.replaceStateFile(path, with: bytes)
  }
}
