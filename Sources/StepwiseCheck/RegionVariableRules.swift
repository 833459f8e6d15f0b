import Foundation
import StepwiseCore
import StepwiseMarkdown
import StepwiseModel

/// Region variables exist and are typed; region URLs are not pasted into pages: the `region-…`
/// and `url-not-https` rules of docs/rules.md.
struct RegionVariableRules: Rule {
  static let ids: [RuleID] = [
    .regionVarUndefined, .regionUnknown, .regionURLHardcoded, .urlNotHTTPS, .regionDuplicate,
    .regionURLShared, .pageUnbuilt, .regionContactHardcoded,
  ]

  func prepare(_ context: CheckContext, pages: [Int]) -> FamilyCheck {
    let registry = context.content.registry
    let page = context.factsMemo.value(Self.self) { PageInputs(registry) }
    return FamilyCheck(
      site: { regionFindings(registry, declared: page.declared) },
      page: { findings(context.content.pages[$0], context, page) })
  }

  /// What every page's findings share: the registry's alone, found once per check (and kept
  /// while the registry is unchanged, `FactsMemo`).
  private struct PageInputs: Sendable {
    var declared: [String: VariableDeclaration]
    var hosts: [String: (variable: String, region: Region)]
    var builtins: Set<String> = ["region.name", "region.code"]
    /// Per variable, the regions that do not define it (looked up for every use on every page).
    var lackingByVariable: [String: Set<String>] = [:]
    var contactOwners: [String: (variable: String, region: Region)]

    init(_ registry: RegionRegistry) {
      declared = Dictionary(
        registry.variables.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      hosts = RegionVariableRules.hosts(registry, declared: declared)
      for declaration in registry.variables {
        // By code, as pages are built: the first region listed with a code counts.
        lackingByVariable[declaration.id] = Set(
          Set(registry.regions.map(\.code)).filter {
            registry.region(code: $0)?.variables[declaration.id] == nil
          })
      }
      contactOwners = RegionVariableRules.contactOwners(registry)
    }
  }

  /// The region that first gives each portal host (a url variable's valid value), by host.
  private static func hosts(
    _ registry: RegionRegistry, declared: [String: VariableDeclaration]
  ) -> [String: (variable: String, region: Region)] {
    var hosts: [String: (variable: String, region: Region)] = [:]
    for region in registry.regions {
      for (name, value) in region.variables.sorted(by: { $0.key < $1.key })
      where declared[name]?.type == .url && URLRules.problem(with: value.value) == nil {
        if let host = URLRules.host(of: value.value), hosts[host] == nil {
          hosts[host] = (name, region)
        }
      }
    }
    return hosts
  }

  /// The registry's own findings.
  private func regionFindings(
    _ registry: RegionRegistry, declared: [String: VariableDeclaration]
  ) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var codes: [String: SourceLocation] = [:]
    var slugs: [String: SourceLocation] = [:]
    /// The first region giving each URL (normalised), for `region-url-shared`.
    var urls: [String: (variable: String, region: Region)] = [:]
    for region in registry.regions {
      if let earlier = codes.updateValue(region.location, forKey: region.code) {
        out.append(
          .error(
            .regionDuplicate, CheckMessage.regionCodeTwice(region.code), at: region.location,
            notes: [.init(location: earlier, CheckMessage.firstListedHere)]))
      }
      if let earlier = slugs.updateValue(region.location, forKey: region.slug) {
        out.append(
          .error(
            .regionDuplicate,
            CheckMessage.slugTwice(region.slug),
            at: region.location, notes: [.init(location: earlier, CheckMessage.firstUsedHere)]))
      }
      for (name, value) in region.variables.sorted(by: { $0.key < $1.key }) {
        guard let declaration = declared[name] else {
          out.append(
            .error(
              .regionVarUndefined,
              CheckMessage.variableUndeclared(
                name, suggestion: nearestName(to: name, in: declared.keys)),
              at: value.location))
          continue
        }
        switch declaration.type {
        case .url:
          if let problem = URLRules.problem(with: value.value) {
            out.append(
              .error(
                .urlNotHTTPS,
                CheckMessage.regionURL(
                  variable: name, region: region.code, problem, found: value.value),
                at: value.location))
          } else if URLRules.host(of: value.value) != nil {
            let key = Self.normalised(value.value)
            if let first = urls[key], first.region.code != region.code {
              out.append(
                .warning(
                  .regionURLShared,
                  CheckMessage.urlShared(
                    variable: name, region: region.code, regionName: region.name, url: value.value,
                    firstVariable: first.variable, firstRegion: first.region.code,
                    firstRegionName: first.region.name),
                  at: value.location,
                  notes: [
                    .init(
                      location: first.region.variables[first.variable]?.location
                        ?? first.region.location,
                      CheckMessage.regionGivesItHere(first.region.code))
                  ]))
            } else if urls[key] == nil {
              urls[key] = (name, region)
            }
          }
        case .phone:
          if !ContactRules.isPhone(value.value) {
            out.append(
              .error(
                .schema,
                CheckMessage.notAPhone(variable: name, region: region.code, found: value.value),
                at: value.location))
          }
        case .email:
          if !ContactRules.isEmail(value.value) {
            out.append(
              .error(
                .schema,
                CheckMessage.notAnEmail(variable: name, region: region.code, found: value.value),
                at: value.location))
          }
        case .text: break
        }
      }
    }

    return out
  }

  private func findings(_ page: Page, _ context: CheckContext, _ inputs: PageInputs)
    -> [Diagnostic]
  {
    var out: [Diagnostic] = []
    let registry = context.content.registry
    let declared = inputs.declared
    let builtins = inputs.builtins
    for code in page.frontMatter.regions ?? [] where registry.region(code: code.value) == nil {
      out.append(
        .error(
          .regionUnknown,
          CheckMessage.unknownRegion(
            code.value, suggestion: nearestName(to: code.value, in: registry.regions.map(\.code))),
          at: code.location))
    }
    let builtIn = context.plan.regionsByPage[page.slug] ?? []
    // Not where another finding already explains it: an unknown procedure or region.
    let unsure = context.namesUnknownSteps(page.frontMatter.procedure.value)
    let explained =
      unsure || context.content.graph.procedure(page.frontMatter.procedure.value) == nil
      || (page.frontMatter.regions ?? []).contains { registry.region(code: $0.value) == nil }
    if builtIn.isEmpty, !registry.regions.isEmpty, !explained {
      out.append(
        .warning(
          .pageUnbuilt,
          CheckMessage.pageUnbuilt(
            procedure: page.frontMatter.procedure.value,
            withRegions: page.frontMatter.regions != nil),
          at: page.frontMatter.procedure.location))
    }
    // The title and summary are page text too: `<title>`, `<h1>`, the description.
    var uses = page.analysis.variables
    for (text, start) in page.frontMatter.readerTexts {
      for (name, offset) in PageAnalysis.variableNames(in: text) {
        uses.append(.init(name: name, location: Self.shifted(start, by: offset)))
      }
    }
    for use in uses where !builtins.contains(use.name) {
      guard declared[use.name] != nil else {
        out.append(
          .error(
            .regionVarUndefined,
            CheckMessage.unknownVariable(
              use.name,
              suggestion: nearestName(to: use.name, in: Array(declared.keys) + Array(builtins))),
            at: use.location))
        continue
      }
      let missing = inputs.lackingByVariable[use.name] ?? []
      let lacking =
        missing.isEmpty || unsure
        ? [] : builtIn.filter(missing.contains).compactMap { registry.region(code: $0) }
      if !lacking.isEmpty {
        let names = lacking.map { "\($0.code) (\($0.name))" }
        out.append(
          .error(
            .regionVarUndefined,
            CheckMessage.variableMissing(use.name, regions: names),
            at: use.location))
      }
    }
    out += hardcoded(page, inputs.hosts)
    out += contacts(page, builtIn: builtIn, owners: inputs.contactOwners)
    out += frontMatterLeaks(
      page, builtIn: builtIn, hosts: inputs.hosts, owners: inputs.contactOwners)
    return out
  }

  /// One region's phone or e-mail written on a page that is also built for other regions: their
  /// readers would call or write to that region.
  ///
  /// The page must use the variable.
  private func contacts(
    _ page: Page, builtIn: [String], owners: [String: (variable: String, region: Region)]
  ) -> [Diagnostic] {
    guard !owners.isEmpty else { return [] }
    var out: [Diagnostic] = []
    var reported: Set<SourceLocation> = []
    let document = page.document
    for id in document.preorder() {
      let node = document[id]
      var text: String
      switch node.kind {
      case .text(let value), .code(let value): text = value
      case .link(let destination, _):
        // `tel:` and `mailto:` links: the destination is published too.
        guard destination.hasPrefix("tel:") || destination.hasPrefix("mailto:") else { continue }
        text = String(destination.drop { $0 != ":" }.dropFirst())
      default: continue
      }
      for (candidate, offset) in Self.contactCandidates(in: text) {
        let key = candidate.contains("@") ? candidate.lowercased() : Self.phoneKey(candidate)
        guard let key, let owner = owners[key] else { continue }
        let others = builtIn.filter { $0 != owner.region.code }
        guard !others.isEmpty else { continue }
        var position = node.start
        if case .link = node.kind {} else { position.column += offset }
        // An autolinked address is a link and its text at one place: one finding.
        let place = SourceLocation(
          file: page.file, line: position.line + page.bodyLineOffset, column: position.column)
        guard reported.insert(place).inserted else { continue }
        out.append(
          .error(
            .regionContactHardcoded,
            CheckMessage.contactHardcoded(
              candidate, variable: owner.variable, region: owner.region.code,
              regionName: owner.region.name, others: others),
            at: SourceLocation(
              file: page.file, line: position.line + page.bodyLineOffset, column: position.column)))
      }
    }
    return out
  }

  /// A location moved right by a number of characters on its line.
  static func shifted(_ location: SourceLocation, by offset: Int) -> SourceLocation {
    var moved = location
    moved.column += offset
    return moved
  }

  /// A region's address, phone or e-mail written in `title` or `summary`: every region's copy
  /// would show it (`region-url-hardcoded`, `region-contact-hardcoded`).
  private func frontMatterLeaks(
    _ page: Page, builtIn: [String], hosts: [String: (variable: String, region: Region)],
    owners: [String: (variable: String, region: Region)]
  ) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for (text, start) in page.frontMatter.readerTexts {
      for (host, offset) in PageAnalysis.hostTokens(in: text) {
        guard let owner = hosts[host] else { continue }
        out.append(
          .error(
            .regionURLHardcoded,
            CheckMessage.urlHardcoded(
              host: host, variable: owner.variable, region: owner.region.code,
              regionName: owner.region.name),
            at: Self.shifted(start, by: offset)))
      }
      for (candidate, offset) in Self.contactCandidates(in: text) {
        let key = candidate.contains("@") ? candidate.lowercased() : Self.phoneKey(candidate)
        guard let key, let owner = owners[key] else { continue }
        let others = builtIn.filter { $0 != owner.region.code }
        guard !others.isEmpty else { continue }
        out.append(
          .error(
            .regionContactHardcoded,
            CheckMessage.contactHardcoded(
              candidate, variable: owner.variable, region: owner.region.code,
              regionName: owner.region.name, others: others),
            at: Self.shifted(start, by: offset)))
      }
    }
    return out
  }

  /// The owner of each region phone (by its digits) and e-mail (lowercased), found once per check.
  static func contactOwners(_ registry: RegionRegistry) -> [String: (
    variable: String, region: Region
  )] {
    let types = Dictionary(
      registry.variables.map { ($0.id, $0.type) }, uniquingKeysWith: { first, _ in first })
    var owners: [String: (variable: String, region: Region)] = [:]
    for region in registry.regions {
      for (name, value) in region.variables.sorted(by: { $0.key < $1.key }) {
        let key: String? =
          switch types[name] {
          case .phone?: phoneKey(value.value)
          case .email?: value.value.lowercased()
          default: nil
          }
        if let key, owners[key] == nil { owners[key] = (name, region) }
      }
    }
    return owners
  }

  /// A phone number as compared: its digits, with a leading 7 (of +7) read as 8; nil when it has
  /// fewer than 10 digits (short numbers are too easily the same by chance).
  static func phoneKey(_ text: String) -> String? {
    var digits = text.filter { $0.isASCII && $0.isNumber }
    guard digits.count >= 10 else { return nil }
    if digits.count == 11, digits.first == "7" { digits = "8" + digits.dropFirst() }
    return digits
  }

  /// Runs of a text that look like a phone number or an e-mail address, with their character
  /// offsets.
  static func contactCandidates(in text: String) -> [(String, Int)] {
    // Most texts hold neither ten digits nor an `@`: they are passed over without splitting
    // them into characters.
    var digits = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: "@") {
        digits = 10
        break
      }
      if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { digits += 1 }
    }
    guard digits >= 10 else { return [] }
    var result: [(String, Int)] = []
    let characters = Array(text)
    var index = 0
    func isPhoneCharacter(_ c: Character) -> Bool {
      c.isASCII && (c.isNumber || " +()-".contains(c))
    }
    func isMailCharacter(_ c: Character) -> Bool {
      c.isASCII && (c.isLetter || c.isNumber || "._%+-@".contains(c))
    }
    while index < characters.count {
      let character = characters[index]
      if character.isASCII, character.isNumber || character == "+" {
        var end = index
        while end < characters.count, isPhoneCharacter(characters[end]) { end += 1 }
        var run = String(characters[index..<end])
        while let last = run.last, !last.isNumber { run.removeLast() }
        if run.filter(\.isNumber).count >= 10 { result.append((run, index)) }
        index = max(end, index + 1)
      } else if isMailCharacter(character), character != "@" {
        var end = index
        while end < characters.count, isMailCharacter(characters[end]) { end += 1 }
        var run = String(characters[index..<end])
        while let last = run.last, ".-".contains(last) { run.removeLast() }
        if run.contains("@") { result.append((run, index)) }
        index = max(end, index + 1)
      } else {
        index += 1
      }
    }
    return result
  }

  /// A URL as compared for `region-url-shared`: scheme and host lowercased, no trailing `/`.
  static func normalised(_ url: String) -> String {
    var text = url.trimmingSpaces()
    if let bytes = URLRules.asciiBytes(text) { return asciiNormalised(Array(bytes)) }
    while text.hasSuffix("/") { text.removeLast() }
    guard let range = text.range(of: "://") else { return text.lowercased() }
    let rest = text[range.upperBound...]
    let hostEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
    return text[..<range.upperBound].lowercased() + rest[..<hostEnd].lowercased() + rest[hostEnd...]
  }

  /// `normalised` of an ASCII text, by bytes.
  private static func asciiNormalised(_ text: [UInt8]) -> String {
    var bytes = text[...]
    while bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
    let scheme = Array("://".utf8)
    guard
      let start = bytes.indices.first(where: { bytes[$0...].starts(with: scheme) })
    else { return String(decoding: bytes.map(URLRules.asciiLowercase), as: UTF8.self) }
    let hostStart = start + scheme.count
    let hostEnd =
      bytes[hostStart...].firstIndex {
        $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
      } ?? bytes.endIndex
    return String(
      decoding: bytes[..<hostEnd].map(URLRules.asciiLowercase) + bytes[hostEnd...], as: UTF8.self)
  }

  /// Any address on a page whose host is a region's portal must be written as the variable.
  private func hardcoded(_ page: Page, _ hosts: [String: (variable: String, region: Region)])
    -> [Diagnostic]
  {
    guard !hosts.isEmpty else { return [] }
    var out: [Diagnostic] = []
    var reported: Set<SourceLocation> = []
    func report(_ host: String, _ location: SourceLocation) {
      guard let owner = hosts[host], reported.insert(location).inserted else { return }
      out.append(
        .error(
          .regionURLHardcoded,
          CheckMessage.urlHardcoded(
            host: host, variable: owner.variable, region: owner.region.code,
            regionName: owner.region.name),
          at: location))
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
      report(
        token.host,
        SourceLocation(
          file: page.file, line: position.line + page.bodyLineOffset, column: position.column))
    }
    return out
  }
}
