// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vigil",
    products: [
        .library(name: "VigilSeries", targets: ["VigilSeries"]),
        .library(name: "VigilRules", targets: ["VigilRules"]),
    ],
    targets: [
        .target(name: "VigilSeries"),
        .target(name: "VigilRules", dependencies: ["VigilSeries"]),
        .testTarget(name: "VigilSeriesTests", dependencies: ["VigilSeries"]),
        .testTarget(name: "VigilRulesTests", dependencies: ["VigilRules", "VigilSeries"]),
    ],
    swiftLanguageModes: [.v5]
)
