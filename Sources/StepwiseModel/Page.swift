import StepwiseCore
import StepwiseMarkdown

/// The front matter of a page.
public struct PageFrontMatter: Sendable, Hashable {
  public var title: String
  public var procedure: Located<String>
  public var summary: String?
  public var reviewBy: Located<CalendarDate>?
  public var validUntil: Located<CalendarDate>?
  public var regions: [Located<String>]?
  /// Where the text of `title` and `summary` starts (after an opening quote), for findings
  /// inside them.
  public var titleLocation: SourceLocation?
  public var summaryLocation: SourceLocation?

  /// The texts of the front matter a reader sees (`title`, `summary`), with where each starts.
  public var readerTexts: [(text: String, start: SourceLocation)] {
    var texts: [(String, SourceLocation)] = []
    if let titleLocation { texts.append((title, titleLocation)) }
    if let summary, let summaryLocation { texts.append((summary, summaryLocation)) }
    return texts
  }
}

/// One instruction page: front matter, the parsed Markdown (parsed once), and what it refers to.
///
/// Its parts are kept in one shared box, copied on write: a page is handed around by value
/// thousands of times per build (looked up by slug and by procedure for every region), and a
/// copy of its dozens of texts and arrays cost as many retains and releases.
public struct Page: Sendable, Hashable {
  /// What a page is; compared and hashed as synthesized.
  private struct Fields: Sendable, Hashable {
    var file: String
    var slug: String
    var frontMatter: PageFrontMatter
    var document: MarkdownDocument
    var bodyLineOffset: Int
    var analysis: PageAnalysis
  }

  /// The box the fields are shared in.
  ///
  /// `@unchecked Sendable`: a box is written only while one page holds it
  /// (`isKnownUniquelyReferenced`), and read by any number of copies after.
  private final class Box: @unchecked Sendable {
    var fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  private var box: Box

  public init(
    file: String, slug: String, frontMatter: PageFrontMatter, document: MarkdownDocument,
    bodyLineOffset: Int, analysis: PageAnalysis
  ) {
    box = Box(
      Fields(
        file: file, slug: slug, frontMatter: frontMatter, document: document,
        bodyLineOffset: bodyLineOffset, analysis: analysis))
  }

  /// The box, copied first when another page shares it. (The properties read and change the
  /// fields in place: a getter would copy a whole front matter to read its title.)
  private var writable: Box {
    mutating get {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      return box
    }
  }

  /// Site-relative path, `content/pages/<slug>.md`.
  public var file: String {
    _read { yield box.fields.file }
    _modify { yield &writable.fields.file }
  }
  /// The file name without `.md`: the page's folder in every region.
  public var slug: String {
    _read { yield box.fields.slug }
    _modify { yield &writable.fields.slug }
  }
  public var frontMatter: PageFrontMatter {
    _read { yield box.fields.frontMatter }
    _modify { yield &writable.fields.frontMatter }
  }
  public var document: MarkdownDocument {
    _read { yield box.fields.document }
    _modify { yield &writable.fields.document }
  }
  /// Lines before the Markdown body (the front matter and its fences).
  public var bodyLineOffset: Int {
    _read { yield box.fields.bodyLineOffset }
    _modify { yield &writable.fields.bodyLineOffset }
  }
  public var analysis: PageAnalysis {
    _read { yield box.fields.analysis }
    _modify { yield &writable.fields.analysis }
  }

  /// The front matter's title, summary and procedure id, each read alone: reading them
  /// through `frontMatter` from another module copies the whole front matter first (every copy
  /// of every page reads them).
  public var title: String { box.fields.frontMatter.title }
  public var summary: String? { box.fields.frontMatter.summary }
  public var procedureID: String { box.fields.frontMatter.procedure.value }

  /// Pages sharing a box are equal without comparing their fields.
  public static func == (lhs: Page, rhs: Page) -> Bool {
    lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
  }

  public func hash(into hasher: inout Hasher) { box.fields.hash(into: &hasher) }
}
