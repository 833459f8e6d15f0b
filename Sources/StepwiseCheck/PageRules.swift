import StepwiseCore
import StepwiseModel
import Foundation
import StepwiseMarkdown

/// A procedure that needs another's result links to it (SPEC rule 2).
struct PreconditionRules: Rule {
  static let ids: [RuleID] = [.preconditionUnlinked]

  func check(_ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let withPages = context.graph.procedures.filter { !$0.shared && context.content.page(forProcedure: $0.id) != nil }
    for page in context.content.pages {
      guard let procedure = context.graph.procedure(page.frontMatter.procedure.value), !procedure.shared else { continue }
      let linked = Set(page.analysis.references.compactMap { reference -> String? in
        if case .page(let slug, _) = LinkTarget(reference.destination) { return slug }
        return nil
      })
      for condition in context.analysis.preconditions(of: procedure) {
        let providers = context.analysis.providers(of: condition, among: withPages).filter { $0.id != procedure.id }
        let pages = providers.compactMap { context.content.page(forProcedure: $0.id) }
        guard !pages.isEmpty, pages.allSatisfy({ !linked.contains($0.slug) }) else { continue }
        let values = condition.values.map(\.value).joined(separator: " or ")
        let options = pages.map { "«\($0.frontMatter.title)» (\($0.slug).md)" }.joined(separator: " or ")
        out.append(.error(.preconditionUnlinked, "procedure '\(procedure.id)' requires \(condition.state.value) = \(values), which \(options) provides, but the page does not link to it; add a link like [\(pages[0].frontMatter.title)](\(pages[0].slug).md)", at: page.frontMatter.procedure.location))
      }
    }
    return out
  }
}

/// Region variables exist and are typed; region URLs are not pasted into pages (SPEC rule 3).
struct RegionVariableRules: Rule {
  static let ids: [RuleID] = [
    .regionVarUndefined, .regionUnknown, .regionURLHardcoded, .urlNotHTTPS, .regionDuplicate,
  ]

  func check(_ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let registry = context.content.registry
    let declared = Dictionary(registry.variables.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var codes: [String: SourceLocation] = [:]
    var slugs: [String: SourceLocation] = [:]
    var hosts: [String: (variable: String, region: Region)] = [:]
    for region in registry.regions {
      if let earlier = codes.updateValue(region.location, forKey: region.code) {
        out.append(.error(.regionDuplicate, "region code '\(region.code)' is listed twice", at: region.location, notes: [.init(location: earlier, message: "first listed here")]))
      }
      if let earlier = slugs.updateValue(region.location, forKey: region.slug) {
        out.append(.error(.regionDuplicate, "slug '\(region.slug)' is used by two regions; their pages would overwrite each other", at: region.location, notes: [.init(location: earlier, message: "first used here")]))
      }
      for (name, value) in region.variables.sorted(by: { $0.key < $1.key }) {
        guard let declaration = declared[name] else {
          let hint = nearestName(to: name, in: declared.keys).map { "; did you mean '\($0)'?" } ?? ""
          out.append(.error(.regionVarUndefined, "variable '\(name)' is not declared under 'variables:'\(hint)", at: value.location))
          continue
        }
        switch declaration.type {
        case .url:
          if let problem = URLRules.problem(with: value.value) {
            out.append(.error(.urlNotHTTPS, "'\(name)' of \(region.code) \(problem), found '\(value.value)'", at: value.location))
          } else if let host = URLRules.host(of: value.value) {
            hosts[host] = (name, region)
          }
        case .phone:
          if !ContactRules.isPhone(value.value) {
            out.append(.error(.schema, "'\(name)' of \(region.code) is not a phone number like 8 800 100-70-10, found '\(value.value)'", at: value.location))
          }
        case .email:
          if !ContactRules.isEmail(value.value) {
            out.append(.error(.schema, "'\(name)' of \(region.code) is not an e-mail address, found '\(value.value)'", at: value.location))
          }
        case .text: break
        }
      }
    }

    let builtins: Set<String> = ["region.name", "region.code"]
    // Per variable, the regions that do not define it (looked up for every use on every page).
    var lackingByVariable: [String: Set<String>] = [:]
    for declaration in registry.variables {
      // By code, as pages are built: the first region listed with a code counts.
      lackingByVariable[declaration.id] = Set(
        Set(registry.regions.map(\.code)).filter { registry.region(code: $0)?.variables[declaration.id] == nil })
    }
    for page in context.content.pages {
      for code in page.frontMatter.regions ?? [] where registry.region(code: code.value) == nil {
        let hint = nearestName(to: code.value, in: registry.regions.map(\.code)).map { "; did you mean '\($0)'?" } ?? ""
        out.append(.error(.regionUnknown, "unknown region '\(code.value)'\(hint)", at: code.location))
      }
      let builtIn = context.plan.regionsByPage[page.slug] ?? []
      for use in page.analysis.variables where !builtins.contains(use.name) {
        guard declared[use.name] != nil else {
          let hint = nearestName(to: use.name, in: Array(declared.keys) + Array(builtins)).map { "; did you mean '{{\($0)}}'?" } ?? ""
          out.append(.error(.regionVarUndefined, "unknown variable '{{\(use.name)}}'\(hint)", at: use.location))
          continue
        }
        let missing = lackingByVariable[use.name] ?? []
        let lacking = missing.isEmpty ? [] : builtIn.filter(missing.contains).compactMap { registry.region(code: $0) }
        if !lacking.isEmpty {
          let names = lacking.map { "\($0.code) (\($0.name))" }.joined(separator: ", ")
          out.append(.error(.regionVarUndefined, "variable '{{\(use.name)}}' is not defined for \(names), where this page is built; define it in regions.yaml or narrow the page with 'regions:'", at: use.location))
        }
      }
      out += hardcoded(page, hosts)
    }
    return out
  }

  /// Any address on a page whose host is a region's portal must be written as the variable.
  private func hardcoded(_ page: Page, _ hosts: [String: (variable: String, region: Region)]) -> [Diagnostic] {
    guard !hosts.isEmpty else { return [] }
    var out: [Diagnostic] = []
    var reported: Set<SourceLocation> = []
    func report(_ host: String, _ location: SourceLocation) {
      guard let owner = hosts[host], reported.insert(location).inserted else { return }
      out.append(.error(.regionURLHardcoded, "'\(host)' is the '\(owner.variable)' of \(owner.region.code) (\(owner.region.name)); write {{\(owner.variable)}} so that every region shows its own address", at: location))
    }
    for reference in page.analysis.references where !reference.destination.contains("{{") {
      if let host = URLRules.host(of: reference.destination) { report(host, reference.location) }
    }
    let document = page.document
    /// The text of a link to the same host was already reported at the link (an autolink).
    func insideLink(_ node: MarkdownNode, to host: String) -> Bool {
      var parent = node.parent
      while let index = parent {
        if case .link(let destination, _) = document[index].kind, !destination.contains("{{"),
          URLRules.host(of: destination) == host
        {
          return true
        }
        parent = document[index].parent
      }
      return false
    }
    for token in page.analysis.hostTokens where hosts[token.host] != nil {
      let node = document[token.node]
      guard !insideLink(node, to: token.host) else { continue }
      var position = node.start
      position.column += token.offset
      report(token.host, SourceLocation(file: page.file, line: position.line + page.bodyLineOffset, column: position.column))
    }
    return out
  }
}

/// «Quoted» labels in a step are labels of that step's system (SPEC rule 4).
struct LabelRules: Rule {
  static let ids: [RuleID] = [.uiLabelUnknown]

  static func normalize(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  func check(_ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let names = Set(context.graph.systems.flatMap { [$0.name] + $0.otherNames }.map(Self.normalize))
    // Per system, once: its labels and screen titles as compared.
    var known: [String: (words: [String], set: Set<String>)] = [:]
    for system in context.graph.systems where known[system.id] == nil {
      let words = system.labels.map(Self.normalize) + system.screens.map { Self.normalize($0.title) }
      known[system.id] = (words, Set(words))
    }
    for page in context.content.pages {
      for quote in page.analysis.quotes {
        guard let index = quote.step, index < page.analysis.steps.count,
          let step = context.graph.step(page.analysis.steps[index].id),
          let system = context.graph.system(step.system.value), let words = known[system.id]
        else { continue }
        let text = Self.normalize(quote.text)
        if words.set.contains(text) || names.contains(text) { continue }
        let hint = nearestName(to: text, in: words.words).map { "; did you mean «\($0)»?" } ?? ""
        out.append(.error(.uiLabelUnknown, "«\(quote.text)» is not a label on the screens of «\(system.name)»\(hint) (declare it under the system's screens if the screen really says so)", at: quote.location, notes: [.init(location: system.location, message: "the system's screens are declared here")]))
      }
    }
    return out
  }
}

/// Links, anchors and assets resolve in every region's build (SPEC rule 5).
struct LinkRules: Rule {
  static let ids: [RuleID] = [.linkBroken, .anchorBroken, .linkScheme, .imageAlt]

  func check(_ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let slugs = context.content.pages.map(\.slug)
    for page in context.content.pages {
      let regions = context.plan.regionsByPage[page.slug] ?? []
      for reference in page.analysis.references {
        if reference.isImage, reference.text.trimmingCharacters(in: .whitespaces).isEmpty {
          out.append(.error(.imageAlt, "image without alt text; describe what it shows: ![описание](\(reference.destination))", at: reference.location))
        }
        if reference.destination.contains("{{") {
          out += filledSchemes(reference, regions: regions, registry: context.content.registry)
          continue
        }
        switch LinkTarget(reference.destination) {
        case .external: break
        case .forbidden(let reason):
          out.append(.error(.linkScheme, "link '\(reference.destination)' is refused: \(reason)", at: reference.location))
        case .anchor(let anchor):
          if !page.analysis.anchors.contains(anchor) {
            let hint = nearestName(to: anchor, in: page.analysis.anchors).map { "; did you mean '#\($0)'?" } ?? ""
            out.append(.error(.anchorBroken, "no step or heading '#\(anchor)' on this page\(hint)", at: reference.location))
          }
        case .asset(let path):
          if !context.content.assets.contains("content/" + path) {
            out.append(.error(.linkBroken, "file 'content/\(path)' does not exist; add it to content/assets/ or fix the path", at: reference.location))
          }
        case .page(let slug, let anchor):
          guard let target = context.content.page(slug: slug) else {
            let hint = nearestName(to: slug, in: slugs).map { "; did you mean '\($0).md'?" } ?? ""
            out.append(.error(.linkBroken, "no page '\(slug).md'\(hint)", at: reference.location))
            continue
          }
          let missing = regions.filter { !context.plan.isBuilt(page: slug, in: $0) }
          if !missing.isEmpty {
            let names = missing.compactMap { context.content.registry.region(code: $0) }.map { "\($0.code) (\($0.name))" }
            out.append(.error(.linkBroken, "'\(slug).md' is not built for \(names.joined(separator: ", ")), where this page is; the link would lead nowhere there", at: reference.location))
          }
          if let anchor, !target.analysis.anchors.contains(anchor) {
            let hint = nearestName(to: anchor, in: target.analysis.anchors).map { "; did you mean '#\($0)'?" } ?? ""
            out.append(.error(.anchorBroken, "'\(slug).md' has no step or heading '#\(anchor)'\(hint)", at: reference.location))
          }
        }
      }
    }
    return out
  }
}

extension LinkRules {
  /// A destination written with variables is judged as each region will publish it: a value
  /// that turns it into `javascript:` (or any refused scheme) is an error at the link.
  func filledSchemes(_ reference: PageAnalysis.Reference, regions: [String], registry: RegionRegistry) -> [Diagnostic] {
    let destination = reference.destination
    let prefix = destination[..<(destination.range(of: "{{")?.lowerBound ?? destination.endIndex)]
    if prefix.contains(":") {
      // The scheme is written out (`tel:{{phone}}`): judged once, whatever the values.
      let sample = RegionVariables.fill(destination, with: Dictionary(
        uniqueKeysWithValues: Set(RegionVariables.names(in: destination)).map { ($0, "x") }))
      guard case .forbidden(let reason) = LinkTarget(sample) else { return [] }
      return [.error(.linkScheme, "link '\(destination)' is refused: \(reason)", at: reference.location)]
    }
    // `{{url-variable}}…`: url values are checked to be absolute https in regions.yaml.
    if prefix.isEmpty, let first = RegionVariables.names(in: destination).first,
      registry.variable(first)?.type == .url
    {
      return []
    }
    var refused: [String: (reason: String, regions: [String])] = [:]
    for code in regions {
      guard let region = registry.region(code: code) else { continue }
      let filled = RegionVariables.fill(reference.destination, with: RegionVariables.values(of: region))
      if case .forbidden(let reason) = LinkTarget(filled), !filled.contains("{{") {
        refused[filled, default: (reason, [])].regions.append("\(region.code) (\(region.name))")
      }
    }
    return refused.sorted { $0.key < $1.key }.map { filled, finding in
      .error(
        .linkScheme,
        "link '\(reference.destination)' becomes '\(filled)' in \(finding.regions.joined(separator: ", ")) and is refused: \(finding.reason)",
        at: reference.location)
    }
  }
}

/// Deadlines: a passed `valid-until` is an error, a passed `review-by` a warning (SPEC rule 6).
struct DateRules: Rule {
  static let ids: [RuleID] = [.expired, .reviewDue]

  func check(_ context: CheckContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for page in context.content.pages {
      if let until = page.frontMatter.validUntil, until.value < context.today {
        out.append(.error(.expired, "the page was valid until \(until.value.russian) and today is \(context.today.russian); update the instructions and the date, or remove the page", at: until.location))
      }
      if let review = page.frontMatter.reviewBy, review.value < context.today {
        out.append(.warning(.reviewDue, "the page was due for review by \(review.value.russian); re-read it against the live service and move 'review-by' forward", at: review.location))
      }
    }
    return out
  }
}
