import StepwiseCore
import StepwiseModel

/// Where a UI label is used: every «quote» of it on a page, with the regions that publish that
/// page, and the systems that declare it (`stepwise impact --label`).
public struct LabelUsage: Sendable, Equatable, Codable {
  public var label: String
  public var quotes: [Quote]
  /// Flow steps whose titles quote the label (shown on region homes).
  public var steps: [StepTitle]
  public var declarations: [Declaration]
  /// The nearest declared label, when the label is neither quoted nor declared.
  public var suggestion: String?

  public struct Quote: Sendable, Equatable, Codable {
    public var file: String
    public var line: Int
    public var column: Int
    public var page: String
    public var title: String
    /// Region codes and names that publish the page (empty: it is built nowhere).
    public var regions: [String]
    public var regionNames: [String]
  }

  public struct StepTitle: Sendable, Equatable, Codable {
    public var step: String
    public var file: String
    public var line: Int
    public var column: Int
  }

  public struct Declaration: Sendable, Equatable, Codable {
    public var system: String
    public var systemName: String
    public var screen: String
    public var file: String
    public var line: Int
    public var column: Int
  }

  public var isEmpty: Bool { quotes.isEmpty && steps.isEmpty && declarations.isEmpty }

  /// Looks for `label` (without its «», whitespace ignored) in a checked site.
  public init(label: String, in site: CheckedSite) {
    let wanted = Self.normalize(Self.unquote(label))
    self.label = wanted
    quotes = []
    steps = []
    declarations = []
    guard let content = site.content, let plan = site.plan else { return }
    for page in content.pages {
      let regions = plan.regionsByPage[page.slug] ?? []
      for quote in page.analysis.quotes
      where quote.marks == .guillemets && Self.normalize(quote.text) == wanted {
        quotes.append(
          Quote(
            file: quote.location.file, line: quote.location.line, column: quote.location.column,
            page: page.slug, title: page.frontMatter.title, regions: regions,
            regionNames: regions.map { content.registry.region(code: $0)?.name ?? $0 }))
      }
    }
    for step in content.graph.steps where Self.quotes(in: step.title).contains(wanted) {
      steps.append(
        StepTitle(
          step: step.id, file: step.location.file, line: step.location.line,
          column: step.location.column))
    }
    var all: Set<String> = []
    for system in content.graph.systems {
      for screen in system.screens {
        for declared in screen.labels {
          all.insert(declared.value)
          guard Self.normalize(declared.value) == wanted else { continue }
          declarations.append(
            Declaration(
              system: system.id, systemName: system.name, screen: screen.id,
              file: declared.location.file, line: declared.location.line,
              column: declared.location.column))
        }
      }
    }
    if isEmpty { suggestion = nearestName(to: wanted, in: all.sorted()) }
  }

  static func normalize(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// `«Войти»` → `Войти` (the shell passes the marks when the user types them).
  static func unquote(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("«"), trimmed.hasSuffix("»"), trimmed.count >= 2 {
      return String(trimmed.dropFirst().dropLast())
    }
    return trimmed
  }

  /// The «…» quotes of a plain text.
  static func quotes(in text: String) -> [String] {
    PageFacets.splitQuotes(text).1
  }
}

extension LabelUsage {
  public func rendered(_ format: ReportFormat) -> String {
    switch format {
    case .json: return reportJSON(self)
    case .text: return text
    case .markdown: return markdown
    }
  }

  private var text: String {
    var out = ""
    if isEmpty {
      out += "«\(label)» is quoted on no page and declared by no system"
      return out + (suggestion.map { "; did you mean «\($0)»?\n" } ?? ".\n")
    }
    let pages = Set(quotes.map(\.page)).count
    let regions = Set(quotes.flatMap(\.regions)).count
    out +=
      "«\(label)» is quoted \(quotes.count) time\(quotes.count == 1 ? "" : "s") on \(pages) page\(pages == 1 ? "" : "s"), published in \(regions) region\(regions == 1 ? "" : "s").\n"
    for quote in quotes {
      let published =
        quote.regions.isEmpty
        ? "built in no region" : "published in \(quote.regions.joined(separator: ", "))"
      out += "\(quote.file):\(quote.line):\(quote.column): page \(quote.page), \(published)\n"
    }
    for step in steps {
      out += "\(step.file):\(step.line):\(step.column): the title of step \(step.step) quotes it\n"
    }
    if declarations.isEmpty {
      out += "No system declares it (stepwise check reports each quote as ui-label-unknown).\n"
    }
    for declaration in declarations {
      out +=
        "\(declaration.file):\(declaration.line):\(declaration.column): declared by \(declaration.system) («\(declaration.systemName)»), screen \(declaration.screen)\n"
    }
    return out
  }

  private var markdown: String {
    var out = "### Где используется надпись «\(markdownCell(label))»\n\n"
    if isEmpty {
      return out + "Нигде: ни одна страница её не цитирует и ни одна система не объявляет"
        + (suggestion.map { "; возможно, имелась в виду «\(markdownCell($0))»" } ?? "") + ".\n"
    }
    if !quotes.isEmpty {
      out += "| Место в исходном тексте | Страница | Регионы |\n| --- | --- | --- |\n"
      for quote in quotes {
        let regions =
          quote.regionNames.isEmpty
          ? "не публикуется" : quote.regionNames.map(markdownCell).joined(separator: ", ")
        out +=
          "| `\(markdownCode(quote.file)):\(quote.line):\(quote.column)` | \(markdownCell(quote.title)) | \(regions) |\n"
      }
    }
    if !steps.isEmpty {
      out +=
        "\nНазвания шагов: "
        + steps.map { "`\($0.step)` (`\(markdownCode($0.file)):\($0.line)`)" }.joined(
          separator: ", ") + ".\n"
    }
    out +=
      declarations.isEmpty
      ? "\nНи одна система не объявляет эту надпись.\n"
      : "\nОбъявлена: "
        + declarations.map { "«\(markdownCell($0.systemName))», экран `\($0.screen)`" }.joined(
          separator: "; ") + ".\n"
    return out
  }
}
