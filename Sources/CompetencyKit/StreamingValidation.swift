import CompetencyModel
public import CompetencyDiagnostics
public import CompetencyValidation
public import CompetencyXML
import CompetencyInterchange
import Foundation

extension DocumentSource {
    /// Whether this holds a native XML roster, told from its first bytes.
    public var isNativeXMLRoster: Bool {
        guard let prefix = try? prefix(4096) else { return false }
        return FormatDetector.detect(prefix) == .xml && StreamingRosterExport.rootName(prefix) == "roster"
    }
}

extension Validator {
    /// Every finding in a native XML roster, checked person by person as it streams: the
    /// same findings, in the same order, as ``validate(_:framework:)-(ReadDocument,_)`` on the
    /// roster read whole, in memory that does not grow with the roster but for one entry per
    /// person ID and per certificate ID (for the duplicate checks) and the findings themselves.
    ///
    /// The roster is read twice: up to its first person, for its units and attributes, which
    /// each person is checked against; then whole, each person checked as it is read. The
    /// XML Schema check streams from the file too, on a second thread, beside that reading. A roster that places units after its
    /// people cannot be checked this way: then the result is `nil`, and the caller reads it
    /// whole.
    ///
    /// - Parameters:
    ///   - source: a native XML roster (see ``DocumentSource/isNativeXMLRoster``).
    ///   - framework: the roster's framework, read with its source map; references into it
    ///     are not checked when `nil`.
    ///   - reader: the reader's options (its limits); reading always recovers, as validation does.
    ///   - checkSchema: whether to check the roster against the XML Schema too.
    /// - Throws: `io.*` and other errors that leave nothing to check.
    public func validateStreaming(
        _ source: DocumentSource, framework: Parsed<Framework>?, reader: XMLReader = XMLReader(), checkSchema: Bool = true
    ) throws(DiagnosticError) -> [Diagnostic]? {
        try validateStreaming(source, reader: reader, checkSchema: checkSchema) { (_: Roster) throws(DiagnosticError) in framework }
    }

    /// ``validateStreaming(_:framework:reader:checkSchema:)``, with the framework chosen once
    /// the roster's attributes are read: `framework` receives the roster without its people
    /// (its `framework` names the one it refers to) and returns the framework to check
    /// against, or throws to stop.
    public func validateStreaming(
        _ source: DocumentSource, reader: XMLReader = XMLReader(), checkSchema: Bool = true,
        framework: (Roster) throws(DiagnosticError) -> Parsed<Framework>?
    ) throws(DiagnosticError) -> [Diagnostic]? {
        var options = reader.options
        options.recover = true
        // Pass 1: the roster up to its first person.
        let head: Parsed<Roster>
        do {
            head = try source.readRosterHead(options: options)
        } catch {
            if error.isUnusable { throw error }
            return Diagnostic.sorted(configuration.apply(to: error.diagnostics))
        }
        let frameworkContext = try framework(head.value).map {
            FrameworkContext(framework: $0.value, sourceMap: $0.sourceMap, resolvingRequirements: false)
        }
        let header = RosterContext(roster: head.value, sourceMap: head.sourceMap, framework: frameworkContext)

        // Pass 2: every person, checked as it is read.
        var findings: [Diagnostic] = []
        // Per person ID: how many people had it so far, and where the first one was written.
        var personIDs: [Person.ID: (count: Int, first: SourceLocation?)] = [:]
        var certificates: [Certificate.ID: RosterContext.EarlierCertificate] = [:]
        // The rules are chosen and made once; the findings are sorted once, at the end (the
        // sort is stable, so this gives the order of sorting each person's findings first).
        let checks = enabledRuleInstances
        // The XML Schema check reads the roster on a thread of its own, beside this reading.
        let schemaCheck = checkSchema ? Background { [source] () -> [Diagnostic] in
            switch source.contents {
            case .file(let path): SchemaValidator.validate(contentsOf: URL(fileURLWithPath: path), file: source.name)
            case .data(let data): SchemaValidator.validate(data, file: source.name)
            }
        } : nil
        let whole: Parsed<Roster>
        do throws(DiagnosticError) {
            whole = try source.streamRosterWithLocations(options: options) { person, map in
                let location = map.location(of: .person(person.id))
                let earlierPeople = personIDs[person.id]
                let occurrence = earlierPeople?.count ?? 0
                personIDs[person.id] = (occurrence + 1, earlierPeople?.first ?? location)
                var earlier: [Certificate.ID: RosterContext.EarlierCertificate] = [:]
                for certificate in person.certificates {
                    if let id = certificate.id, let first = certificates[id] { earlier[id] = first }
                }
                let context = RosterContext.person(
                    person, occurrence: occurrence, sourceMap: map, in: header,
                    earlier: (person: earlierPeople?.first, certificates: earlier))
                findings += configuration.apply(to: checks.flatMap { $0.validate(roster: context) })
                for (offset, certificate) in person.certificates.enumerated() {
                    guard let id = certificate.id, certificates[id] == nil else { continue }
                    let subject = Subject.certificate(person.id, index: offset)
                    certificates[id] = RosterContext.EarlierCertificate(
                        subject: subject, location: map.location(of: subject) ?? location)
                }
                return true
            }
        } catch {
            // The schema check is waited for, so that no thread outlives the call.
            _ = schemaCheck?.wait()
            if error.isUnusable { throw error }
            return Diagnostic.sorted(configuration.apply(to: error.diagnostics))
        }
        let schemaFindings = schemaCheck?.wait() ?? []
        var rest = whole.value
        rest.people = []
        var started = head.value
        started.people = []
        guard rest == started else { return nil }
        findings += validate(header)

        var reading = whole.diagnostics
        if checkSchema {
            let schema = schemaFindings
            if schema.hasUnusableInput { throw DiagnosticError(schema.filter(\.id.isUnusable)) }
            let reported = Set(reading.filter { $0.id.domain == "schema" }.compactMap { $0.location?.line })
            reading += schema.filter { finding in finding.location.map { !reported.contains($0.line) } ?? true }
        }
        var seen: Set<Diagnostic> = []
        let unique = Diagnostic.sorted(reading).filter { seen.insert($0).inserted }
        return Diagnostic.sorted(configuration.apply(to: unique) + findings)
    }
}

/// A value worked out on a thread of its own, started at once and waited for with ``wait()``.
private final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the thread, before it signals `done`; read only after waiting for it.
    private var value: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            value = work()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value, once the thread has worked it out. Call it once.
    func wait() -> Value? {
        done.wait()
        return value
    }
}
