/// `content/site.yaml`.
public struct SiteSettings: Sendable, Hashable {
  public struct Contact: Sendable, Hashable {
    public var title: String
    public var phone: String?
    public var email: String?
    public var url: String?
  }

  public var title: String
  public var description: String?
  public var baseURL: Located<String>
  public var language: String
  public var contacts: [Contact]
  /// Largest file of `content/assets/` accepted, in bytes (`asset-size-limit`).
  public var assetSizeLimit: Int = defaultAssetSizeLimit

  /// 20 MiB: far above any screenshot or PDF form a page needs.
  public static let defaultAssetSizeLimit = 20 << 20
}
