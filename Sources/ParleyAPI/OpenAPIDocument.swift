import Foundation

/// The OpenAPI 3.1 description of the HTTP API, served as is at `/openapi.json`: the reference for clients.
///
/// It is the resource file `Resources/openapi.json`, read once at start-up; a build without it does not
/// start. `OpenAPITests` checks that its paths and methods are exactly the routes the router registered.
public struct OpenAPIDocument: Sendable {
    /// The document's bytes.
    public let bytes: [UInt8]

    /// The document bundled with this module.
    public static func bundled() throws -> OpenAPIDocument {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw MissingResource(name: "openapi.json")
        }
        return OpenAPIDocument(bytes: Array(try Data(contentsOf: url)))
    }
}

/// A resource file the build should have bundled is missing.
struct MissingResource: Error, CustomStringConvertible {
    let name: String
    var description: String { "the resource \(name) is missing from the ParleyAPI bundle" }
}
