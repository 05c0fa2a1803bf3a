// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vigil",
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .target(name: "VigilSyntax"),
        .target(name: "VigilCheck", dependencies: ["VigilSyntax"]),
        .target(name: "VigilRuntime", dependencies: ["VigilSyntax", "VigilCheck"]),
        .target(name: "VigilSeries"),
        .target(name: "VigilRules", dependencies: ["VigilSeries"]),
        .executableTarget(name: "vigil", dependencies: [
            "CReadline", "VigilSyntax", "VigilCheck", "VigilRuntime",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "VigilSyntaxTests", dependencies: ["VigilSyntax"]),
        .testTarget(name: "VigilCheckTests", dependencies: ["VigilCheck", "VigilSyntax"]),
        .testTarget(name: "VigilRuntimeTests", dependencies: ["VigilRuntime", "VigilSyntax"]),
        .testTarget(name: "VigilSeriesTests", dependencies: ["VigilSeries"]),
        .testTarget(name: "VigilRulesTests", dependencies: ["VigilRules", "VigilSeries"]),
        .testTarget(name: "ConformanceTests", dependencies: ["vigil"]),
    ],
    swiftLanguageModes: [.v5]
)
