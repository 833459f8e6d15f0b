import StepwiseCore

/// A JSON value whose object keys keep their order, written the same way every time.
public indirect enum OrderedJSON: Sendable {
  case string(String)
  case number(Int)
  case bool(Bool)
  case array([OrderedJSON])
  case object([(String, OrderedJSON)])

  /// The value as pretty-printed JSON (two spaces an indent, a newline at the end), non-ASCII
  /// characters as they are: the schemas are read by people too.
  public func text() -> String {
    var out = ""
    write(to: &out, indent: "")
    return out + "\n"
  }

  private func write(to out: inout String, indent: String) {
    let inner = indent + "  "
    switch self {
    case .string(let text): out += Self.quoted(text)
    case .number(let number): out += String(number)
    case .bool(let flag): out += flag ? "true" : "false"
    case .array(let values):
      // Short lists of words stay on one line (`"required": ["id", "title"]`).
      if values.allSatisfy({ if case .string = $0 { true } else { false } }) {
        out += "[" + values.map { $0.text().dropLast() }.joined(separator: ", ") + "]"
        return
      }
      out += "[\n"
      for (index, value) in values.enumerated() {
        out += inner
        value.write(to: &out, indent: inner)
        out += index == values.count - 1 ? "\n" : ",\n"
      }
      out += indent + "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      out += "{\n"
      for (index, (key, value)) in members.enumerated() {
        out += inner + Self.quoted(key) + ": "
        value.write(to: &out, indent: inner)
        out += index == members.count - 1 ? "\n" : ",\n"
      }
      out += indent + "}"
    }
  }

  static func quoted(_ text: String) -> String { JSONText.quoted(text) }
}

/// Writes `DataShapes` out as JSON Schemas (draft-07, as SchemaStore publishes them) for editors
/// with the YAML language server and for `check-jsonschema`.
///
/// The schemas say what the loader's shape checks say; what depends on other files (that a step
/// id exists, that a region's value suits its variable's declared type) is left to `stepwise
/// check`.
public enum JSONSchemaGenerator {
  public static let draft = "http://json-schema.org/draft-07/schema#"

  /// The schema of one kind of file.
  public static func schema(for file: DataShapes.File) -> OrderedJSON {
    guard case .object(var members) = object(file.shape) else { return object(file.shape) }
    members.insert(("$schema", .string(draft)), at: 0)
    return .object(members)
  }

  /// Every schema file's name and text, in `DataShapes.files` order.
  public static func files() -> [(name: String, text: String)] {
    DataShapes.files.map { ($0.schemaFileName, schema(for: $0).text()) }
  }

  static func object(_ shape: ObjectShape) -> OrderedJSON {
    var members: [(String, OrderedJSON)] = [
      ("title", .string(shape.title)), ("description", .string(shape.description)),
      ("type", .string("object")),
    ]
    var properties: [(String, OrderedJSON)] = []
    for field in shape.fields {
      guard case .object(var schema) = value(field.value) else { continue }
      schema.insert(
        contentsOf: [
          ("title", .string(field.title)), ("description", .string(field.description)),
        ], at: 0)
      properties.append((field.key, .object(schema)))
    }
    members.append(("properties", .object(properties)))
    if !shape.requiredKeys.isEmpty {
      members.append(("required", .array(shape.requiredKeys.map(OrderedJSON.string))))
    }
    if shape.exactlyOne {
      members.append(("minProperties", .number(1)))
      members.append(("maxProperties", .number(1)))
    }
    members.append(("additionalProperties", .bool(false)))
    return .object(members)
  }

  static func value(_ shape: ValueShape) -> OrderedJSON {
    switch shape {
    case .text(let format): return text(format)
    case .boolean: return .object([("type", .string("boolean"))])
    case .choice(let words):
      return .object([
        ("type", .string("string")), ("enum", .array(words.map(OrderedJSON.string))),
      ])
    case .list(let item, let minimum):
      var members: [(String, OrderedJSON)] = [("type", .string("array")), ("items", value(item))]
      if minimum > 0 { members.append(("minItems", .number(minimum))) }
      return .object(members)
    case .object(let shape): return object(shape)
    case .map(let key, let item):
      var members: [(String, OrderedJSON)] = [("type", .string("object"))]
      if case .object(let keySchema) = text(key), key != .text {
        members.append(("propertyNames", .object(keySchema.filter { $0.0 != "type" })))
      }
      members.append(("additionalProperties", value(item)))
      return .object(members)
    case .either(let options):
      return .object([("anyOf", .array(options.map(value)))])
    }
  }

  /// The schema of a text value written in `format`.
  ///
  /// Plain text also allows what YAML 1.2 reads as a number or `true`/`false`: the loader takes
  /// every scalar as written (`title: 2024` is the text «2024»), so the schema must not call it
  /// an error.
  static func text(_ format: TextFormat) -> OrderedJSON {
    let string: (String, OrderedJSON) = ("type", .string("string"))
    switch format {
    case .text:
      return .object([
        ("type", .array([.string("string"), .string("number"), .string("boolean")]))
      ])
    case .identifier:
      return .object([string, ("pattern", .string("^[a-z]([a-z0-9-]*[a-z0-9])?$"))])
    case .date:
      return .object([string, ("pattern", .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))])
    case .httpsURL:
      return .object([
        string, ("format", .string("uri")),
        ("pattern", .string("^https://[^\\s/?#@\\\\]+\\.[^\\s/?#@\\\\]+([/?#]\\S*)?$")),
      ])
    case .baseURL:
      return .object([
        string, ("format", .string("uri")),
        ("pattern", .string("^https://[^\\s/?#@\\\\]+\\.[^\\s/?#@\\\\]+(/\\S*)?/$")),
      ])
    case .email:
      return .object([
        string, ("format", .string("email")),
        ("pattern", .string("^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$")),
      ])
    case .phone:
      // `phone: 88001007010` is a number to YAML 1.2 and a phone to the loader.
      return .object([
        ("type", .array([.string("string"), .string("number")])),
        ("pattern", .string("^(?=([^0-9]*[0-9]){5})[0-9 +()-]+$")),
      ])
    case .regionCode:
      return .object([string, ("pattern", .string("^RU-[A-Z]{2,3}$"))])
    case .slug:
      return .object([
        string, ("pattern", .string("^[a-z0-9]+(-[a-z0-9]+)*$")),
        (
          "not",
          .object([("enum", .array(RegionRules.reservedSlugs.sorted().map(OrderedJSON.string)))])
        ),
      ])
    case .byteSize:
      return .object([
        string, ("pattern", .string("^\\s*[0-9]{1,7}\\s*[KkMmGg][Ii][Bb]\\s*$")),
      ])
    }
  }
}
