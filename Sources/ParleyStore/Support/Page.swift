import Foundation

/// One page of a list.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page.
    public var items: [Item]
    /// The cursor for the next page, nil on the last page.
    public var nextCursor: String?
}

/// Cursor pagination over rows ordered by a UUID key.
struct Cursor {
    static func decode(_ cursor: String?) throws -> UUID? {
        guard let cursor else { return nil }
        guard let id = UUID(uuidString: cursor) else { throw StoreError.invalid("cursor", "is not a cursor from this list") }
        return id
    }

    static func page<T>(_ items: [T], limit: Int, id: (T) -> UUID) -> Page<T> {
        guard items.count > limit else { return Page(items: items, nextCursor: nil) }
        let shown = Array(items.prefix(limit))
        return Page(items: shown, nextCursor: shown.last.map { id($0).uuidString.lowercased() })
    }
}
