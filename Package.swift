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
        .target(name: "VigilRuntime", dependencies: ["VigilSyntax", "VigilCheck"]),
        .testTarget(name: "VigilSyntaxTests", dependencies: ["VigilSyntax"]),
        .testTarget(name: "VigilRuntimeTests", dependencies: ["VigilRuntime", "VigilSyntax"]),
    ],
    swiftLanguageModes: [.v5]
)
