// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for Vigil (see README "Fuzzing" and fuzz/run). A package of its own, so
// `swift build` and `swift test` of the main package never build these. The Vigil modules
// under test are the main package's own sources, reached through the symbolic links in
// Linked/; only code without outside dependencies is fuzzed here: of VigilLive, its Wire/
// folder (its clients need async-http-client and swift-nio, which this package leaves out).
let package = Package(
    name: "VigilFuzz",
    targets: [
        .target(name: "VigilSyntax", path: "Linked/VigilSyntax"),
        .target(name: "VigilCheck", dependencies: ["VigilSyntax"], path: "Linked/VigilCheck"),
        .target(name: "VigilSeries", path: "Linked/VigilSeries"),
        .target(name: "VigilRuntime", dependencies: ["VigilSyntax", "VigilCheck"], path: "Linked/VigilRuntime"),
        // VigilLive's Wire/ folder only: the answer parsers, PromQL text, errors and masking,
        // none of which opens a socket or imports async-http-client. Testable, so the targets
        // reach the internal parsers.
        .target(name: "VigilLive", dependencies: ["VigilSeries"], path: "Linked/VigilLiveWire",
                swiftSettings: [.unsafeFlags(["-enable-testing"])]),
        .target(name: "CFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzer"]),
        .executableTarget(name: "fuzz-parse", dependencies: ["VigilSyntax", "FuzzSupport"]),
        .executableTarget(name: "fuzz-check", dependencies: ["VigilSyntax", "VigilCheck", "FuzzSupport"]),
        .executableTarget(name: "fuzz-eval", dependencies: ["VigilSyntax", "VigilCheck", "VigilRuntime", "FuzzSupport"]),
        .executableTarget(name: "fuzz-fmt", dependencies: ["VigilSyntax", "FuzzSupport"]),
        .executableTarget(name: "fuzz-http", dependencies: ["VigilLive", "FuzzSupport"]),
        .executableTarget(name: "fuzz-promjson", dependencies: ["VigilLive", "FuzzSupport"]),
        .executableTarget(name: "fuzz-csv", dependencies: ["VigilSeries", "FuzzSupport"]),
        .executableTarget(name: "fuzz-jsonl", dependencies: ["VigilSeries", "FuzzSupport"]),
        .executableTarget(name: "fuzz-prom", dependencies: ["VigilSeries", "FuzzSupport"]),
        .executableTarget(name: "fuzz-openmetrics", dependencies: ["VigilSeries", "FuzzSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
