import StepwiseCore
import StepwiseMarkdown
import StepwiseSite

/// What the preview adds to every HTML page it serves (never to the built site): the reload
/// script, the region switcher and, while the content has errors, the overlay listing them.
enum PreviewChrome {
  /// The HTML inserted before `</body>` of a page served at `path` (site-relative, no leading `/`).
  static func html(path: String, snapshot: PreviewSnapshot, language: Language = .russian)
    -> String
  {
    var out = "\n<!-- stepwise preview -->\n<style>\(style)</style>\n"
    out += overlay(snapshot, language: language)
    out += switcher(path: path, snapshot: snapshot, language: language)
    out += "<script>\(script(generation: snapshot.generation))</script>\n"
    return out
  }

  /// The list of errors over the page, or nothing when the content is clean.
  static func overlay(_ snapshot: PreviewSnapshot, language: Language = .russian) -> String {
    func text(_ message: PreviewMessage) -> String { HTMLEscaping.text(message.text(in: language)) }
    let errors = snapshot.errors
    guard snapshot.failure != nil || !errors.isEmpty else { return "" }
    var out =
      "<div id=\"stepwise-overlay\" role=\"alert\" lang=\"\(language.rawValue)\"><div class=\"sw-box\">"
    if let failure = snapshot.failure, failure.isInputOutput {
      out += "<h2>\(text(.cannotReadFilesHeading))</h2>"
      out +=
        "<p class=\"sw-message\">\(HTMLEscaping.text(failure.text(in: language)))</p>"
      out += "<p>\(text(.cannotReadFilesExplanation))</p>"
    } else if let failure = snapshot.failure {
      out += "<h2>\(text(.cannotReadSiteHeading))</h2>"
      out +=
        "<p class=\"sw-message\">\(HTMLEscaping.text(failure.text(in: language)))</p>"
    } else {
      let count = errors.count
      out += "<h2>\(text(.errorsHeading(count)))</h2>"
      out += "<p>\(text(.lastGoodBuild))</p><ol>"
      for error in errors.prefix(50) {
        let place = error.location.map(\.description) ?? PreviewMessage.siteWide.text(in: language)
        out += "<li><code class=\"sw-place\">\(HTMLEscaping.text(place))</code> "
        out +=
          "<span class=\"sw-message\">\(HTMLEscaping.text(error.message(in: language)))</span> "
        out += "<code class=\"sw-rule\">[\(HTMLEscaping.text(error.rule.rawValue))]</code>"
        if let excerpt = excerpt(error, snapshot.sources) {
          out += "<pre>\(HTMLEscaping.text(excerpt))</pre>"
        }
        out += "</li>"
      }
      out += "</ol>"
      if count > 50 { out += "<p>\(text(.more(count - 50)))</p>" }
    }
    out +=
      "<button type=\"button\" onclick=\"this.closest('#stepwise-overlay').hidden=true\">\(text(.hide))</button>"
    return out + "</div></div>\n"
  }

  /// The source line of a finding with a caret under its column.
  private static func excerpt(_ diagnostic: Diagnostic, _ sources: [String: String]) -> String? {
    guard let location = diagnostic.location, let text = sources[location.file] else { return nil }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard location.line >= 1, location.line <= lines.count else { return nil }
    let line = lines[location.line - 1]
    let caret = String(repeating: " ", count: max(0, location.column - 1)) + "^"
    return
      "\(location.line) | \(line)\n\(String(repeating: " ", count: String(location.line).count)) | \(caret)"
  }

  /// The bar with the region switcher: the same page in another region in one choice.
  static func switcher(path: String, snapshot: PreviewSnapshot, language: Language = .russian)
    -> String
  {
    func text(_ message: PreviewMessage) -> String { HTMLEscaping.text(message.text(in: language)) }
    guard !snapshot.regions.isEmpty else { return "" }
    let parts = path.split(separator: "/").map(String.init)
    let current = parts.first.flatMap { slug in snapshot.regions.first { $0.slug == slug } }
    let page = parts.count >= 2 && parts[1] != "index.html" ? parts[1] : nil
    var out =
      "<nav id=\"stepwise-bar\" aria-label=\"\(text(.bar))\" lang=\"\(language.rawValue)\"><span>\(text(.bar))</span> "
    out += "<label>\(text(.region)) <select onchange=\"if(this.value)location.href=this.value\">"
    if current == nil { out += "<option value=\"\" selected>\(text(.choose))</option>" }
    for region in snapshot.regions {
      let target: String
      if let page, snapshot.regionsByPage[page]?.contains(region.code) == true {
        target = "/\(region.slug)/\(page)/"
      } else {
        target = "/\(region.slug)/"
      }
      let selected = region.code == current?.code ? " selected" : ""
      out +=
        "<option value=\"\(HTMLEscaping.text(target))\"\(selected)>\(HTMLEscaping.text(region.name))</option>"
    }
    out += "</select></label>"
    let errors = snapshot.errors.count
    if errors > 0 { out += " <span class=\"sw-bad\">\(text(.errorCount(errors)))</span>" }
    return out + "</nav>\n"
  }

  /// Listens for rebuilds and reloads the page, keeping its scroll position.
  ///
  /// The generation
  /// the page was served at is compared with the server's on (re)connect, so a rebuild that
  /// happened while the page loaded is not missed.
  static func script(generation: Int) -> String {
    """
    (function(){var seen=\(generation),key='stepwise-scroll:'+location.pathname;
    var y=sessionStorage.getItem(key);if(y!==null){sessionStorage.removeItem(key);
    var to=function(){window.scrollTo(0,parseInt(y,10)||0)};if(document.readyState==='complete')to();else window.addEventListener('load',to);}
    if(!window.EventSource)return;var source=new EventSource('/__stepwise/events');
    source.addEventListener('reload',function(e){var g=parseInt(e.data,10);if(g>seen){seen=g;
    sessionStorage.setItem(key,String(window.scrollY));source.close();location.reload();}});})();
    """
  }

  static let style = """
    #stepwise-bar{position:fixed;right:.5rem;bottom:.5rem;z-index:2147483646;background:#1d1d1b;color:#fff;\
    font:14px/1.4 system-ui,sans-serif;padding:.4rem .6rem;border-radius:.4rem;box-shadow:0 2px 8px #0006}\
    #stepwise-bar select{font:inherit;max-width:14rem}#stepwise-bar .sw-bad{color:#ffb4a8;font-weight:bold}\
    #stepwise-overlay{position:fixed;inset:0;z-index:2147483647;background:#000a;overflow:auto;\
    font:15px/1.5 system-ui,sans-serif}#stepwise-overlay[hidden]{display:none}\
    #stepwise-overlay .sw-box{background:#fff;color:#1d1d1b;max-width:60rem;margin:2rem auto;padding:1rem 1.5rem;\
    border-top:.4rem solid #d4351c}#stepwise-overlay h2{margin:.2rem 0 .6rem;color:#d4351c}\
    #stepwise-overlay li{margin:.6rem 0}#stepwise-overlay pre{background:#f3f2f1;padding:.4rem;overflow:auto;margin:.3rem 0}\
    #stepwise-overlay .sw-rule{color:#505a5f}
    """
}
