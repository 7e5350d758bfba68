import CompetencyDiagnostics

/// The built-in rules.
public enum RuleCatalog {
    /// Every built-in rule, in the order the catalogue lists them.
    public static let all: [any Rule.Type] = [
        XMLSyntaxRule.self,
        SchemaRule.self,
        UnsafeXMLRule.self,
        DuplicateIDRule.self,
        UnknownReferenceRule.self,
        InvalidIDRule.self,
        InvalidVersionRule.self,
        ScaleRankOrderRule.self,
        BandNotContiguousRule.self,
        LevelNotDefinedRule.self,
        MissingDescriptorRule.self,
        DuplicateDescriptorRule.self,
        MissingTranslationRule.self,
        EmptyTextRule.self,
        EmptyDomainRule.self,
        DuplicateTitleRule.self,
        SelfRelationRule.self,
        RequiresCycleRule.self,
        ExtendsCycleRule.self,
        PrerequisiteCycleRule.self,
        ConflictingRequirementRule.self,
        UnteachableRequirementRule.self,
        ModuleTeachesNothingRule.self,
        ImplausibleHoursRule.self,
        DeadlineBeforeEffectiveRule.self,
        ExpiresBeforeEffectiveRule.self,
        DraftInPublishedRule.self,
        DeprecatedReferenceRule.self,
        AssessmentInFutureRule.self,
        CertificateDatesRule.self,
    ]

    /// The descriptions of ``all``.
    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    /// The descriptors of ``all``, for reports (SARIF lists them).
    public static var descriptors: [RuleDescriptor] { all.map { $0.description.descriptor } }

    /// The rule with `identifier`, if there is one.
    public static func rule(_ identifier: String) -> (any Rule.Type)? {
        all.first { $0.description.identifier == identifier }
    }

    /// The identifier nearest to a misspelt one (`duplicate-ids` → `duplicate-id`).
    public static func nearestIdentifier(to text: String) -> String? {
        Suggestion.nearest(to: text, among: all.map { $0.description.identifier })
    }
}
