import ArgumentParser
import CompetencyKit
import Foundation

/// Options shared by `plan` and `coverage`.
struct AssignmentOptions: ParsableArguments {
    @Option(help: "The framework XML file. Omit it (and --roster) to use the bundled sample.")
    var framework: String?

    @Option(help: "The roster XML file. Omit it (and --framework) to use the bundled sample.")
    var roster: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Evaluate on this date (YYYY-MM-DD) instead of the roster's.", valueName: "date"))
    var asOf: String?

    @Flag(help: "Skip people whose records do not match the framework or the unit tree, reporting each, instead of refusing the roster.")
    var lenient = false

    func validate() throws {
        if let asOf, ISODate(asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date of the form YYYY-MM-DD")
        }
    }
}

/// A framework and roster loaded for assignment. People are streamed in two passes over the
/// roster: the first reads the unit tree and checks every person's references, the second
/// evaluates people one at a time, so memory stays bounded by the framework and unit tree.
struct AssignmentInput {
    let frameworkSource: InputSource
    let rosterSource: InputSource
    let framework: Framework
    let roster: Roster
    let assigner: Assigner
    let lenient: Bool
    /// People to skip (with --lenient): their IDs.
    let skipped: Set<Person.ID>

    static func load(_ options: AssignmentOptions) throws -> AssignmentInput {
        if options.framework == nil && options.roster == nil {
            announceSample("(framework and roster)")
        } else if options.framework == nil {
            announceSample("framework")
        } else if options.roster == nil {
            announceSample("roster")
        }
        let frameworkSource = InputSource.framework(options.framework)
        let rosterSource = InputSource.roster(options.roster)
        let framework = try frameworkSource.readFramework().value
        let index = FrameworkIndex(framework)

        // Pass 1: the roster without its people, and every person's reference problems.
        var problems: [(person: Person.ID, location: SourceLocation, rule: String, message: String)] = []
        var unitReferences: [(person: Person.ID, unit: OrgUnit.ID, location: SourceLocation)] = []
        let header = try rosterSource.stream { person, location in
            for problem in ReferenceCheck.problems(of: person, in: index) {
                problems.append((person.id, location, problem.rule, problem.message))
            }
            if let unit = person.unit { unitReferences.append((person.id, unit, location)) }
            return true
        }
        let tree = UnitTree(units: header.units)
        for reference in unitReferences where !tree.known.contains(reference.unit) {
            problems.append(
                (reference.person, reference.location, "unknown-reference", ReferenceCheck.unknown("unit", reference.unit.rawValue)))
        }
        problems.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        for problem in problems {
            let location = SourceLocation(file: rosterSource.label, line: problem.location.line, column: problem.location.column)
            let severity = options.lenient ? "warning" : "error"
            let suffix = options.lenient ? "; the person is skipped" : ""
            printError(
                "\(location): \(severity): person '\(problem.person)': \(problem.message)\(suffix) [\(problem.rule)]")
        }
        if !problems.isEmpty && !options.lenient {
            printError("error: the roster does not match the framework; fix it, or pass --lenient to skip these people")
            throw Exit.findings
        }

        let asOf: ISODate
        if let text = options.asOf, let date = ISODate(text) {
            asOf = date
        } else if let date = header.asOf {
            asOf = date
        } else {
            printError("\(rosterSource.label): error: the roster has no as-of date; give one with --as-of YYYY-MM-DD")
            throw Exit.unusable
        }
        let assigner = Assigner(framework: index, units: tree, asOf: asOf)
        return AssignmentInput(
            frameworkSource: frameworkSource, rosterSource: rosterSource, framework: framework, roster: header,
            assigner: assigner, lenient: options.lenient, skipped: Set(problems.map(\.person)))
    }

    /// Pass 2: evaluates each person (but skipped ones) in document order.
    func forEachEvaluation(_ body: @escaping (PersonEvaluation) -> Void) throws -> Int {
        var session = AssignmentSession(assigner: assigner)
        let skipped = self.skipped
        var count = 0
        let progress = isTerminal(STDERR_FILENO)
        _ = try rosterSource.stream { person, _ in
            guard !skipped.contains(person.id) else { return true }
            body(session.evaluate(person))
            count += 1
            if progress && count % 10_000 == 0 { FileHandle.standardError.write(Data("\rplanned \(count) people".utf8)) }
            return true
        }
        if progress && count >= 10_000 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        return count
    }
}

extension InputSource {
    /// Streams the people of a roster; returns the roster without them.
    func stream(_ body: @escaping (Person, SourceLocation) -> Bool) throws -> Roster {
        if case .file = self { _ = try data() }  // the friendly missing-file and folder messages
        do throws(XMLReadError) {
            let parsed: Parsed<Roster>
            switch self {
            case .file(let path):
                parsed = try XMLReader().streamRoster(contentsOf: URL(fileURLWithPath: path), body)
            case .sample(let name, let text):
                parsed = try XMLReader().streamRoster(Data(text.utf8), file: name, body)
            }
            for warning in parsed.warnings { printError(warning.description) }
            return parsed.value
        } catch {
            throw report(error)
        }
    }
}

/// The reference checks a roster must pass before it is planned, person by person so that
/// the roster is never held whole. They report under the validation rules' identifiers
/// (`unknown-reference`, `level-not-defined`) with the same wording as `competency validate`.
enum ReferenceCheck {
    static func unknown(_ kind: String, _ id: String) -> String {
        "unknown \(kind) '\(id)': no \(kind) has this ID; correct the reference or define the \(kind)"
    }

    static func problems(of person: Person, in index: FrameworkIndex) -> [(rule: String, message: String)] {
        var result: [(rule: String, message: String)] = []
        if let position = person.position, index.position(position) == nil {
            result.append(("unknown-reference", unknown("position", position.rawValue)))
        }
        func level(_ level: Level.ID, of competency: CompetencyModel.Competency.ID, _ what: String) {
            if index.competency(competency) == nil {
                result.append(("unknown-reference", "\(what): " + unknown("competency", competency.rawValue)))
            } else if !index.isDefined(level, for: competency) {
                let defined = index.definedLevels(of: competency).map(\.rawValue).joined(separator: ", ")
                result.append(
                    ("level-not-defined",
                     "\(what): level '\(level)' is not defined for competency '\(competency)'; use one of \(defined)"))
            }
        }
        for assessment in person.assessments { level(assessment.level, of: assessment.competency, "an assessment") }
        for certificate in person.certificates {
            for cover in certificate.covers { level(cover.level, of: cover.competency, "a certificate") }
        }
        for completion in person.completions where index.module(completion.module) == nil {
            result.append(("unknown-reference", "a completion: " + unknown("module", completion.module.rawValue)))
        }
        return result
    }
}

/// Writes output in chunks to standard output or a file.
final class OutputStream {
    private let handle: FileHandle
    private var buffer = Data()
    private let path: String?

    init(path: String?) throws {
        self.path = path
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            printError("\(path): error: cannot write the output; check the folder exists and is writable")
            throw Exit.unusable
        }
        self.handle = handle
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(_ data: Data) {
        flush()
        handle.write(data)
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        if path != nil && path != "-" { try? handle.close() }
    }
}
