// swift-tools-version:6.0
// The benchmarks of CompetencyKit, kept in their own package so that users of the library
// never build anything that is only here to be measured.
//
//     swift run -c release --package-path Benchmarks assignment-benchmarks [--people N] [--size-mb 100] [--runs 3]
import PackageDescription

let package = Package(
    name: "CompetencyKitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "CompetencyKit", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "assignment-benchmarks",
            dependencies: [
                .product(name: "CompetencyModel", package: "CompetencyKit"),
                .product(name: "CompetencyXML", package: "CompetencyKit"),
                .product(name: "CompetencyAssignment", package: "CompetencyKit"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
