// What the fuzzer runs for one input. The first byte chooses what the rest is fed to:
//
//   0  Markdown: MarkdownParser.parse + HTMLRenderer (cmark-identical output), checked by
//      `HTMLOracle`; with STEPWISE_FUZZ_DIFFERENTIAL=1 also compared with cmark's own HTML.
//   1  A page: ContentLoader.loadPage (front matter + Markdown + analysis), then checked and
//      rendered in every region of a small built-in site; every output goes through the oracle.
//   2  regions.yaml: YAMLReader.readRegions; the site is checked and rendered with it.
//   3  A flow file: YAMLReader.readFlows; the site is checked and rendered with it.
//   4  site.yaml: YAMLReader.readSite; the site is checked and rendered with it.
//   5  An edit, checked incrementally: the next byte picks the file the rest replaces (0 login.md,
//      1 register.md, 2 a new page, 3 the flow file, 4 regions.yaml, 5 site.yaml); an
//      `IncrementalChecker` that checked the small site checks the edited one, then the small
//      site again, and each result must equal a full check's, finding for finding.
//
// Bytes the loader would refuse (invalid UTF-8, NUL) are refused here too, as the loader does
// before any parser sees them; a BOM and CR line ends are normalised the same way.

#if DEBUG || STEPWISE_FUZZ
  import Foundation
  import StepwiseCheck
  import StepwiseCore
  import StepwiseHTMLOracle
  import StepwiseMarkdown
  @testable import StepwiseModel
  @testable import StepwiseRender

  enum FuzzTarget {
    static let modes = 6

    /// Runs one input; stops the process (so that libFuzzer keeps the input) on a broken
    /// invariant.
    static func run(_ input: UnsafeBufferPointer<UInt8>) {
      guard let first = input.first else { return }
      let body = Array(input.dropFirst())
      switch Int(first) % modes {
      case 0: markdown(body)
      case 1: page(body)
      case 2: regions(body)
      case 3: flows(body)
      case 4: siteSettings(body)
      default: incremental(body)
      }
    }

    // MARK: - Modes

    static func markdown(_ bytes: [UInt8]) {
      let document: MarkdownDocument
      do {
        document = try MarkdownParser.parse(bytes)
      } catch {
        return
      }
      _ = PageAnalysis.analyse(document, file: "fuzz.md", lineOffset: 0)
      let html = HTMLRenderer().render(document)
      HTMLOracle.require(html, context: "HTMLRenderer (PlainHTML)", urls: .cmarkSafe)
      if differential {
        // The same bytes, NUL and invalid UTF-8 included: both sides read them as cmark does.
        guard let cmark = try? MarkdownParser.cmarkHTML(bytes) else { return }
        if html != cmark {
          fatalError(
            "HTMLRenderer differs from cmark_render_html:\n--- ours\n\(html)\n--- cmark\n\(cmark)")
        }
      }
    }

    static func page(_ bytes: [UInt8]) {
      guard let text = loaderText(bytes) else { return }
      let (page, _) = ContentLoader.loadPage(file: "content/pages/fuzz.md", text: text)
      guard var page else { return }
      var content = BaseSite.content
      // A page of a procedure the small site lacks would be built nowhere: render it as the
      // site's spare procedure instead, so that its Markdown always reaches the renderer.
      if content.graph.procedure(page.frontMatter.procedure.value) == nil {
        page.frontMatter.procedure.value = "fuzz"
      }
      content.pages.append(page)
      content.sources[page.file] = text
      checkAndRender(content, what: "page", pageOnly: true)
    }

    static func regions(_ bytes: [UInt8]) {
      guard let text = loaderText(bytes) else { return }
      let reader = YAMLReader(file: "content/regions.yaml")
      guard let registry = reader.parse(text).flatMap(reader.readRegions) else { return }
      var content = BaseSite.content
      content.registry = registry
      checkAndRender(content, what: "regions.yaml", loaderDiagnostics: reader.diagnostics)
    }

    static func flows(_ bytes: [UInt8]) {
      guard let text = loaderText(bytes) else { return }
      let reader = YAMLReader(file: "content/flows/fuzz.yaml")
      guard let node = reader.parse(text) else { return }
      var graph = FlowGraph()
      reader.readFlows(node, into: &graph)
      graph.reindex()
      var content = BaseSite.content
      content.graph = graph
      checkAndRender(content, what: "flows", loaderDiagnostics: reader.diagnostics)
    }

    static func siteSettings(_ bytes: [UInt8]) {
      guard let text = loaderText(bytes) else { return }
      let reader = YAMLReader(file: "content/site.yaml")
      guard let site = reader.parse(text).flatMap(reader.readSite) else { return }
      var content = BaseSite.content
      content.site = site
      checkAndRender(content, what: "site.yaml", loaderDiagnostics: reader.diagnostics)
    }

    /// The edit's content, or nil where the loader would not get that far.
    static func edited(_ bytes: [UInt8]) -> Content? {
      guard let which = bytes.first, let text = loaderText(Array(bytes.dropFirst())) else {
        return nil
      }
      var content = BaseSite.content
      switch which % 6 {
      case 0, 1, 2:
        let file = [
          "content/pages/login.md", "content/pages/register.md", "content/pages/fuzz.md",
        ][
          Int(which % 6)]
        let (page, _) = ContentLoader.loadPage(file: file, text: text)
        var pages = content.pages.filter { $0.file != file }
        // An unreadable page is left out, as the loader leaves it out.
        if let page { pages.append(page) }
        content.pages = pages.sorted { $0.file < $1.file }
        content.sources[file] = text
      case 3:
        let reader = YAMLReader(file: "content/flows/main.yaml")
        guard let node = reader.parse(text) else { return nil }
        var graph = FlowGraph()
        reader.readFlows(node, into: &graph)
        graph.reindex()
        content.graph = graph
      case 4:
        let reader = YAMLReader(file: "content/regions.yaml")
        guard let registry = reader.parse(text).flatMap(reader.readRegions) else { return nil }
        content.registry = registry
      default:
        let reader = YAMLReader(file: "content/site.yaml")
        guard let site = reader.parse(text).flatMap(reader.readSite) else { return nil }
        content.site = site
      }
      content.sources[
        [
          "content/pages/login.md", "content/pages/register.md", "content/pages/fuzz.md",
          "content/flows/main.yaml", "content/regions.yaml", "content/site.yaml",
        ][Int(which % 6)]] =
        text
      return content
    }

    static func context(_ content: Content) -> CheckContext {
      let analysis = FlowAnalysis(graph: content.graph)
      return CheckContext(
        content: content, plan: SitePlan(content: content, analysis: analysis),
        today: CalendarDate(year: 2026, month: 11, day: 22), analysis: analysis)
    }

    /// The small site's context and full check, found once.
    static let base: (context: CheckContext, findings: [Diagnostic]) = {
      let small = context(BaseSite.content)
      return (small, Checker().check(small))
    }()

    static func incremental(_ bytes: [UInt8]) {
      guard let content = edited(bytes) else { return }
      let checker = IncrementalChecker()
      func require(_ incremental: [Diagnostic], _ full: [Diagnostic], _ what: String) {
        guard incremental != full else { return }
        fatalError(
          "the incremental check differs from the full check \(what):\n--- incremental\n"
            + incremental.map { "\($0)" }.joined(separator: "\n") + "\n--- full\n"
            + full.map { "\($0)" }.joined(separator: "\n"))
      }
      require(checker.check(base.context), base.findings, "of the small site")
      let after = context(content)
      require(checker.check(after), Checker().check(after), "after the edit")
      require(checker.check(base.context), base.findings, "after undoing the edit")
    }

    // MARK: - Shared

    static let differential =
      ProcessInfo.processInfo.environment["STEPWISE_FUZZ_DIFFERENTIAL"] == "1"

    /// The text the loader would hand to the parsers, or nil where it reports `encoding`.
    static func loaderText(_ bytes: [UInt8]) -> String? {
      guard case .text(let text) = ContentLoader.decodedText(bytes) else { return nil }
      return text
    }

    /// Checks the site and renders every output whatever the findings (rendering must not
    /// crash on any content), and holds every output to the oracle.
    ///
    /// Links and images on pages are vetted by the renderer itself, so a page's output must be
    /// safe even when `check` refuses the page (`pageOnly`: the rest of the site is clean). The
    /// data files' addresses and slugs (contacts' `url`, `base-url`, region slugs) are vetted
    /// only by the loader and `check`, whose errors stop `build` and the preview from
    /// publishing: with errors, only the HTML structure is required.
    static func checkAndRender(
      _ content: Content, what: String, loaderDiagnostics: [Diagnostic] = [], pageOnly: Bool = false
    ) {
      let analysis = FlowAnalysis(graph: content.graph)
      let plan = SitePlan(content: content, analysis: analysis)
      let findings = Checker().check(
        CheckContext(
          content: content, plan: plan, today: CalendarDate(year: 2026, month: 11, day: 22)))
      let refused = (loaderDiagnostics + findings).contains { $0.severity == .error }
      let policy: HTMLOracle.URLPolicy = pageOnly || !refused ? .site : .structureOnly
      let renderer = SiteRenderer(content: content, templates: BaseSite.templates, plan: plan)
      renderer.renderAll { path, bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        if path.hasSuffix(".html") || path.hasSuffix(".xml") {
          HTMLOracle.require(text, context: "\(what) → \(path)", urls: policy)
        }
      }
      // Differential: the pages rendered once and filled in per region must be, byte for byte,
      // what rendering each region's page in full gives.
      var full = BaseSite.templates
      full.allowsSkeletons = false
      let reference = SiteRenderer(content: content, templates: full, plan: plan)
      for job in renderer.allJobs {
        let fast = renderer.render(job)
        let slow = reference.render(job)
        guard fast.map(\.path) == slow.map(\.path),
          zip(fast, slow).allSatisfy({ $0.bytes == $1.bytes })
        else {
          let path = fast.first?.path ?? "\(job)"
          fatalError("\(what) → \(path): the skeleton rendering differs from the full rendering")
        }
      }
    }
  }

  /// A small valid site (two regions, two pages) that each input is combined with.
  enum BaseSite {
    static let files: [String: String] = [
      "content/site.yaml": """
      title: Тестовый сайт
      description: Маленький сайт для проверки сборки.
      base-url: https://test.example/help/
      contacts:
        - title: Служба поддержки
          phone: 8 800 100-70-10
        - title: Почта
          email: help@test.example
          url: https://test.example/feedback
      """,
      "content/regions.yaml": """
      variables:
        portal-url:
          type: url
          title: Адрес портала
        note:
          type: text
          title: Примечание
      regions:
        - code: RU-AAA
          name: Первая область
          slug: pervaya
          systems: [school]
          variables:
            portal-url: https://school.one.example
            note: Текст для первой области
        - code: RU-BBB
          name: Вторая область
          slug: vtoraya
          variables:
            note: Текст для второй области
      """,
      "content/flows/main.yaml": """
      states:
        - id: account
          title: Учётная запись
          values: [none, ready]
          value-titles: [нет, есть]
      actors:
        - id: user
          title: Пользователь
      systems:
        - id: portal
          name: Портал
          scope: all-regions
          screens:
            - id: start
              title: Начало
              labels: [Создать, Войти]
        - id: school
          name: Школа
          scope: regional
          screens:
            - id: login
              title: Вход
              labels: [Войти через портал]
      steps:
        - id: create
          title: Создайте учётную запись
          actor: user
          system: portal
          requires: {account: none}
          effects: {account: ready}
        - id: open-school
          title: Откройте школу
          actor: user
          system: school
          requires: {account: ready}
        - id: press-login
          title: Войдите
          actor: user
          system: school
      procedures:
        - id: register
          title: Регистрация
          summary: Создайте учётную запись на портале.
          requires: {account: none}
          steps: [create]
        - id: login
          title: Вход в школу
          requires: {account: ready}
          steps: [open-school, {optional: press-login}]
        - id: fuzz
          title: Процедура для проверки
          steps: [create, {optional: press-login}]
      """,
      "content/pages/login.md": """
      ---
      title: Вход в школу
      procedure: login
      ---

      Нужна [учётная запись](register.md#create).

      ## Вход {#vhod}

      1. {#open-school} Откройте {{portal-url}} ({{region.name}}) — [портал]({{portal-url}}).
      2. {#press-login} Нажмите «Войти через портал».

      ![Кнопка входа](../assets/button.png)
      """,
      "content/pages/register.md": """
      ---
      title: Регистрация на портале
      procedure: register
      review-by: 2030-01-01
      ---

      Сначала создайте учётную запись. {{note}}

      1. {#create} Нажмите «Создать».

      > [!WARNING] ВАЖНО!
      > Пароль никому не сообщайте.

      | Поле | Что ввести |
      | --- | --- |
      | Имя | как в паспорте |
      """,
      "content/assets/button.png": "PNG",
    ]

    /// The site, loaded once through the real loader from a temporary folder.
    static let content: Content = {
      let root = FileManager.default.temporaryDirectory.appendingPathComponent(
        "stepwise-fuzz-site-\(getpid())")
      defer { try? FileManager.default.removeItem(at: root) }
      do {
        for (path, text) in files {
          let url = root.appendingPathComponent(path)
          try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
          try Data(text.utf8).write(to: url)
        }
        let result = try ContentLoader(root: root).load()
        guard let content = result.content, result.diagnostics.isEmpty else {
          fatalError("the built-in fuzz site does not load cleanly: \(result.diagnostics)")
        }
        return content
      } catch {
        fatalError("cannot set up the built-in fuzz site: \(error)")
      }
    }()

    static let templates: TemplateSet = {
      do {
        let (templates, findings) = try TemplateSet.load(
          siteRoot: URL(fileURLWithPath: "/nonexistent-stepwise-site"))
        guard let templates else { fatalError("built-in templates do not load: \(findings)") }
        return templates
      } catch {
        fatalError("built-in templates cannot be read: \(error)")
      }
    }()
  }
#endif
