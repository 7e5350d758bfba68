public import CompetencyModel
public import CompetencyDiagnostics
import CompetencyXML
public import Foundation

/// Reads a MedBiquitous Competency Framework (ANSI/MEDBIQ CF.10.1-2012) with the
/// Competency Objects it includes, and optionally a Performance Framework for levels.
///
/// `Includes` are resolved by their catalog entry against the objects' LOM identifiers; an
/// include without an object becomes a competency carrying only its URI, with an
/// `unresolved-include` warning. skos `narrower` / `broader` relations give the hierarchy,
/// `related` becomes a relation (or a match when the other end is outside the framework).
/// Top-level objects whose `Category` is `Domain` become domains; the other top-level
/// competencies are gathered in one domain named after the framework.
public struct MedBiqImporter: Sendable {
    public init() {}

    /// Imports the framework at `framework`. `others` lists Competency Object files,
    /// Performance Framework files, and folders searched (recursively) for Competency Objects
    /// and for Performance Frameworks that describe a competency the framework includes.
    public func importFramework(contentsOf framework: URL, including others: [URL] = []) throws(DiagnosticError) -> Parsed<Framework> {
        try importFramework(XMLTreeReader.contents(of: framework), file: framework.path, at: framework, including: others)
    }

    /// Imports the framework document `framework`, read from `url` (named `file` in
    /// locations), with the other files and folders as ``importFramework(contentsOf:including:)``
    /// takes them. The framework's bytes are not read again.
    public func importFramework(
        _ framework: Data, file: String?, at url: URL, including others: [URL] = []
    ) throws(DiagnosticError) -> Parsed<Framework> {
        // A file named on its own and found again in a folder is read once, and so is a file
        // in two folders given.
        var seen: Set<String> = [url.standardizedFileURL.path]
        let files = others.filter { url in
            var isDirectory: ObjCBool = false
            return !(FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        }
        for file in files { seen.insert(file.standardizedFileURL.path) }
        // The files of each folder, up to the first path that does not exist (where the
        // import stops below).
        var inFolders: [[String]] = []
        for url in others {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { break }
            inFolders.append(isDirectory.boolValue ? Self.xmlFiles(in: url).filter { seen.insert($0).inserted } : [])
        }
        let reader = XMLTreeReader()
        // The framework and the folders' files are read together.
        let loaded = Self.load(framework, file: file, files: Array(inFolders.joined()), reader: reader)
        let root = try loaded.framework.get()

        var documents: [MedBiqDocument] = []
        var diagnostics: [Diagnostic] = []
        // Where each folder's files start among the files read.
        var starts: [Int] = []
        var start = 0
        for files in inFolders {
            starts.append(start)
            start += files.count
        }
        // What the framework includes, so that a Performance Framework in a folder is taken
        // only when it describes one of its competencies.
        var entries: Set<String>?
        for (index, url) in others.enumerated() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw DiagnosticError(.noSuchFile(url.path))
            }
            if isDirectory.boolValue {
                let range = index < inFolders.count ? starts[index]..<(starts[index] + inFolders[index].count) : 0..<0
                for case let document? in loaded.documents[range] {
                    // In a folder, Competency Objects count, and Performance Frameworks that
                    // reference this framework; other documents were skipped.
                    if document.object != nil {
                        documents.append(document)
                        continue
                    }
                    let included = entries ?? Set(root.includes.compactMap(\.entry))
                    entries = included
                    if Self.references(document.tree, anyOf: included) { documents.append(document) }
                }
            } else {
                let data = try XMLTreeReader.contents(of: url)
                let element = try reader.read(data, file: url.path)
                if element.name == "CompetencyObject" || element.name == "PerformanceFramework" {
                    documents.append(MedBiqDocument(element, data: data, file: url.path))
                } else {
                    diagnostics.append(
                        Diagnostic.interchange(.warning, "medbiq-ignored-document",
                            "<\(element.name)> is neither a Competency Object nor a Performance Framework; the file is ignored",
                            at: element.location))
                }
            }
        }
        var result = try importFramework(root, documents: documents)
        result.diagnostics = diagnostics + result.diagnostics
        return result
    }

    /// The framework document read, and the Competency Objects and Performance Frameworks
    /// among `files` (`nil` for a file that cannot be read or is neither), in their order:
    /// on several threads when there are many files, each thread taking the next document.
    static func load(_ framework: Data, file: String?, files: [String], reader: XMLTreeReader)
        -> (framework: Result<MedBiqDocument, DiagnosticError>, documents: [MedBiqDocument?])
    {
        let jobs = LoadJobs(files: files.count)
        let work: @Sendable () -> Void = {
            while let job = jobs.take() {
                guard job > 0 else {
                    jobs.framework = Self.read(framework, file: file, reader: reader)
                    continue
                }
                let path = files[job - 1]
                guard let data = XMLTreeReader.regularFileContents(atPath: path) ?? (try? XMLTreeReader.contents(of: URL(fileURLWithPath: path))),
                    let document = MedBiqDocument.read(data, file: path, reader: reader),
                    document.tree.name == "CompetencyObject" || document.tree.name == "PerformanceFramework"
                else { continue }
                jobs.set(job - 1, document)
            }
        }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        if workers > 1, files.count >= 64 {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in work() }
        } else {
            work()
        }
        return jobs.results()
    }

    /// Imports from memory: the framework document and the other documents (Competency
    /// Objects and Performance Frameworks).
    public func importFramework(
        _ framework: Data, file: String? = nil, documents: [(data: Data, file: String?)] = []
    ) throws(DiagnosticError) -> Parsed<Framework> {
        let reader = XMLTreeReader()
        let root = try MedBiqDocument(framework: framework, file: file, reader: reader)
        var elements: [MedBiqDocument] = []
        for document in documents {
            elements.append(MedBiqDocument(try reader.read(document.data, file: document.file), data: document.data, file: document.file))
        }
        return try importFramework(root, documents: elements)
    }

    /// Whether a Performance Framework's components reference one of `entries`.
    static func references(_ performance: XMLTreeElement, anyOf entries: Set<String>) -> Bool {
        performance.elements("Component", namespace: MedBiq.performance).contains { component in
            (component.element("Competency", namespace: MedBiq.performance)?.elements("Reference", namespace: MedBiq.performance) ?? [])
                .contains { entries.contains($0.element("description", namespace: MedBiq.rdf)?.attribute("about") ?? "") }
        }
    }

    static func read(_ data: Data, file: String?, reader: XMLTreeReader) -> Result<MedBiqDocument, DiagnosticError> {
        Result { () throws(DiagnosticError) in try MedBiqDocument(framework: data, file: file, reader: reader) }
    }

    /// The `.xml` files below `folder` (recursively, not following links to folders), by
    /// path, sorted. The folder is listed with `readdir`, each path made from the folder's
    /// standardized path and the names read: no path needs standardizing on its own, and none
    /// becomes a `URL` (with thousands of files, Foundation's enumerators and URLs cost more
    /// than reading the files).
    static func xmlFiles(in folder: URL) -> [String] {
        var base = folder.standardizedFileURL.path
        if !base.hasSuffix("/") { base += "/" }
        var files: [String] = []
        var folders = [base]
        while let current = folders.popLast() {
            guard let directory = opendir(current) else { continue }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                    pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: pointer.pointee)) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                let path = current + name
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    if lstat(path, &status) == 0 {
                        let kind = status.st_mode & S_IFMT
                        type = kind == S_IFDIR ? UInt8(DT_DIR) : kind == S_IFLNK ? UInt8(DT_LNK) : UInt8(DT_REG)
                    }
                }
                if type == UInt8(DT_DIR) {
                    folders.append(path + "/")
                } else if hasXMLExtension(name) {
                    files.append(path)
                }
            }
        }
        files.sort()
        return files
    }

    /// Whether the last component of `path` is a name with the extension `xml`, in any case.
    static func hasXMLExtension(_ path: String) -> Bool {
        let name = path.utf8.reversed().prefix { $0 != UInt8(ascii: "/") }
        guard name.count > 4 else { return false }
        let last = Array(name.prefix(4).reversed())
        return last[0] == UInt8(ascii: ".") && last[1] | 0x20 == UInt8(ascii: "x") && last[2] | 0x20 == UInt8(ascii: "m")
            && last[3] | 0x20 == UInt8(ascii: "l")
    }

    func importFramework(_ framework: MedBiqDocument, documents: [MedBiqDocument]) throws(DiagnosticError) -> Parsed<Framework> {
        let root = framework.tree
        guard root.name == "CompetencyFramework", root.namespace == MedBiq.framework else {
            throw DiagnosticError(
                "not-medbiq",
                "expected a MedBiquitous <CompetencyFramework> in namespace \(MedBiq.framework), found <\(root.name)>",
                at: root.location)
        }
        var run = MedBiqImportRun()
        return try run.read(framework, objects: documents.filter { $0.object != nil },
                        performance: documents.filter { $0.tree.name == "PerformanceFramework" }.map(\.tree))
    }
}

/// A document read for an import, with the bytes it was read from: the importer keeps a
/// document only when the exporter would not write it back the same, and a document the
/// exporter wrote has exactly the bytes the exporter writes again. A Competency Object is
/// reduced to what the import reads from it as it is read (see ``MedBiqObject``), and its
/// tree read again from its bytes only when it has to be kept. A class: the import passes
/// documents around and holds them in several tables.
final class MedBiqDocument {
    /// The document's tree; for a Competency Object, only its root without children.
    let tree: XMLTreeElement
    let object: MedBiqObject?
    let data: Data
    /// The file name the document was read with.
    let file: String?

    /// A document; a Competency Object is reduced.
    init(_ element: XMLTreeElement, data: Data, file: String?) {
        includes = []
        links = []
        isReduced = false
        if element.name == "CompetencyObject" {
            object = MedBiqObject(element)
            var root = element
            root.children = []
            tree = root
        } else {
            object = nil
            tree = element
        }
        self.data = data
        self.file = file
    }

    /// A Competency Object read by a ``MedBiqObjectReader``.
    init(object: MedBiqObject, root: XMLTreeElement, data: Data, file: String?) {
        includes = []
        links = []
        isReduced = false
        self.object = object
        tree = root
        self.data = data
        self.file = file
    }

    /// A document read from `data`: a Competency Object straight into its ``MedBiqObject``,
    /// another document as a tree; nil when it cannot be read.
    static func read(_ data: Data, file: String?, reader: XMLTreeReader) -> MedBiqDocument? {
        let objectReader = MedBiqObjectReader()
        let failed: Bool
        do {
            try reader.read(data, file: file, into: objectReader)
            failed = false
        } catch {
            failed = true
        }
        if let object = objectReader.object, let root = objectReader.root {
            return failed ? nil : MedBiqDocument(object: object, root: root, data: data, file: file)
        }
        // Another root: read whole.
        guard objectReader.root != nil, let element = try? reader.read(data, file: file) else { return nil }
        return MedBiqDocument(element, data: data, file: file)
    }

    /// An `Includes` of a framework: the text of its first `Entry`, and where it stands.
    struct Include {
        var entry: String?
        var location: SourceLocation
    }

    /// A `Relation` of a framework: the entries of its first `Reference1` and `Reference2`,
    /// the text of its first `Relationship`, and where it stands.
    struct Link {
        var first: String?
        var second: String?
        var relationship: String?
        var location: SourceLocation
    }

    /// A framework's `Includes` and `Relation` elements, in document order; they are not in
    /// its ``tree``.
    let includes: [Include]
    let links: [Link]
    /// Whether ``tree`` lacks content the document has.
    private let isReduced: Bool

    /// A framework document: its tree without the `Includes` and `Relation` elements, which
    /// are read into ``includes`` and ``links`` (a framework includes every competency and
    /// relates most of them; their trees would be most of the memory an import takes).
    init(framework data: Data, file: String?, reader: XMLTreeReader) throws(DiagnosticError) {
        let frameworkReader = MedBiqFrameworkReader()
        try reader.read(data, file: file, into: frameworkReader)
        object = nil
        self.data = data
        self.file = file
        if let root = frameworkReader.root {
            tree = root
            includes = frameworkReader.includes
            links = frameworkReader.links
            isReduced = true
        } else {
            // Not reached: the reader throws when there is no root. Read whole, all the same.
            tree = try reader.read(data, file: file)
            includes = []
            links = []
            isReduced = false
        }
    }

    /// The whole tree (read again for a reduced document; the same bytes read the same).
    var element: XMLTreeElement? {
        object == nil && !isReduced ? tree : try? XMLTreeReader().read(data, file: file)
    }

    /// Whether the document's bytes are those of `text`.
    func hasBytes(of text: String) -> Bool {
        var text = text
        return text.withUTF8 { written in
            data.withUnsafeBytes { read in
                guard read.count == written.count else { return false }
                guard let left = read.baseAddress, let right = written.baseAddress else { return true }
                return memcmp(left, right, read.count) == 0
            }
        }
    }
}

/// The jobs of ``MedBiqImporter/load(_:file:files:reader:)``: job 0 reads the framework,
/// job `n` the `n`th file. Each thread takes the next one.
private final class LoadJobs: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var documents: [MedBiqDocument?]
    private var read: Result<MedBiqDocument, DiagnosticError> = .failure(DiagnosticError([]))

    init(files: Int) {
        count = files + 1
        documents = Array(repeating: nil, count: files)
    }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    var framework: Result<MedBiqDocument, DiagnosticError> {
        get {
            lock.lock()
            defer { lock.unlock() }
            return read
        }
        set {
            lock.lock()
            read = newValue
            lock.unlock()
        }
    }

    func set(_ index: Int, _ document: MedBiqDocument) {
        lock.lock()
        documents[index] = document
        lock.unlock()
    }

    func results() -> (framework: Result<MedBiqDocument, DiagnosticError>, documents: [MedBiqDocument?]) {
        lock.lock()
        defer { lock.unlock() }
        return (read, documents)
    }
}

/// Reads a MedBiquitous framework document into its tree, but for the `Includes` and
/// `Relation` elements of the root, which become ``MedBiqDocument/Include`` and
/// ``MedBiqDocument/Link`` values as they are read; the root's white space beside them is
/// left out. Nothing else is changed: the tree is built as ``XMLTreeReader`` builds it.
final class MedBiqFrameworkReader: XMLTreeHandler {
    let shouldStop = false
    var root: XMLTreeElement? { tree.root }
    private(set) var includes: [MedBiqDocument.Include] = []
    private(set) var links: [MedBiqDocument.Link] = []
    private var tree = XMLTreeAssembler()
    /// The text of the element read for its text.
    private var text: [UInt8] = []
    /// Whether the text since the last tag follows an `Includes` or `Relation` that ended.
    private var afterReduced = false

    /// What each open element inside an `Includes` or `Relation` is to it.
    private enum Role { case include, relation, reference1, reference2, entry1, entry2, includeEntry, relationship, other }
    private var roles: [Role] = []
    private var sawEntry = false
    private var sawReference1 = false
    private var sawReference2 = false
    private var sawReferenceEntry = false
    private var sawRelationship = false
    private var include = MedBiqDocument.Include(entry: nil, location: SourceLocation(line: 0, column: 0))
    private var link = MedBiqDocument.Link(location: SourceLocation(line: 0, column: 0))
    /// The depth in `roles` of the element read for its text, while it is open.
    private var textDepth: Int?

    /// Leaves out the root's white space after an `Includes` or `Relation`.
    private func dropWhiteSpaceAfterReduced() {
        if afterReduced, tree.depth == 1, tree.textIsWhiteSpace { tree.discardText() }
        afterReduced = false
    }

    func start(_ element: XMLTreeElement) {
        if !roles.isEmpty {
            startInside(element)
            return
        }
        dropWhiteSpaceAfterReduced()
        let reduced = tree.depth == 1 && element.namespace == MedBiq.framework && (element.name == "Includes" || element.name == "Relation")
        if reduced {
            // The white space before it goes with it.
            if tree.textIsWhiteSpace { tree.discardText() }
            tree.flushText()
            if element.name == "Includes" {
                roles = [.include]
                include = MedBiqDocument.Include(entry: nil, location: element.location)
                sawEntry = false
            } else {
                roles = [.relation]
                link = MedBiqDocument.Link(location: element.location)
                sawReference1 = false
                sawReference2 = false
                sawRelationship = false
            }
            return
        }
        tree.open(element)
    }

    private func startInside(_ element: XMLTreeElement) {
        let own = element.namespace == MedBiq.framework
        var role = Role.other
        switch roles.last {
        case .include?:
            if own, element.name == "Entry", !sawEntry {
                sawEntry = true
                role = .includeEntry
            }
        case .relation?:
            if own, element.name == "Reference1", !sawReference1 {
                sawReference1 = true
                sawReferenceEntry = false
                role = .reference1
            } else if own, element.name == "Reference2", !sawReference2 {
                sawReference2 = true
                sawReferenceEntry = false
                role = .reference2
            } else if own, element.name == "Relationship", !sawRelationship {
                sawRelationship = true
                role = .relationship
            }
        case .reference1?, .reference2?:
            if own, element.name == "Entry", !sawReferenceEntry {
                sawReferenceEntry = true
                role = roles.last == .reference1 ? .entry1 : .entry2
            }
        default: break
        }
        if role == .includeEntry || role == .entry1 || role == .entry2 || role == .relationship {
            text.removeAll(keepingCapacity: true)
            textDepth = roles.count
        }
        roles.append(role)
    }

    func end() {
        if let role = roles.popLast() {
            if textDepth == roles.count {
                textDepth = nil
                let value = Text.normalized(String(decoding: text, as: UTF8.self))
                switch role {
                case .includeEntry: include.entry = value
                case .entry1: link.first = value
                case .entry2: link.second = value
                case .relationship: link.relationship = value
                default: break
                }
            }
            if roles.isEmpty {
                if role == .include { includes.append(include) } else { links.append(link) }
                afterReduced = true
            }
            return
        }
        dropWhiteSpaceAfterReduced()
        tree.close()
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if roles.isEmpty {
            tree.append(bytes)
        } else if textDepth != nil {
            text.append(contentsOf: bytes)
        }
    }
}

/// Reads a Competency Object straight into a ``MedBiqObject`` and its root element, as its
/// elements are read, without building its tree: what ``MedBiqObject/init(_:)`` takes from
/// the tree, found on the way. Another root is not read on (`isObject` is false).
final class MedBiqObjectReader: XMLTreeHandler {
    private(set) var shouldStop = false
    private(set) var root: XMLTreeElement?
    private(set) var identifiers: [(catalog: String, entry: String)] = []
    private(set) var title: MedBiqObject.Strings = []
    private(set) var descriptions: [MedBiqObject.Strings] = []
    private(set) var isDomain = false
    private(set) var statements: [(name: String, text: String)] = []

    /// What each open element is to the object.
    private enum Place {
        case object, lom, general, identifier, catalog, entry, title, description, string, statement, other

        /// Whether the element is read for its text.
        var isText: Bool {
            switch self {
            case .catalog, .entry, .string, .statement: true
            default: false
            }
        }
    }
    private var places: [Place] = []
    /// The depth of the element read for its text, while it is open.
    private var textDepth: Int?
    private var statementName = ""
    private var sawLom = false
    private var sawGeneral = false
    private var sawTitle = false
    private var sawCatalog = false
    private var sawEntry = false
    private var identifier: (catalog: String, entry: String) = ("", "")
    private var strings: MedBiqObject.Strings = []
    private var language: String?
    /// The text of the element being read for its text (a catalog, entry, string or
    /// statement), its descendants' included.
    private var text: [UInt8] = []

    var isObject: Bool { root?.name == "CompetencyObject" }

    /// The object read; nil when the root was another element.
    var object: MedBiqObject? {
        guard let root, isObject else { return nil }
        return MedBiqObject(location: root.location, identifiers: identifiers, title: title, descriptions: descriptions, isDomain: isDomain, statements: statements)
    }

    func start(_ element: XMLTreeElement) {
        guard let parent = places.last else {
            root = element
            if element.name != "CompetencyObject" { shouldStop = true }
            places.append(.object)
            return
        }
        let lom = element.namespace == MedBiq.lom
        var place = Place.other
        switch parent {
        case .object:
            if lom, element.name == "lom", !sawLom {
                sawLom = true
                place = .lom
            } else if element.namespace == MedBiq.object {
                if element.name == "Category" {
                    if element.attribute("term") == "Domain" { isDomain = true }
                } else if element.name == "Status" || element.name == "Replaces" || element.name == "IsReplacedBy" {
                    place = .statement
                    statementName = element.name
                }
            }
        case .lom:
            if lom, element.name == "general", !sawGeneral {
                sawGeneral = true
                place = .general
            }
        case .general:
            if lom, element.name == "identifier" {
                place = .identifier
                identifier = ("", "")
                sawCatalog = false
                sawEntry = false
            } else if lom, element.name == "title", !sawTitle {
                sawTitle = true
                place = .title
                strings = []
            } else if lom, element.name == "description", descriptions.count < 2 {
                place = .description
                strings = []
            }
        case .identifier:
            if lom, element.name == "catalog", !sawCatalog {
                sawCatalog = true
                place = .catalog
            } else if lom, element.name == "entry", !sawEntry {
                sawEntry = true
                place = .entry
            }
        case .title, .description:
            if lom, element.name == "string" {
                place = .string
                language = element.attribute("language")
            }
        case .catalog, .entry, .string, .statement, .other:
            break
        }
        if place.isText {
            text.removeAll(keepingCapacity: true)
            textDepth = places.count
        }
        places.append(place)
    }

    func end() {
        guard let place = places.popLast() else { return }
        if textDepth == places.count { textDepth = nil }
        switch place {
        case .catalog: identifier.catalog = Text.normalized(String(decoding: text, as: UTF8.self))
        case .entry: identifier.entry = Text.normalized(String(decoding: text, as: UTF8.self))
        case .identifier: identifiers.append(identifier)
        case .string:
            let value = Text.normalized(String(decoding: text, as: UTF8.self))
            if !value.isEmpty { strings.append((language, value)) }
        case .title: title = strings
        case .description: descriptions.append(strings)
        case .statement: statements.append((statementName, Text.normalized(String(decoding: text, as: UTF8.self))))
        case .object, .lom, .general, .other: break
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Text counts while the element read for its text, or one of its descendants, is open.
        if textDepth != nil { text.append(contentsOf: bytes) }
    }
}

/// What the import reads from a Competency Object: its LOM identifiers, title and first two
/// descriptions, whether a Category makes it a domain, and its Status, Replaces and
/// IsReplacedBy in document order.
struct MedBiqObject {
    /// A LOM LangString's strings: each one's `language` (when given) and normalized text,
    /// empty texts left out.
    typealias Strings = [(language: String?, value: String)]

    var location: SourceLocation
    var identifiers: [(catalog: String, entry: String)]
    var title: Strings
    var descriptions: [Strings]
    var isDomain: Bool
    var statements: [(name: String, text: String)]

    init(
        location: SourceLocation, identifiers: [(catalog: String, entry: String)], title: Strings, descriptions: [Strings], isDomain: Bool,
        statements: [(name: String, text: String)]
    ) {
        self.location = location
        self.identifiers = identifiers
        self.title = title
        self.descriptions = descriptions
        self.isDomain = isDomain
        self.statements = statements
    }

    init(_ object: XMLTreeElement) {
        location = object.location
        let general = object.element("lom", namespace: MedBiq.lom)?.element("general", namespace: MedBiq.lom)
        identifiers = (general?.elements("identifier", namespace: MedBiq.lom) ?? []).map {
            (Text.normalized($0.element("catalog", namespace: MedBiq.lom)?.text ?? ""),
             Text.normalized($0.element("entry", namespace: MedBiq.lom)?.text ?? ""))
        }
        title = Self.strings(general?.element("title", namespace: MedBiq.lom))
        descriptions = (general?.elements("description", namespace: MedBiq.lom) ?? []).prefix(2).map { Self.strings($0) }
        isDomain = object.elements("Category", namespace: MedBiq.object).compactMap { $0.attribute("term") }.contains("Domain")
        statements = object.elements().compactMap { element in
            guard element.namespace == MedBiq.object, ["Status", "Replaces", "IsReplacedBy"].contains(element.name) else { return nil }
            return (element.name, Text.normalized(element.text))
        }
    }

    static func strings(_ element: XMLTreeElement?) -> Strings {
        (element?.elements("string", namespace: MedBiq.lom) ?? []).compactMap { string in
            let value = Text.normalized(string.text)
            return value.isEmpty ? nil : (string.attribute("language"), value)
        }
    }

    /// The strings as ``MedBiq/langString(_:defaultLanguage:)`` reads them.
    static func text(_ strings: Strings, defaultLanguage: String) -> LocalizedText {
        var text = LocalizedText()
        for string in strings {
            let language = string.language ?? defaultLanguage
            if text[language] == nil { text[language] = string.value }
        }
        return text
    }
}

private struct MedBiqImportRun {
    var report = LossReport(domain: "medbiq")
    var sourceMap = SourceMap()
    var diagnostics: [Diagnostic] = []
    var language = ""

    struct Node {
        var uri: String
        var id: String
        var document: MedBiqDocument?
        var object: MedBiqObject? { document?.object }
        var location: SourceLocation
        var parent: Int?
        var children: [Int] = []
        var relations: [Relation] = []
        var matches: [Match] = []
        var descriptors: [Descriptor] = []
        var isDomain = false
    }

    var nodes: [Node] = []
    var nodeByURI: [String: Int] = [:]

    /// The LOM identifiers of a document: (catalog, entry).
    func identifiers(_ lom: XMLTreeElement?) -> [(catalog: String, entry: String)] {
        (lom?.element("general", namespace: MedBiq.lom)?.elements("identifier", namespace: MedBiq.lom) ?? []).map {
            (Text.normalized($0.element("catalog", namespace: MedBiq.lom)?.text ?? ""),
             Text.normalized($0.element("entry", namespace: MedBiq.lom)?.text ?? ""))
        }
    }

    func entry(_ element: XMLTreeElement?) -> String? {
        guard let text = element?.element("Entry", namespace: MedBiq.framework)?.text else { return nil }
        let entry = Text.normalized(text)
        return entry.isEmpty ? nil : entry
    }

    mutating func read(_ document: MedBiqDocument, objects: [MedBiqDocument], performance: [XMLTreeElement]) throws(DiagnosticError)
        -> Parsed<Framework>
    {
        let root = document.tree
        let lom = root.element("lom", namespace: MedBiq.lom)
        let general = lom?.element("general", namespace: MedBiq.lom)
        if let declared = general?.element("language", namespace: MedBiq.lom)?.text { language = Text.normalized(declared) }
        let ids = identifiers(lom)
        let frameworkURI = ids.first { $0.catalog != MedBiq.idCatalog && $0.catalog != MedBiq.codeCatalog }?.entry
        var frameworkID = ids.first { $0.catalog == MedBiq.idCatalog }?.entry
        var uri = frameworkURI
        if let given = frameworkURI, let parsed = CASEConvention.parse(given), parsed.kind == nil {
            frameworkID = parsed.framework
            uri = nil
        }
        var framework = Framework(
            id: Framework.ID(frameworkID ?? frameworkURI.map { MedBiq.id(fromURI: $0, prefix: "f-") } ?? "framework"), uri: uri)
        sourceMap.record(.framework(framework.id), at: root.location)
        framework.language = language.isEmpty ? nil : language
        framework.title = MedBiq.langString(general?.element("title", namespace: MedBiq.lom), defaultLanguage: language)
        framework.description = MedBiq.langString(general?.element("description", namespace: MedBiq.lom), defaultLanguage: language)
        let lifeCycle = lom?.element("lifeCycle", namespace: MedBiq.lom)
        if let version = lifeCycle?.element("version", namespace: MedBiq.lom) {
            framework.version = MedBiq.langString(version, defaultLanguage: language).variants.first?.value
        }
        var publisher: String?
        for contribute in lifeCycle?.elements("contribute", namespace: MedBiq.lom) ?? [] {
            let role = contribute.element("role", namespace: MedBiq.lom)?.element("value", namespace: MedBiq.lom)?.text
            if let entity = contribute.element("entity", namespace: MedBiq.lom)?.text, Text.normalized(role ?? "") == "publisher", publisher == nil {
                publisher = MedBiq.vCardName(entity)
            }
        }
        if let publisher { framework.publisher = LocalizedText(publisher, language: language) }
        if let date = root.element("EffectiveDate", namespace: MedBiq.framework).flatMap({ ISODate(Text.normalized($0.text)) }) {
            framework.issued = date
        }
        if root.element("RetiredDate", namespace: MedBiq.framework) != nil { framework.status = .retired }

        // Competency Objects by every identifier they carry.
        var objectByEntry: [String: MedBiqDocument] = [:]
        for object in objects {
            for identifier in object.object?.identifiers ?? [] where identifier.catalog != MedBiq.idCatalog && identifier.catalog != MedBiq.codeCatalog {
                if objectByEntry[identifier.entry] == nil { objectByEntry[identifier.entry] = object }
            }
        }
        var allocator = IDAllocator()
        for include in document.includes {
            guard let entry = include.entry, !entry.isEmpty else { continue }
            if nodeByURI[entry] != nil {
                report.fixUp("medbiq-duplicate-include", "competencies included twice; the second is ignored", at: include.location)
                continue
            }
            let document = objectByEntry[entry]
            let object = document?.object
            let objectIDs = object?.identifiers ?? []
            var nodeURI = entry
            var preferred = MedBiq.id(fromURI: entry, prefix: "c-")
            if let given = objectIDs.first(where: { $0.catalog == MedBiq.idCatalog })?.entry, IdentifierSyntax.isValidToken(given) {
                preferred = given
            }
            if let parsed = CASEConvention.parse(entry), parsed.id != nil { nodeURI = "" }
            if object == nil {
                diagnostics.append(
                    Diagnostic.interchange(.warning, "unresolved-include",
                        "the framework includes \(entry), but no Competency Object with that identifier was given; it is kept as a competency with only its URI",
                        at: include.location))
            }
            nodeByURI[entry] = nodes.count
            nodes.append(
                Node(uri: nodeURI, id: allocator.claim(preferred), document: document, location: object?.location ?? include.location))
        }
        readRelations(document.links, frameworkURI: frameworkURI)
        framework.scales = readPerformance(performance, frameworkURI: frameworkURI)

        var loose: [Competency] = []
        var gathered: Domain.ID?
        for index in nodes.indices where nodes[index].parent == nil {
            if nodes[index].isDomain {
                framework.domains.append(try domain(index))
            } else {
                loose.append(try competency(index, depth: 1))
            }
        }
        if !loose.isEmpty {
            var id = framework.id.rawValue
            if framework.domains.contains(where: { $0.id.rawValue == id }) { id += "-competencies" }
            framework.domains.append(Domain(id: Domain.ID(id), title: framework.title, competencies: loose))
            gathered = Domain.ID(id)
            sourceMap.record(.domain(Domain.ID(id)), at: root.location)
        }
        framework.repairVersion(format: "medbiq", report: &report, at: root.location)
        keep(document, performance: performance, gathered: gathered, in: &framework)
        return Parsed(value: framework, sourceMap: sourceMap, diagnostics: diagnostics, report: report)
    }

    // MARK: Keeping the documents

    /// Keeps each document the exporter would not write back the same (see
    /// ``MedBiqSnapshot``): the framework, each Competency Object and the Performance
    /// Frameworks, with the digests that tell the exporter whether they still apply.
    mutating func keep(_ root: MedBiqDocument, performance: [XMLTreeElement], gathered: Domain.ID?, in framework: inout Framework) {
        typealias Snapshot = MedBiqSnapshot
        var objectOf: [String: MedBiqDocument] = [:]
        for node in nodes { if let document = node.document { objectOf[node.id] = document } }
        // Marks first, with their digests: the exporter needs them to leave out what has no
        // object. An entity read from a document gets its digest only when the document is
        // kept (below), as the exporter needs it only then; a digest leaves the extensions
        // out, so it is the same whenever it is computed.
        func mark(_ competency: inout Competency) {
            if objectOf[competency.id.rawValue] == nil {
                Snapshot.set(Snapshot.object, "none", in: &competency.extensions)
                Snapshot.set(Snapshot.digest, Snapshot.objectDigest(competency), in: &competency.extensions)
            }
            for index in competency.children.indices { mark(&competency.children[index]) }
        }
        for index in framework.domains.indices {
            let isGathered = framework.domains[index].id == gathered
            if isGathered { Snapshot.set(Snapshot.object, "none", in: &framework.domains[index].extensions) }
            if isGathered || objectOf[framework.domains[index].id.rawValue] == nil {
                Snapshot.set(Snapshot.digest, Snapshot.objectDigest(framework.domains[index]), in: &framework.domains[index].extensions)
            }
            for inner in framework.domains[index].competencies.indices { mark(&framework.domains[index].competencies[inner]) }
        }

        // What the exporter writes from the model alone, to keep only what differs (the
        // digests do not change what it writes without the documents).
        let rebuilt = MedBiqExporter.documents(framework)
        func differs(_ source: XMLTreeElement, from key: String) -> Bool {
            guard let text = rebuilt[key]?.text, let written = try? XMLTreeReader().read(Data(text.utf8)) else { return true }
            return !Snapshot.same(source, written)
        }
        func differs(_ document: MedBiqDocument, from key: String) -> Bool {
            // The same bytes read the same: no second parse for a document the exporter wrote.
            if let text = rebuilt[key]?.text, document.hasBytes(of: text) { return false }
            guard let source = document.element else { return true }
            return differs(source, from: key)
        }
        /// Keeps `document` when it differs from what the exporter writes, after the digests
        /// `digests` sets.
        func keep(_ document: MedBiqDocument?, key: String, in extensions: inout Extensions, digests: (inout Extensions, Bool) -> Void) {
            guard let document else { return }
            let differs = differs(document, from: key)
            digests(&extensions, differs)
            if differs, let source = document.element { Snapshot.set(Snapshot.xml, Snapshot.element(source), in: &extensions) }
            if let file = Snapshot.fileName(document.tree), file != rebuilt[key]?.name { Snapshot.set(Snapshot.file, file, in: &extensions) }
            if Snapshot.attribute(Snapshot.xml, in: extensions) == nil, Snapshot.attribute(Snapshot.object, in: extensions) == nil {
                SourceExtension.remove([Snapshot.digest], of: Snapshot.format, from: &extensions)
            }
        }
        // Each copy taken for a digest is let go before the entities under it change.
        func keep(_ competency: inout Competency) {
            do {
                let read = competency
                keep(objectOf[read.id.rawValue], key: "competency/\(read.id)", in: &competency.extensions) {
                    if $1 { Snapshot.set(Snapshot.digest, Snapshot.objectDigest(read), in: &$0) }
                }
            }
            for index in competency.children.indices { keep(&competency.children[index]) }
        }
        do {
            // The framework's digest, then its performance digest.
            let read = framework
            keep(root, key: "framework", in: &framework.extensions) {
                if $1 { Snapshot.set(Snapshot.digest, Snapshot.frameworkDigest(read), in: &$0) }
                if !performance.isEmpty { Snapshot.set(Snapshot.performanceDigest, CASESnapshot.rubricsDigest(read), in: &$0) }
            }
        }
        for index in framework.domains.indices {
            do {
                let read = framework.domains[index]
                keep(read.id == gathered ? nil : objectOf[read.id.rawValue], key: "domain/\(read.id)", in: &framework.domains[index].extensions) {
                    if $1 { Snapshot.set(Snapshot.digest, Snapshot.objectDigest(read), in: &$0) }
                }
            }
            for inner in framework.domains[index].competencies.indices { keep(&framework.domains[index].competencies[inner]) }
        }
        let written = rebuilt["performance"]
        if performance.count == 1, let only = performance.first, !differs(only, from: "performance"),
            Snapshot.fileName(only) == nil || Snapshot.fileName(only) == written?.name
        {
            SourceExtension.remove([Snapshot.performanceDigest], of: Snapshot.format, from: &framework.extensions)
        } else {
            Snapshot.keep(performance: performance.map { (Snapshot.fileName($0) ?? "", Snapshot.element($0)) }, in: &framework.extensions)
        }
    }

    // MARK: Relations

    mutating func readRelations(_ links: [MedBiqDocument.Link], frameworkURI: String?) {
        // Domains first: an object whose Category is Domain.
        for index in nodes.indices { nodes[index].isDomain = nodes[index].object?.isDomain ?? false }
        for link in links {
            guard let first = link.first, !first.isEmpty, let second = link.second, !second.isEmpty, let type = link.relationship else { continue }
            let a = nodeByURI[first]
            let b = nodeByURI[second]
            switch type {
            case MedBiq.skos + "narrower", MedBiq.skos + "broader":
                let narrower = type.hasSuffix("#narrower")
                let parentURI = narrower ? first : second
                let (parent, child) = narrower ? (a, b) : (b, a)
                if parentURI == frameworkURI, child != nil { continue }
                guard let parent, let child else { continue }
                if nodes[child].parent == nil, !isAncestor(child, of: parent), parent != child {
                    nodes[child].parent = parent
                    nodes[parent].children.append(child)
                } else if let a, let b {
                    // A second parent: keep the link as a relation of its first reference.
                    nodes[a].relations.append(Relation(type: narrower ? .narrower : .broader, target: Competency.ID(nodes[b].id)))
                }
            case MedBiq.skos + "related":
                if let a, let b {
                    nodes[a].relations.append(Relation(type: .related, target: Competency.ID(nodes[b].id)))
                } else if let a {
                    nodes[a].matches.append(Match(type: .related, uri: second))
                } else if let b {
                    nodes[b].matches.append(Match(type: .related, uri: first))
                }
            default: break
            }
        }
    }

    func isAncestor(_ candidate: Int, of node: Int) -> Bool {
        var cursor: Int? = node
        while let current = cursor {
            if current == candidate { return true }
            cursor = nodes[current].parent
        }
        return false
    }

    // MARK: Performance framework

    mutating func readPerformance(_ documents: [XMLTreeElement], frameworkURI: String?) -> [Scale] {
        var scales: [Scale] = []
        for document in documents {
            // Level IDs written by CompetencyKit: LOM identifiers "scale rank id".
            var levelIDs: [String: String] = [:]
            for identifier in identifiers(document.element("lom", namespace: MedBiq.lom)) where identifier.catalog == MedBiq.levelCatalog {
                let parts = identifier.entry.split(separator: " ").map(String.init)
                if parts.count == 3, IdentifierSyntax.isValidToken(parts[2]) { levelIDs["\(parts[0]) \(parts[1])"] = parts[2] }
            }
            let scaleElements = document.elements("PerformanceScale", namespace: MedBiq.performance)
            for (number, element) in scaleElements.enumerated() {
                let least = Int(Text.normalized(element.element("LeastCompetent", namespace: MedBiq.performance)?.text ?? ""))
                let most = Int(Text.normalized(element.element("MostCompetent", namespace: MedBiq.performance)?.text ?? ""))
                let id = element.attribute("id").map { Text.token($0, prefix: "s-") } ?? "scale-\(number + 1)"
                var scale = Scale(id: Scale.ID(id))
                if let least, let most, least <= most, most - least < 100 {
                    scale.levels = (least...most).map { rank in Level(id: Level.ID(levelIDs["\(id) \(rank)"] ?? "\(id)-\(rank)"), rank: rank) }
                }
                sourceMap.record(.scale(scale.id), at: element.location)
                scales.append(scale)
            }
            for component in document.elements("Component", namespace: MedBiq.performance) {
                let references = component.element("Competency", namespace: MedBiq.performance)?.elements("Reference", namespace: MedBiq.performance) ?? []
                let abouts = references.compactMap { $0.element("description", namespace: MedBiq.rdf)?.attribute("about") }
                guard let owner = abouts.compactMap({ nodeByURI[$0] }).first else { continue }
                for set in component.elements("PerformanceLevelSet", namespace: MedBiq.performance) {
                    let scaleRef = Text.normalized(set.element("PerformanceScaleReference", namespace: MedBiq.performance)?.text ?? "")
                    guard let scaleIndex = scales.firstIndex(where: { $0.id.rawValue == Text.token(scaleRef, prefix: "s-") }) ?? (scales.isEmpty ? nil : 0) else { continue }
                    for level in set.elements("PerformanceLevel", namespace: MedBiq.performance) {
                        let score = level.element("Score", namespace: MedBiq.performance)?.element("SingleValue", namespace: MedBiq.performance)
                            .flatMap { Int(Text.normalized($0.text)) }
                        guard let score, let target = scales[scaleIndex].levels.firstIndex(where: { $0.rank == score }) else { continue }
                        let label = MedBiq.languageStrings(level.elements("Label", namespace: MedBiq.performance), defaultLanguage: language)
                        if scales[scaleIndex].levels[target].label.isEmpty { scales[scaleIndex].levels[target].label = label }
                        var descriptor = Descriptor(level: scales[scaleIndex].levels[target].id)
                        for indicator in level.elements("Indicator", namespace: MedBiq.performance) {
                            let text = MedBiq.languageStrings(indicator.elements("Description", namespace: MedBiq.performance), defaultLanguage: language)
                            guard !text.isEmpty else { continue }
                            let aspect = indicator.element("AdditionalInformation", namespace: MedBiq.performance)?
                                .element("Label", namespace: MedBiq.performance).map { Text.normalized($0.text) }
                            switch aspect {
                            case "knowledge": descriptor.knowledge.append(text)
                            case "skill": descriptor.skills.append(text)
                            case "attitude": descriptor.attitudes.append(text)
                            case "example": descriptor.examples.append(text)
                            default:
                                // Further indicators join the text, one per line.
                                for variant in text.variants {
                                    let joined = descriptor.text[variant.language].map { $0 + "\n" + variant.value } ?? variant.value
                                    descriptor.text[variant.language] = joined
                                }
                            }
                        }
                        nodes[owner].descriptors.append(descriptor)
                    }
                }
            }
        }
        return scales
    }

    // MARK: Building

    mutating func fill(_ index: Int) -> (title: LocalizedText, statement: LocalizedText, description: LocalizedText, code: String?) {
        guard let object = nodes[index].object else { return (LocalizedText(), LocalizedText(), LocalizedText(), nil) }
        let title = MedBiqObject.text(object.title, defaultLanguage: language)
        let descriptions = object.descriptions
        let first = descriptions.first.map { MedBiqObject.text($0, defaultLanguage: language) } ?? LocalizedText()
        let second = descriptions.count > 1 ? MedBiqObject.text(descriptions[1], defaultLanguage: language) : LocalizedText()
        let code = object.identifiers.first { $0.catalog == MedBiq.codeCatalog }?.entry
        return (title, first, second, code)
    }

    mutating func domain(_ index: Int) throws(DiagnosticError) -> Domain {
        let parts = fill(index)
        var domain = Domain(
            id: Domain.ID(nodes[index].id), uri: nodes[index].uri.isEmpty ? nil : nodes[index].uri, code: parts.code, title: parts.title,
            description: parts.statement)
        sourceMap.record(.domain(domain.id), at: nodes[index].location)
        for child in nodes[index].children { domain.competencies.append(try competency(child, depth: 1)) }
        return domain
    }

    mutating func competency(_ index: Int, depth: Int) throws(DiagnosticError) -> Competency {
        let node = nodes[index]
        let parts = fill(index)
        var competency = Competency(
            id: Competency.ID(node.id), uri: node.uri.isEmpty ? nil : node.uri, code: parts.code, title: parts.title,
            statement: parts.statement, description: parts.description, descriptors: node.descriptors, relations: node.relations,
            matches: node.matches)
        sourceMap.record(.competency(competency.id), at: node.location)
        for statement in node.object?.statements ?? [] {
            switch statement.name {
            case "Status":
                switch statement.text {
                case "Retired": competency.status = .retired
                default: competency.status = .published
                }
            default:
                // Replaces and IsReplacedBy.
                let target = statement.text
                if let other = nodeByURI[target] {
                    competency.relations.append(
                        Relation(type: statement.name == "Replaces" ? .replaces : .replacedBy, target: Competency.ID(nodes[other].id)))
                } else if statement.name == "Replaces", !target.isEmpty {
                    // An object of an earlier version: lineage, under the ID that version reads it with.
                    competency.replaces.append(Competency.ID(MedBiq.id(fromURI: target, prefix: "c-")))
                }
            }
        }
        for child in node.children {
            guard depth < Competency.maxNestingDepth else {
                throw DiagnosticError.tooDeep(at: sourceMap.location(of: .competency(competency.id)))
            }
            competency.children.append(try self.competency(child, depth: depth + 1))
        }
        return competency
    }
}
