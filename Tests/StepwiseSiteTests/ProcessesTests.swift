import Foundation
import StepwiseTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The tests' own way of running programs copes with a program that is busy for a moment.
@Suite struct ProcessesTests {
  /// A program still open for writing cannot be run (ETXTBSY); `run` tries again until the
  /// descriptor is closed, as it is when a child that inherited it executes.
  @Test func aProgramBusyForAMomentIsRunOnceItIsFree() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let program = folder.appendingPathComponent("true")
    try copyExecutable(URL(fileURLWithPath: "/bin/true"), to: program)
    let writer = open(program.path, O_WRONLY | O_CLOEXEC)
    try #require(writer >= 0)
    // The busy start is what this test is about: seen here, before the descriptor closes.
    let busy = Process()
    busy.executableURL = program
    #expect(throws: (any Error).self) { try busy.run() }
    let closer = Thread {
      usleep(100_000)
      close(writer)
    }
    closer.start()
    let result = try run(program, [])
    #expect(result.status == 0)
  }
}
