import Foundation
import StepwiseCore

// MARK: - site.yaml

extension YAMLReader {
  func readSite(_ root: YAMLNode) -> SiteSettings? {
    guard
      let fields = fields(
        root, .siteFile,
        shape: DataShapes.site)
    else { return nil }
    let title = string(fields["title"], .key("title"))
    let baseURL = string(fields["base-url"], .key("base-url"))
    if let url = baseURL {
      if let problem = URLRules.problem(with: url.value) {
        diagnostics.append(
          .error(
            .urlNotHTTPS, ModelMessage.urlNotHTTPS(.key("base-url"), problem, found: url.value),
            at: url.location))
      } else if !url.value.hasSuffix("/") {
        diagnostics.append(.error(.schema, ModelMessage.baseURLSlash, at: url.location))
      }
    }
    var contacts: [SiteSettings.Contact] = []
    for node in list(fields["contacts"], .key("contacts")) ?? [] {
      guard
        let contact = self.fields(
          node, .contact, shape: DataShapes.contact),
        let contactTitle = string(contact["title"], .contactKey("title"))
      else { continue }
      let url = string(contact["url"], .contactKey("url"))
      if let url, let problem = URLRules.problem(with: url.value) {
        diagnostics.append(
          .error(
            .urlNotHTTPS, ModelMessage.urlNotHTTPS(.contactURL, problem, found: url.value),
            at: url.location))
      }
      let phone = string(contact["phone"], .contactKey("phone"))
      if let phone, !ContactRules.isPhone(phone.value) {
        diagnostics.append(
          .error(.schema, ModelMessage.contactPhone(phone.value), at: phone.location))
      }
      let email = string(contact["email"], .contactKey("email"))
      if let email, !ContactRules.isEmail(email.value) {
        diagnostics.append(
          .error(.schema, ModelMessage.contactEmail(email.value), at: email.location))
      }
      contacts.append(
        SiteSettings.Contact(
          title: contactTitle.value, phone: phone?.value, email: email?.value, url: url?.value))
    }
    var assetSizeLimit = SiteSettings.defaultAssetSizeLimit
    if let limit = string(fields["asset-size-limit"], .key("asset-size-limit")) {
      if let bytes = ByteSize.parse(limit.value) {
        assetSizeLimit = bytes
      } else {
        diagnostics.append(
          .error(.schema, ModelMessage.assetSizeLimitValue(limit.value), at: limit.location))
      }
    }
    guard let title, let baseURL else { return nil }
    return SiteSettings(
      title: title.value, description: string(fields["description"], .key("description"))?.value,
      baseURL: baseURL, language: string(fields["language"], .key("language"))?.value ?? "ru",
      contacts: contacts, assetSizeLimit: assetSizeLimit)
  }
}

// MARK: - regions.yaml

extension YAMLReader {
  func readRegions(_ root: YAMLNode) -> RegionRegistry? {
    guard
      let fields = fields(
        root, .regionsFile, shape: DataShapes.regions)
    else { return nil }
    var declarations: [VariableDeclaration] = []
    if let node = fields["variables"], node.mapping == nil {
      error(.variablesNotMapping, at: node)
    }
    if case .mapping(let mapping)? = fields["variables"] {
      for (key, value) in mapping {
        guard let id = identifier(key, .variableName) else { continue }
        if declarations.contains(where: { $0.id == id.value }) {
          error(.variableTwice(id.value), at: key)
          continue
        }
        guard
          let declaration = self.fields(
            value, .variable(id.value), shape: DataShapes.variableDeclaration),
          let typeText = string(declaration["type"], .key("type")),
          let title = string(declaration["title"], .key("title"))
        else { continue }
        guard let type = VariableType(rawValue: typeText.value) else {
          let names = VariableType.allCases.map(\.rawValue)
          diagnostics.append(
            .error(
              .schema,
              ModelMessage.unknownVariableType(
                typeText.value, suggestion: nearestName(to: typeText.value, in: names),
                allowed: names),
              at: typeText.location))
          continue
        }
        declarations.append(
          VariableDeclaration(id: id.value, type: type, title: title.value, location: location(key))
        )
      }
    }

    var regions: [Region] = []
    for node in list(fields["regions"], .key("regions")) ?? [] {
      guard
        let region = self.fields(
          node, .region, shape: DataShapes.region),
        let code = string(region["code"], .key("code")),
        let name = string(region["name"], .key("name")),
        let slug = string(region["slug"], .key("slug"))
      else { continue }
      if !RegionRules.isRegionCode(code.value) {
        diagnostics.append(
          .error(.schema, ModelMessage.regionCode(code.value), at: code.location))
      }
      if !RegionRules.isSlug(slug.value) {
        diagnostics.append(
          .error(.schema, ModelMessage.regionSlug(slug.value), at: slug.location))
      } else if RegionRules.reservedSlugs.contains(slug.value) {
        diagnostics.append(
          .error(
            .schema,
            ModelMessage.reservedSlug(slug.value, reserved: RegionRules.reservedSlugs.sorted()),
            at: slug.location))
      }
      let systems = (strings(region["systems"], .key("systems")) ?? [])
      var values: [String: Located<String>] = [:]
      if let variablesNode = region["variables"] {
        if case .mapping(let mapping) = variablesNode {
          for (key, value) in mapping {
            guard let variable = string(key, .variableName),
              let text = string(value, .variable(variable.value))
            else { continue }
            values[variable.value] = Located(text.value, at: text.location)
          }
        } else {
          error(.regionVariablesNotMapping, at: variablesNode)
        }
      }
      regions.append(
        Region(
          code: code.value, name: name.value,
          namePrepositional: string(region["name-prepositional"], .key("name-prepositional"))?
            .value,
          slug: slug.value, systems: systems, variables: values,
          location: location(node)))
    }
    return RegionRegistry(variables: declarations, regions: regions)
  }
}

// MARK: - flows/*.yaml

extension YAMLReader {
  /// Adds one flow file's sections to the graph.
  func readFlows(_ root: YAMLNode, into graph: inout FlowGraph) {
    guard
      let fields = fields(
        root, .flowFile, shape: DataShapes.flow)
    else { return }
    for node in list(fields["states"], .key("states")) ?? [] {
      if let state = readState(node) { graph.states.append(state) }
    }
    for node in list(fields["actors"], .key("actors")) ?? [] {
      guard
        let actor = self.fields(
          node, .actor, shape: DataShapes.actor),
        let id = identifier(actor["id"], .actorID),
        let title = string(actor["title"], .key("title"))
      else { continue }
      graph.actors.append(Actor(id: id.value, title: title.value, location: id.location))
    }
    for node in list(fields["systems"], .key("systems")) ?? [] {
      if let system = readSystem(node) { graph.systems.append(system) }
    }
    for node in list(fields["steps"], .key("steps")) ?? [] {
      if let step = readStep(node) { graph.steps.append(step) }
    }
    for node in list(fields["procedures"], .key("procedures")) ?? [] {
      if let procedure = readProcedure(node) { graph.procedures.append(procedure) }
    }
  }

  private func readState(_ node: YAMLNode) -> StateVariable? {
    guard
      let fields = fields(
        node, .state, shape: DataShapes.state),
      let id = identifier(fields["id"], .stateID),
      let title = string(fields["title"], .key("title")),
      let values = strings(fields["values"], .key("values"), orOne: true)
    else { return nil }
    if values.count < 2 {
      error(.stateNeedsTwoValues(id.value), at: fields.node)
    }
    let titles = strings(fields["value-titles"], .key("value-titles")) ?? []
    if !titles.isEmpty, titles.count != values.count, let node = fields["value-titles"] {
      error(.valueTitlesCount(titles: titles.count, values: values.count), at: node)
    }
    let initial = strings(fields["initial"], .key("initial"), orOne: true) ?? []
    for value in initial where !values.contains(where: { $0.value == value.value }) {
      diagnostics.append(
        .error(
          .graphUnknownState,
          ModelMessage.initialNotAValue(value.value, state: id.value),
          at: value.location))
    }
    return StateVariable(
      id: id.value, title: title.value, values: values.map(\.value),
      valueTitles: titles.map(\.value),
      initial: initial.isEmpty ? values.prefix(1).map(\.value) : initial.map(\.value),
      location: id.location)
  }

  private func readSystem(_ node: YAMLNode) -> FlowSystem? {
    guard
      let fields = fields(
        node, .system, shape: DataShapes.system),
      let id = identifier(fields["id"], .systemID), let name = string(fields["name"], .key("name")),
      let scopeText = string(fields["scope"], .key("scope"))
    else { return nil }
    guard let scope = SystemScope(rawValue: scopeText.value) else {
      diagnostics.append(
        .error(.schema, ModelMessage.scope(scopeText.value), at: scopeText.location))
      return nil
    }
    var screens: [Screen] = []
    for screenNode in list(fields["screens"], .key("screens")) ?? [] {
      guard
        let screen = self.fields(
          screenNode, .screen, shape: DataShapes.screen),
        let screenID = identifier(screen["id"], .screenID),
        let title = string(screen["title"], .key("title"))
      else { continue }
      screens.append(
        Screen(
          id: screenID.value, title: title.value,
          labels: strings(screen["labels"], .key("labels")) ?? [],
          location: screenID.location))
    }
    return FlowSystem(
      id: id.value, name: name.value,
      otherNames: (strings(fields["other-names"], .key("other-names")) ?? []).map(\.value),
      scope: scope,
      screens: screens, location: id.location)
  }

  private func readConditions(_ node: YAMLNode?, _ what: Subject) -> [StateCondition] {
    guard let node else { return [] }
    guard case .mapping(let mapping) = node else {
      error(.conditionsNotMapping(what), at: node)
      return []
    }
    return mapping.compactMap { key, value in
      guard let state = string(key, .stateID),
        let values = strings(value, .valueOf(state.value), orOne: true)
      else { return nil }
      return StateCondition(state: state, values: values)
    }
  }

  private func readStep(_ node: YAMLNode) -> FlowStep? {
    guard
      let fields = fields(
        node, .step, shape: DataShapes.step),
      let id = identifier(fields["id"], .stepID),
      let title = string(fields["title"], .key("title")),
      let actor = string(fields["actor"], .key("actor")),
      let system = string(fields["system"], .key("system"))
    else { return nil }
    var effects: [StateAssignment] = []
    if let node = fields["effects"] {
      if case .mapping(let mapping) = node {
        for (key, value) in mapping {
          guard let state = string(key, .stateID),
            let assigned = string(value, .valueOf(state.value))
          else { continue }
          effects.append(StateAssignment(state: state, value: assigned))
        }
      } else {
        error(.effectsNotMapping, at: node)
      }
    }
    return FlowStep(
      id: id.value, title: title.value, actor: actor, system: system,
      requires: readConditions(fields["requires"], .key("requires")), effects: effects,
      location: id.location)
  }

  private func readProcedure(_ node: YAMLNode) -> Procedure? {
    guard
      let fields = fields(
        node, .procedure, shape: DataShapes.procedure),
      let id = identifier(fields["id"], .procedureID),
      let title = string(fields["title"], .key("title"))
    else { return nil }
    var elements: [ProcedureElement] = []
    for entry in list(fields["steps"], .key("steps")) ?? [] {
      if let element = readElement(entry) { elements.append(element) }
    }
    if elements.isEmpty, let node = fields["steps"] {
      error(.procedureWithoutSteps(id.value), at: node)
    }
    return Procedure(
      id: id.value, title: title.value, summary: string(fields["summary"], .key("summary"))?.value,
      requires: readConditions(fields["requires"], .key("requires")),
      shared: bool(fields["shared"], .key("shared")) ?? false, elements: elements,
      location: id.location
    )
  }

  private func readElement(_ node: YAMLNode) -> ProcedureElement? {
    if case .scalar = node {
      return string(node, .aStepID).map { .step($0) }
    }
    guard
      let fields = fields(node, .procedureEntry, shape: DataShapes.procedureEntry),
      fields.values.count == 1
    else {
      error(.procedureEntryShape, at: node)
      return nil
    }
    if let value = fields["optional"] {
      return string(value, .key("optional")).map { .optional($0) }
    }
    if let value = fields["procedure"] {
      return string(value, .key("procedure")).map { .procedure($0) }
    }
    guard let value = fields["one-of"], let alternatives = list(value, .key("one-of")) else {
      return nil
    }
    let sequences = alternatives.compactMap { strings($0, .alternative, orOne: true) }.filter {
      !$0.isEmpty
    }
    if sequences.count < 2 {
      error(.oneOfNeedsTwo, at: value)
    }
    return .oneOf(sequences, location(value))
  }
}

// MARK: - Value rules

/// Rules for addresses written in data files: every URL of `site.yaml` and `regions.yaml` is
/// judged here.
public enum URLRules {
  /// `https://host/...` with a host that has a dot, no user name or password before it, and no
  /// spaces or control characters anywhere.
  public static func isAbsoluteHTTPS(_ text: String) -> Bool { problem(with: text) == nil }

  /// What is wrong with an address that must be absolute https, phrased to follow its name
  /// (`'base-url' must …`); nil when it is fine.
  public static func problem(with text: String) -> URLProblem? {
    guard startsWithHTTPS(text) else { return .notAbsoluteHTTPS }
    // Asked of every address of every region: ASCII is judged by its byte, the rest by its
    // Unicode properties.
    if text.unicodeScalars.contains(where: {
      $0.isASCII
        ? $0.value < 0x21 || $0.value == 0x7F
        : $0.properties.isWhitespace || $0.properties.generalCategory == .control
    }) {
      return .spaces
    }
    // Past `https://`, up to the path, query or fragment: by bytes when the text is ASCII (each
    // character is a byte then, none of them joined to a mark).
    let authority: Substring.UTF8View
    if let ascii = asciiBytes(text) {
      let rest = ascii.dropFirst("https://".count)
      authority = rest.prefix {
        $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#")
      }
    } else {
      authority =
        text.dropFirst("https://".count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }.utf8
    }
    // `https://trusted.ru@evil.example/` leads to evil.example: what is before '@' only looks like
    // the host. (By bytes: an `@` with a combining mark after it counts too.)
    if authority.contains(UInt8(ascii: "@")) || authority.contains(UInt8(ascii: "\\")) {
      return .somethingBeforeHost
    }
    guard !authority.isEmpty, authority.contains(UInt8(ascii: ".")) else {
      return .notAbsoluteHTTPS
    }
    return nil
  }

  /// The text's bytes when every one is ASCII (then each byte is a character but for `\r\n`,
  /// and the bytes are the characters' lowercased or not as ASCII says).
  public static func asciiBytes(_ text: String) -> Substring.UTF8View? {
    let bytes = text[...].utf8
    return bytes.allSatisfy { $0 < 0x80 } ? bytes : nil
  }

  /// `text.lowercased().hasPrefix("https://")`, without lowercasing the whole text when its
  /// start is ASCII.
  private static func startsWithHTTPS(_ text: String) -> Bool {
    let scheme = Array("https://".utf8)
    var bytes = text.utf8.makeIterator()
    for expected in scheme {
      guard let byte = bytes.next() else { return false }
      guard byte < 0x80 else { return text.lowercased().hasPrefix("https://") }
      let lower = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
      if lower != expected { return false }
    }
    return true
  }

  /// The host of an absolute http(s) URL, lowercased, without `www.`.
  public static func host(of text: String) -> String? {
    if let bytes = asciiBytes(text) { return asciiHost(bytes) }
    let lower = text.lowercased()
    var rest: Substring
    if lower.hasPrefix("https://") {
      rest = lower.dropFirst(8)
    } else if lower.hasPrefix("http://") {
      rest = lower.dropFirst(7)
    } else {
      return nil
    }
    rest = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
    if rest.hasPrefix("www.") { rest = rest.dropFirst(4) }
    return rest.isEmpty ? nil : String(rest)
  }

  /// `host(of:)` of an ASCII text, by bytes.
  private static func asciiHost(_ bytes: Substring.UTF8View) -> String? {
    let lower = bytes.map(asciiLowercase)
    var rest = lower[...]
    if lower.starts(with: "https://".utf8) {
      rest = rest.dropFirst(8)
    } else if lower.starts(with: "http://".utf8) {
      rest = rest.dropFirst(7)
    } else {
      return nil
    }
    rest = rest.prefix {
      $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#")
        && $0 != UInt8(ascii: ":")
    }
    if rest.starts(with: "www.".utf8) { rest = rest.dropFirst(4) }
    return rest.isEmpty ? nil : String(decoding: rest, as: UTF8.self)
  }

  /// An ASCII capital as its small letter; any other byte as it is.
  public static func asciiLowercase(_ byte: UInt8) -> UInt8 {
    (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
  }
}

/// Rules for region codes and slugs.
public enum RegionRules {
  /// `RU-` and two or three capital Latin letters (ISO 3166-2:RU).
  public static func isRegionCode(_ text: String) -> Bool {
    guard text.hasPrefix("RU-") else { return false }
    let rest = text.dropFirst(3)
    return (2...3).contains(rest.count)
      && rest.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
  }

  /// Folders of the built site that are not regions.
  public static let reservedSlugs: Set<String> = ["static", "assets", "regiony"]

  /// Lowercase Latin letters, digits and single hyphens, not at the ends.
  public static func isSlug(_ text: String) -> Bool {
    !text.isEmpty && !text.hasPrefix("-") && !text.hasSuffix("-") && !text.contains("--")
      && text.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
      }
  }
}

/// Rules for the phones and e-mail addresses of `site.yaml` contacts and region variables.
public enum ContactRules {
  /// Digits, spaces, `+`, `(`, `)` and `-`, with at least five digits (`8 800 100-70-10`).
  public static func isPhone(_ text: String) -> Bool {
    // By bytes: a character is allowed only if it is one ASCII byte of these.
    var digits = 0
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
      case UInt8(ascii: " "), UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: ")"),
        UInt8(ascii: "-"):
        break
      default: return false
      }
    }
    return digits >= 5
  }

  /// `name@domain.zone`: one `@`, a domain with a dot inside, and no spaces, control characters
  /// or characters that could end an attribute or start another part of a `mailto:` link.
  public static func isEmail(_ text: String) -> Bool {
    if let bytes = URLRules.asciiBytes(text) { return isASCIIEmail(bytes) }
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, let name = parts.first, let domain = parts.last, !name.isEmpty else {
      return false
    }
    let forbidden: Set<Character> = [
      "<", ">", "\"", "'", "`", "(", ")", ",", ";", ":", "\\", "[", "]", "?", "&", "#", "/", "%",
    ]
    let clean = text.unicodeScalars.allSatisfy {
      !$0.properties.isWhitespace && $0.properties.generalCategory != .control
    }
    return clean && !text.contains(where: forbidden.contains) && domain.contains(".")
      && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
  }

  /// `isEmail` of an ASCII text, by bytes: a space or control character is a byte below `!` or
  /// DEL.
  private static func isASCIIEmail(_ bytes: Substring.UTF8View) -> Bool {
    let parts = bytes.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
    guard parts.count == 2, let name = parts.first, let domain = parts.last, !name.isEmpty else {
      return false
    }
    let forbidden = Array("<>\"'`(),;:\\[]?&#/%".utf8)
    guard bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F && !forbidden.contains($0) }) else {
      return false
    }
    let dot = UInt8(ascii: ".")
    return domain.contains(dot) && domain.first != dot && domain.last != dot
      && !zip(domain, domain.dropFirst()).contains { $0 == dot && $1 == dot }
  }
}

/// Sizes written in `site.yaml` and shown in messages.
public enum ByteSize {
  static let units: [(name: String, bytes: Int)] = [
    ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
  ]

  /// `50 MiB`, `512KiB`, `2 GiB` (units in any case) as bytes; nil for anything else, zero, or more than 1024 GiB.
  public static func parse(_ text: String) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
    let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
    guard !digits.isEmpty, digits.count <= 7, let number = Int(digits), number > 0,
      let scale = units.first(where: { $0.name.lowercased() == unit })?.bytes
    else { return nil }
    let bytes = number * scale
    return bytes <= 1024 << 30 ? bytes : nil
  }

  /// `3 GiB`, `20 MiB`, `1.5 KiB`, `700 bytes`: one decimal at most, for messages.
  public static func describe(_ bytes: Int) -> String {
    for unit in units where bytes >= unit.bytes {
      let value = Double(bytes) / Double(unit.bytes)
      let rounded = (value * 10).rounded() / 10
      return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " "
        + unit.name
    }
    return "\(bytes) bytes"
  }
}
