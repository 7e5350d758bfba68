import CompetencyModel

// `<roster>`: the unit tree and people with their attributes, assessments, certificates and
// completed modules.
extension DocumentBuilder {
    func buildRoster(_ frame: Frame) -> Roster {
        var roster = Roster(
            framework: frame[.framework].map { Framework.ID($0) }, uri: frame[.uri], asOf: date(frame, .asOf),
            language: frame.language.isEmpty ? nil : frame.language)
        for (index, child) in frame.children.enumerated() {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &roster.title, in: frame, child: index, element: .title, at: location)
            case .unit(let unit): roster.units.append(unit)
            default: break
            }
        }
        roster.people = people
        people = []
        roster.extensions = frame.extensions
        return roster
    }

    func buildUnit(_ frame: Frame) -> Built {
        var unit = OrgUnit(id: OrgUnit.ID(required(frame, .id)), uri: frame[.uri])
        for (index, child) in frame.children.enumerated() {
            switch child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &unit.title, in: frame, child: index, element: .title, at: location)
            case .unit(let child): unit.units.append(child)
            default: break
            }
        }
        unit.extensions = frame.extensions
        return .unit(unit)
    }

    /// The roster as read so far, when reading stopped inside it: its attributes, and the
    /// title and units that came before the point where it stopped.
    func rosterHead() -> Roster? {
        guard let root = frames.first, root.role == .roster else { return nil }
        return buildRoster(root)
    }

    /// A closed `<person>`: handed to ``personSink`` if there is one, else kept for the roster.
    func closePerson(_ frame: Frame) {
        let person = buildPerson(frame)
        if let personSink {
            if !personSink(person, frame.location) { stop() }
        } else {
            people.append(person)
        }
    }

    private func buildPerson(_ frame: Frame) -> Person {
        let id = Person.ID(required(frame, .id))
        // Streamed people are handed over with their location and not kept, so neither are
        // their locations: memory stays bounded by one person.
        let keep = personSink == nil
        let local = !keep && locatesStreamedRecords
        if local {
            personSourceMap = SourceMap()
            personSourceMap.record(.person(id), at: frame.location)
        }
        func note(_ subject: Subject, _ location: SourceLocation) {
            if keep { record(subject, location) } else if local { personSourceMap.record(subject, at: location) }
        }
        var person = Person(
            id: id, uri: frame[.uri], unit: frame[.unit].map { OrgUnit.ID($0) },
            position: frame[.position].map { Position.ID($0) })
        frame.drainChildren { index, child in
            switch consume child {
            case .text(.name, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &person.name, in: frame, child: index, element: .name, at: location)
            case .personAttribute(let attribute, let location):
                note(.attribute(id, index: person.attributes.count), location)
                person.attributes.append(attribute)
            case .assessment(let assessment, let location):
                note(.assessment(id, index: person.assessments.count), location)
                person.assessments.append(assessment)
            case .certificate(let certificate, let location):
                note(.certificate(id, index: person.certificates.count), location)
                person.certificates.append(certificate)
            case .completion(let completion, let location):
                note(.completion(id, index: person.completions.count), location)
                person.completions.append(completion)
            default: break
            }
        }
        person.extensions = frame.extensions
        return person
    }

    func buildPersonAttribute(_ frame: Frame) -> Built {
        return .personAttribute(
            PersonAttribute(name: required(frame, .name), value: required(frame, .value), extensions: frame.extensions),
            frame.location)
    }

    func buildAssessment(_ frame: Frame) -> Built {
        return .assessment(
            Assessment(
                competency: Competency.ID(required(frame, .competency)), level: Level.ID(required(frame, .level)),
                date: date(frame, .date), method: enumeration(frame, .method, Assessment.Method.self),
                extensions: frame.extensions), frame.location)
    }

    func buildCertificate(_ frame: Frame) -> Built {
        var certificate = Certificate(
            id: frame[.id].map { Certificate.ID($0) }, uri: frame[.uri], kind: required(frame, .kind),
            issued: date(frame, .issued), expires: date(frame, .expires))
        frame.drainChildren { index, child in
            switch consume child {
            case .text(.title, let language, let value, let location, let foreign):
                add(language, value, foreign, to: &certificate.title, in: frame, child: index, element: .title, at: location)
            case .covers(let coverage): certificate.covers.append(coverage)
            case .text(.credential, _, let value, let location, _):
                guard certificate.credential == nil else {
                    report(.schema, "<certificate> has a second <credential>; a certificate holds one credential", at: location, code: "duplicate-element")
                    frame.dropChild(index)
                    return
                }
                // The JWS or path, without the white space around it.
                let trimmed = value.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
                certificate.credential = String(trimmed)
            default: break
            }
        }
        certificate.extensions = frame.extensions
        return .certificate(certificate, frame.location)
    }

    func buildCoverage(_ frame: Frame) -> Built {
        return .covers(
            Coverage(
                competency: Competency.ID(required(frame, .competency)), level: Level.ID(required(frame, .level)),
                extensions: frame.extensions))
    }

    func buildCompletion(_ frame: Frame) -> Built {
        return .completion(
            Completion(
                module: TrainingModule.ID(required(frame, .module)), date: date(frame, .date),
                extensions: frame.extensions), frame.location)
    }
}
