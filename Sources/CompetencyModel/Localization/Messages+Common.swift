extension BundledMessages {
    /// Formats, month names, and words every renderer shares.
    static let common = MessageSection(
        english: [
            "format.date": "{day} {month} {year}",
            "format.group": ",",
            "format.decimal": ".",
            "format.percent": "{value}%",
            "month.1": "January", "month.2": "February", "month.3": "March", "month.4": "April",
            "month.5": "May", "month.6": "June", "month.7": "July", "month.8": "August",
            "month.9": "September", "month.10": "October", "month.11": "November", "month.12": "December",
            "status.compliant": "compliant",
            "status.needs-training": "needs training",
            "status.exempt": "exempt",
            "status.unsatisfiable": "cannot be fully trained",
            "unit.hours": "{hours} h",
            "word.none": "none",
        ],
        vietnamese: [
            "format.date": "{day2}/{month2}/{year}",
            "format.group": ".",
            "format.decimal": ",",
            "format.percent": "{value}%",
            "month.1": "tháng 1", "month.2": "tháng 2", "month.3": "tháng 3", "month.4": "tháng 4",
            "month.5": "tháng 5", "month.6": "tháng 6", "month.7": "tháng 7", "month.8": "tháng 8",
            "month.9": "tháng 9", "month.10": "tháng 10", "month.11": "tháng 11", "month.12": "tháng 12",
            "status.compliant": "đạt yêu cầu",
            "status.needs-training": "cần bồi dưỡng",
            "status.exempt": "được miễn",
            "status.unsatisfiable": "chưa thể bồi dưỡng đủ",
            "unit.hours": "{hours} giờ",
            "word.none": "không có",
        ])
}
