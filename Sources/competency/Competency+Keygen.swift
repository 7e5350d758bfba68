import ArgumentParser
import CompetencyCredentials
import CompetencyKit
import Foundation

extension SigningAlgorithm: ExpressibleByArgument {}

extension Competency {
    /// `competency keygen`: a signing key for credentials.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a key for signing credentials: a private JWK and its public JWK.",
            discussion: """
                Writes the private key to KEY.jwk with mode 0600 (readable by its owner only), and \
                the public key beside it as KEY.public.jwk. An existing key file is never overwritten. \
                The kid is the key's RFC 7638 thumbprint URI. See Documentation/Credentials.md.

                Exit status: 0 written, 2 unusable arguments or the files cannot be written.
                """)

        @Option(help: "The algorithm: RS256 (RSA 2048, the Open Badges minimum) or EdDSA (Ed25519).")
        var alg: SigningAlgorithm

        @Option(name: .shortAndLong, help: ArgumentHelp("The private key file to write.", valueName: "KEY.jwk"))
        var output: String

        /// `KEY.jwk` → `KEY.public.jwk`; any other name gets `.public.jwk` appended.
        static func publicPath(for path: String) -> String {
            path.hasSuffix(".jwk") ? String(path.dropLast(4)) + ".public.jwk" : path + ".public.jwk"
        }

        func run() throws {
            let publicPath = Self.publicPath(for: output)
            for path in [output, publicPath] where FileManager.default.fileExists(atPath: path) {
                Console.error("error: '\(path)' exists; keygen never overwrites a key: remove it or choose another name [io.exists]")
                throw Exit.unusable
            }
            let key: SigningKey
            do {
                key = try SigningKey.generate(alg)
            } catch {
                Console.error("error: \(error.message) [credential.keygen]")
                throw Exit.unusable
            }
            // The private file is made with mode 0600 before anything is written to it; the
            // safe writer then keeps that mode when it puts the key in place.
            let descriptor = open(output, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard descriptor >= 0 else {
                Console.error("error: cannot create '\(output)': \(String(cString: strerror(errno))) [io.unwritable]")
                throw Exit.unusable
            }
            fchmod(descriptor, 0o600)
            close(descriptor)
            do {
                try emit(Data((key.privateJWK.serialized + "\n").utf8), to: output)
                try emit(Data((key.publicKey.jwk.serialized + "\n").utf8), to: publicPath)
            } catch {
                unlink(output)
                throw error
            }
            print("wrote \(output) (private, mode 0600) and \(publicPath); kid \(key.keyID)")
        }
    }
}
