#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process's limit of open file descriptors (`ulimit -n`).
enum OpenFileLimit {
  /// Raises the soft limit to the hard one.
  ///
  /// nil when done (or nothing to do), else a line for
  /// the log: the preview then runs with the limit it has.
  static func raiseToHardLimit() -> String? {
    var limit = rlimit()
    guard getrlimit(resourceCode, &limit) == 0 else {
      return "cannot read the limit of open files: \(reason(errno))"
    }
    guard limit.rlim_cur < limit.rlim_max else { return nil }
    let soft = limit.rlim_cur
    limit.rlim_cur = limit.rlim_max
    #if canImport(Darwin)
      // macOS refuses more than OPEN_MAX for an unlimited hard limit.
      if limit.rlim_max == RLIM_INFINITY { limit.rlim_cur = rlim_t(OPEN_MAX) }
    #endif
    guard setrlimit(resourceCode, &limit) == 0 else {
      return
        "cannot raise the limit of open files from \(soft) to \(limit.rlim_cur): \(reason(errno)); each open connection takes one"
    }
    return nil
  }

  #if canImport(Glibc)
    private static let resourceCode = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
  #else
    private static let resourceCode = RLIMIT_NOFILE
  #endif

  private static func reason(_ code: Int32) -> String {
    String(cString: strerror(code))
  }
}
