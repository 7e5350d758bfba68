extension BundledMessages {
    /// The words of the spreadsheet renderers.
    static let spreadsheet = MessageSection(english: [:], vietnamese: [:])
}
