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
  /// The parts of a page.
  ///
  /// `@unchecked Sendable`: a box is written only while one page holds it
  /// (`isKnownUniquelyReferenced`), and read by any number of copies after.
  private final class Parts: @unchecked Sendable {
    var file: String
    var slug: String
    var frontMatter: PageFrontMatter
    var document: MarkdownDocument
    var bodyLineOffset: Int
    var analysis: PageAnalysis

    init(
      file: String, slug: String, frontMatter: PageFrontMatter, document: MarkdownDocument,
      bodyLineOffset: Int, analysis: PageAnalysis
    ) {
      self.file = file
      self.slug = slug
      self.frontMatter = frontMatter
      self.document = document
      self.bodyLineOffset = bodyLineOffset
      self.analysis = analysis
    }

    func copy() -> Parts {
      Parts(
        file: file, slug: slug, frontMatter: frontMatter, document: document,
        bodyLineOffset: bodyLineOffset, analysis: analysis)
    }
  }

  private var parts: Parts

  public init(
    file: String, slug: String, frontMatter: PageFrontMatter, document: MarkdownDocument,
    bodyLineOffset: Int, analysis: PageAnalysis
  ) {
    parts = Parts(
      file: file, slug: slug, frontMatter: frontMatter, document: document,
      bodyLineOffset: bodyLineOffset, analysis: analysis)
  }

  /// The parts, copied first when another page shares them. (The properties read and change
  /// them in place: a getter would copy a whole front matter to read its title.)
  private var writable: Parts {
    mutating get {
      if !isKnownUniquelyReferenced(&parts) { parts = parts.copy() }
      return parts
    }
  }

  /// Site-relative path, `content/pages/<slug>.md`.
  public var file: String {
    _read { yield parts.file }
    _modify { yield &writable.file }
  }
  /// The file name without `.md`: the page's folder in every region.
  public var slug: String {
    _read { yield parts.slug }
    _modify { yield &writable.slug }
  }
  public var frontMatter: PageFrontMatter {
    _read { yield parts.frontMatter }
    _modify { yield &writable.frontMatter }
  }
  public var document: MarkdownDocument {
    _read { yield parts.document }
    _modify { yield &writable.document }
  }
  /// Lines before the Markdown body (the front matter and its fences).
  public var bodyLineOffset: Int {
    _read { yield parts.bodyLineOffset }
    _modify { yield &writable.bodyLineOffset }
  }
  public var analysis: PageAnalysis {
    _read { yield parts.analysis }
    _modify { yield &writable.analysis }
  }

  public static func == (lhs: Page, rhs: Page) -> Bool {
    lhs.parts === rhs.parts
      || (lhs.file == rhs.file && lhs.slug == rhs.slug && lhs.frontMatter == rhs.frontMatter
        && lhs.bodyLineOffset == rhs.bodyLineOffset && lhs.document == rhs.document
        && lhs.analysis == rhs.analysis)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(file)
    hasher.combine(slug)
    hasher.combine(frontMatter)
    hasher.combine(document)
    hasher.combine(bodyLineOffset)
    hasher.combine(analysis)
  }
}
