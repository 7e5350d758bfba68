import CompetencyTestSupport
import Foundation
import Testing

/// The code that the documentation shows, compiled: the README's "Using the library"
/// snippet and the Swift samples of the DocC catalogues are type-checked as main files
/// against the modules this package just built, so that a change of API that breaks them
/// fails here, with the compiler's messages pointing at the Markdown lines.
@Suite struct ReadmeSnippetTests {
    @Test func readmeLibrarySnippetCompiles() throws {
        let readme = try String(contentsOf: Fixtures.packageURL("README.md"), encoding: .utf8)
        let block = try #require(
            Snippets.firstSwiftBlock(under: "## Using the library", in: readme),
            "README.md has no ```swift block under its \"## Using the library\" heading")
        #expect(block.code.contains("import CompetencyKit"), "the snippet must import what it uses")
        try Snippets.typecheck([(file: "README.md", block: block)], name: "README")
    }

    /// Each catalogue page's samples, in order, as one main file: later samples build on earlier ones.
    @Test(arguments: Snippets.catalogPages)
    func doccSamplesCompile(page: String) throws {
        let text = try String(contentsOf: Fixtures.packageURL(page), encoding: .utf8)
        let blocks = Snippets.swiftBlocks(in: text)
        try #require(!blocks.isEmpty)
        try Snippets.typecheck(blocks.map { (file: page, block: $0) }, name: URL(fileURLWithPath: page).deletingPathExtension().lastPathComponent)
    }

    /// The extraction itself: a missing section or block is reported, not skipped.
    @Test func extractionFindsOnlyTheSectionsBlock() {
        let text = """
            # Title
            ```swift
            let before = 1
            ```
            ## Using the library
            Some words.
            ```swift
            let inside = 2
            ```
            ```swift
            let second = 3
            ```
            ## Next
            """
        let block = Snippets.firstSwiftBlock(under: "## Using the library", in: text)
        #expect(block?.code == "let inside = 2\n")
        #expect(block?.line == 8)
        #expect(Snippets.firstSwiftBlock(under: "## Next", in: text) == nil)
        #expect(Snippets.firstSwiftBlock(under: "## Missing", in: text) == nil)
        #expect(Snippets.swiftBlocks(in: text).map(\.code) == ["let before = 1\n", "let inside = 2\n", "let second = 3\n"])
    }
}

/// Code blocks of Markdown files, and the compiler that checks them.
enum Snippets {
    struct Block: Equatable {
        /// The code, each line ending with a newline.
        var code: String
        /// The 1-based line of the block's first line of code.
        var line: Int
    }

    /// Every DocC catalogue page under `Sources/` with at least one Swift sample, package-relative.
    static var catalogPages: [String] {
        let sources = Fixtures.packageURL("Sources")
        let modules = (try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []
        var pages: [String] = []
        for module in modules.sorted() {
            let catalog = "Sources/\(module)/\(module).docc"
            let files = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.packageURL(catalog).path)) ?? []
            for file in files.sorted() where file.hasSuffix(".md") {
                let page = "\(catalog)/\(file)"
                if let text = try? String(contentsOf: Fixtures.packageURL(page), encoding: .utf8), !swiftBlocks(in: text).isEmpty {
                    pages.append(page)
                }
            }
        }
        return pages
    }

    /// The ```swift blocks of `text`, in order.
    static func swiftBlocks(in text: String) -> [Block] {
        blocks(in: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), from: 0, until: nil)
    }

    /// The first ```swift block after the line `heading` and before the next heading of the
    /// same or a higher level (outside code blocks).
    static func firstSwiftBlock(under heading: String, in text: String) -> Block? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == heading }) else { return nil }
        let level = heading.prefix { $0 == "#" }.count
        var end = lines.count
        var inFence = false
        for index in (start + 1)..<lines.count {
            let line = lines[index]
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inFence.toggle() }
            let hashes = line.prefix { $0 == "#" }.count
            if !inFence, hashes > 0, hashes <= level, line.dropFirst(hashes).first == " " {
                end = index
                break
            }
        }
        return blocks(in: lines, from: start + 1, until: end).first
    }

    private static func blocks(in lines: [String], from start: Int, until end: Int?) -> [Block] {
        var blocks: [Block] = []
        var index = start
        let end = end ?? lines.count
        while index < end {
            let fence = lines[index].trimmingCharacters(in: .whitespaces)
            guard fence.hasPrefix("```") else {
                index += 1
                continue
            }
            let isSwift = fence.dropFirst(3).trimmingCharacters(in: .whitespaces) == "swift"
            var body = index + 1
            var code = ""
            while body < lines.count, !lines[body].trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                code += lines[body] + "\n"
                body += 1
            }
            if isSwift { blocks.append(Block(code: code, line: index + 2)) }
            index = body + 1
        }
        return blocks
    }

    /// Type-checks `blocks` as one main file against the package's built modules, and
    /// records the compiler's messages (located in the Markdown files) as the failure.
    static func typecheck(_ blocks: [(file: String, block: Block)], name: String) throws {
        var source = ""
        for (file, block) in blocks {
            source += "#sourceLocation(file: \"\(file)\", line: \(block.line))\n" + block.code
        }
        source += "#sourceLocation()\n"
        let folder = try Scratch.folder("ck-snippet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let main = folder.appendingPathComponent("main.swift")
        try source.write(to: main, atomically: true, encoding: .utf8)

        let modules = try #require(Build.modulesFolder, "no built CompetencyKit.swiftmodule near \(CommandLine.arguments[0])")
        var arguments = ["-typecheck", "-swift-version", "6", "-I", modules.path]
        // CompetencyXML imports the C module CLibXML2: its module map, and libxml2's headers.
        arguments += ["-I", Fixtures.packageURL("Sources/CLibXML2").path]
        for flag in Build.libxml2Flags { arguments += ["-Xcc", flag] }
        let cache = modules.deletingLastPathComponent().appendingPathComponent("ModuleCache")
        if FileManager.default.fileExists(atPath: cache.path) { arguments += ["-module-cache-path", cache.path] }
        arguments.append(main.path)

        let compiler = try #require(Build.swiftc, "no swiftc found beside the Swift runtime, on PATH or in /opt/swift/usr/bin")
        let result = try Build.run(compiler, arguments)
        let messages = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            result.status == 0, "the \(name) sample does not compile (\(compiler.path) \(arguments.joined(separator: " "))):\n\(messages)")
        #expect(!messages.contains("warning:"), "the \(name) sample compiles with warnings:\n\(messages)")
    }
}

/// Where the package's build put its modules, and the tools to compile against them.
enum Build {
    /// The folder holding `CompetencyKit.swiftmodule`: `Modules` beside the test bundle in
    /// `.build/<triple>/debug/` (or that folder itself, for older SwiftPM versions).
    static var modulesFolder: URL? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            for candidate in [folder.appendingPathComponent("Modules"), folder]
            where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("CompetencyKit.swiftmodule").path) {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// The compiler of the toolchain the tests run on: beside the Swift runtime this process
    /// loaded, else the first `swiftc` on `PATH`, else `/opt/swift/usr/bin/swiftc`.
    static var swiftc: URL? {
        var candidates: [URL] = []
        if let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8),
            let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("/libswiftCore.so") }),
            let slash = line.firstIndex(of: "/")
        {
            // <toolchain>/usr/lib/swift/linux/libswiftCore.so → <toolchain>/usr/bin/swiftc
            let library = URL(fileURLWithPath: String(line[slash...]))
            candidates.append(
                library.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("bin/swiftc"))
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(URL(fileURLWithPath: String(folder)).appendingPathComponent("swiftc"))
        }
        candidates.append(URL(fileURLWithPath: "/opt/swift/usr/bin/swiftc"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// libxml2's compiler flags from `pkg-config`, or its usual header folder.
    static var libxml2Flags: [String] {
        for folder in ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
            let pkgConfig = URL(fileURLWithPath: folder).appendingPathComponent("pkg-config")
            guard FileManager.default.isExecutableFile(atPath: pkgConfig.path),
                let result = try? run(pkgConfig, ["--cflags", "libxml-2.0"]), result.status == 0
            else { continue }
            return result.output.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        return ["-I/usr/include/libxml2"]
    }

    /// Runs `executable`; standard output and standard error together.
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
