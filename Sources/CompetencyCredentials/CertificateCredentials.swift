public import CompetencyModel
public import CompetencyDiagnostics
import Crypto
import Foundation

/// Checks the credentials that back roster certificates (`<credential>` in a `certificate`).
///
/// A certificate whose credential verifies counts, and the competency and level of the
/// credential's achievement are added to its `covers`. A certificate whose credential does
/// not verify (a bad signature, an unknown key, expired on the date, or naming someone else)
/// does not count: it is removed from the person, with a `credential.certificate-not-counted`
/// warning that says why; so does every certificate with a credential when the verifier has
/// no keys (a key found only in the credential's own header is not trusted). Certificates
/// without a credential are left as they are.
public struct CertificateCredentialCheck: Sendable {
    public let verifier: CredentialVerifier
    /// The folder that relative credential paths are read from (the roster's).
    public let folder: String
    /// The framework's achievement IDs begin with this (see ``CredentialIssuer``).
    public let achievementBase: String
    /// The person attribute whose salted hash the credential's identifier must hold; `nil` skips the check.
    public let identityAttribute: String?

    public init(verifier: CredentialVerifier, folder: String, framework: Framework, identityAttribute: String?) {
        self.verifier = verifier
        self.folder = folder
        self.achievementBase = (framework.uri ?? "urn:competencykit:1:\(framework.id)") + "/achievements/"
        self.identityAttribute = identityAttribute
    }

    /// The person with checked certificates, and a warning for each certificate that does not count.
    public func check(_ person: Person, at location: SourceLocation?) -> (Person, [Diagnostic]) {
        guard person.certificates.contains(where: { $0.credential != nil }) else { return (person, []) }
        var checked = person
        checked.certificates = []
        var warnings: [Diagnostic] = []
        for certificate in person.certificates {
            guard let credential = certificate.credential else {
                checked.certificates.append(certificate)
                continue
            }
            let name = certificate.id.map { "certificate '\($0)'" } ?? "a certificate of kind '\(certificate.kind)'"
            switch verify(credential, of: person) {
            case .success(let covers):
                var counted = certificate
                for cover in covers where !counted.covers.contains(where: { $0.competency == cover.competency && $0.level == cover.level }) {
                    counted.covers.append(cover)
                }
                checked.certificates.append(counted)
            case .failure(let reason):
                warnings.append(
                    Diagnostic(
                        id: DiagnosticID(domain: "credential", code: "certificate-not-counted"), severity: .warning,
                        message: "\(name) of person '\(person.id)' does not count: \(reason.message)", location: location,
                        subject: .person(person.id)))
            }
        }
        return (checked, warnings)
    }

    private func verify(_ credential: String, of person: Person) -> Result<[Coverage], KeyError> {
        var compact = credential
        if !credential.hasPrefix("eyJ") {
            let path = credential.hasPrefix("/") ? credential : (folder as NSString).appendingPathComponent(credential)
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(KeyError("its credential file '\(credential)' cannot be read"))
            }
            compact = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // A credential that only its own header's key vouches for proves nothing about who issued it.
        guard !verifier.keys.isEmpty else {
            return .failure(KeyError("there is no trusted key to verify its credential with (the issuing key or --trust)"))
        }
        let verification = verifier.verify(compact)
        if let problem = verification.problems.first {
            let more = verification.problems.count > 1 ? " (and \(verification.problems.count - 1) more)" : ""
            return .failure(KeyError("its credential is not valid: \(problem.message)\(more) [credential.\(problem.code)]"))
        }
        let subject = verification.credential?["credentialSubject"]
        if let identityAttribute {
            let value = person.attribute(identityAttribute) ?? ""
            let identifiers = subject?["identifier"]?.array ?? []
            let matches = identifiers.contains { identifier in
                guard let hash = identifier["identityHash"]?.string else { return false }
                let salt = identifier["salt"]?.string ?? ""
                return hash == "sha256$" + Digest.hex(SHA256.hash(data: Array((value + salt).utf8)))
            }
            if !matches {
                return .failure(KeyError("its credential names someone else: no identifier is the hash of the person's '\(identityAttribute)'"))
            }
        }
        var covers: [Coverage] = []
        if let id = subject?["achievement"]?["id"]?.string, id.hasPrefix(achievementBase) {
            let parts = id.dropFirst(achievementBase.count).split(separator: "/")
            if parts.count >= 2 { covers.append(Coverage(competency: Competency.ID(String(parts[0])), level: Level.ID(String(parts[1])))) }
        }
        return .success(covers)
    }
}
