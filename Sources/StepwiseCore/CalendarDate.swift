#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A calendar date as written in content (`YYYY-MM-DD`), without time zones.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`, checking that the day exists.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), day >= 1
    else { return nil }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    guard day <= days else { return nil }
    self.init(year: year, month: month, day: day)
  }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  public var description: String {
    "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
  }

  /// Russian reading form, `17.03.2025`.
  public var russian: String {
    "\(day < 10 ? "0" : "")\(day).\(month < 10 ? "0" : "")\(month).\(year)"
  }
}

extension CalendarDate {
  /// The day of a moment (seconds since 1970), in UTC or in the local time zone.
  ///
  /// By the C library, which reads the zone as Foundation's `TimeZone.current` does (`TZ`,
  /// else /etc/localtime): a `Calendar` and a `TimeZone` cost milliseconds to load. Nil when
  /// the C library cannot say.
  public static func day(of seconds: Int, local: Bool) -> CalendarDate? {
    var moment = time_t(seconds)
    var parts = tm()
    guard (local ? localtime_r(&moment, &parts) : gmtime_r(&moment, &parts)) != nil else {
      return nil
    }
    return CalendarDate(
      year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
  }
}
