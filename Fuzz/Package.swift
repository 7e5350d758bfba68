// swift-tools-version:6.0
// libFuzzer targets for CompetencyKit's readers and importers, kept in their own package so
// that the main package's build and `swift test` never see them. Each target is one file
// that defines `LLVMFuzzerTestOneInput` and hands the process to libFuzzer's driver. Build and run them with
//
//     Scripts/fuzz.sh --list
//     Scripts/fuzz.sh FuzzXMLReader 180
//
// (see Documentation/Reliability.md). A plain `swift build` of this package links without
// libFuzzer and fails; the script passes `-sanitize=fuzzer,address`.
import PackageDescription

let kit = "CompetencyKit"

let package = Package(
    name: "CompetencyKitFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: kit, path: "..")
    ],
    targets: [
        // Hands the process to libFuzzer's driver (see driver.c for why not libFuzzer's `main`).
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "FuzzXMLReader",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "CompetencyModel", package: kit),
                .product(name: "CompetencyDiagnostics", package: kit),
                .product(name: "CompetencyXML", package: kit),
                .product(name: "CompetencyValidation", package: kit),
            ]
        ),
        .executableTarget(
            name: "FuzzCASE",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "CompetencyDiagnostics", package: kit),
                .product(name: "CompetencyInterchange", package: kit),
            ]
        ),
        .executableTarget(
            name: "FuzzCTDL",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "CompetencyDiagnostics", package: kit),
                .product(name: "CompetencyInterchange", package: kit),
            ]
        ),
        .executableTarget(
            name: "FuzzMedBiq",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "CompetencyDiagnostics", package: kit),
                .product(name: "CompetencyInterchange", package: kit),
            ]
        ),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "CompetencyDiagnostics", package: kit),
                .product(name: "CompetencyInterchange", package: kit),
            ]
        ),
        .executableTarget(
            name: "FuzzPlan",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "CompetencyModel", package: kit),
                .product(name: "CompetencyDiagnostics", package: kit),
                .product(name: "CompetencyAssignment", package: kit),
                .product(name: "CompetencyKit", package: kit),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
