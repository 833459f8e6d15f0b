import Foundation
import StepwiseCore

/// Checks one message catalogue: its cases have samples, and the samples' texts are fit to print.
///
/// Every case of `enumName` (read from its declaration in `file`, relative to the repository)
/// needs a sample. Returns what is wrong, one line per problem (empty when all is well).
public func catalogueProblems<Message: LocalizedMessage>(
  _ samples: [Message], enumName: String, file: String
) throws -> [String] {
  var problems: [String] = []
  let source = try String(
    contentsOf: repositoryRoot.appendingPathComponent(file), encoding: .utf8)
  let declared = caseNames(ofEnum: enumName, in: source)
  if declared.isEmpty { problems.append("\(file): no cases of enum \(enumName) found") }
  let sampled = Set(samples.map(caseName))
  for name in declared.subtracting(sampled).sorted() {
    problems.append("\(enumName).\(name) has no sample in \(enumName).samples")
  }
  for sample in samples {
    problems += textProblems(english: sample.english, russian: sample.russian)
  }
  return problems
}

/// What is wrong with a pair of texts: an empty text, the same text twice, a Latin letter inside
/// a Russian word (a look-alike `а`/`a`), straight quotes in the Russian, or «» missing where the
/// English quotes something.
public func textProblems(english: String, russian: String) -> [String] {
  var problems: [String] = []
  let shown = "«\(russian)» (en: \(english))"
  if english.trimmingCharacters(in: .whitespaces).isEmpty {
    problems.append("empty English: \(shown)")
  }
  if russian.trimmingCharacters(in: .whitespaces).isEmpty {
    problems.append("empty Russian: \(shown)")
  }
  if english == russian { problems.append("not translated: \(shown)") }
  if !russian.unicodeScalars.contains(where: isCyrillic) {
    problems.append("no Russian word: \(shown)")
  }
  for word in russian.split(whereSeparator: { !$0.isLetter }) {
    let scalars = word.unicodeScalars
    if scalars.contains(where: isCyrillic), scalars.contains(where: isLatin) {
      problems.append("Latin letter inside the Russian word «\(word)»: \(shown)")
    }
  }
  if russian.contains("'") || russian.contains("\"") {
    problems.append("straight quotes in Russian (use «»): \(shown)")
  }
  // A quote mark, not an apostrophe inside a word (`the step's`).
  let quotes = english.range(of: "(^|[^A-Za-z])'|'($|[^A-Za-z])", options: .regularExpression)
  if quotes != nil || english.contains("«"), !russian.contains("«") {
    problems.append("the English quotes something, the Russian has no «»: \(shown)")
  }
  return problems
}

private func isCyrillic(_ scalar: Unicode.Scalar) -> Bool {
  (0x0400...0x04FF).contains(scalar.value)
}

private func isLatin(_ scalar: Unicode.Scalar) -> Bool {
  ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
}

/// The case of an enum value, as written in its declaration.
private func caseName(_ value: Any) -> String {
  Mirror(reflecting: value).children.first?.label ?? String(describing: value)
}

/// The names of the cases declared directly in `enum name { … }` (not in nested types).
func caseNames(ofEnum name: String, in source: String) -> Set<String> {
  var names: Set<String> = []
  var depth = 0
  var inside = false
  for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
    let text = line.trimmingCharacters(in: .whitespaces)
    if !inside {
      guard text.range(of: "enum \(name)[:\\s{]", options: .regularExpression) != nil else {
        continue
      }
      inside = true
      depth = 0
    }
    if depth == 1, text.hasPrefix("case "), !text.hasPrefix("case .") {
      // `case a, b(String), c`: the names before each parenthesis, commas at the top level.
      var level = 0
      var current = ""
      var parts: [String] = []
      for character in text.dropFirst(5) {
        switch character {
        case "(": level += 1
        case ")": level -= 1
        case "," where level == 0:
          parts.append(current)
          current = ""
          continue
        default: break
        }
        if level == 0, character != ")" { current.append(character) }
      }
      parts.append(current)
      for part in parts {
        let word = part.trimmingCharacters(in: .whitespaces).prefix {
          $0.isLetter || $0.isNumber
        }
        if !word.isEmpty { names.insert(String(word)) }
      }
    }
    for character in text {
      if character == "{" { depth += 1 }
      if character == "}" {
        depth -= 1
        if depth == 0 { return names }
      }
    }
  }
  return names
}
