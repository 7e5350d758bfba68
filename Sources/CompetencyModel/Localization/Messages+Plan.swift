extension BundledMessages {
    /// The words of the plan renderers.
    static let plan = MessageSection(english: [:], vietnamese: [:])
}
