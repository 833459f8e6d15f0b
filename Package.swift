// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
  name: "Stepwise",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "stepwise", targets: ["stepwise"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    // The preview server; without the swift-configuration trait, which Stepwise does not use.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
  ],
  targets: [
    // C shim: Debian's libcmark-gfm (pkg-config `libcmark-gfm`), used only by StepwiseMarkdown.
    .systemLibrary(
      name: "CCmarkGFM",
      pkgConfig: "libcmark-gfm",
      providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
    ),
    // C shim: Debian's libyaml (pkg-config `yaml-0.1`), used only by StepwiseModel's
    // YAMLComposer.swift.
    .systemLibrary(
      name: "CLibYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]
    ),
    // C shim: Debian's libstemmer (Snowball), used only by StepwiseSearch. No pkg-config file.
    .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
    // Shared vocabulary: source locations, diagnostics and their renderers. No dependencies.
    .target(name: "StepwiseCore", swiftSettings: swiftSettings),
    // Markdown → Swift AST of value types; the only module that talks to C.
    .target(
      name: "StepwiseMarkdown",
      dependencies: ["StepwiseCore", "CCmarkGFM"],
      swiftSettings: swiftSettings
    ),
    // The typed content model, loaded from YAML (libyaml is read here only) and Markdown pages.
    .target(
      name: "StepwiseModel",
      dependencies: ["StepwiseCore", "StepwiseMarkdown", "CLibYAML"],
      swiftSettings: swiftSettings
    ),
    // The rules of `stepwise check`, over the typed model.
    .target(
      name: "StepwiseCheck",
      dependencies: ["StepwiseCore", "StepwiseModel", "StepwiseMarkdown"],
      swiftSettings: swiftSettings
    ),
    // Site search: Snowball's Russian stemmer (the only module that talks to libstemmer) and
    // the per-region search index.
    .target(
      name: "StepwiseSearch", dependencies: ["CStemmer", "StepwiseCore"],
      swiftSettings: swiftSettings),
    // HTML rendering: Markdown AST per region, Mustache templates.
    .target(
      name: "StepwiseRender",
      dependencies: [
        "StepwiseCore", "StepwiseModel", "StepwiseMarkdown", "StepwiseSearch",
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      resources: [.copy("Templates")],
      swiftSettings: swiftSettings
    ),
    // The build pipeline: load → check → render → publish atomically.
    .target(
      name: "StepwiseSite",
      dependencies: ["StepwiseCore", "StepwiseModel", "StepwiseCheck", "StepwiseRender"],
      swiftSettings: swiftSettings
    ),
    // `stepwise serve`: the in-memory site over HTTP (Hummingbird lives here only), file
    // watching, live reload.
    .target(
      name: "StepwisePreview",
      dependencies: [
        "StepwiseCore", "StepwiseMarkdown", "StepwiseModel", "StepwiseRender", "StepwiseSite",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: swiftSettings
    ),
    // `stepwise lsp`: a Language Server over stdio (its own JSON-RPC framing; no dependencies
    // beyond Foundation).
    .target(
      name: "StepwiseLSP",
      dependencies: ["StepwiseCore", "StepwiseModel", "StepwiseRender", "StepwiseSite"],
      swiftSettings: swiftSettings
    ),
    // The thin executable: argument parsing only.
    .executableTarget(
      name: "stepwise",
      dependencies: [
        "StepwiseSite", "StepwiseCore", "StepwisePreview", "StepwiseLSP",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings
    ),
    // The check of generated HTML for anything a browser could act on, shared by the fuzzer
    // and the tests. No dependencies.
    .target(name: "StepwiseHTMLOracle", swiftSettings: swiftSettings),
    // libFuzzer entry point over the parsers, loader and renderer (scripts/fuzz.sh); in a
    // plain debug build, a tool that replays fuzzer inputs.
    .executableTarget(
      name: "StepwiseFuzz",
      dependencies: [
        "StepwiseCore", "StepwiseMarkdown", "StepwiseModel", "StepwiseCheck", "StepwiseRender",
        "StepwiseHTMLOracle",
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StepwiseMarkdownTests",
      dependencies: ["StepwiseMarkdown", "CCmarkGFM", "StepwiseTestSupport"],
      exclude: ["Fixtures"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StepwiseSearchTests",
      dependencies: ["StepwiseSearch"],
      resources: [.copy("Fixtures")],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StepwiseModelTests",
      dependencies: ["StepwiseModel", "StepwiseCore"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StepwiseCheckTests",
      dependencies: [
        "StepwiseCheck", "StepwiseModel", "StepwiseCore", "StepwiseTestSupport",
      ],
      resources: [.copy("Fixtures")],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StepwiseRenderTests",
      dependencies: [
        "StepwiseRender", "StepwiseSite", "StepwiseMarkdown", "StepwiseModel", "StepwiseCore",
        "StepwiseTestSupport",
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StepwiseSiteTests",
      dependencies: [
        "StepwiseSite", "StepwiseCheck", "StepwiseRender", "StepwiseMarkdown", "StepwiseModel",
        "StepwiseCore", "StepwiseHTMLOracle", "StepwiseTestSupport",
      ],
      exclude: ["Snapshots"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StepwisePreviewTests",
      dependencies: ["StepwisePreview", "StepwiseSite", "StepwiseCore", "StepwiseTestSupport"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StepwiseLSPTests",
      dependencies: ["StepwiseLSP", "StepwiseModel", "StepwiseCore", "StepwiseTestSupport"],
      swiftSettings: swiftSettings
    ),
    // What the test targets share: scratch sites over the base fixture, running `stepwise`
    // and other programs, a raw HTTP client, snapshots. Depended on by test targets only.
    .target(
      name: "StepwiseTestSupport",
      dependencies: ["StepwiseCore"],
      path: "Tests/StepwiseTestSupport",
      exclude: ["Fixtures"],
      swiftSettings: swiftSettings
    ),
  ],
  swiftLanguageModes: [.v6]
)
