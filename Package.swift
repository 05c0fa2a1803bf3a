// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vigil",
    products: [
        .library(name: "VigilSeries", targets: ["VigilSeries"]),
        .library(name: "VigilRules", targets: ["VigilRules"]),
        .library(name: "VigilStore", targets: ["VigilStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .target(name: "VigilSeries"),
        .target(name: "VigilRules", dependencies: ["VigilSeries"]),
        .target(name: "VigilStore", dependencies: [
            "VigilSeries",
            .product(name: "GRDB", package: "GRDB.swift"),
            // The raw SQLite C API, for binding samples without per-row allocations.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .testTarget(name: "VigilSeriesTests", dependencies: ["VigilSeries"]),
        .testTarget(name: "VigilRulesTests", dependencies: ["VigilRules", "VigilSeries"]),
        .testTarget(name: "VigilStoreTests", dependencies: [
            "VigilStore", "VigilSeries", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ],
    swiftLanguageModes: [.v5]
)
