import StepwiseCore
import StepwiseMarkdown

/// A file whose text goes through a parser that is not ours: cmark-gfm for pages, libyaml for data
/// files and front matter.
public struct GuardedFile: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    case page, data

    /// The third-party parser that reads this kind of file, for messages.
    public var parserName: String {
      switch self {
      case .page: "cmark-gfm"
      case .data: "the YAML parser (libyaml)"
      }
    }

    /// What makes this kind of file slow to parse, for the render-budget message.
    public var slowInputs: String {
      switch self {
      case .page:
        "cmark-gfm has inputs that take minutes, such as very wide tables or thousands of nested brackets or reference links"
      case .data:
        "the YAML parser has inputs that take minutes, such as very deep nesting or very long lines of flow collections"
      }
    }
  }

  public var kind: Kind
  public var file: String
  public var text: String

  public init(kind: Kind, file: String, text: String) {
    self.kind = kind
    self.file = file
    self.text = text
  }

  /// Runs the third-party parsers on the file exactly as the loader will — libyaml on the front
  /// matter or data file, cmark-gfm on the Markdown body — and nothing of Stepwise's own (linear)
  /// analysis: what a guard runs where a hang or an abort cannot harm the build.
  public func parseAndRender() {
    switch kind {
    case .page:
      // Without fences the loader parses nothing, so neither does the worker.
      guard case .parts(let frontMatter, let body, _) = ContentLoader.splitFrontMatter(text) else {
        return
      }
      _ = YAMLReader(file: file, lineOffset: 1).parse(frontMatter.isEmpty ? "{}" : frontMatter)
      _ = try? MarkdownParser.parse(Array(body.utf8))
    case .data:
      _ = YAMLReader(file: file).parse(text)
    }
  }
}

/// Runs `GuardedFile.parseAndRender` somewhere that survives the C libraries hanging, eating
/// memory or aborting — Debian's cmark-gfm 0.29.0.gfm.6 has inputs that take minutes or abort
/// the process, and cmark cannot be interrupted from inside — before the loader parses the same
/// text in-process.
///
/// Parsing is deterministic, so a text that passed will pass again.
public protocol ParseGuard: Sendable {
  /// For each file that does not parse within the budget, why (a sentence for the diagnostic).
  /// Throws when the files cannot be vetted at all for a reason of this computer (no parser
  /// process can start: too many open files), which is no finding about any file.
  func vet(_ files: [GuardedFile]) throws(ContentError) -> [String: LocalizedText]
}
