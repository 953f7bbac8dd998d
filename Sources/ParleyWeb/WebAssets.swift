import Foundation

/// The web application's files (HTML, CSS, JavaScript modules, icons), read once from this module's
/// `Public` resource folder, with a version that changes whenever any file does.
///
/// Assets are served under `/assets/<version>/`, so browsers may cache them for a year: a new build has a
/// new version, and `index.html` (never cached) names it.
public struct WebAssets: Sendable {
    /// One file of the application.
    public struct File: Sendable {
        /// The file's bytes.
        public var bytes: [UInt8]
        /// Its `Content-Type`.
        public var contentType: String
    }

    /// Files by path relative to `Public`, e.g. `js/app.js`.
    public let files: [String: File]
    /// A hash of every path and byte: the folder name assets are served under.
    public let version: String

    /// Files read from a folder (and its subfolders).
    public init(folder: URL) throws {
        var files: [String: File] = [:]
        let root = folder.standardizedFileURL.resolvingSymlinksInPath()
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(root.path + "/") else { continue }
            let relative = String(path.dropFirst(root.path.count + 1))
            guard let type = Self.contentType(of: relative) else { continue }
            files[relative] = File(bytes: Array(try Data(contentsOf: url)), contentType: type)
        }
        self.init(files: files)
    }

    /// Files given in memory (tests).
    public init(files: [String: File]) {
        self.files = files
        // FNV-1a over every path and byte: only a cache key, so a cryptographic hash would buy nothing.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for path in files.keys.sorted() {
            for byte in Array(path.utf8) + [0] + (files[path]?.bytes ?? []) + [0] {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        version = String(hash, radix: 16)
    }

    /// The files bundled with this module, or none when the resource bundle cannot be found (the API still
    /// serves; `/` then answers 404).
    public static func bundled() -> WebAssets {
        guard let folder = Bundle.module.url(forResource: "Public", withExtension: nil),
            let assets = try? WebAssets(folder: folder)
        else { return WebAssets(files: [:]) }
        return assets
    }

    /// The types served; any other file in the folder is not served at all.
    static func contentType(of path: String) -> String? {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "json": "application/json"
        default: nil
        }
    }
}
