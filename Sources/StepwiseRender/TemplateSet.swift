import Foundation
import Mustache
import StepwiseCore
import StepwiseMarkdown
import StepwiseModel
import Synchronization

/// Template values are escaped by Stepwise's own escaper: by Unicode scalars (swift-mustache's
/// escapes by grapheme clusters, which lets `"` followed by a combining mark through), with `'`
/// too, and fast (every page of every region).
struct ScalarHTMLContentType: MustacheContentType {
  static let name = "STEPWISE_HTML"
  static let registered: Bool = {
    MustacheContentTypes.register(ScalarHTMLContentType(), named: name)
    return true
  }()

  func escapeText(_ text: String) -> String { HTMLEscaping.attribute(text) }
}

/// The HTML templates and static files of a site: built-in defaults, each overridable by a file
/// of the same name in the site's `templates/` folder.
public struct TemplateSet: Sendable {
  /// Template names every site needs.
  public static let templateNames = [
    "head", "foot", "page", "region", "regions", "root", "404", "search", "a-z", "diagram",
  ]
  /// Static files copied to `static/` in the output.
  public static let staticFiles = ["style.css", "search.js", "favicon.svg"]

  /// The templates as swift-mustache parses them, parsed the first time they are needed (a
  /// template it cannot render otherwise, see `compiled`).
  public var library: MustacheLibrary { parsedLibrary.value }
  private let parsedLibrary: LazyLibrary
  /// Static files by name, with their contents.
  public let statics: [String: String]
  /// Which templates came from the site (for messages and tests).
  public let overridden: Set<String>
  /// The text of every template and static file by name: two sets with equal sources render
  /// alike (the preview re-renders only when they differ).
  public let sources: [String: String]

  /// Loads the defaults and the site's overrides.
  ///
  /// A template that does not parse is a finding
  /// at its file. When every text is as in `previous` (the preview's last build), that set is
  /// returned as it is, without parsing again. A file that exists but cannot be read (too many
  /// open files, a permission) is not a finding but an error: the content is not at fault.
  public static func load(siteRoot: URL, reusing previous: TemplateSet? = nil) throws(ContentError)
    -> (TemplateSet?, [Diagnostic])
  {
    var statics: [String: String] = [:]
    var overridden: Set<String> = []
    var sources: [String: String] = [:]
    var origins: [String: String] = [:]
    var diagnostics: [Diagnostic] = []
    let siteTemplates = siteRoot.appendingPathComponent("templates")
    for name in templateNames + staticFiles {
      let file = name.contains(".") ? name : name + ".mustache"
      var text: String?
      var origin = "templates/\(file)"
      switch FileBytes.contents(atPath: siteTemplates.appendingPathComponent(file).path) {
      case .success(let bytes):
        text = String(decoding: bytes, as: UTF8.self)
        overridden.insert(name)
      case .failure(.absent):
        if let url = builtInURLs[file] {
          switch FileBytes.contents(atPath: url.path) {
          case .success(let bytes):
            text = String(decoding: bytes, as: UTF8.self)
            origin = "(built-in) \(file)"
          case .failure(.absent): break
          case .failure(let error): throw .cannotOpen(url.path, error)
          }
        }
      case .failure(let error):
        throw .cannotOpen(origin, error)
      }
      guard let text else {
        diagnostics.append(
          .error(
            .template, TemplateMessage.builtInMissing(file), at: nil)
        )
        continue
      }
      sources[name] = text
      origins[name] = origin
      if name.contains(".") { statics[name] = text }
    }
    guard diagnostics.isEmpty else { return (nil, diagnostics) }
    if let previous, previous.sources == sources, previous.overridden == overridden {
      return (previous, [])
    }
    // The site's own templates are parsed now, for their findings; the built-in ones parse (a
    // test holds it), and are parsed only if swift-mustache renders them.
    for name in templateNames where overridden.contains(name) {
      guard let text = sources[name], let origin = origins[name] else { continue }
      do {
        _ = try parse(text)
      } catch {
        diagnostics.append(
          .error(
            .template, TemplateMessage.notMustache(origin, error: "\(error)"),
            at: SourceLocation(file: origin, line: 1, column: 1)))
      }
    }
    guard diagnostics.isEmpty else { return (nil, diagnostics) }
    return (TemplateSet(statics: statics, overridden: overridden, sources: sources), [])
  }

  /// A template as swift-mustache parses it, with its values escaped by Stepwise's escaper.
  static func parse(_ text: String) throws -> MustacheTemplate {
    _ = ScalarHTMLContentType.registered
    // A standalone pragma line: removed with its newline, so the output is unchanged.
    return try MustacheTemplate(
      string: "{{% CONTENT_TYPE: \(ScalarHTMLContentType.name)}}\n" + text)
  }

  /// Where the built-in templates and static files are, looked up once (a bundle lookup in a
  /// process out of file descriptors could miss them).
  private static let builtInURLs: [String: URL] = {
    var urls: [String: URL] = [:]
    for name in templateNames + staticFiles {
      let file = name.contains(".") ? name : name + ".mustache"
      urls[file] =
        Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Templates")
        ?? Bundle.module.url(forResource: file, withExtension: nil)
    }
    return urls
  }()

  /// Renders a named template with a context, by swift-mustache.
  func render(_ name: String, _ context: Any) -> String {
    library.render(context, withTemplate: name) ?? ""
  }

  /// Renders a named template with a context whose holes hold `hole(index)`.
  func render(_ name: String, _ context: TemplateValue, hole: (Int) -> String) -> [UInt8] {
    if let compiled { return compiled.render(name, context, hole: hole) }
    return Array(render(name, context.mustache(hole)).utf8)
  }

  /// A named template rendered with a context's holes left open.
  func skeleton(_ name: String, _ context: TemplateValue) -> Skeleton {
    if let compiled { return compiled.skeleton(name, context) }
    return Skeleton(parsing: render(name, context.mustache(Marker.text)))
  }

  /// Whether a rendering with placeholders for the region's values, filled in afterwards, is
  /// the same as rendering with the values (see `Skeleton`).
  ///
  /// Not when a template transforms a
  /// value (`{{uppercased(region.name)}}`, `{{#empty(summary)}}`), names a partial by a value
  /// (`{{>*name}}`), indents a partial, parent or block (swift-mustache then indents each line
  /// by looking at the values rendered before it) or changes the delimiters (which hides all of
  /// these from this test).
  public internal(set) var allowsSkeletons: Bool {
    didSet { if !allowsSkeletons { compiled = nil } }
  }

  /// The templates compiled to render template values straight (see `CompiledTemplates`); nil
  /// when one of them needs swift-mustache, which then renders them all.
  var compiled: CompiledTemplates?

  init(statics: [String: String], overridden: Set<String>, sources: [String: String]) {
    let templates = sources.filter { Self.templateNames.contains($0.key) }
    self.parsedLibrary = LazyLibrary(sources: templates)
    self.statics = statics
    self.overridden = overridden
    self.sources = sources
    self.allowsSkeletons = !Self.templateNames.compactMap { sources[$0] }.contains(
      where: Self.transformsValues)
    self.compiled =
      allowsSkeletons
      ? CompiledTemplates(sources: templates) : nil
  }

  static func transformsValues(_ template: String) -> Bool {
    // Read by bytes below; a template where that could see other tags than swift-mustache's
    // characters do (a brace joined by a combining mark) is rendered in full, which is always
    // right.
    guard !CompiledTemplates.joinsASCII(template), !containsUTF8(template, "{{=") else {
      return true
    }
    let bytes = Array(template.utf8)
    let open = UInt8(ascii: "{")
    let close = UInt8(ascii: "}")
    func find(_ mark: UInt8, from start: Int) -> Int? {
      var index = start
      while index + 1 < bytes.count {
        if bytes[index] == mark, bytes[index + 1] == mark { return index }
        index += 1
      }
      return nil
    }
    var index = 0
    while let tagOpen = find(open, from: index) {
      guard let tagClose = find(close, from: tagOpen + 2) else { break }
      let tag = bytes[(tagOpen + 2)..<tagClose]
      let name = tag.drop { $0 == UInt8(ascii: " ") }
      if tag.contains(UInt8(ascii: "(")) || name.starts(with: Array(">*".utf8)) { return true }
      if let kind = name.first, Array(">$<".utf8).contains(kind) {
        var lineStart = tagOpen
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        let before = bytes[lineStart..<tagOpen]
        if !before.isEmpty,
          before.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
        {
          return true
        }
      }
      index = tagClose + 2
    }
    return false
  }
}

/// swift-mustache's library of a template set, parsed once, by the first thread that needs it.
private final class LazyLibrary: Sendable {
  private let sources: [String: String]
  private let parsed = Mutex<MustacheLibrary?>(nil)

  init(sources: [String: String]) { self.sources = sources }

  var value: MustacheLibrary {
    parsed.withLock { parsed in
      if let parsed { return parsed }
      var library = MustacheLibrary()
      // The site's own templates parsed when the set was loaded; the built-in ones parse
      // (`theBuiltInTemplatesParseWithSwiftMustache`). A set made otherwise (a test's) renders
      // nothing for a template that does not.
      for (name, text) in sources {
        if let template = try? TemplateSet.parse(text) { library.register(template, named: name) }
      }
      parsed = library
      return library
    }
  }
}
