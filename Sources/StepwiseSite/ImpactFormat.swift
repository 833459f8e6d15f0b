import Foundation
import StepwiseCore

/// How `impact` and `coverage` print their reports.
public enum ReportFormat: String, Sendable, CaseIterable {
  case text, json, markdown
}

/// JSON of a report: sorted keys, pretty-printed, slashes unescaped.
func reportJSON(_ value: some Encodable) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  guard let data = try? encoder.encode(value) else { return "{}\n" }
  return String(decoding: data, as: UTF8.self) + "\n"
}

extension ImpactReport {
  /// The report in a format: text for a terminal, JSON for tools, Markdown (in Russian) for a
  /// merge request note or a job summary.
  public func rendered(_ format: ReportFormat) -> String {
    switch format {
    case .json: reportJSON(self)
    case .text: text
    case .markdown: markdown
    }
  }

  private var shortCommit: String { String(commit.prefix(10)) }

  // MARK: - Text

  var text: String {
    var out = "Impact of the working tree against \(since) (\(shortCommit)):\n"
    out += warnings(english: true).map { "warning: \($0)\n" }.joined()
    if isEmpty {
      return out + "no published file changes.\n"
    }
    let regions = Set(procedures.flatMap { $0.regions.map(\.region) }).count
    out +=
      "\(pageCount) page\(pageCount == 1 ? "" : "s") in \(regions) region\(regions == 1 ? "" : "s") change.\n"
    for procedure in procedures {
      out += "\n\(procedure.title) [\(procedure.procedure)], page \(procedure.page):\n"
      for row in rows(of: procedure) {
        out += "  \(row.regions.map(\.region).joined(separator: ", ")): \(row.english)\n"
      }
    }
    if !otherFiles.isEmpty {
      out += "\nOther files:\n"
      for file in otherFiles {
        let what = file.kinds.isEmpty ? "" : ": \(Self.english(file.asPage))"
        out += "  \(file.path): \(file.kind.rawValue)\(what)\n"
      }
    }
    return out
  }

  /// A region's change, and the regions that share the same description.
  struct Row {
    var regions: [PageImpact]
    var english: String
    var russian: String
  }

  /// Regions with the same change of one page, as one row each.
  func rows(of procedure: ProcedureImpact) -> [Row] {
    var rows: [Row] = []
    for impact in procedure.regions {
      let russian = Self.russian(impact)
      if let index = rows.firstIndex(where: { $0.russian == russian }) {
        rows[index].regions.append(impact)
      } else {
        rows.append(Row(regions: [impact], english: Self.english(impact), russian: russian))
      }
    }
    return rows
  }

  static func english(_ impact: PageImpact) -> String {
    impact.kinds.map { kind -> String in
      switch kind {
      case .labels:
        let changes =
          impact.labelsRemoved.map { "-«\($0)»" } + impact.labelsAdded.map { "+«\($0)»" }
        return changes.isEmpty ? "labels" : "labels (\(changes.joined(separator: ", ")))"
      case .links:
        let changes = impact.linksRemoved.map { "-\($0)" } + impact.linksAdded.map { "+\($0)" }
        return changes.isEmpty ? "links" : "links (\(changes.joined(separator: ", ")))"
      default: return kind.rawValue
      }
    }.joined(separator: "; ")
  }

  static func russian(_ impact: PageImpact) -> String {
    impact.kinds.map { kind -> String in
      switch kind {
      case .built: return "**публикуется впервые**"
      case .notBuilt: return "**больше не публикуется**"
      case .text: return "текст"
      case .markup: return "только разметка"
      case .labels:
        let changes =
          impact.labelsRemoved.map { "−«\(markdownCell($0))»" }
          + impact.labelsAdded.map { "+«\(markdownCell($0))»" }
        return changes.isEmpty ? "надписи" : "надписи: " + changes.joined(separator: ", ")
      case .links:
        let changes =
          impact.linksRemoved.map { "−`\(markdownCode($0))`" }
          + impact.linksAdded.map { "+`\(markdownCode($0))`" }
        guard !changes.isEmpty else { return "ссылки" }
        // Long lists of addresses would drown the table: the first few, then a count.
        let shown = changes.prefix(4).joined(separator: ", ")
        return "ссылки: " + shown + (changes.count > 4 ? " и ещё \(changes.count - 4)" : "")
      }
    }.joined(separator: "; ")
  }

  /// What a reader of the report must know first: a side that does not check clean.
  func warnings(english: Bool) -> [String] {
    var out: [String] = []
    for (side, status) in [(since, before), ("the working tree", after)] {
      let name = english ? side : (side == since ? "`\(since)`" : "рабочей копии")
      if !status.loaded {
        out.append(
          english
            ? "the content of \(name) could not be loaded: none of its pages are built"
            : "содержимое \(name) не загружается: ни одна его страница не собирается")
      } else if status.errors > 0 {
        out.append(
          english
            ? "the content of \(name) does not check clean (\(status.errors) error\(status.errors == 1 ? "" : "s")): compared anyway"
            : "содержимое \(name) не проходит проверку (\(status.errors) \(russianPlural(status.errors, one: "ошибка", few: "ошибки", many: "ошибок"))): сравнение всё равно выполнено"
        )
      }
    }
    return out
  }

  // MARK: - Markdown

  var markdown: String {
    var out = "### Что изменится на опубликованном сайте\n\n"
    out += "Сравнение с `\(markdownCode(since))` (`\(shortCommit)`), собраны обе версии. "
    if isEmpty {
      out += "Опубликованные файлы не меняются.\n"
    } else {
      let regions = Set(procedures.flatMap { $0.regions.map(\.region) }).count
      out +=
        "Меняются \(pageCount) \(russianPlural(pageCount, one: "страница", few: "страницы", many: "страниц")) в \(regions) \(russianPlural(regions, one: "регионе", few: "регионах", many: "регионах"))"
      out +=
        otherFiles.isEmpty
        ? ".\n"
        : " и \(otherFiles.count) \(russianPlural(otherFiles.count, one: "другой файл", few: "других файла", many: "других файлов")).\n"
    }
    for warning in warnings(english: false) { out += "\n> **Внимание:** \(warning).\n" }
    for procedure in procedures {
      out += "\n#### \(markdownCell(procedure.title))\n\n"
      out += "Процедура `\(procedure.procedure)`, страница `\(procedure.page)`.\n\n"
      out += "| Регионы | Что изменилось |\n| --- | --- |\n"
      for row in rows(of: procedure) {
        let names = row.regions.map { markdownCell($0.regionName) }.joined(separator: ", ")
        out += "| \(names) | \(row.russian) |\n"
      }
    }
    if !otherFiles.isEmpty {
      out += "\n#### Другие файлы\n\n| Файлы | Что изменилось |\n| --- | --- |\n"
      // Region homes with the same change share a row.
      var homes: [(names: [String], what: String)] = []
      for file in otherFiles {
        let what =
          switch file.kind {
          case .added: "**публикуется впервые**"
          case .removed: "**больше не публикуется**"
          case .changed: file.kinds.isEmpty ? "изменён" : Self.russian(file.asPage)
          }
        if let region = file.regionName {
          if let index = homes.firstIndex(where: { $0.what == what }) {
            homes[index].names.append(region)
          } else {
            homes.append(([region], what))
          }
        } else {
          out += "| `\(markdownCode(file.path))` | \(what) |\n"
        }
      }
      for home in homes {
        let names = home.names.map { markdownCell($0) }.joined(separator: ", ")
        let files = home.names.count == 1 ? "главная страница региона" : "главные страницы регионов"
        out += "| \(files): \(names) | \(home.what) |\n"
      }
    }
    return out
  }
}

extension ImpactReport.FileImpact {
  /// The file's change described as a page's, for the shared wording.
  var asPage: ImpactReport.PageImpact {
    ImpactReport.PageImpact(
      region: region ?? "", regionName: regionName ?? "", path: path, kinds: kinds,
      labelsAdded: labelsAdded, labelsRemoved: labelsRemoved, linksAdded: linksAdded,
      linksRemoved: linksRemoved)
  }
}

/// Text safe in a Markdown table cell: `|` escaped, line breaks as spaces, HTML's `<` escaped.
func markdownCell(_ text: String) -> String {
  text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;")
    .replacingOccurrences(of: "\n", with: " ")
}

/// Text safe inside a Markdown code span in a table cell.
func markdownCode(_ text: String) -> String {
  text.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|")
    .replacingOccurrences(of: "\n", with: " ")
}
