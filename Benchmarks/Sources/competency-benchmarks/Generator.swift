import Foundation
import CompetencyModel

/// SplitMix64: small, fast and the same on every platform, so a seed always gives the same file.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func inRange(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// `true` with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Picks by weight.
    mutating func pick<T>(_ items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var roll = below(total)
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].0
    }
}

/// Builds a framework and a roster shaped like the bundled sample (`Fixtures/sample`), only
/// much larger. Person `n` depends on the seed and on `n` alone, so a smaller roster holds
/// the same first people as a larger one.
struct Generator {
    let seed: UInt64
    /// The dense shape of the national-scale issue: 40 positions, 54 modules whose `teaches`
    /// overlap, and people with 10 to 13 assessments at random levels, so that most people
    /// have a gap of their own. The sparse shape (the default) follows the bundled sample.
    var dense = false

    init(seed: UInt64, dense: Bool = false) {
        self.seed = seed
        self.dense = dense
    }

    static let domainTitles: [(String, String)] = [
        ("Information and data literacy", "Khai thác dữ liệu và thông tin"),
        ("Communication and collaboration", "Giao tiếp và hợp tác"),
        ("Digital content creation", "Sáng tạo nội dung số"),
        ("Safety", "An toàn"),
        ("Problem solving", "Giải quyết vấn đề"),
        ("Digital public service and e-parliament", "Dịch vụ công số và Quốc hội điện tử"),
    ]

    static let competencyTitles: [(String, String)] = [
        ("Browsing, searching and filtering data", "Duyệt, tìm kiếm và lọc dữ liệu"),
        ("Evaluating data and information", "Đánh giá dữ liệu và thông tin"),
        ("Managing data and records", "Quản lý dữ liệu và hồ sơ"),
        ("Using data to inform decisions", "Sử dụng dữ liệu để ra quyết định"),
        ("Interacting through digital technologies", "Tương tác qua công nghệ số"),
        ("Sharing through digital technologies", "Chia sẻ qua công nghệ số"),
        ("Collaborating through digital technologies", "Hợp tác qua công nghệ số"),
        ("Netiquette and digital identity", "Quy tắc ứng xử và danh tính số"),
        ("Developing digital content", "Phát triển nội dung số"),
        ("Integrating and re-elaborating content", "Tích hợp và biên tập lại nội dung"),
        ("Copyright and licences", "Bản quyền và giấy phép"),
        ("Automating routine work", "Tự động hóa công việc thường ngày"),
        ("Protecting devices", "Bảo vệ thiết bị"),
        ("Protecting personal data and privacy", "Bảo vệ dữ liệu cá nhân và quyền riêng tư"),
        ("Protecting health and well-being", "Bảo vệ sức khỏe và an sinh"),
        ("Handling security incidents", "Xử lý sự cố an toàn thông tin"),
        ("Solving technical problems", "Giải quyết vấn đề kỹ thuật"),
        ("Identifying needs and technological responses", "Xác định nhu cầu và giải pháp công nghệ"),
        ("Creatively using digital technologies", "Sử dụng sáng tạo công nghệ số"),
        ("Identifying digital competence gaps", "Xác định khoảng trống năng lực số"),
        ("Using the e-parliament systems", "Sử dụng hệ thống Quốc hội điện tử"),
        ("Working with electronic documents and signatures", "Làm việc với văn bản và chữ ký điện tử"),
        ("Delivering online public services", "Cung cấp dịch vụ công trực tuyến"),
        ("Publishing open data", "Công bố dữ liệu mở"),
    ]

    static let bands = ["basic", "intermediate", "advanced", "specialised"]
    static let bandNames: [(String, String)] = [
        ("Basic", "Cơ bản"), ("Intermediate", "Trung cấp"), ("Advanced", "Nâng cao"), ("Specialised", "Chuyên sâu"),
    ]

    static let positions: [(id: String, family: String, extends: String?, en: String, vi: String, level: Int)] = [
        ("civil-servant", "civil-servant", nil, "Civil servant", "Công chức", 2),
        ("official", "civil-servant", "civil-servant", "Official", "Chuyên viên", 2),
        ("senior-official", "civil-servant", "official", "Senior official", "Chuyên viên chính", 3),
        ("specialist", "civil-servant", "senior-official", "Senior specialist", "Chuyên viên cao cấp", 4),
        ("legal-drafter", "civil-servant", "official", "Legal drafter", "Chuyên viên soạn thảo pháp luật", 3),
        ("records-officer", "civil-servant", "official", "Records officer", "Văn thư lưu trữ", 3),
        ("communications-officer", "civil-servant", "official", "Communications officer", "Chuyên viên truyền thông", 3),
        ("unit-head", "manager", "senior-official", "Head of unit", "Trưởng phòng", 4),
        ("department-director", "manager", "unit-head", "Department director", "Vụ trưởng", 4),
        ("committee-chair", "deputy", "deputy", "Committee chair", "Chủ nhiệm Ủy ban", 3),
        ("deputy", "deputy", nil, "Deputy", "Đại biểu Quốc hội", 2),
        ("it-officer", "it", "official", "IT officer", "Cán bộ công nghệ thông tin", 5),
        ("it-security-officer", "it", "it-officer", "IT security officer", "Cán bộ an toàn thông tin", 6),
        ("support-staff", "staff", nil, "Support staff", "Nhân viên hỗ trợ", 1),
        ("intern", "staff", nil, "Intern", "Thực tập sinh", 1),
    ]

    static let positionWeights: [(String, Int)] = [
        ("civil-servant", 34), ("official", 43), ("senior-official", 19), ("specialist", 19),
        ("legal-drafter", 14), ("records-officer", 10), ("communications-officer", 9), ("unit-head", 23),
        ("department-director", 12), ("committee-chair", 4), ("deputy", 77), ("it-officer", 16),
        ("it-security-officer", 5), ("support-staff", 22), ("intern", 16),
    ]

    static let unitTree: [(id: String, en: String, vi: String, children: [(String, String, String)])] = [
        ("OFFICE", "Office of the National Assembly", "Văn phòng Quốc hội", [
            ("ADMIN", "Department of Administration", "Vụ Hành chính"),
            ("LEGAL", "Department of Legal Affairs", "Vụ Pháp luật"),
            ("INFO", "Centre for Information, Library and Research", "Trung tâm Thông tin, Thư viện và Nghiên cứu khoa học"),
            ("PRESS", "Department of Press and Communications", "Vụ Báo chí và Truyền thông"),
            ("ARCHIVE", "Records and Archives Centre", "Trung tâm Lưu trữ"),
            ("FIN", "Department of Finance and Facilities", "Vụ Tài chính và Quản trị"),
        ]),
        ("ITC", "Information Technology Centre", "Trung tâm Công nghệ thông tin", [
            ("INFRA", "Infrastructure Division", "Phòng Hạ tầng kỹ thuật"),
            ("SEC", "Information Security Division", "Phòng An toàn thông tin"),
            ("APPS", "Applications and Data Division", "Phòng Ứng dụng và Dữ liệu"),
        ]),
        ("COM", "Committees of the National Assembly", "Các Ủy ban của Quốc hội", [
            ("LAW", "Committee on Law and Justice", "Ủy ban Pháp luật và Tư pháp"),
            ("ECON", "Committee on Economy and Finance", "Ủy ban Kinh tế và Tài chính"),
            ("CULT", "Committee on Culture and Society", "Ủy ban Văn hóa và Xã hội"),
            ("SCI", "Committee on Science, Technology and Environment", "Ủy ban Khoa học, Công nghệ và Môi trường"),
            ("DEF", "Committee on National Defence, Security and Foreign Affairs", "Ủy ban Quốc phòng, An ninh và Đối ngoại"),
        ]),
        ("DEL", "Provincial delegations", "Đoàn đại biểu Quốc hội các tỉnh, thành phố", [
            ("HN", "Hà Nội delegation", "Đoàn ĐBQH thành phố Hà Nội"),
            ("HCM", "Hồ Chí Minh City delegation", "Đoàn ĐBQH Thành phố Hồ Chí Minh"),
            ("DN", "Đà Nẵng delegation", "Đoàn ĐBQH thành phố Đà Nẵng"),
            ("HP", "Hải Phòng delegation", "Đoàn ĐBQH thành phố Hải Phòng"),
            ("CT", "Cần Thơ delegation", "Đoàn ĐBQH thành phố Cần Thơ"),
            ("HUE", "Huế delegation", "Đoàn ĐBQH thành phố Huế"),
        ]),
        ("INST", "Institutes and schools", "Các viện và trường", [
            ("LEGIS", "Institute for Legislative Studies", "Viện Nghiên cứu lập pháp"),
            ("TRAIN", "School of Parliamentary Training", "Trường Bồi dưỡng cán bộ"),
        ]),
    ]

    static let familyNames = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
        "Dương", "Lý",
    ]
    static let middleNames = ["Văn", "Thị", "Minh", "Quang", "Hồng", "Thu", "Anh", "Đức", "Ngọc", "Thanh", "Xuân", "Hữu"]
    static let givenNames = [
        "Huy", "Hạnh", "Oanh", "Ánh", "Hưng", "Hoa", "Sơn", "Loan", "Tùng", "Lan", "Mai", "Nam", "Phương", "Dũng",
        "Hải", "Linh", "Trang", "Bình", "Khánh", "Thảo", "Yến", "Quân", "Nhung", "Tâm",
    ]

    static let moduleIDs: [String] = [
        "M-first-steps", "M-basic-1", "M-basic-2", "M-basic-3", "M-basic-4", "M-basic-5", "M-basic-6", "M-search",
        "M-spreadsheets", "M-data-analysis", "M-records", "M-collaboration", "M-public-comms", "M-documents",
        "M-copyright", "M-automation", "M-safety-office", "M-wellbeing", "M-security-ops", "M-security-incident",
        "M-security-architecture", "M-troubleshooting", "M-ai", "M-it-support", "M-leading-change", "M-eparliament",
        "M-eparliament-admin", "M-edocuments", "M-public-services", "M-open-data",
    ]

    /// The sparse shape's 30 modules, and 24 more in the dense shape.
    static func allModuleIDs(dense: Bool) -> [String] {
        dense ? moduleIDs + (1...24).map { "M-extra-\($0)" } : moduleIDs
    }

    static var competencyIDs: [String] {
        (1...6).flatMap { domain in (1...4).map { "C\(domain).\($0)" } }
    }

    static func level(_ rank: Int) -> Level.ID { Level.ID("L\(rank)") }

    // MARK: Framework

    func framework() -> Framework {
        var rng = SplitMix64(seed: seed ^ 0xF4A3_E000)
        var framework = Framework(
            id: "na-digital", uri: "urn:uuid:5d0c6f3e-6a53-4c1c-9d0a-2f6f3b1c9e01", version: "1.0.0",
            status: .published, issued: ISODate(year: 2025, month: 9, day: 13), language: "en",
            title: LocalizedText([
                .init(language: "", value: "Digital knowledge and skills framework for the legislature"),
                .init(language: "vi", value: "Khung kiến thức, kỹ năng số cho cơ quan lập pháp"),
            ]),
            description: LocalizedText([
                .init(language: "", value: "A generated framework for benchmarks: six domains, 24 competencies and eight proficiency levels in four bands."),
                .init(language: "vi", value: "Khung sinh tự động để đo hiệu năng: sáu miền, 24 năng lực và tám mức thành thạo trong bốn nhóm."),
            ]),
            publisher: LocalizedText([.init(language: "", value: "CompetencyKit benchmarks")]))

        var levels: [Level] = []
        for rank in 1...8 {
            let band = (rank - 1) / 2
            let (en, vi) = Generator.bandNames[band]
            let step = rank % 2 == 1 ? 1 : 2
            levels.append(
                Level(
                    id: Generator.level(rank), rank: rank, band: Band.ID(Generator.bands[band]),
                    label: LocalizedText([.init(language: "", value: "\(en) \(step)"), .init(language: "vi", value: "\(vi) \(step)")]),
                    description: LocalizedText([
                        .init(language: "", value: "Level \(rank): \(en.lowercased()) proficiency, step \(step) of 2."),
                        .init(language: "vi", value: "Mức \(rank): trình độ \(vi.lowercased()), bậc \(step) trên 2."),
                    ])))
        }
        framework.scales = [
            Scale(
                id: "proficiency", defaultLevel: "L1", proficientLevel: "L2",
                title: LocalizedText([.init(language: "", value: "Proficiency"), .init(language: "vi", value: "Mức thành thạo")]),
                levels: levels)
        ]

        let ids = Generator.competencyIDs
        for (domainIndex, (en, vi)) in Generator.domainTitles.enumerated() {
            let number = domainIndex + 1
            var domain = Domain(
                id: Domain.ID("D\(number)"), code: "\(number)",
                title: LocalizedText([.init(language: "", value: en), .init(language: "vi", value: vi)]))
            for index in 1...4 {
                let id = "C\(number).\(index)"
                let (titleEN, titleVI) = Generator.competencyTitles[domainIndex * 4 + index - 1]
                var competency = Competency(
                    id: Competency.ID(id), uri: "urn:competencykit:bench:\(id)", code: "\(number).\(index)",
                    status: .published,
                    title: LocalizedText([.init(language: "", value: titleEN), .init(language: "vi", value: titleVI)]),
                    statement: LocalizedText([
                        .init(language: "", value: "Can \(titleEN.lowercased()) in the daily work of the legislature."),
                        .init(language: "vi", value: "Có khả năng \(titleVI.lowercased()) trong công việc hằng ngày."),
                    ]))
                for rank in 1...8 {
                    func pair(_ en: String, _ vi: String) -> LocalizedText {
                        LocalizedText([.init(language: "", value: en), .init(language: "vi", value: vi)])
                    }
                    competency.descriptors.append(
                        Descriptor(
                            level: Generator.level(rank),
                            text: pair(
                                "At level \(rank), \(titleEN.lowercased()) with \(rank <= 2 ? "guidance" : rank <= 4 ? "some autonomy" : "full autonomy, guiding others").",
                                "Ở mức \(rank), \(titleVI.lowercased()) \(rank <= 2 ? "khi có hướng dẫn" : rank <= 4 ? "với mức tự chủ nhất định" : "một cách tự chủ và hướng dẫn người khác")."),
                            knowledge: [pair("Knows the tools and rules for \(titleEN.lowercased()).", "Biết công cụ và quy định về \(titleVI.lowercased()).")],
                            skills: [pair("Applies them to documents of the legislature & its committees.", "Áp dụng vào văn bản của Quốc hội và các Ủy ban.")],
                            attitudes: rank % 2 == 0 ? [pair("Is careful with personal data.", "Cẩn trọng với dữ liệu cá nhân.")] : [],
                            examples: [pair("Example at level \(rank): a task from the plenary session.", "Ví dụ ở mức \(rank): một nhiệm vụ tại kỳ họp.")]))
                }
                if index > 1 { competency.relations.append(Relation(type: .requires, target: Competency.ID("C\(number).\(index - 1)"))) }
                let related = rng.pick(ids.filter { $0 != id })
                competency.relations.append(Relation(type: .related, target: Competency.ID(related)))
                competency.matches.append(
                    Match(type: rng.chance(50) ? .exact : .close, uri: "http://data.europa.eu/esco/skill/bench-\(number)-\(index)"))
                domain.competencies.append(competency)
            }
            framework.domains.append(domain)
        }

        for position in Generator.positions {
            var requirements = [Requirement(.domain("D1"), level: Generator.level(position.level))]
            for _ in 0..<rng.inRange(2...6) {
                requirements.append(
                    Requirement(
                        .competency(Competency.ID(rng.pick(ids))), level: Generator.level(min(8, position.level + rng.below(2))),
                        importance: rng.chance(20) ? .optional : nil,
                        by: rng.chance(30) ? ISODate(year: 2026, month: 12, day: 31) : nil))
            }
            framework.positions.append(
                Position(
                    id: Position.ID(position.id), family: position.family, extends: position.extends.map { Position.ID($0) },
                    title: LocalizedText([.init(language: "", value: position.en), .init(language: "vi", value: position.vi)]),
                    requirements: requirements))
        }

        if dense {
            // 25 more positions, specialists of one domain each, so that 40 positions in all
            // ask for different mixes of competencies at different levels.
            for number in 1...25 {
                let domain = 1 + (number - 1) % 6
                var requirements = [Requirement(.domain(Domain.ID("D\(domain)")), level: Generator.level(2 + rng.below(3)))]
                for _ in 0..<rng.inRange(4...8) {
                    requirements.append(
                        Requirement(.competency(Competency.ID(rng.pick(ids))), level: Generator.level(rng.inRange(2...6))))
                }
                framework.positions.append(
                    Position(
                        id: Position.ID("specialist-\(number)"), family: "specialist",
                        extends: rng.chance(40) ? Position.ID(rng.pick(["official", "senior-official", "civil-servant"])) : nil,
                        title: LocalizedText([
                            .init(language: "", value: "Domain \(domain) specialist \(number)"),
                            .init(language: "vi", value: "Chuyên viên lĩnh vực \(domain) số \(number)"),
                        ]),
                        requirements: requirements))
            }
        }

        for (index, id) in Generator.allModuleIDs(dense: dense).enumerated() {
            var module = TrainingModule(
                id: TrainingModule.ID(id), hours: Double(2 + rng.below(14)) + (rng.chance(25) ? 0.5 : 0),
                delivery: rng.pick(["online", "classroom", "blended"]),
                title: LocalizedText([
                    .init(language: "", value: "Module \(index + 1): \(id.dropFirst(2).replacingOccurrences(of: "-", with: " "))"),
                    .init(language: "vi", value: "Học phần \(index + 1)"),
                ]))
            if dense {
                // Overlapping teaches: every module teaches two to four competencies, so that
                // most needs can be closed by several different sets of modules.
                var taught: Set<String> = []
                for _ in 0..<rng.inRange(2...4) {
                    let competency = rng.pick(ids)
                    guard taught.insert(competency).inserted else { continue }
                    module.teaches.append(Teaching(competency: Competency.ID(competency), level: Generator.level(rng.inRange(2...8))))
                }
            } else {
                for _ in 0..<rng.inRange(1...3) {
                    module.teaches.append(Teaching(competency: Competency.ID(rng.pick(ids)), level: Generator.level(rng.inRange(1...6))))
                }
            }
            if index > 0 && rng.chance(dense ? 30 : 60) {
                module.prerequisites.append(Prerequisite(module: TrainingModule.ID(Generator.allModuleIDs(dense: dense)[rng.below(index)])))
            }
            framework.modules.append(module)
        }

        let deadline = ISODate(year: 2026, month: 12, day: 31)
        framework.rules = [
            AssignmentRule(
                id: "R-basic-2026", priority: 100, effective: ISODate(year: 2025, month: 9, day: 13),
                title: LocalizedText([
                    .init(language: "", value: "Basic digital skills for everyone by the end of 2026"),
                    .init(language: "vi", value: "Kỹ năng số cơ bản cho mọi người trước cuối năm 2026"),
                ]),
                appliesTo: .always,
                requirements: (1...6).map { Requirement(.domain(Domain.ID("D\($0)")), level: "L2", by: deadline) },
                exemptIf: .certificate(kind: "digital-basic")),
            AssignmentRule(
                id: "R-deputies", priority: 90, title: "Deputies use the e-parliament systems",
                appliesTo: .any([.position("deputy"), .positionFamily("deputy")]),
                requirements: [Requirement(.competency("C6.1"), level: "L3")]),
            AssignmentRule(
                id: "R-it-security", priority: 80, title: "IT staff handle incidents",
                appliesTo: .all([.positionFamily("it"), .not(.attribute(name: "on-leave", value: "true"))]),
                requirements: [Requirement(.competency("C4.4"), level: "L5"), Requirement(.competency("C4.1"), level: "L5")],
                exemptIf: .certificate(kind: "security-professional")),
            AssignmentRule(
                id: "R-records", priority: 70, title: "Records centre manages data",
                appliesTo: .unit("NA.OFFICE.ARCHIVE", descendants: true),
                requirements: [Requirement(.competency("C1.3"), level: "L4")]),
            AssignmentRule(
                id: "R-managers", priority: 60, title: "Managers lead digital change",
                appliesTo: .positionFamily("manager"),
                requirements: [Requirement(.competency("C5.4"), level: "L4"), Requirement(.domain("D6"), level: "L3")]),
            AssignmentRule(
                id: "R-data", priority: 50, title: "Analysts reach intermediate data skills",
                appliesTo: .all([.unit("NA.INST", descendants: true), .not(.level(competency: "C1.4", atLeast: "L4"))]),
                requirements: [Requirement(.competency("C1.4"), level: "L4")]),
        ]
        return framework
    }

    // MARK: Roster

    func units() -> [OrgUnit] {
        var top = OrgUnit(id: "NA", title: LocalizedText([.init(language: "", value: "National Assembly"), .init(language: "vi", value: "Quốc hội")]))
        for group in Generator.unitTree {
            var unit = OrgUnit(
                id: OrgUnit.ID("NA.\(group.id)"),
                title: LocalizedText([.init(language: "", value: group.en), .init(language: "vi", value: group.vi)]))
            for (id, en, vi) in group.children {
                unit.units.append(
                    OrgUnit(
                        id: OrgUnit.ID("NA.\(group.id).\(id)"),
                        title: LocalizedText([.init(language: "", value: en), .init(language: "vi", value: vi)])))
            }
            top.units.append(unit)
        }
        return [top]
    }

    static let unitIDs: [String] = {
        var ids = ["NA"]
        for group in unitTree {
            ids.append("NA.\(group.id)")
            for child in group.children { ids.append("NA.\(group.id).\(child.0)") }
        }
        return ids
    }()

    static func date(_ dayOffset: Int) -> ISODate {
        // Days from 2024-01-01; good enough for a generator (months of 28 days keep it simple and valid).
        let year = 2024 + dayOffset / 336
        let month = 1 + (dayOffset % 336) / 28
        let day = 1 + dayOffset % 28
        return ISODate(year: year, month: month, day: day)!
    }

    /// Person number `index` (from 1); the same for a given seed whatever the roster size.
    func person(_ index: Int) -> Person {
        var rng = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        if dense { return densePerson(index, &rng) }
        let position = rng.pick(Generator.positionWeights)
        let name = "\(rng.pick(Generator.familyNames)) \(rng.pick(Generator.middleNames)) \(rng.pick(Generator.givenNames))"
        var person = Person(
            id: Person.ID("p\(String(index).leftPadded(7))"), unit: OrgUnit.ID(rng.pick(Generator.unitIDs)),
            position: Position.ID(position), name: LocalizedText([.init(language: "", value: name)]))
        person.attributes.append(PersonAttribute(name: "deputy", value: position == "deputy" || position == "committee-chair" ? "true" : "false"))
        if rng.chance(12) { person.attributes.append(PersonAttribute(name: "on-leave", value: "true")) }
        if rng.chance(25) { person.attributes.append(PersonAttribute(name: "grade", value: "A\(rng.inRange(0...3)).\(rng.inRange(1...9))")) }
        var day = rng.below(300)
        let ids = Generator.competencyIDs
        for _ in 0..<rng.pick([(0, 10), (1, 10), (2, 15), (3, 15), (4, 15), (5, 12), (6, 10), (7, 8), (8, 5)]) {
            day += 1 + rng.below(30)
            person.assessments.append(
                Assessment(
                    competency: Competency.ID(rng.pick(ids)), level: Generator.level(rng.inRange(1...5)),
                    date: Generator.date(day), method: rng.pick([(.self, 60), (.test, 25), (.observed, 8), (.certified, 7)])))
        }
        let certificates = rng.chance(20) ? (rng.chance(15) ? 2 : 1) : 0
        for number in 0..<certificates {
            let kind = rng.pick([("digital-basic", 85), ("data-analysis", 8), ("security-professional", 7)])
            let issued = rng.below(700)
            var certificate = Certificate(
                id: Certificate.ID("cert-\(String(index).leftPadded(7))-\(number + 1)"), kind: kind,
                issued: Generator.date(issued), expires: rng.chance(90) ? Generator.date(issued + 672) : nil)
            switch kind {
            case "digital-basic":
                for domain in 1...(rng.chance(50) ? 1 : 2) {
                    for index in 1...4 { certificate.covers.append(Coverage(competency: Competency.ID("C\(domain).\(index)"), level: "L2")) }
                }
            case "data-analysis":
                certificate.covers = [Coverage(competency: "C1.2", level: "L4"), Coverage(competency: "C1.4", level: "L4")]
            default:
                certificate.covers = [Coverage(competency: "C4.1", level: "L6"), Coverage(competency: "C4.4", level: "L6")]
            }
            person.certificates.append(certificate)
        }
        var completionDay = rng.below(200)
        for _ in 0..<rng.pick([(0, 40), (1, 15), (2, 15), (3, 10), (4, 8), (5, 6), (6, 4), (7, 2)]) {
            completionDay += 3 + rng.below(20)
            person.completions.append(
                Completion(module: TrainingModule.ID(rng.pick(Generator.moduleIDs)), date: Generator.date(completionDay)))
        }
        return person
    }

    /// A person of the dense shape: any of the 40 positions, 10 to 13 assessments at random
    /// levels, a certificate for three in ten and a completion for one in five.
    private func densePerson(_ index: Int, _ rng: inout SplitMix64) -> Person {
        let positions = Generator.positions.map(\.id) + (1...25).map { "specialist-\($0)" }
        let position = rng.pick(positions)
        let name = "\(rng.pick(Generator.familyNames)) \(rng.pick(Generator.middleNames)) \(rng.pick(Generator.givenNames))"
        var person = Person(
            id: Person.ID("p\(String(index).leftPadded(7))"), unit: OrgUnit.ID(rng.pick(Generator.unitIDs)),
            position: Position.ID(position), name: LocalizedText([.init(language: "", value: name)]))
        person.attributes.append(PersonAttribute(name: "deputy", value: position == "deputy" || position == "committee-chair" ? "true" : "false"))
        let ids = Generator.competencyIDs
        var day = rng.below(200)
        for _ in 0..<rng.inRange(10...13) {
            day += 1 + rng.below(12)
            person.assessments.append(
                Assessment(
                    competency: Competency.ID(rng.pick(ids)), level: Generator.level(rng.inRange(1...8)),
                    date: Generator.date(day), method: rng.pick([(.self, 60), (.test, 25), (.observed, 8), (.certified, 7)])))
        }
        if rng.chance(30) {
            let issued = rng.below(700)
            var certificate = Certificate(
                id: Certificate.ID("cert-\(String(index).leftPadded(7))-1"), kind: "digital-basic",
                issued: Generator.date(issued), expires: Generator.date(issued + 672))
            let domain = 1 + rng.below(6)
            for index in 1...4 { certificate.covers.append(Coverage(competency: Competency.ID("C\(domain).\(index)"), level: "L2")) }
            person.certificates.append(certificate)
        }
        if rng.chance(20) {
            person.completions.append(
                Completion(module: TrainingModule.ID(rng.pick(Generator.allModuleIDs(dense: true))), date: Generator.date(rng.below(600))))
        }
        return person
    }

    func roster(people count: Int) -> Roster {
        Roster(
            framework: "na-digital", uri: "urn:competencykit:bench:roster", asOf: ISODate(year: 2026, month: 1, day: 15),
            language: "en",
            title: LocalizedText([.init(language: "", value: "Benchmark roster"), .init(language: "vi", value: "Danh sách đo hiệu năng")]),
            units: units(), people: (0..<count).map { person($0 + 1) })
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
