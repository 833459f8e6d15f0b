import StepwiseCore

// The rules of `stepwise check`, by family (see docs/rules.md); each family lists its own in
// `Rule.ids`, and `Checker` derives the full list from them.
extension RuleID {
  // MARK: Flow graph (GraphRules)

  public static let graphDuplicateID = RuleID(
    "graph-duplicate-id", summary: "two flow-graph entries of one kind share an id")
  public static let graphUnknownRef = RuleID(
    "graph-unknown-ref",
    summary: "a flow-graph entry names an undeclared actor, system, step or procedure")
  // graph-unknown-state: declared in StepwiseModel, whose loader reports it too.
  public static let graphUnusedStep = RuleID(
    "graph-unused-step", summary: "a step is declared but no procedure uses it")
  public static let graphUnfinishable = RuleID(
    "graph-unfinishable", summary: "a procedure can never be completed")
  public static let graphTooLarge = RuleID(
    "graph-too-large", summary: "a procedure expands to too many steps through shared procedures")
  public static let requiresUnmet = RuleID(
    "requires-unmet", summary: "a step's requirement holds only on some paths to it")
  public static let stateUnprovided = RuleID(
    "state-unprovided", summary: "a procedure requires a state value no procedure provides")
  public static let alternativeEffectMissing = RuleID(
    "alternative-effect-missing",
    summary: "one alternative of a one-of does not set a state that all the others set")
  public static let stateUnchanged = RuleID(
    "state-unchanged",
    summary: "a procedure for readers who start without a state value never changes that state")
  public static let pageMissing = RuleID(
    "page-missing", summary: "a procedure that is not shared has no page")

  // MARK: Page steps (PageStepRules)

  public static let pageProcedure = RuleID(
    "page-procedure", summary: "a page's procedure is unknown, shared, or already has a page")
  public static let stepUnknown = RuleID(
    "step-unknown", summary: "a list item names a step that does not exist")
  public static let stepExtra = RuleID(
    "step-extra", summary: "a step is not part of the page's procedure, or is written twice")
  public static let stepOrder = RuleID(
    "step-order", summary: "steps are written in another order than the procedure's")
  public static let stepMissing = RuleID(
    "step-missing", summary: "a required step of the procedure is not written")
  public static let stepNumber = RuleID(
    "step-number", summary: "hand-written step numbers do not run 1, 2, 3… without gaps")
  public static let listFolded = RuleID(
    "list-folded", summary: "a numbered line is joined to the paragraph above it")
  public static let stepUnmarked = RuleID(
    "step-unmarked", summary: "an item of a numbered step list has no step marker")
  public static let stepMarkerStray = RuleID(
    "step-marker-stray", summary: "a {#…} that is no step marker would be published as text")

  // MARK: Preconditions (PreconditionRules)

  public static let preconditionUnlinked = RuleID(
    "precondition-unlinked",
    summary: "a page does not link to the page that provides its precondition")

  // MARK: Regions and their variables (RegionVariableRules)

  public static let regionVarUndefined = RuleID(
    "region-var-undefined", summary: "a region variable is used or given but not declared")
  public static let regionUnknown = RuleID(
    "region-unknown", summary: "a page's regions list a code that is not in regions.yaml")
  public static let regionContactHardcoded = RuleID(
    "region-contact-hardcoded",
    summary: "a page built for other regions writes one region's phone or e-mail")
  public static let regionURLHardcoded = RuleID(
    "region-url-hardcoded", summary: "a page writes a region's address instead of its variable")
  // url-not-https: declared in StepwiseModel, whose loader reports it too.
  public static let regionDuplicate = RuleID(
    "region-duplicate", summary: "two regions share a code or a slug")
  public static let regionURLShared = RuleID(
    "region-url-shared", summary: "two regions give the same address for a URL variable")
  public static let pageUnbuilt = RuleID(
    "page-unbuilt", summary: "a page is built in no region")

  // MARK: Interface labels (LabelRules)

  public static let uiLabelUnknown = RuleID(
    "ui-label-unknown", summary: "a quoted label is not on any screen of the step's system")
  public static let labelQuotes = RuleID(
    "label-quotes", summary: "a label is quoted in “…”, „…“ or \"…\" instead of «…»")

  // MARK: Links and images (LinkRules)

  public static let linkOwnSite = RuleID(
    "link-own-site",
    summary: "a page links to this site's published address instead of the page file")
  public static let linkBroken = RuleID(
    "link-broken", summary: "a link points to a page or file that does not exist")
  public static let anchorBroken = RuleID(
    "anchor-broken", summary: "a link's anchor is neither a step nor a heading anchor")
  public static let linkScheme = RuleID(
    "link-scheme", summary: "a link uses a scheme other than https, http, mailto and tel")
  public static let imageAlt = RuleID(
    "image-alt", summary: "an image has no alternative text")

  // MARK: Site settings (SiteSettingsRules)

  public static let baseURLExample = RuleID(
    "base-url-example", summary: "site.yaml's base-url is still the example address")

  // MARK: Dates (DateRules)

  public static let expired = RuleID(
    "expired", summary: "a page's valid-until date has passed")
  public static let reviewDue = RuleID(
    "review-due", summary: "a page's review-by date has passed")
}
