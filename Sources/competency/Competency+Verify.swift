import ArgumentParser
import CompetencyCredentials
import CompetencyKit
import Foundation

/// Reads a JSON file, reporting a located `json.syntax` error or an `io` error.
func readJSONFile(_ path: String) throws -> JSON {
    let data = try reporting { () throws(DiagnosticError) in try DocumentSource.file(path).read() }
    do {
        return try JSON.parse(data)
    } catch {
        throw Console.fail(
            DiagnosticError(
                DiagnosticID(domain: "json", code: "syntax"), "\(error.message); the file must be JSON",
                at: SourceLocation(file: path, line: error.line, column: error.column)))
    }
}

/// The public keys named by `--key` or `--jwks` (at most one of them).
func verificationKeys(key: String?, jwks: String?) throws -> [VerificationKey] {
    do {
        if let key { return [try VerificationKey(jwk: try readJSONFile(key))] }
        if let jwks { return try CredentialVerifier.keys(ofJWKS: try readJSONFile(jwks)) }
    } catch let error as KeyError {
        Console.error("error: \(key ?? jwks ?? ""): \(error.message) [credential.key]")
        throw Exit.unusable
    }
    return []
}

/// Today in UTC: the default date of `verify`.
func todayUTC() -> ISODate? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return ISODate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
}

extension Competency {
    /// `competency verify`: checks compact-JWS credentials.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify Open Badges 3.0 credentials (compact JWS, one per line or one per file).",
            discussion: """
                Checks each credential's signature, its alg against the key, validFrom and validUntil \
                against the date, the @context order, the required types and fields, and that the \
                JWT claims match the credential. Each failure is reported at file:line:column. \
                Without --key or --jwks the public key in the JWS header is used, which proves the \
                credential is intact but not who signed it. Nothing is fetched from the network. \
                See Documentation/Credentials.md.

                Exit status: 0 every credential is valid, 1 some are not, 2 unusable arguments or unreadable files.
                """)

        @Argument(help: ArgumentHelp("Files of compact JWS: one per line, or a whole file (.jwt).", valueName: "file"))
        var files: [String]

        @Option(help: ArgumentHelp("The issuer's public key (KEY.public.jwk).", valueName: "PUBLIC.jwk"))
        var key: String?

        @Option(help: ArgumentHelp("A JWK Set of public keys; the header's kid picks one.", valueName: "JWKS.json"))
        var jwks: String?

        @OptionGroup var language: LanguageOptions

        @Option(name: .customLong("as-of"), help: ArgumentHelp("Check validity on this date (YYYY-MM-DD) instead of today (UTC).", valueName: "date"))
        var asOf: String?

        func validate() throws {
            if key != nil && jwks != nil { throw ValidationError("give --key or --jwks, not both") }
            if let asOf, ISODate(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date of the form YYYY-MM-DD") }
            if files.isEmpty { throw ValidationError("name at least one file of credentials") }
        }

        func run() throws {
            guard let date = asOf.flatMap(ISODate.init) ?? todayUTC() else { throw Exit.unusable }
            let words = language.chosen(documentLanguage: nil) ?? .standard()
            let verifier = CredentialVerifier(keys: try verificationKeys(key: key, jwks: jwks), asOf: date)
            var findings: [Diagnostic] = []
            var valid = 0
            var total = 0
            var unverifiedKey = 0
            var hidden = 0
            for file in files {
                try reporting { () throws(DiagnosticError) in try DocumentSource.file(file).checkReadable() }
                guard let handle = FileHandle(forReadingAtPath: file) else {
                    throw Console.fail(DiagnosticError(.io("unreadable"), "cannot open '\(file)' for reading", at: .file(file)))
                }
                defer { try? handle.close() }
                // Read in chunks, line by line, so that a file of any size is checked in bounded memory.
                var pending: [UInt8] = []
                var line = 0
                func check(_ bytes: ArraySlice<UInt8>) {
                    line += 1
                    let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
                    guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
                    else { return }
                    let compact = String(decoding: bytes[first...last], as: UTF8.self)
                    total += 1
                    let result = verifier.verify(compact)
                    if result.isValid {
                        valid += 1
                        if result.keyFromHeader { unverifiedKey += 1 }
                    }
                    if findings.count < 100 { findings += result.problems.map { $0.diagnostic(file: file, line: line) } } else { hidden += result.problems.count }
                }
                while true {
                    let data: Data
                    do {
                        data = try handle.read(upToCount: 1 << 20) ?? Data()
                    } catch {
                        throw Console.fail(DiagnosticError(.io("unreadable"), "cannot read '\(file)': \(error.localizedDescription)", at: .file(file)))
                    }
                    let chunk = [UInt8](data)
                    if chunk.isEmpty { break }
                    pending += chunk
                    var start = pending.startIndex
                    while let newline = pending[start...].firstIndex(of: 0x0A) {
                        check(pending[start..<newline])
                        start = newline + 1
                    }
                    pending.removeSubrange(..<start)
                    if pending.count > 16 << 20 {
                        throw Console.fail(
                            DiagnosticError(
                                DiagnosticID(domain: "credential", code: "malformed"),
                                "line \(line + 1) is longer than 16 MB; a compact JWS is one line",
                                at: SourceLocation(file: file, line: line + 1, column: 1)))
                    }
                }
                if !pending.isEmpty { check(pending[...]) }
            }
            // A JWS line is kilobytes long: diagnostics are shown without their source line,
            // and at most about 100 of them.
            if !findings.isEmpty {
                let colour = isTerminal(STDERR_FILENO) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                Console.standardError(TextReporter(colour: colour, counts: false, words: words).render(Report(diagnostics: findings)))
            }
            let note = words.message("report.label.note") + ": "
            if hidden > 0 { Console.error(note + words.count(hidden, "verify.hidden")) }
            if unverifiedKey > 0 { Console.error(note + words.count(unverifiedKey, "verify.own-key")) }
            print(words.message(total == 1 ? "verify.summary.one" : "verify.summary.other", [
                "valid": words.number(valid), "total": words.number(total), "date": words.date(verifier.asOf),
            ]))
            if valid < total || total == 0 { throw Exit.findings }
        }
    }
}
