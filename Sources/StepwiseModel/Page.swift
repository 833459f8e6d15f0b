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
public struct Page: Sendable, Hashable {
  /// Site-relative path, `content/pages/<slug>.md`.
  public var file: String
  /// The file name without `.md`: the page's folder in every region.
  public var slug: String
  public var frontMatter: PageFrontMatter
  public var document: MarkdownDocument
  /// Lines before the Markdown body (the front matter and its fences).
  public var bodyLineOffset: Int
  public var analysis: PageAnalysis
}
