public import CompetencyModel

/// One value of a worksheet cell, with the number format it is shown in.
public enum SpreadsheetCell: Hashable, Sendable {
    /// Text, written inline. Characters XML cannot hold are kept as `_xHHHH_` escapes.
    case text(String)
    /// A whole number, shown with digit grouping (`#,##0`).
    case integer(Int)
    /// Hours, shown with one to three decimals (`#,##0.0##`).
    case hours(Double)
    /// A share from 0 to 1, shown as a percentage with one decimal (`0.0%`).
    case percent(Double)
    /// A date, stored as a spreadsheet serial number and shown `yyyy-mm-dd`.
    case date(ISODate)
    /// Nothing: an empty cell.
    case empty

    /// Text, or an empty cell when `value` is `nil` or empty.
    public static func optionalText(_ value: String?) -> SpreadsheetCell {
        guard let value, !value.isEmpty else { return .empty }
        return .text(value)
    }
}

/// A row encoded as SpreadsheetML cells, ready to be appended to a sheet.
///
/// Encoding does the escaping and measuring work, so it can run on whichever thread made the
/// data; ``WorkbookWriter/append(_:to:)`` then only numbers the row and writes it. Rows can be
/// joined with `+`, so a part that is the same on many rows (a person's ID and name) is
/// encoded once.
public struct SpreadsheetRow: Hashable, Sendable {
    /// The row's `<c>` elements, without cell references (each follows the one before).
    var xml: String
    /// Per cell, the width it needs, in characters.
    var widths: [Int]

    /// Encodes `cells`, in column order.
    public init(_ cells: [SpreadsheetCell]) {
        var xml = ""
        xml.reserveCapacity(cells.count * 40)
        var widths: [Int] = []
        widths.reserveCapacity(cells.count)
        for cell in cells {
            widths.append(SpreadsheetXML.appendCell(cell, to: &xml))
        }
        self.xml = xml
        self.widths = widths
    }

    /// The header row of a sheet: each title in bold.
    init(headers: [String]) {
        var xml = ""
        var widths: [Int] = []
        for header in headers {
            widths.append(SpreadsheetXML.appendCell(.text(header), style: SpreadsheetXML.Style.header, to: &xml))
        }
        self.xml = xml
        self.widths = widths
    }

    /// How many cells the row has.
    public var count: Int { widths.count }

    /// The cells of `lhs` followed by those of `rhs`.
    public static func + (lhs: SpreadsheetRow, rhs: SpreadsheetRow) -> SpreadsheetRow {
        SpreadsheetRow(xml: lhs.xml + rhs.xml, widths: lhs.widths + rhs.widths)
    }

    private init(xml: String, widths: [Int]) {
        self.xml = xml
        self.widths = widths
    }
}

/// A worksheet's name and columns.
public struct SpreadsheetSheet: Hashable, Sendable {
    /// The tab's name. ``WorkbookWriter`` makes it valid: at most 31 characters, none of
    /// `[ ] : * ? / \`, and unique.
    public var name: String
    /// The column headers, written in bold on the first row, which stays in view when scrolling.
    public var columns: [String]

    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
    }
}
