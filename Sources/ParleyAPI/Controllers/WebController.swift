import Foundation
import HTTPTypes
import Hummingbird
import ParleyWeb

/// The web application: `/` (the page, never cached) and `/assets/<version>/...` (cached for a year, since a
/// new build has a new version). The page is a client of the public `/v1/` API and routes with the URL
/// fragment, so no server route other than these two is needed.
struct WebController {
    let assets: WebAssets

    /// `index.html` with the asset folder filled in.
    private var page: [UInt8]? {
        guard let file = assets.files["index.html"] else { return nil }
        let text = String(decoding: file.bytes, as: UTF8.self)
        return Array(text.replacingOccurrences(of: "{{assets}}", with: "/assets/\(assets.version)").utf8)
    }

    var endpoints: RouteCollection<ParleyRequestContext> {
        let page = self.page
        let assets = self.assets
        return RouteCollection(context: ParleyRequestContext.self)
            .get("/") { _, _ in
                guard let page else { throw Problem.notFound("page") }
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                    body: .init(byteBuffer: ByteBuffer(bytes: page)))
            }
            .get("/assets/:version/**") { _, context in
                let path = context.parameters.getCatchAll().joined(separator: "/")
                guard context.parameters.get("version") == assets.version, path != "index.html",
                    let file = assets.files[path]
                else { throw Problem.notFound("asset") }
                return Response(
                    status: .ok,
                    headers: [.contentType: file.contentType, .cacheControl: "public, max-age=31536000, immutable"],
                    body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
            }
    }
}
