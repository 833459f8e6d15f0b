import StepwiseModel

/// Why a command could not run at all (exit status 2), as opposed to content findings (1).
public enum SiteError: Error, Equatable, Sendable {
  case content(ContentError)
  case unknownRegion(String, suggestion: String?)
  case output(path: String, reason: String)
  case locked(path: String)
}

extension SiteError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .content(let error): error.description
    case .unknownRegion(let code, let suggestion):
      "unknown region '\(code)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
    case .output(let path, let reason): "\(path): cannot write the site: \(reason)"
    case .locked(let path):
      "\(path): another build is writing this output right now; wait for it to finish"
    }
  }
}

extension SiteError {
  /// A failure of this computer rather than of the site (a file or folder that exists could
  /// not be opened or read, an output that could not be written): the same site may build a
  /// moment later without any edit.
  public var isInputOutput: Bool {
    switch self {
    case .content(.cannotOpen), .content(.unreadable), .output: true
    case .content(.missingFile), .unknownRegion, .locked: false
    }
  }
}
