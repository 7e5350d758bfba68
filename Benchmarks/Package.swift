// swift-tools-version:6.0
// The benchmarks of CompetencyKit, kept in their own package so that users of the library
// never build XMLCoder or anything else that is only here to be measured against.
//
//     swift run -c release --package-path Benchmarks competency-benchmarks [--size-mb 100] [--runs 3]
//     swift run -c release --package-path Benchmarks ValidationBenchmark [--per-rule [N] | --roster [MB]]
//     swift run -c release --package-path Benchmarks assignment-benchmarks [--people N] [--size-mb 100] [--runs 3]
//     swift run -c release --package-path Benchmarks credential-benchmarks [--people 100000] [--rsa-people 10000]
//     swift run -c release --package-path Benchmarks import-benchmarks --competency PATH [--size-mb 100] [--runs 3]
import PackageDescription

let package = Package(
    name: "CompetencyKitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "CompetencyKit", path: ".."),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .executableTarget(name: "import-benchmarks"),
        .executableTarget(
            name: "competency-benchmarks",
            dependencies: [
                .product(name: "CompetencyModel", package: "CompetencyKit"),
                .product(name: "CompetencyXML", package: "CompetencyKit"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ]
        ),
        .executableTarget(
            name: "ValidationBenchmark",
            dependencies: [
                .product(name: "CompetencyModel", package: "CompetencyKit"),
                .product(name: "CompetencyXML", package: "CompetencyKit"),
                .product(name: "CompetencyValidation", package: "CompetencyKit"),
                .product(name: "CompetencyDiagnostics", package: "CompetencyKit"),
            ]
        ),
        .executableTarget(
            name: "assignment-benchmarks",
            dependencies: [
                .product(name: "CompetencyModel", package: "CompetencyKit"),
                .product(name: "CompetencyXML", package: "CompetencyKit"),
                .product(name: "CompetencyAssignment", package: "CompetencyKit"),
            ]
        ),
        .executableTarget(
            name: "credential-benchmarks",
            dependencies: [
                .product(name: "CompetencyModel", package: "CompetencyKit"),
                .product(name: "CompetencyXML", package: "CompetencyKit"),
                .product(name: "CompetencyCredentials", package: "CompetencyKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
