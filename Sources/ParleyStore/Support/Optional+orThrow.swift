import Foundation

/// A stored value that must be there (a foreign key, a known enum case): missing is `notFound` unless
/// another error is given.
extension Optional {
    func orThrow(_ error: @autoclosure () -> any Error = StoreError.notFound) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}
