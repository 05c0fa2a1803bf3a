// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vigil",
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "VigilSyntax"),
        .target(name: "VigilCheck", dependencies: ["VigilSyntax"]),
        .target(name: "VigilSeries"),
        .target(name: "VigilRules", dependencies: ["VigilSeries"]),
        .target(name: "VigilLive", dependencies: ["VigilSeries"]),
        .testTarget(name: "VigilSyntaxTests", dependencies: ["VigilSyntax"]),
        .testTarget(name: "VigilCheckTests", dependencies: ["VigilCheck", "VigilSyntax"]),
        .testTarget(name: "VigilSeriesTests", dependencies: ["VigilSeries"]),
        .testTarget(name: "VigilRulesTests", dependencies: ["VigilRules", "VigilSeries"]),
        .testTarget(name: "VigilLiveTests", dependencies: ["VigilLive", "VigilSeries"]),
    ],
    swiftLanguageModes: [.v5]
)
