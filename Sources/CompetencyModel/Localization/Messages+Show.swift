extension BundledMessages {
    /// The words of `competency show` (``DocumentSummary/text(_:)``).
    static let show = MessageSection(
        english: [
            "show.kind.framework": "framework", "show.kind.roster": "roster", "show.kind.plan": "plan",
            "show.for-framework": "for framework {id}",
            "show.version": "version {version}",
            "show.label.title": "title", "show.label.status": "status", "show.label.issued": "issued",
            "show.label.as-of": "as of", "show.label.languages": "languages", "show.label.statuses": "statuses",
            "show.status.draft": "draft", "show.status.published": "published",
            "show.status.deprecated": "deprecated", "show.status.retired": "retired",
            "show.count.scales": "scales", "show.count.levels": "levels", "show.count.bands": "bands",
            "show.count.domains": "domains", "show.count.competencies": "competencies",
            "show.count.nestedCompetencies": "nested", "show.count.descriptors": "descriptors",
            "show.count.relations": "relations", "show.count.matches": "matches", "show.count.positions": "positions",
            "show.count.requirements": "requirements", "show.count.modules": "modules", "show.count.rules": "rules",
            "show.count.units": "units", "show.count.people": "people", "show.count.assessments": "assessments",
            "show.count.certificates": "certificates", "show.count.completions": "completions",
            "show.count.needs": "needs", "show.count.assignments": "assignments", "show.count.unmet": "unmet",
            "show.scale": "scale {id}: {levels}",
            "show.bands": "in bands {bands}",
            "show.defaults": "default {default}, proficient {proficient}",
            "show.plan-status.compliant": "compliant", "show.plan-status.needs-training": "needs-training",
            "show.plan-status.exempt": "exempt", "show.plan-status.unsatisfiable": "unsatisfiable",
        ],
        vietnamese: [
            "show.kind.framework": "khung năng lực", "show.kind.roster": "danh sách nhân sự", "show.kind.plan": "kế hoạch",
            "show.for-framework": "theo khung {id}",
            "show.version": "phiên bản {version}",
            "show.label.title": "tên", "show.label.status": "trạng thái", "show.label.issued": "ban hành",
            "show.label.as-of": "tính đến", "show.label.languages": "ngôn ngữ", "show.label.statuses": "tình trạng",
            "show.status.draft": "dự thảo", "show.status.published": "đã ban hành",
            "show.status.deprecated": "không còn khuyến dùng", "show.status.retired": "đã bãi bỏ",
            "show.count.scales": "thang đo", "show.count.levels": "mức", "show.count.bands": "nhóm mức",
            "show.count.domains": "miền", "show.count.competencies": "năng lực",
            "show.count.nestedCompetencies": "lồng nhau", "show.count.descriptors": "mô tả mức",
            "show.count.relations": "quan hệ", "show.count.matches": "đối chiếu", "show.count.positions": "vị trí",
            "show.count.requirements": "yêu cầu", "show.count.modules": "học phần", "show.count.rules": "quy tắc",
            "show.count.units": "đơn vị", "show.count.people": "người", "show.count.assessments": "lượt đánh giá",
            "show.count.certificates": "chứng chỉ", "show.count.completions": "lượt hoàn thành",
            "show.count.needs": "nhu cầu", "show.count.assignments": "phân công", "show.count.unmet": "chưa đáp ứng",
            "show.scale": "thang đo {id}: {levels}",
            "show.bands": "theo nhóm {bands}",
            "show.defaults": "mặc định {default}, đạt chuẩn {proficient}",
            "show.plan-status.compliant": "đạt yêu cầu", "show.plan-status.needs-training": "cần bồi dưỡng",
            "show.plan-status.exempt": "được miễn", "show.plan-status.unsatisfiable": "chưa thể bồi dưỡng đủ",
        ])

    /// The words of the text diagnostic report (`competency validate`): severities, labels and
    /// the counts line (diagnostic messages themselves are English); and the summary lines of
    /// `verify`, `credentials` and `migrate`.
    static let report = MessageSection(
        english: [
            "report.severity.error": "error", "report.severity.warning": "warning",
            "report.severity.note": "note", "report.severity.remark": "remark",
            "report.label.fix": "note", "report.label.note": "note",
            "report.count.error.one": "{count} error", "report.count.error.other": "{count} errors",
            "report.count.warning.one": "{count} warning", "report.count.warning.other": "{count} warnings",
            "report.count.note.one": "{count} note", "report.count.note.other": "{count} notes",
            "report.count.remark.one": "{count} remark", "report.count.remark.other": "{count} remarks",
            "report.clean": "{files}: no problems found",
            // verify
            "verify.summary.one": "{valid} of {total} credential valid on {date}",
            "verify.summary.other": "{valid} of {total} credentials valid on {date}",
            "verify.hidden.one": "{count} more problems are not shown",
            "verify.hidden.other": "{count} more problems are not shown",
            "verify.own-key.one":
                "{count} credential was checked with the key in its own header; pass --key or --jwks to check who signed",
            "verify.own-key.other":
                "{count} credentials were checked with the key in their own header; pass --key or --jwks to check who signed",
            // credentials
            "credentials.issued.one": "issued {count} credential on {date}",
            "credentials.issued.other": "issued {count} credentials on {date}",
            "credentials.issued.unsigned.one": "issued {count} credential (unsigned) on {date}",
            "credentials.issued.unsigned.other": "issued {count} credentials (unsigned) on {date}",
            // migrate
            "migrate.summary": "migrated {people} from {old} {oldVersion} to {new} {newVersion}; {lost} could not be carried",
            "migrate.count.people.one": "{count} person", "migrate.count.people.other": "{count} people",
            "migrate.count.records.one": "{count} record", "migrate.count.records.other": "{count} records",
        ],
        vietnamese: [
            "report.severity.error": "lỗi", "report.severity.warning": "cảnh báo",
            "report.severity.note": "ghi chú", "report.severity.remark": "nhận xét",
            "report.label.fix": "gợi ý sửa", "report.label.note": "ghi chú",
            "report.count.error.one": "{count} lỗi", "report.count.error.other": "{count} lỗi",
            "report.count.warning.one": "{count} cảnh báo", "report.count.warning.other": "{count} cảnh báo",
            "report.count.note.one": "{count} ghi chú", "report.count.note.other": "{count} ghi chú",
            "report.count.remark.one": "{count} nhận xét", "report.count.remark.other": "{count} nhận xét",
            "report.clean": "{files}: không phát hiện vấn đề nào",
            "verify.summary.one": "{valid}/{total} chứng nhận hợp lệ vào ngày {date}",
            "verify.summary.other": "{valid}/{total} chứng nhận hợp lệ vào ngày {date}",
            "verify.hidden.one": "còn {count} vấn đề khác không được hiển thị",
            "verify.hidden.other": "còn {count} vấn đề khác không được hiển thị",
            "verify.own-key.one":
                "{count} chứng nhận được kiểm tra bằng khóa ghi trong chính phần đầu của nó; hãy dùng --key hoặc --jwks để kiểm tra ai đã ký",
            "verify.own-key.other":
                "{count} chứng nhận được kiểm tra bằng khóa ghi trong chính phần đầu của chúng; hãy dùng --key hoặc --jwks để kiểm tra ai đã ký",
            "credentials.issued.one": "đã cấp {count} chứng nhận vào ngày {date}",
            "credentials.issued.other": "đã cấp {count} chứng nhận vào ngày {date}",
            "credentials.issued.unsigned.one": "đã cấp {count} chứng nhận (chưa ký) vào ngày {date}",
            "credentials.issued.unsigned.other": "đã cấp {count} chứng nhận (chưa ký) vào ngày {date}",
            "migrate.summary": "đã chuyển {people} từ {old} {oldVersion} sang {new} {newVersion}; {lost} không chuyển được",
            "migrate.count.people.one": "{count} người", "migrate.count.people.other": "{count} người",
            "migrate.count.records.one": "{count} bản ghi", "migrate.count.records.other": "{count} bản ghi",
        ])
}
