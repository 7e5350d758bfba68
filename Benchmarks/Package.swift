// swift-tools-version:6.0
// The benchmarks of CompetencyKit, kept in their own package so that users of the library
// never build anything that is only here to be measured.
//
//     swift run -c release --package-path Benchmarks ValidationBenchmark [--per-rule | --roster MB]
import PackageDescription

let package = Package(
    name: "CompetencyKitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "CompetencyKit", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "ValidationBenchmark",
            dependencies: [
                .product(name: "CompetencyModel", package: "CompetencyKit"),
                .product(name: "CompetencyXML", package: "CompetencyKit"),
                .product(name: "CompetencyValidation", package: "CompetencyKit"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
