import Mustache
import StepwiseTestSupport
import Testing

@testable import StepwiseRender

/// The compiled templates render what swift-mustache renders, byte for byte, or decline the
/// template (and swift-mustache renders it).
@Suite struct CompiledTemplatesTests {
  /// swift-mustache's rendering of `template` (with partial `p`) and the compiled one's, both
  /// filled and as a skeleton; nil when swift-mustache rejects it or the compiler declines it.
  func bothWays(_ template: String, partial: String, _ context: TemplateValue) throws -> (
    filled: ([UInt8], [UInt8]), skeleton: (Skeleton, Skeleton)
  )? {
    var library = MustacheLibrary()
    do {
      library.register(try TemplateSet.parse(template), named: "t")
      library.register(try TemplateSet.parse(partial), named: "p")
    } catch {
      return nil
    }
    guard let compiled = CompiledTemplates(sources: ["t": template, "p": partial]) else {
      return nil
    }
    let hole = { (index: Int) in "v\(index)<&'\">" }
    let theirs = Array((library.render(context.mustache(hole), withTemplate: "t") ?? "").utf8)
    let theirSkeleton = Skeleton(
      parsing: library.render(context.mustache(Marker.text), withTemplate: "t") ?? "")
    return (
      (compiled.render("t", context, hole: hole), theirs),
      (compiled.skeleton("t", context), theirSkeleton)
    )
  }

  @Test func randomTemplatesRenderAsSwiftMustacheRendersThem() throws {
    var compared = 0
    var declined = 0
    for seed in 0..<3000 as Range<UInt64> {
      var random = TemplateFuzz(seed: seed)
      let template = random.template(depth: 0)
      let partial = random.template(depth: 2, partials: false)
      let context = random.object(depth: 0)
      guard let (filled, skeleton) = try bothWays(template, partial: partial, context) else {
        declined += 1
        continue
      }
      compared += 1
      #expect(
        filled.0 == filled.1,
        "seed \(seed): \(template.debugDescription) with \(partial.debugDescription)")
      #expect(skeleton.0 == skeleton.1, "seed \(seed): \(template.debugDescription)")
    }
    // Most random templates are compared (1,827 of 3,000: nearly all the others are ones
    // swift-mustache itself rejects, which never reach a renderer): the comparison is not
    // vacuous.
    #expect(compared > 1500, "compared \(compared), declined \(declined)")
  }

  @Test func theBuiltInTemplatesAreCompiled() throws {
    let (templates, findings) = try TemplateSet.load(siteRoot: repositoryRoot)
    #expect(findings.isEmpty)
    #expect(try #require(templates).compiled != nil)
  }

  @Test func whatSwiftMustacheReadsOtherwiseIsDeclined() {
    let declined = [
      "a\r{{#x}}\rb{{/x}}",  // a lone CR, a line break in places to swift-mustache
      "{{#x}}\u{2028}{{/x}}",  // a line separator, a newline to swift-mustache
      "{\u{301}{x}}",  // a brace joined by a combining mark
      "{{=<% %>=}}<% x %>",  // other delimiters
      "{{uppercased(x)}}",  // a transform
      "{{>*name}}",  // a partial named by a value
      "<div>\n  {{> p}}\n</div>",  // an indented partial
      "{{<p}}{{$b}}x{{/b}}{{/p}}",  // inheritance
      "{{x\u{A0}}}",  // a no-break space in a tag
      "{{#x}}unclosed",
    ]
    for template in declined {
      #expect(CompiledTemplates(sources: ["t": template]) == nil, "\(template.debugDescription)")
    }
    #expect(CompiledTemplates(sources: ["t": "{{#x}}\n  {{y}} {{> p}}\n{{/x}}"]) != nil)
    // Lines ended by CR LF, as editors on Windows save them.
    #expect(CompiledTemplates(sources: ["t": "a\r\n{{#x}}\r\nb\r\n{{/x}}\r\n"]) != nil)
  }

  @Test func aPartialThatNamesItselfStopsInsteadOfOverflowing() throws {
    let compiled = try #require(CompiledTemplates(sources: ["t": "a{{> t}}"]))
    let rendered = compiled.render("t", .object([:])) { _ in "" }
    #expect(rendered == Array(repeating: UInt8(ascii: "a"), count: 65))
  }
}

/// Random templates made of the pieces whose whitespace and nesting rules differ, and random
/// contexts of every kind of `TemplateValue`.
struct TemplateFuzz {
  var random: SplitMix64

  init(seed: UInt64) { random = SplitMix64(seed: seed) }

  static let names = ["a", "b", "list", "flag", "obj", "hole", "a.b", "obj.a", ".a", "missing"]
  static let texts = [
    "x", " ", "  ", "\t", "\n", "\n", "\n", "\r\n", "{", "}", "<&\"'>", "й", "«т»", "a{b", "}}",
    " \n",
  ]

  mutating func pick<T>(_ items: [T]) -> T {
    items[Int.random(in: 0..<items.count, using: &random)]
  }

  mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

  mutating func template(depth: Int, partials: Bool = true) -> String {
    var text = ""
    for _ in 0..<Int.random(in: 0...8, using: &random) {
      let space = pick(["", "", " ", "\n", "  "])
      switch Int.random(in: 0..<10, using: &random) {
      case 0...2: text += pick(Self.texts)
      case 3: text += "{{\(space)\(pick(Self.names))\(space)}}"
      case 4:
        text += pick(["{{{\(pick(Self.names))}}}", "{{& \(pick(Self.names))}}", "{{.}}", "{{}}"])
      case 5: text += pick(["{{! note }}", "{{!\n}}", "{{!}}"])
      case 6 where partials: text += pick(["{{> p}}", "{{>missing}}", "\n{{> p}}\n"])
      case 6...9 where depth < 3:
        let name = pick(Self.names)
        let kind = pick(["#", "^"])
        let before = pick(["", "\n", "  ", "\n  ", "\r\n"])
        let after = pick(["", "\n", " \n", "x", "\r\n"])
        text +=
          "\(before){{\(kind)\(name)}}\(after)\(template(depth: depth + 1, partials: partials))"
          + "\(pick(["", "\n", "  "])){{/\(name)}}\(pick(["", "\n", " ", "\t\n"]))"
      default: text += pick(Self.texts)
      }
    }
    // Now and then an unbalanced tag, which both must reject.
    if chance(3) { text += pick(["{{/a}}", "{{#a}}", "{{", "{{a"]) }
    return text
  }

  mutating func value(depth: Int) -> TemplateValue {
    switch Int.random(in: 0..<(depth < 3 ? 9 : 5), using: &random) {
    case 0: return .text(pick(["", "т", "<b>&'\"", "Ёж «x»"]))
    case 1: return .hole(Int.random(in: 0..<4, using: &random))
    case 2: return .flag(chance(50))
    case 3: return .number(Int.random(in: -2...12, using: &random))
    case 4: return .list([])
    case 5:
      return .list((0..<Int.random(in: 1...3, using: &random)).map { _ in value(depth: depth + 1) })
    case 6: return object(depth: depth + 1)
    case 7: return .shared(SharedValue(value(depth: depth + 1)))
    default:
      guard case .object(let base) = object(depth: depth + 1),
        case .object(let added) = object(depth: depth + 1)
      else { return .flag(false) }
      return .shared(SharedValue(SharedValue(.object(base)), adding: added))
    }
  }

  mutating func object(depth: Int) -> TemplateValue {
    var fields: TemplateFields = [:]
    for name in ["a", "b", "list", "flag", "obj", "hole"] where chance(70) {
      switch name {
      case "list":
        fields[name] =
          depth >= 3 || chance(20)
          ? .list([]) : .list((0..<3).map { _ in object(depth: depth + 1) })
      case "flag": fields[name] = .flag(chance(50))
      case "hole": fields[name] = .hole(Int.random(in: 0..<4, using: &random))
      case "obj" where depth < 3: fields[name] = object(depth: depth + 1)
      default: fields[name] = value(depth: depth + 1)
      }
    }
    return .object(fields)
  }
}
