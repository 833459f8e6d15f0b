import Foundation
import StepwiseCore
import StepwiseModel

/// Links, anchors and assets resolve in every region's build (`link-broken`,
/// `anchor-broken`, `link-scheme`, `image-alt` in docs/rules.md).
struct LinkRules: Rule {
  static let ids: [RuleID] = [.linkBroken, .anchorBroken, .linkScheme, .imageAlt, .linkOwnSite]

  static let readsLinkTargets = true

  func prepare(_ context: CheckContext, pages: [Int]) -> FamilyCheck {
    let slugs = context.content.pages.map(\.slug)
    return FamilyCheck(page: { findings(context.content.pages[$0], context, slugs: slugs) })
  }

  private func findings(_ page: Page, _ context: CheckContext, slugs: [String]) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let regions = context.plan.regionsByPage[page.slug] ?? []
    for reference in page.analysis.references {
      if reference.isImage, reference.text.trimmingSpaces().isEmpty {
        out.append(
          .error(
            .imageAlt,
            CheckMessage.imageAlt(destination: reference.destination),
            at: reference.location))
      }
      if reference.destination.contains("{{") {
        out += filledSchemes(reference, regions: regions, registry: context.content.registry)
        continue
      }
      switch LinkTarget(reference.destination) {
      case .external:
        if let finding = ownSite(reference, context) { out.append(finding) }
      case .forbidden(let reason):
        out.append(
          .error(
            .linkScheme, CheckMessage.linkRefused(reference.destination, reason),
            at: reference.location))
      case .anchor(let anchor):
        if !page.analysis.anchors.contains(anchor),
          !context.misspeltMarker(for: anchor, on: page), !context.requiredStep(anchor, of: page)
        {
          out.append(
            .error(
              .anchorBroken,
              CheckMessage.anchorMissingHere(
                anchor, suggestion: nearestName(to: anchor, in: page.analysis.anchors)),
              at: reference.location))
        }
      case .asset(let path):
        if !context.content.assets.contains("content/" + path) {
          out.append(
            .error(
              .linkBroken,
              CheckMessage.assetMissing(path),
              at: reference.location))
        }
      case .page(let slug, let anchor):
        guard let target = context.content.page(slug: slug) else {
          // The page is there but its front matter cannot be read: that error says it all.
          if context.unreadablePages[slug] != nil { continue }
          out.append(
            .error(
              .linkBroken,
              CheckMessage.pageMissingForLink(slug, suggestion: nearestName(to: slug, in: slugs)),
              at: reference.location))
          continue
        }
        let missing = context.plan.regions(of: page.slug, lacking: slug)
        if !missing.isEmpty,
          context.graph.procedure(target.frontMatter.procedure.value) != nil,
          !context.namesUnknownSteps(page.frontMatter.procedure.value),
          !context.namesUnknownSteps(target.frontMatter.procedure.value)
        {
          let names = missing.compactMap { context.content.registry.region(code: $0) }.map {
            "\($0.code) (\($0.name))"
          }
          out.append(
            .error(
              .linkBroken,
              CheckMessage.pageNotBuiltThere(slug, regions: names),
              at: reference.location))
        }
        if let anchor, !target.analysis.anchors.contains(anchor),
          !context.misspeltMarker(for: anchor, on: target),
          !context.requiredStep(anchor, of: target)
        {
          out.append(
            .error(
              .anchorBroken,
              CheckMessage.anchorMissingThere(
                page: slug, anchor: anchor,
                suggestion: nearestName(to: anchor, in: target.analysis.anchors)),
              at: reference.location))
        }
      }
    }
    return out
  }
}

extension LinkRules {
  /// A destination written with variables is judged as each region will publish it: a value
  /// that turns it into `javascript:` (or any refused scheme) is an error at the link.
  func filledSchemes(
    _ reference: PageAnalysis.Reference, regions: [String], registry: RegionRegistry
  ) -> [Diagnostic] {
    let destination = reference.destination
    let prefix = destination[..<(destination.range(of: "{{")?.lowerBound ?? destination.endIndex)]
    if prefix.contains(":") {
      // The scheme is written out (`tel:{{phone}}`): judged once, whatever the values.
      let sample = RegionVariables.fill(
        destination,
        with: Dictionary(
          uniqueKeysWithValues: Set(RegionVariables.names(in: destination)).map { ($0, "x") }))
      guard case .forbidden(let reason) = LinkTarget(sample) else { return [] }
      return [
        .error(
          .linkScheme, CheckMessage.linkRefused(destination, reason), at: reference.location)
      ]
    }
    // `{{url-variable}}…`: url values are checked to be absolute https in regions.yaml.
    if prefix.isEmpty, let first = RegionVariables.names(in: destination).first,
      registry.variable(first)?.type == .url
    {
      return []
    }
    var refused: [String: (reason: LinkRefusal, regions: [String])] = [:]
    for code in regions {
      guard let region = registry.region(code: code) else { continue }
      let filled = RegionVariables.fill(
        reference.destination, with: RegionVariables.values(of: region))
      if case .forbidden(let reason) = LinkTarget(filled), !filled.contains("{{") {
        refused[filled, default: (reason, [])].regions.append("\(region.code) (\(region.name))")
      }
    }
    return refused.sorted { $0.key < $1.key }.map { filled, finding in
      .error(
        .linkScheme,
        CheckMessage.linkRefusedInRegions(
          reference.destination, filled: filled, regions: finding.regions, finding.reason),
        at: reference.location)
    }
  }

  /// An absolute link to one region's copy on the site's own published address (`base-url`).
  ///
  /// Such a link pins one region's page into every region's copy; links between pages go
  /// through the page's file.
  private func ownSite(_ reference: PageAnalysis.Reference, _ context: CheckContext) -> Diagnostic?
  {
    let base = context.content.site.baseURL.value.lowercased()
    let root = base.hasSuffix("/") ? base : base + "/"
    let destination = reference.destination
    guard destination.lowercased().hasPrefix(root) else { return nil }
    // `<region>/<page>/…`: suggest the page's file when it names one.
    let parts = destination.dropFirst(root.count).split(separator: "/").map(String.init)
    // Only a region's copy pins a region: the root page and the static files are the same for all.
    let regions = Set(context.content.registry.regions.map(\.slug))
    guard let first = parts.first, regions.contains(first) else { return nil }
    let slugs = Set(context.content.pages.map(\.slug))
    let page = parts.count >= 2 && slugs.contains(parts[1]) ? parts[1] : nil
    return .error(
      .linkOwnSite, CheckMessage.ownSite(destination, page: page),
      at: reference.location)
  }
}
