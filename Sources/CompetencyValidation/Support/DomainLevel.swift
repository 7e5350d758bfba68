import CompetencyModel

/// A domain and a level: the key under which rules remember what they found for a
/// requirement on a domain, so that many positions requiring one domain cost one check.
struct DomainLevel: Hashable {
    var domain: Domain.ID
    var level: Level.ID
}
