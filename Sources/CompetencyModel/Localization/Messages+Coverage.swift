extension BundledMessages {
    /// The words of the coverage renderers.
    static let coverage = MessageSection(english: [:], vietnamese: [:])
}
