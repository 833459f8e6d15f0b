import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The `stepwise` executable built beside the tests (or in `.build/debug`).
public let stepwiseExecutable: URL = {
  let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("stepwise")
  if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
  return repositoryRoot.appendingPathComponent(".build/debug/stepwise")
}()

/// How a process ended and what it wrote.
public struct ProcessResult: Sendable {
  public var status: Int32
  public var output: String
  public var errors: String
}

/// Runs a program to its end (from `directory`, if given, with `environment` added to this
/// process's): its exit status, standard output and standard error.
@discardableResult
public func run(
  _ program: URL, _ arguments: [String], environment: [String: String] = [:],
  in directory: URL? = nil
) throws -> ProcessResult {
  let output = Pipe()
  let errors = Pipe()
  let process = try started(attempts: 100) {
    let process = Process()
    if let directory { process.currentDirectoryURL = directory }
    process.executableURL = program
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    return process
  }
  // Both pipes are drained at once: a child that fills one while we wait on the other would
  // never end.
  let written = Collected()
  let reader = DispatchGroup()
  DispatchQueue.global().async(group: reader) {
    let data = output.fileHandleForReading.readDataToEndOfFile()
    written.data.withLock { $0 = data }
  }
  let errorData = errors.fileHandleForReading.readDataToEndOfFile()
  reader.wait()
  process.waitUntilExit()
  return ProcessResult(
    status: process.terminationStatus,
    output: String(decoding: written.data.withLock { $0 }, as: UTF8.self),
    errors: String(decoding: errorData, as: UTF8.self))
}

/// Starts the process `make` describes; a start refused with ETXTBSY ("text file busy") is tried
/// again, up to `attempts` times, 10 ms apart.
///
/// A program a test has just written can be busy for a moment: a child that another test's
/// thread forks while the program's file is open for writing holds that descriptor until it
/// executes. `copyExecutable(_:to:)` closes that window as far as it can; this closes the rest.
private func started(attempts: Int, _ make: () -> Process) throws -> Process {
  var attempt = 1
  while true {
    let process = make()
    do {
      try process.run()
      return process
    } catch let error as NSError where attempt < attempts && isTextFileBusy(error) {
      attempt += 1
      usleep(10_000)
    }
  }
}

/// Whether `error`, or the error under it, is POSIX's ETXTBSY.
private func isTextFileBusy(_ error: NSError) -> Bool {
  if error.domain == NSPOSIXErrorDomain && error.code == Int(ETXTBSY) { return true }
  guard let under = error.userInfo[NSUnderlyingErrorKey] as? NSError else { return false }
  return isTextFileBusy(under)
}

/// Copies the program at `source` to `destination`, executable, through a descriptor that no
/// child process inherits (`O_CLOEXEC`), so that running the copy is not refused as busy because
/// a process that another test started holds it open for writing.
public func copyExecutable(_ source: URL, to destination: URL) throws {
  let bytes = try Data(contentsOf: source)
  let descriptor = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
  guard descriptor >= 0 else {
    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
  }
  defer { close(descriptor) }
  try bytes.withUnsafeBytes { buffer in
    guard let start = buffer.baseAddress else { return }
    var done = 0
    while done < buffer.count {
      let written = write(descriptor, start + done, buffer.count - done)
      if written < 0 {
        if errno == EINTR { continue }
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
      }
      done += written
    }
  }
}

/// Runs the `stepwise` executable with `arguments` to its end.
@discardableResult
public func runStepwise(
  _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil
) throws -> ProcessResult {
  try run(stepwiseExecutable, arguments, environment: environment, in: directory)
}

/// Bytes read on another thread.
private final class Collected: Sendable {
  let data = Mutex(Data())
}

/// Runs the program at `path` to its end; see `run(_:_:environment:in:)`.
@discardableResult
public func run(
  _ path: String, _ arguments: [String], environment: [String: String] = [:],
  in directory: URL? = nil
) throws -> ProcessResult {
  try run(URL(fileURLWithPath: path), arguments, environment: environment, in: directory)
}
