extension RuleExample {
    /// A framework document: `body` inside a `framework` root with ID `f`. With `marked`, a
    /// marker stands before the root's `<`.
    static func framework(body: String, attributes: String = "", marked: Bool = false) -> RuleExample {
        RuleExample(framework: frameworkDocument(body: body, attributes: attributes, marked: marked))
    }

    /// A roster document (`body` inside a `roster` root for framework `f`) with the framework
    /// it refers to (by default ``smallFramework``, whose ID is `f`).
    static func roster(
        body: String, attributes: String = "", frameworkID: String = "f", marked: Bool = false,
        framework: String = smallFramework
    ) -> RuleExample {
        let root = #"<roster xmlns="urn:competencykit:1" framework="\#(frameworkID)"\#(attributes)>"#
        return RuleExample(
            framework: frameworkDocument(body: framework),
            roster: (marked ? "↓" : "") + root + "\n" + body + "\n</roster>\n")
    }

    static func frameworkDocument(body: String, attributes: String = "", marked: Bool = false) -> String {
        (marked ? "↓" : "") + #"<framework xmlns="urn:competencykit:1" id="f"\#(attributes)>"# + "\n" + body
            + "\n</framework>\n"
    }

    /// A small framework that roster examples refer to.
    static let smallFramework = """
          <scale id="s">
            <level id="L1" rank="1"/>
            <level id="L2" rank="2"/>
          </scale>
          <domain id="D1">
            <competency id="C1.1"><title>Searching</title></competency>
            <competency id="C1.2"><title>Evaluating</title></competency>
          </domain>
          <position id="official"/>
          <module id="M1" hours="2">
            <teaches competency="C1.1" level="L2"/>
          </module>
        """

    /// A scale with two levels, for examples that need one.
    static let twoLevels = """
          <scale id="s">
            <level id="L1" rank="1"/>
            <level id="L2" rank="2"/>
          </scale>
        """
}
