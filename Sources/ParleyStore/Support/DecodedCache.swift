import Synchronization

/// Values decoded from column text that repeats from read to read, such as a plan's metrics: Foundation's
/// `JSONDecoder` costs more than decoding the rest of the row, and a plan's metrics change only in a draft.
///
/// Keyed by the text itself, so a changed column is simply a new entry; bounded, and emptied when full
/// (entries are cheap to decode again, so no eviction order is kept).
final class DecodedCache<Value: Sendable>: Sendable {
    private let entries = Mutex<[String: Value]>([:])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(for text: String, decode: (String) throws -> Value) throws -> Value {
        if let cached = entries.withLock({ $0[text] }) { return cached }
        let value = try decode(text)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[text] = value
        }
        return value
    }
}
