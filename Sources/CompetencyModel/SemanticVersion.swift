/// Semantic versions (semver.org 2.0.0): the check of the `invalid-version` rule and the
/// repair the importers make, shared within the package.
package enum SemanticVersion {
    /// Whether `text` is `MAJOR.MINOR.PATCH`, optionally followed by `-prerelease` and
    /// `+build`, with no leading zeros in numeric parts.
    package static func isValid(_ text: String) -> Bool {
        var core = Substring(text)
        var build: Substring?
        if let plus = core.firstIndex(of: "+") {
            build = core[core.index(after: plus)...]
            core = core[..<plus]
        }
        var prerelease: Substring?
        if let dash = core.firstIndex(of: "-") {
            prerelease = core[core.index(after: dash)...]
            core = core[..<dash]
        }
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, numbers.allSatisfy(isNumber) else { return false }
        if let prerelease {
            let parts = prerelease.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.allSatisfy({ isIdentifier($0) && (!$0.allSatisfy(\.isSemVerDigit) || isNumber($0)) }) else {
                return false
            }
        }
        if let build {
            guard build.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isIdentifier) else {
                return false
            }
        }
        return true
    }

    /// A likely intended version: `1.2` → `1.2.0`, `v1.2.3` → `1.2.3`.
    package static func suggestion(for text: String) -> String? {
        var candidate = String(text.drop { $0.isWhitespace })
        while candidate.last?.isWhitespace == true { candidate.removeLast() }
        if candidate.first == "v" || candidate.first == "V" { candidate.removeFirst() }
        let parts = candidate.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count < 3, parts.allSatisfy(isNumber) {
            candidate = (parts.map(String.init) + Array(repeating: "0", count: 3 - parts.count)).joined(separator: ".")
        }
        return candidate != text && isValid(candidate) ? candidate : nil
    }

    private static func isNumber(_ part: Substring) -> Bool {
        !part.isEmpty && part.allSatisfy(\.isSemVerDigit) && (part == "0" || part.first != "0")
    }

    private static func isIdentifier(_ part: Substring) -> Bool {
        !part.isEmpty && part.allSatisfy { $0.isSemVerDigit || ($0.isASCII && $0.isLetter) || $0 == "-" }
    }
}

extension Character {
    fileprivate var isSemVerDigit: Bool { isASCII && isNumber }
}
