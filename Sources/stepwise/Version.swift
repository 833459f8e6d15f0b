import Foundation

/// `stepwise --version`: the `VERSION` file beside the executable, which `scripts/package.sh`
/// writes from `git describe`; a build from source says so instead.
enum StepwiseVersion {
  static let current: String = {
    #if os(Linux)
      let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    #else
      let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    #endif
    let file = executable.deletingLastPathComponent().appendingPathComponent("VERSION")
    guard let data = FileManager.default.contents(atPath: file.path),
      let text = String(data: data, encoding: .utf8)?.trimmingCharacters(
        in: .whitespacesAndNewlines),
      !text.isEmpty
    else { return "development build (built from source, no VERSION file beside the executable)" }
    return text
  }()
}
