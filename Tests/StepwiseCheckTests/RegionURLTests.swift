import Testing

@testable import StepwiseCheck

/// `region-url-shared` compares region addresses with their scheme and host lowercased and
/// without trailing slashes: by bytes when the address is ASCII, by characters otherwise.
@Suite struct RegionURLTests {
  @Test func addressesAreComparedWithSchemeAndHostLowercasedAndNoTrailingSlash() {
    let cases = [
      (" HTTPS://School.RU/Path/Q/ ", "https://school.ru/Path/Q"),
      ("https://A.ru?X=Y", "https://a.ru?X=Y"),
      ("HTTPS://A.RU#Frag/", "https://a.ru#Frag"),
      ("Mosreg.RU///", "mosreg.ru"),
      ("https://Школа.РФ/Путь/", "https://школа.рф/Путь"),
      ("HTTPS://A.RU/Школа/", "https://a.ru/Школа"),
    ]
    for (written, compared) in cases {
      #expect(RegionVariableRules.normalised(written) == compared, "\(written)")
    }
  }
}
