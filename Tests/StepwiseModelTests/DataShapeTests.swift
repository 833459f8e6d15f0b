import Foundation
import StepwiseCore
import Testing

@testable import StepwiseModel

/// The loader and `DataShapes` (which the JSON Schemas are written from) agree: a document
/// with every key of every shape loads clean, and misspelling any key, leaving out any required
/// one, or giving any one a value of the wrong type or format is an error at that key's line.
@Suite struct DataShapeTests {
  /// A change made to one field of one object shape wherever it occurs in the sample.
  struct Mutation: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable { case misspelled, missing, wrongType, badFormat }
    var file: String
    var object: ObjectShape
    var key: String
    var kind: Kind
    var testDescription: String { "\(file): \(object.title).\(key) \(kind.rawValue)" }
  }

  /// A sample document written one key a line (JSON is YAML), a comment line before each
  /// mutated key.
  struct Writer {
    static let marker = "# mutated"
    var mutation: Mutation?

    static func sample(_ format: TextFormat) -> String {
      switch format {
      case .text: "Пример"
      case .identifier: "sample-id"
      case .date: "2030-01-31"
      case .httpsURL: "https://portal.example/vhod"
      case .baseURL: "https://help.example/"
      case .email: "help@minobr.example"
      case .phone: "8 800 100-70-10"
      case .regionCode: "RU-AAA"
      case .slug: "sample-region"
      case .byteSize: "50 MiB"
      }
    }

    func quoted(_ text: String) -> String { "\"\(text)\"" }

    /// The text to put after `"key": `: one line for a scalar, a block of lines otherwise.
    mutating func value(_ shape: ValueShape) -> String {
      switch shape {
      case .text(let format): return quoted(Self.sample(format))
      case .boolean: return "true"
      case .choice(let words): return quoted(words.first ?? "")
      case .object(let object): return self.object(object)
      case .map(let key, let item):
        return block("{", "}", [quoted(Self.sample(key)) + ": " + value(item)])
      case .either(let options): return value(options.first ?? .boolean)
      case .list(let item, let minimum):
        var entries: [String] = []
        for entry in Self.listEntries(item, minimum: minimum) { entries.append(value(entry)) }
        return block("[", "]", entries)
      }
    }

    /// What a list holds in the sample: every option of an `either`, one entry per key of an
    /// exactly-one object, else as many entries as needed (at least two).
    static func listEntries(_ item: ValueShape, minimum: Int) -> [ValueShape] {
      switch item {
      case .either(let options): options.flatMap { listEntries($0, minimum: 1) }
      case .object(let object) where object.exactlyOne:
        object.fields.map { field in
          var single = object
          single.fields = [field]
          return .object(single)
        }
      default: Array(repeating: item, count: max(minimum, 2))
      }
    }

    /// An object: every field (the mutation applied), one a line.
    mutating func object(_ object: ObjectShape) -> String {
      let mutated = mutation.map { original($0.object) == original(object) } ?? false
      var entries: [String] = []
      for field in object.fields {
        let isTarget = mutated && mutation?.key == field.key
        var key = field.key
        var text: String
        switch isTarget ? mutation?.kind : nil {
        case .missing?: continue
        case .misspelled?:
          key += "x"
          text = value(field.value)
        case .wrongType?: text = Self.wrongType(field.value)
        case .badFormat?: text = quoted("не по форме")
        case nil: text = value(field.value)
        }
        // A comment line marks the mutated key: the next line is where the error belongs.
        entries.append((isTarget ? Self.marker + "\n" : "") + quoted(key) + ": " + text)
      }
      return block("{", "}", entries)
    }

    /// The shape an exactly-one entry came from (the sample splits it into one-key copies).
    func original(_ object: ObjectShape) -> [String] {
      [object.title, object.description]
    }

    /// A value the loader must refuse for this shape, on one line.
    static func wrongType(_ shape: ValueShape) -> String {
      switch shape {
      case .object, .map: "[\"не словарь\"]"
      default: "{\"не\": \"текст\"}"
      }
    }

    /// Entries one a line between brackets; nested blocks are already on their own lines.
    mutating func block(_ open: String, _ close: String, _ entries: [String]) -> String {
      guard !entries.isEmpty else { return open + close }
      return open + "\n" + entries.joined(separator: ",\n") + "\n" + close
    }
  }

  /// The document and the 1-based lines of the mutated key (at any depth).
  static func document(_ file: DataShapes.File, _ mutation: Mutation?) -> (String, [Int]) {
    var writer = Writer(mutation: mutation)
    let text = writer.object(file.shape)
    let all = text.split(separator: "\n", omittingEmptySubsequences: false)
    let lines = all.indices.filter { all[$0] == Writer.marker }.map { $0 + 2 }
    return (text, lines)
  }

  /// Loads the document as the loader loads that kind of file.
  static func load(_ file: DataShapes.File, _ text: String) -> [Diagnostic] {
    let reader = YAMLReader(file: "sample")
    guard let node = reader.parse(text) else { return reader.diagnostics }
    switch file.name {
    case "site": _ = reader.readSite(node)
    case "regions": _ = reader.readRegions(node)
    case "flow":
      var graph = FlowGraph()
      reader.readFlows(node, into: &graph)
    default: _ = reader.readFrontMatter(node, file: "sample")
    }
    return reader.diagnostics
  }

  /// Every object shape reachable in a file.
  static func objects(in shape: ValueShape) -> [ObjectShape] {
    switch shape {
    case .object(let object): [object] + object.fields.flatMap { objects(in: $0.value) }
    case .list(let item, _): objects(in: item)
    case .map(_, let item): objects(in: item)
    case .either(let options): options.flatMap(objects)
    case .text, .boolean, .choice: []
    }
  }

  static let mutations: [Mutation] = DataShapes.files.flatMap { file in
    objects(in: .object(file.shape)).flatMap { object in
      object.fields.flatMap { field -> [Mutation] in
        var kinds: [Mutation.Kind] = [.misspelled, .wrongType]
        if field.required { kinds.append(.missing) }
        if case .text(let format) = field.value, format != .text { kinds.append(.badFormat) }
        if case .choice = field.value { kinds.append(.badFormat) }
        if case .boolean = field.value { kinds.append(.badFormat) }
        return kinds.map { Mutation(file: file.name, object: object, key: field.key, kind: $0) }
      }
    }
  }

  @Test(arguments: DataShapes.files.map(\.name))
  func aDocumentWithEveryKeyLoadsClean(_ name: String) throws {
    let file = try #require(DataShapes.files.first { $0.name == name })
    let (text, _) = Self.document(file, nil)
    #expect(Self.load(file, text) == [], "\(text)")
  }

  @Test(arguments: mutations)
  func everyMistakeIsReportedAtItsKey(_ mutation: Mutation) throws {
    let file = try #require(DataShapes.files.first { $0.name == mutation.file })
    let (text, lines) = Self.document(file, mutation)
    let found = Self.load(file, text).filter { $0.severity == .error }
    if mutation.kind == .missing {
      #expect(!found.isEmpty, "\(text)")
      return
    }
    #expect(!lines.isEmpty, "the mutated key is not in the sample:\n\(text)")
    for line in lines {
      #expect(found.contains { $0.location?.line == line }, "line \(line) of\n\(text)\n\(found)")
    }
  }

  @Test func everyMutationKindIsExercised() {
    #expect(Self.mutations.count > 100)
    for kind in [Mutation.Kind.misspelled, .missing, .wrongType, .badFormat] {
      #expect(Self.mutations.contains { $0.kind == kind })
    }
  }
}
