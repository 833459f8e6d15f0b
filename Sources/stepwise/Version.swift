import StepwiseCore

#if canImport(Glibc)
  import Glibc
#endif

/// `stepwise --version`: the `VERSION` file beside the executable, which `scripts/package.sh`
/// writes from `git describe`; a build from source says so instead.
enum StepwiseVersion {
  /// Read with `readlink` and one file read, not Foundation's URLs: every command's parsing
  /// asks for it.
  static let current: String = {
    #if os(Linux)
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
      let executable =
        length > 0
        ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        : CommandLine.arguments[0]
    #else
      let executable = CommandLine.arguments[0]
    #endif
    let folder = executable.utf8.lastIndex(of: UInt8(ascii: "/")).map {
      String(executable[..<$0])
    }
    let file = (folder ?? ".") + "/VERSION"
    guard case .success(let bytes) = FileBytes.contents(atPath: file) else {
      return developmentBuild
    }
    let text = String(decoding: bytes, as: UTF8.self).trimming { $0.properties.isWhitespace }
    return text.isEmpty ? developmentBuild : text
  }()

  static let developmentBuild =
    "development build (built from source, no VERSION file beside the executable)"
}
