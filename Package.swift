// swift-tools-version:6.0
import PackageDescription

// Release builds drop the run-time exclusivity checks in the evaluator's modules: every
// access to a class's `var` otherwise calls into the runtime (swift_beginAccess and a
// thread-local access set), which callgrind measured at about a tenth of a rule replay's
// instructions. Debug builds, which run the tests, keep the checks, so a conflicting
// access still fails there.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Vigil",
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // HTTPS for live sources and delivery (VigilLive only); its TLS is swift-nio-ssl.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // The test HTTPS receiver (VigilTestServers): a TLS server on swift-nio.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .target(name: "VigilSyntax"),
        .target(name: "VigilCheck", dependencies: ["VigilSyntax"]),
        .target(name: "VigilRuntime", dependencies: ["VigilSyntax", "VigilCheck"], swiftSettings: hotPath),
        .target(name: "VigilSeries", swiftSettings: hotPath),
        .target(name: "VigilRules", dependencies: ["VigilSeries"], swiftSettings: hotPath),
        .target(name: "VigilEngines", dependencies: ["VigilSeries", "VigilRules"]),
        // The journal-first actions layer: keys, targets, retries; storage and HTTP behind protocols.
        .target(name: "VigilActions", dependencies: ["VigilSeries"]),
        .target(name: "VigilStore", dependencies: [
            "VigilSeries", "VigilActions",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "VigilLive", dependencies: [
            "VigilSeries", "VigilActions",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .target(name: "VigilLib", dependencies: [
            "VigilSyntax", "VigilCheck", "VigilRuntime", "VigilSeries", "VigilRules", "VigilEngines", "VigilActions", "VigilStore", "VigilLive",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: hotPath),
        .executableTarget(name: "vigil", dependencies: [
            "CReadline", "VigilSyntax", "VigilCheck", "VigilRuntime", "VigilLib", "VigilSeries", "VigilRules", "VigilActions", "VigilStore", "VigilLive",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // `swift run -c release bench-canary`: a full simulated canary through the language.
        .executableTarget(name: "bench-canary", dependencies: ["VigilLib", "VigilSyntax"], path: "bench/canary"),
        // Ingest and storage benchmarks (bench/ingest): not part of the `vigil` product.
        .executableTarget(name: "bench-ingest", dependencies: ["VigilSeries", "VigilStore"], path: "bench/ingest"),
        // `swift run -c release bench-rules`: rule replay and rule-test suites (bench/README.md).
        .executableTarget(name: "bench-rules", dependencies: ["VigilLib", "VigilSeries", "VigilSyntax", "VigilTestServers"], path: "bench/rules"),
        // `bench-actions`: actions journaled and delivered to a real Alertmanager, with and without the journal.
        // `bench-anomaly`: Vigil's detectors over the NAB corpus (scored) and beside pandas' rolling windows (bench/README.md).
        .executableTarget(name: "bench-anomaly", dependencies: ["VigilEngines", "VigilSeries"], path: "bench/anomaly", exclude: ["pandas_rolling.py"]),
        .executableTarget(name: "bench-actions", dependencies: ["VigilActions", "VigilStore", "VigilLive", "VigilSeries", "VigilTestServers"], path: "bench/actions"),
        // Real Prometheus servers for tests (started and stopped by the tests); not part of the product.
        .target(name: "VigilTestServers", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            "VigilLive",
        ], path: "Tests/Support/VigilTestServers"),
        // The batch forms the incremental window states are checked against; test code only.
        .target(name: "VigilTestSupport", dependencies: ["VigilSeries"], path: "Tests/Support/VigilTestSupport"),
        .testTarget(name: "VigilSyntaxTests", dependencies: ["VigilSyntax", "VigilEngines"]),
        // The checker tests check against the surface the library builds from the registered engines.
        .testTarget(name: "VigilCheckTests", dependencies: ["VigilCheck", "VigilSyntax", "VigilLib"]),
        .testTarget(name: "VigilRuntimeTests", dependencies: ["VigilRuntime", "VigilSyntax"]),
        .testTarget(name: "VigilSeriesTests", dependencies: ["VigilSeries", "VigilEngines", "VigilTestSupport"]),
        .testTarget(name: "VigilRulesTests", dependencies: ["VigilRules", "VigilSeries"]),
        .testTarget(
            name: "VigilEnginesTests", dependencies: ["VigilEngines", "VigilSeries"],
            // The fixtures are read through #filePath; the generators are Python, not test code.
            exclude: ["Vectors"]),
        .testTarget(name: "VigilActionsTests", dependencies: [
            "VigilActions", "VigilSeries", "VigilStore", "VigilLive", "VigilTestServers", "VigilEngines",
        ]),
        .testTarget(name: "VigilStoreTests", dependencies: [
            "VigilStore", "VigilActions", "VigilSeries", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "VigilLiveTests", dependencies: ["VigilLive", "VigilSeries", "VigilEngines", "VigilTestServers"]),
        .testTarget(name: "VigilLibTests", dependencies: [
            "VigilLib", "VigilRuntime", "VigilSyntax", "VigilSeries", "VigilEngines", "VigilStore", "VigilCheck", "VigilTestSupport",
        ]),
        .testTarget(name: "ConformanceTests", dependencies: [
            "vigil", "VigilLib", "VigilSyntax", "VigilRules", "VigilTestServers", "VigilCheck", "VigilRuntime", "VigilSeries",
            "VigilStore", "VigilActions",
        ]),
    ],
    swiftLanguageModes: [.v5]
)
