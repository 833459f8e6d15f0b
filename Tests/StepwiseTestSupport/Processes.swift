import Foundation
import Synchronization

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
  let process = Process()
  if let directory { process.currentDirectoryURL = directory }
  process.executableURL = program
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  process.standardInput = FileHandle.nullDevice
  try process.run()
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
