// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "CompetencyKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "CompetencyKit", targets: ["CompetencyKit"]),
        .library(name: "CompetencyModel", targets: ["CompetencyModel"]),
        .library(name: "CompetencyDiagnostics", targets: ["CompetencyDiagnostics"]),
        .library(name: "CompetencyXML", targets: ["CompetencyXML"]),
        .library(name: "CompetencyValidation", targets: ["CompetencyValidation"]),
        .library(name: "CompetencyAssignment", targets: ["CompetencyAssignment"]),
        .library(name: "CompetencyInterchange", targets: ["CompetencyInterchange"]),
        .library(name: "CompetencyEvolution", targets: ["CompetencyEvolution"]),
        // Open Badges 3.0 credentials: the only product that builds swift-crypto.
        .library(name: "CompetencyCredentials", targets: ["CompetencyCredentials"]),
        // Plans and coverage as XLSX workbooks: the only product that builds ZIPFoundation.
        .library(name: "CompetencyXLSX", targets: ["CompetencyXLSX"]),
        .executable(name: "competency", targets: ["competency"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Plugin only (`swift package generate-documentation`); no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(name: "CompetencyModel"),
        .target(name: "CompetencyDiagnostics", dependencies: ["CompetencyModel"]),
        .target(name: "CompetencyXML", dependencies: ["CompetencyModel", "CompetencyDiagnostics", "CLibXML2"]),
        .target(name: "CompetencyValidation", dependencies: ["CompetencyModel", "CompetencyDiagnostics"]),
        .target(name: "CompetencyAssignment", dependencies: ["CompetencyModel", "CompetencyDiagnostics"]),
        .target(name: "CompetencyInterchange", dependencies: ["CompetencyModel", "CompetencyDiagnostics", "CompetencyXML"]),
        .target(name: "CompetencyEvolution", dependencies: ["CompetencyModel", "CompetencyDiagnostics", "CompetencyAssignment"]),
        .target(
            name: "CompetencyKit",
            dependencies: [
                "CompetencyModel", "CompetencyDiagnostics", "CompetencyXML", "CompetencyValidation", "CompetencyAssignment",
                "CompetencyInterchange", "CompetencyEvolution",
            ]
        ),
        // Issues, signs and verifies Open Badges 3.0 credentials; CompetencyKit does not depend on it.
        .target(
            name: "CompetencyCredentials",
            dependencies: [
                "CompetencyModel", "CompetencyDiagnostics",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // Writes plans and coverage as SpreadsheetML workbooks; CompetencyKit does not depend on it.
        .target(
            name: "CompetencyXLSX",
            dependencies: [
                "CompetencyModel", "CompetencyDiagnostics", "CompetencyAssignment",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "competency",
            dependencies: [
                "CompetencyKit", "CompetencyCredentials", "CompetencyXLSX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What several test targets share: the package's files and a seeded generator.
        .target(name: "CompetencyTestSupport", path: "Tests/CompetencyTestSupport"),
        .testTarget(name: "CompetencyModelTests", dependencies: ["CompetencyModel", "CompetencyTestSupport"]),
        .testTarget(name: "CompetencyAssignmentTests", dependencies: ["CompetencyAssignment", "CompetencyTestSupport"]),
        .testTarget(name: "CompetencyXMLTests", dependencies: ["CompetencyXML", "CompetencyModel", "CompetencyDiagnostics", "CompetencyTestSupport"]),
        .testTarget(
            name: "CompetencyValidationTests",
            dependencies: [
                "CompetencyValidation", "CompetencyDiagnostics", "CompetencyModel", "CompetencyXML", "CompetencyKit",
                "CompetencyTestSupport",
            ]
        ),
        .testTarget(
            name: "CompetencyInterchangeTests",
            dependencies: [
                "CompetencyInterchange", "CompetencyXML", "CompetencyModel", "CompetencyDiagnostics", "CompetencyTestSupport",
            ]
        ),
        // Properties over random models: round trips, and validation and planning that never trap.
        .testTarget(
            name: "CompetencyPropertyTests",
            dependencies: [
                "CompetencyKit", "CompetencyTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "CompetencyEvolutionTests", dependencies: ["CompetencyKit", "CompetencyTestSupport"]),
        .testTarget(
            name: "CompetencyToolTests",
            dependencies: [
                "competency", "CompetencyKit", "CompetencyXLSX", "CompetencyTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "CompetencyCredentialsTests",
            dependencies: ["CompetencyCredentials", "CompetencyKit", "CompetencyTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
