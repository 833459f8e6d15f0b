import Foundation
import StepwiseCore
import StepwiseModel
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// How much processor time and memory parsing one file may take.
public struct ParseBudget: Sendable, Hashable {
  /// Processor seconds per file (the worker's own CPU time, not the wall clock, so a file gets
  /// the same verdict on a busy CI runner as on an idle laptop).
  ///
  /// Real pages parse in
  /// milliseconds; the known cmark-gfm pathologies take from 30 s to minutes, so a few seconds
  /// separates them with a wide margin even on a slow machine or a debug build.
  public var seconds: Double
  /// Address-space limit of a worker process, in MiB: the Swift runtime needs about 100; a
  /// 512 KB page needs a few more; the 3000-column table of CVE-2023-24824 needs over 2000.
  public var megabytes: Int

  public static let standard = ParseBudget(seconds: 5, megabytes: 1024)

  public init(seconds: Double, megabytes: Int) {
    self.seconds = seconds
    self.megabytes = megabytes
  }
}

/// A `ParseGuard` made of worker processes (`stepwise parse-worker`), one per core, kept alive
/// between calls and replaced when one hangs (killed at the deadline) or dies (an abort inside
/// cmark-gfm, the memory limit).
///
/// The build process itself never runs an unvetted text.
public final class ParseWorkerPool: ParseGuard, Sendable {
  public let executable: URL
  public let budget: ParseBudget
  /// Workers waiting for the next file.
  private let idle = Mutex<[ParseWorker]>([])

  /// Whether texts found safe are remembered between runs (`VettedTexts`).
  public let remembers: Bool
  /// The texts found safe, read once from the state folder when the pool is made (nil when
  /// nothing is remembered).
  private let memory: Mutex<VettedTexts?>

  /// `executable` is a `stepwise` binary (usually this process's own, `/proc/self/exe`);
  /// `remembers` keeps the texts its workers found safe, so that the next run does not send
  /// them again.
  public init(executable: URL, budget: ParseBudget = .standard, remembers: Bool = false) {
    self.executable = executable
    self.budget = budget
    self.remembers = remembers
    memory = Mutex(remembers ? VettedTexts.load(executable: executable, budget: budget) : nil)
    // A worker that died makes writes to its pipe fail with EPIPE instead of killing us.
    signal(SIGPIPE, SIG_IGN)
  }

  deinit {
    for worker in idle.withLock({ $0 }) { worker.stop() }
  }

  /// Starts the workers in the background (a process start takes tens of milliseconds), so
  /// they are ready by the time the files have been read.
  ///
  /// Not when texts are remembered (`VettedTexts`): most are known then, and a worker is
  /// started only for a text that is not. Unless `forEdits`: a process that rebuilds after
  /// every save (the preview, the language server) gets a new text with each one, and the
  /// first save would wait for a worker to start.
  public func prestart(forEdits: Bool = false) {
    if !forEdits, memory.withLock({ $0.map { !$0.digests.isEmpty } ?? false }) { return }
    let lanes = max(ProcessInfo.processInfo.activeProcessorCount, 1)
    for _ in 0..<lanes {
      DispatchQueue.global().async { [self] in
        if let worker = try? ParseWorker(executable: executable, budget: budget) { checkIn(worker) }
      }
    }
  }

  public func vet(_ files: [GuardedFile]) throws(ContentError) -> [String: LocalizedText] {
    guard !files.isEmpty else { return [:] }
    // Texts a worker of this program found safe before (`VettedTexts`) are not sent again.
    let unknown = memory.withLock { memory in
      memory.map { memory in files.filter { !memory.contains($0) } } ?? files
    }
    let verdicts = try vetInWorkers(unknown)
    let safe = unknown.filter { verdicts[$0.file] == nil }
    memory.withLock { $0?.remember(safe) }
    return verdicts
  }

  /// Sends each file to a worker; the reasons of those that failed, by file.
  private func vetInWorkers(_ files: [GuardedFile]) throws(ContentError) -> [String: LocalizedText]
  {
    guard !files.isEmpty else { return [:] }
    let lanes = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), files.count)
    let results = Slots<LocalizedText>(count: files.count)
    // Out of descriptors or processes: no worker can start, through no fault of the files.
    let exhausted = Slots<Int32>(count: 1)
    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
      var worker: ParseWorker?
      for index in stride(from: lane, to: files.count, by: lanes) {
        let file = files[index]
        if worker == nil {
          do {
            worker = try checkOut()
          } catch let error as POSIXError where Self.exhaustionCodes.contains(error.code.rawValue) {
            exhausted.set(0, error.code.rawValue)
            return
          } catch {
            results.set(
              index,
              BudgetMessage.cannotStart(executable: executable.path, error: "\(error)").localized)
            continue
          }
        }
        guard let current = worker else { continue }
        if let failure = current.parse(file, budget: budget) {
          results.set(index, failure)
          current.stop()
          worker = nil
        }
      }
      if let worker { checkIn(worker) }
    }
    if let code = exhausted.values.first ?? nil {
      throw .cannotOpen(
        "a parser process (\(executable.lastPathComponent) parse-worker)", .failed(errno: code))
    }
    var verdicts: [String: LocalizedText] = [:]
    for (index, reason) in results.values.enumerated() {
      if let reason { verdicts[files[index].file] = reason }
    }
    return verdicts
  }

  /// `errno` values of a failed process start that mean this computer ran out of something.
  static let exhaustionCodes: Set<Int32> = [EMFILE, ENFILE, EAGAIN, ENOMEM]

  /// How many workers wait for a file.
  var idleCount: Int { idle.withLock { $0.count } }

  private func checkOut() throws -> ParseWorker {
    if let worker = idle.withLock({ $0.popLast() }) { return worker }
    return try ParseWorker(executable: executable, budget: budget)
  }

  private func checkIn(_ worker: ParseWorker) {
    idle.withLock { $0.append(worker) }
  }

  /// The location of this process's own executable.
  public static var currentExecutable: URL {
    #if os(Linux)
      URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    #else
      URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    #endif
  }
}

/// One worker process and its two pipes.
///
/// The protocol is framed so that no file name or content can desynchronise it. A request is
/// one header line of ASCII tokens, `<kind> <name bytes> <text bytes> <sequence>`, then the name
/// and the text, each exactly as long as announced; the answer is the line `ok <sequence>`. An
/// answer that is not the awaited one is a failure of that file, and the worker is replaced.
///
/// `@unchecked Sendable`: a worker is used by one thread at a time. It is handed between threads
/// only through the pool's `Mutex` (checked out, used by one lane, checked in), which orders the
/// uses of its request counter and wait status.
final class ParseWorker: @unchecked Sendable {
  private let pid: pid_t
  private let input: Int32
  private let output: Int32
  /// The raw wait status once reaped.
  private var status: Int32?
  /// The number of the next request.
  private var sequence = 0

  /// Spawns the worker with `posix_spawn` and reaps it with `waitpid` itself: Foundation's
  /// `Process` could miss the exit of a child started from several threads at once, and then
  /// `waitUntilExit` never returned.
  init(executable: URL, budget: ParseBudget) throws {
    // One spawn at a time: between `pipe` and `fcntl` another child could inherit our ends.
    let (pid, input, output) = try Self.spawnLock.withLock { _ throws -> (pid_t, Int32, Int32) in
      var toChild: [Int32] = [-1, -1]
      var fromChild: [Int32] = [-1, -1]
      guard pipe(&toChild) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      guard pipe(&fromChild) == 0 else {
        close(toChild[0])
        close(toChild[1])
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
      }
      // Our ends must not leak into other children (the child gets its ends as 0 and 1).
      for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
      var actions = posix_spawn_file_actions_t()
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
      posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
      let arguments = [executable.path, "parse-worker", "--megabytes", String(budget.megabytes)]
      let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
      defer { for argument in argv { free(argument) } }
      var pid: pid_t = 0
      let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
      close(toChild[0])
      close(fromChild[1])
      guard spawned == 0 else {
        close(toChild[1])
        close(fromChild[0])
        throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
      }
      return (pid, toChild[1], fromChild[0])
    }
    self.pid = pid
    self.input = input
    self.output = output
  }

  deinit {
    stop()
    close(input)
    close(output)
  }

  private static let spawnLock = Mutex(())

  /// Parses one file in the worker; nil when it finished within the budget, else why not.
  func parse(_ file: GuardedFile, budget: ParseBudget) -> LocalizedText? {
    sequence += 1
    let name = Array(file.file.utf8)
    let body = Array(file.text.utf8)
    let header = Array("\(file.kind.rawValue) \(name.count) \(body.count) \(sequence)\n".utf8)
    let startCPU = processorSeconds()
    let started = monotonicNow()
    // The wall clock is only a backstop for a worker that stops running without using the
    // processor (it never should); the budget itself is processor time.
    let backstop = started + max(budget.seconds * 10, budget.seconds + 30)
    guard writeAll(header + name + body) else { return died(budget, kind: file.kind) }
    /// Whether the file is over its budget: processor time where `/proc` tells it, else the
    /// wall clock; the backstop either way.
    func overBudget() -> Bool {
      let now = monotonicNow()
      if now > backstop { return true }
      if let startCPU, let used = processorSeconds() { return used - startCPU > budget.seconds }
      return now - started > budget.seconds
    }
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
      // Short waits, the budget sampled only between them: a file answered at once (nearly
      // every file) costs no look at `/proc`.
      let ready = poll(&poller, 1, 50)
      if ready < 0, errno == EINTR { continue }
      if ready == 0 {
        if overBudget() { return overTime(budget, kind: file.kind) }
        continue
      }
      let count = read(output, &byte, 1)
      if count <= 0 { return died(budget, kind: file.kind) }
      if byte == UInt8(ascii: "\n") { break }
      line.append(byte)
      if line.count > 64 { break }
    }
    return line == Array("ok \(sequence)".utf8)
      ? nil
      : BudgetMessage.wrongAnswer(
        String(decoding: line, as: UTF8.self), expected: "ok \(sequence)"
      ).localized
  }

  /// The processor time (user and system) the worker has used so far, from `/proc/PID/stat`;
  /// nil where that cannot be read (then the budget is the wall clock).
  private func processorSeconds() -> Double? {
    #if os(Linux)
      let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { return nil }
      defer { close(descriptor) }
      var buffer = [UInt8](repeating: 0, count: 1024)
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      guard count > 0 else { return nil }
      // The command name (field 2) is in parentheses and may hold spaces: fields after the
      // last ')' are state (3) … utime (14), stime (15).
      guard let close = buffer[..<count].lastIndex(of: UInt8(ascii: ")")) else { return nil }
      let fields = buffer[(close + 1)..<count].split(separator: UInt8(ascii: " "))
      guard fields.count > 12, let user = Double(String(decoding: fields[11], as: UTF8.self)),
        let system = Double(String(decoding: fields[12], as: UTF8.self))
      else { return nil }
      return (user + system) / Double(Self.ticksPerSecond)
    #else
      return nil
    #endif
  }

  private static let ticksPerSecond = max(sysconf(Int32(_SC_CLK_TCK)), 1)

  private func overTime(_ budget: ParseBudget, kind: GuardedFile.Kind) -> LocalizedText {
    stop()
    return BudgetMessage.overTime(seconds: Self.seconds(budget.seconds), kind: kind).localized
  }

  private func died(_ budget: ParseBudget, kind: GuardedFile.Kind) -> LocalizedText {
    let status = reap()
    let signal = status & 0x7F
    let how: BudgetMessage.ProcessEnd =
      signal != 0
      ? .signal(Int32(signal), abort: signal == SIGABRT) : .status(Int32((status >> 8) & 0xFF))
    return BudgetMessage.died(how: how, megabytes: budget.megabytes, kind: kind).localized
  }

  private static func seconds(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }

  private func writeAll(_ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
      if written < 0, errno == EINTR { continue }
      guard written > 0 else { return false }
      offset += written
    }
    return true
  }

  /// Kills the worker (it may be stuck inside cmark) and reaps it.
  func stop() {
    if status == nil { kill(pid, SIGKILL) }
    _ = reap()
  }

  /// Waits for the worker to end (once) and returns its raw wait status.
  private func reap() -> Int32 {
    if let status { return status }
    var raw: Int32 = 0
    while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
    status = raw
    return raw
  }

  private func monotonicNow() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

/// The worker's side: `stepwise parse-worker` reads requests on standard input until it closes.
public enum ParseWorkerMain {
  public static func run(megabytes: Int) -> Int32 {
    var limit = rlimit(rlim_cur: rlim_t(megabytes) << 20, rlim_max: rlim_t(megabytes) << 20)
    setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
    var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
    setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
    var reader = LineReader(fd: 0)
    var expected = 0
    while let header = reader.line(limit: 128) {
      expected += 1
      let parts = header.split(separator: " ", omittingEmptySubsequences: false)
      guard parts.count == 4, let kind = GuardedFile.Kind(rawValue: String(parts[0])),
        let nameCount = Int(parts[1]), (0...4096).contains(nameCount),
        let textCount = Int(parts[2]), textCount >= 0,
        Int(parts[3]) == expected,
        let name = reader.bytes(nameCount), let text = reader.bytes(textCount)
      else { return 2 }
      GuardedFile(
        kind: kind, file: String(decoding: name, as: UTF8.self),
        text: String(decoding: text, as: UTF8.self)
      )
      .parseAndRender()
      let answer = Array("ok \(expected)\n".utf8)
      guard answer.withUnsafeBytes({ write(1, $0.baseAddress, $0.count) }) == answer.count else {
        return 2
      }
    }
    return 0
  }

  /// Buffered reads from a file descriptor.
  struct LineReader {
    let fd: Int32
    var buffer: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    mutating func fill() -> Bool {
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      guard count > 0 else { return false }
      buffer += chunk[..<count]
      return true
    }

    /// The next line, without its newline; nil at the end of input or past `limit` bytes.
    mutating func line(limit: Int) -> String? {
      while true {
        if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
          guard newline <= limit else { return nil }
          defer { buffer.removeSubrange(...newline) }
          return String(decoding: buffer[..<newline], as: UTF8.self)
        }
        guard buffer.count <= limit, fill() else { return nil }
      }
    }

    mutating func bytes(_ count: Int) -> [UInt8]? {
      while buffer.count < count {
        guard fill() else { return nil }
      }
      defer { buffer.removeFirst(count) }
      return Array(buffer[..<count])
    }
  }
}
