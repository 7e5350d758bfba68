import CompetencyModel

/// SpreadsheetML text: cells, escaping, and the fixed parts of a workbook package.
enum SpreadsheetXML {
    /// Indices into the `cellXfs` of ``styles``.
    enum Style {
        static let header = 1
        static let integer = 2
        static let hours = 3
        static let percent = 4
        static let date = 5
    }

    /// The most characters a cell holds (Excel's limit); longer text is cut and ends with `…`.
    static let maximumCellLength = 32_767
    /// The widest a column is made, in characters.
    static let maximumWidth = 60

    /// Appends one `<c>` element and returns the width the value needs.
    @discardableResult
    static func appendCell(_ cell: SpreadsheetCell, style: Int? = nil, to xml: inout String) -> Int {
        func open(_ defaultStyle: Int?) {
            xml += "<c"
            if let chosen = style ?? defaultStyle { xml += " s=\"\(chosen)\"" }
        }
        switch cell {
        case .empty:
            // Kept as an empty cell: cells carry no reference, so each takes the next column.
            xml += "<c/>"
            return 0
        case .text(let text):
            open(nil)
            xml += " t=\"inlineStr\"><is><t"
            if needsPreserve(text) { xml += " xml:space=\"preserve\"" }
            xml += ">"
            let width = appendEscaped(text, to: &xml)
            xml += "</t></is></c>"
            return width
        case .integer(let value):
            open(Style.integer)
            let digits = String(value)
            xml += "><v>\(digits)</v></c>"
            return digits.count + digits.count / 3
        case .hours(let value):
            guard value.isFinite else { return appendCell(.empty, to: &xml) }
            open(Style.hours)
            xml += "><v>\(number(value))</v></c>"
            return String(Int(value.magnitude)).count + 5
        case .percent(let share):
            guard share.isFinite else { return appendCell(.empty, to: &xml) }
            open(Style.percent)
            xml += "><v>\(number(share))</v></c>"
            return 7
        case .date(let date):
            open(Style.date)
            xml += "><v>\(serial(date))</v></c>"
            return 10
        }
    }

    /// A number as `<v>` holds it: integral values without a fraction, others in the shortest
    /// form that reads back the same.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), value.magnitude < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// The spreadsheet serial number of a date: days since 1899-12-30.
    static func serial(_ date: ISODate) -> Int {
        daysFromCivil(date.year, date.month, date.day) - daysFromCivil(1899, 12, 30)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func needsPreserve(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        return first == " " || last == " " || first == "\t" || last == "\t" || text.contains("\n")
    }

    /// Appends `text` escaped for an element's content and returns its width in characters
    /// (its longest line). `&` and `<` become entities; a character XML 1.0 cannot hold (a
    /// control character but tab and line feed, a carriage return, U+FFFE, U+FFFF) becomes
    /// the `_xHHHH_` escape spreadsheets read back as that character, and a `_` that would
    /// start such an escape is itself escaped (`_x005F_`), so text reads back as written.
    @discardableResult
    static func appendEscaped(_ text: String, to xml: inout String) -> Int {
        // Most text needs no escape: copied as it is.
        var clean = text.utf8.count < maximumCellLength
        if clean {
            for byte in text.utf8 where byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x5F || byte == 0xEF {
                clean = false
                break
            }
        }
        if clean {
            xml += text
            return text.unicodeScalars.count
        }
        var width = 0
        var line = 0
        var written = 0
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            // Excel counts UTF-16 units; a longer cell is cut before the limit.
            let units = scalar.value > 0xFFFF ? 2 : 1
            if written + units > maximumCellLength - 1 {
                xml += "…"
                break
            }
            written += units
            switch scalar {
            case "&": xml += "&amp;"
            case "<": xml += "&lt;"
            case ">": xml += "&gt;"
            case "\n":
                xml += "\n"
                width = max(width, line)
                line = 0
                index += 1
                continue
            case "\t":
                xml += "\t"
            case "_" where isEscapeLike(scalars, at: index):
                xml += "_x005F_"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    xml += "_x" + hex4(scalar.value) + "_"
                } else {
                    xml.unicodeScalars.append(scalar)
                }
            }
            line += 1
            index += 1
        }
        return max(width, line)
    }

    /// Whether `_xHHHH_` starts at `index`.
    private static func isEscapeLike(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x" || scalars[index + 1] == "X",
            scalars[index + 6] == "_"
        else { return false }
        return scalars[(index + 2)...(index + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Text escaped for an attribute value in double quotes.
    static func attribute(_ text: String) -> String {
        var out = ""
        appendEscaped(text, to: &out)
        return out.replacingAll("\"", with: "&quot;").replacingAll("\n", with: "&#10;").replacingAll("\t", with: "&#9;")
    }

    /// The column letters of a zero-based column index: A … Z, AA …
    static func column(_ index: Int) -> String {
        var index = index + 1
        var letters: [Character] = []
        while index > 0 {
            let remainder = (index - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            index = (index - 1) / 26
        }
        return String(letters.reversed())
    }

    static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// Bold headers; numbers grouped; hours with one to three decimals; percentages with one;
    /// ISO dates.
    static let styles = header + """
        <styleSheet xmlns="\(main)">\
        <numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.0##"/>\
        <numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    static func contentTypes(sheets: Int) -> String {
        var xml = header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for sheet in 1...max(1, sheets) {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(sheet).xml\" "
                + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        xml += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        xml += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        return xml + "</Types>"
    }

    static let packageRels = header + """
        <Relationships xmlns="\(packageRelationships)">\
        <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="\(relationships)/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    static func workbook(names: [String]) -> String {
        var xml = header + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\">"
        xml += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (offset, name) in names.enumerated() {
            xml += "<sheet name=\"\(attribute(name))\" sheetId=\"\(offset + 1)\" r:id=\"rId\(offset + 1)\"/>"
        }
        return xml + "</sheets></workbook>"
    }

    static func workbookRels(sheets: Int) -> String {
        var xml = header + "<Relationships xmlns=\"\(packageRelationships)\">"
        for sheet in 1...max(1, sheets) {
            xml += "<Relationship Id=\"rId\(sheet)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\(sheet).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/>"
        return xml + "</Relationships>"
    }

    static func core(title: String?, language: String?, date: ISODate) -> String {
        let stamp = "\(date)T00:00:00Z"
        var xml = header + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        xml += "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        xml += "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        if let title { xml += "<dc:title>" + escaped(title) + "</dc:title>" }
        xml += "<dc:creator>CompetencyKit</dc:creator>"
        if let language { xml += "<dc:language>" + escaped(language) + "</dc:language>" }
        xml += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:created>"
        xml += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:modified>"
        return xml + "</cp:coreProperties>"
    }

    static func app(names: [String]) -> String {
        var xml = header + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
        xml += "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        xml += "<Application>CompetencyKit</Application>"
        xml += "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
        xml += "<vt:variant><vt:i4>\(names.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        xml += "<TitlesOfParts><vt:vector size=\"\(names.count)\" baseType=\"lpstr\">"
        for name in names { xml += "<vt:lpstr>" + escaped(name) + "</vt:lpstr>" }
        return xml + "</vt:vector></TitlesOfParts></Properties>"
    }

    private static func escaped(_ text: String) -> String {
        var out = ""
        appendEscaped(text, to: &out)
        return out
    }

    /// The start of a worksheet, up to and including its header row: the used range, the
    /// frozen first row, and column widths.
    static func sheetHead(columns: Int, rows: Int, widths: [Int], selected: Bool) -> String {
        let last = column(max(0, columns - 1))
        var xml = header + "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(relationships)\">"
        xml += "<dimension ref=\"A1:\(last)\(max(1, rows))\"/>"
        xml += "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if !widths.isEmpty {
            xml += "<cols>"
            for (offset, width) in widths.enumerated() {
                let chars = min(maximumWidth, max(8, width + 2))
                xml += "<col min=\"\(offset + 1)\" max=\"\(offset + 1)\" width=\"\(chars)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        return xml + "<sheetData>"
    }

    static let sheetTail = "</sheetData></worksheet>"

    /// A sheet name made valid: the characters a name cannot hold replaced by spaces, at most
    /// 31 characters, not empty, and not starting or ending with an apostrophe.
    static func sheetName(_ name: String) -> String {
        var cleaned = String(
            String.UnicodeScalarView(
                name.unicodeScalars.map { "[]:*?/\\".unicodeScalars.contains($0) || $0.value < 0x20 ? " " : $0 }))
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        if cleaned.count > 31 { cleaned = String(cleaned.prefix(31)) }
        while cleaned.hasSuffix("'") { cleaned.removeLast() }
        return cleaned.isEmpty ? "Sheet" : cleaned
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
