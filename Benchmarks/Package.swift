// swift-tools-version:6.0
import Foundation
import PackageDescription

// A path dependency is identified by its folder's name, which differs between clones.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// Benchmarks live in their own package so that users of CompetencyKit never build them.
let package = Package(
    name: "CompetencyKitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        .executableTarget(
            name: "ValidationBenchmark",
            dependencies: [
                .product(name: "CompetencyValidation", package: root),
                .product(name: "CompetencyModel", package: root),
                .product(name: "CompetencyXML", package: root),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
