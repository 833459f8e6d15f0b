/// The outputs every site is built of: the one list to add a new output to.
public enum SiteOutputs {
  /// In rendering order.
  ///
  /// A new output is a new file in this folder and one line here.
  public static let all: [any SiteOutput] = [
    RootOutput(),
    NotFoundOutput(),
    SitemapOutput(),
    RobotsOutput(),
    FaviconOutput(),
    StylesheetOutput(),
    RegionHomeOutput(),
    PageOutput(),
    RegionListOutput(),
    SearchPagesOutput(),
    SearchIndexOutput(),
    InstructionIndexOutput(),
  ]
}
