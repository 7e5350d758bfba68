import Foundation
import Testing

@testable import CompetencyValidation

@Suite struct ConfigurationTests {
    @Test func decodesEveryKeyAndDefaultsMissingOnes() throws {
        let json = #"{"disabled":["empty-domain"],"severity":{"missing-translation":"note"},"warningsAsErrors":true}"#
        let configuration = try JSONDecoder().decode(Configuration.self, from: Data(json.utf8))
        #expect(configuration == Configuration(disabled: ["empty-domain"], severity: ["missing-translation": .note], warningsAsErrors: true))
        #expect(try JSONDecoder().decode(Configuration.self, from: Data("{}".utf8)) == Configuration())
    }

    @Test func refusesUnknownKeysAndSeverities() {
        #expect {
            try JSONDecoder().decode(Configuration.self, from: Data(#"{"disable":["x"]}"#.utf8))
        } throws: { error in
            "\(error)".contains("unknown key 'disable'; the keys are 'disabled', 'severity', 'warningsAsErrors'")
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Configuration.self, from: Data(#"{"severity":{"x":"fatal"}}"#.utf8))
        }
    }

    @Test func roundTripsThroughJSON() throws {
        let configuration = Configuration(disabled: ["b", "a"], severity: ["c": .error], warningsAsErrors: true)
        let data = try JSONEncoder().encode(configuration)
        #expect(try JSONDecoder().decode(Configuration.self, from: data) == configuration)
    }

    @Test func namesRulesItDoesNotKnow() {
        let configuration = Configuration(disabled: ["empty-domain", "no-such-rule"], severity: ["other": .note])
        #expect(configuration.unknownRules(known: RuleCatalog.descriptions.map(\.identifier)) == ["no-such-rule", "other"])
    }

    @Test func mergesFlagsOverAFile() {
        let file = Configuration(disabled: ["a"], severity: ["b": .note, "c": .error])
        let flags = Configuration(disabled: ["d"], severity: ["b": .error], warningsAsErrors: true)
        #expect(file.merging(flags) == Configuration(disabled: ["a", "d"], severity: ["b": .error, "c": .error], warningsAsErrors: true))
    }
}
