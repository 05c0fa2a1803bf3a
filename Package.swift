// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vigil",
    products: [
        .library(name: "VigilSeries", targets: ["VigilSeries"]),
        .library(name: "VigilRules", targets: ["VigilRules"]),
        .library(name: "VigilEngines", targets: ["VigilEngines"]),
    ],
    targets: [
        .target(name: "VigilSeries"),
        .target(name: "VigilRules", dependencies: ["VigilSeries"]),
        .target(name: "VigilEngines", dependencies: ["VigilSeries"]),
        .testTarget(name: "VigilSeriesTests", dependencies: ["VigilSeries"]),
        .testTarget(
            name: "VigilEnginesTests", dependencies: ["VigilEngines", "VigilSeries"],
            // The fixtures are read through #filePath; the generators are Python, not test code.
            exclude: ["Vectors"]),
        .testTarget(name: "VigilRulesTests", dependencies: ["VigilRules", "VigilSeries"]),
    ],
    swiftLanguageModes: [.v5]
)
