import StepwiseModel

/// Why a command could not run at all (exit status 2), as opposed to content findings (1).
public enum SiteError: Error, Equatable, Sendable {
  case content(ContentError)
  case unknownRegion(String, suggestion: String?)
  case output(path: String, reason: String)
  case locked(path: String)
  /// `build` will not replace this folder: Stepwise did not make it, or it holds what must stay.
  case refusedOutput(path: String, reason: OutputRefusal)
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
    case .refusedOutput(let path, let reason):
      reason.sentence(path: path)
    }
  }
}

extension OutputRefusal {
  /// One line: the folder, why it is refused, what to do.
  ///
  /// Nothing was changed.
  func sentence(path: String) -> String {
    let advice = "choose a new or empty folder for the site, e.g. --output public"
    return switch self {
    case .empty:
      "--output is empty (an unset variable?); nothing was changed: \(advice)"
    case .unexpandedTilde:
      "\(path): refusing a path that starts with '~': stepwise does not expand it (the shell does, "
        + "unquoted); nothing was changed: write the folder out, or \(advice)"
    case .fileSystemRoot:
      "\(path): refusing to build into the root of the file system; nothing was changed: \(advice)"
    case .homeFolder:
      "\(path): refusing to build into a home folder; nothing was changed: \(advice)"
    case .siteFolder:
      "\(path): refusing to build into the site folder itself; nothing was changed: \(advice)"
    case .containsSite:
      "\(path): refusing to build into a folder that contains the site; nothing was changed: \(advice)"
    case .insideSources(let folder):
      "\(path): refusing to build into the site's \(folder)/ folder; nothing was changed: \(advice)"
    case .notAFolder:
      "\(path): exists and is not a folder; nothing was changed: \(advice)"
    case .notStepwiseOutput:
      "\(path): refusing to replace a folder that stepwise build did not make (it is not empty and has no "
        + "\(OutputFolder.markerName) file); nothing was changed: move its files away, or \(advice)"
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
    case .content(.missingFile), .unknownRegion, .locked, .refusedOutput: false
    }
  }
}
