import Foundation
import ParleyDomain
import Postgres

// Stored enums and calendar values decode straight from their text columns, so a row's tuple type states
// them (`(UUID, PlanState, YearMonth)`) and a value the domain does not know is a decoding error naming
// the column.

extension PostgresDecodable where Self: RawRepresentable, RawValue == String {
    public init?(postgresText: Substring) { self.init(rawValue: String(postgresText)) }
}

extension PlanState: PostgresDecodable {}
extension Role: PostgresDecodable {}
extension AssignmentState: PostgresDecodable {}
extension ProposalSide: PostgresDecodable {}
extension ProposalKind: PostgresDecodable {}
extension ProposalStatus: PostgresDecodable {}
extension AdjustmentState: PostgresDecodable {}

/// `to_char(month, 'YYYY-MM')`.
extension YearMonth: PostgresDecodable {
    public init?(postgresText: Substring) { self.init(String(postgresText)) }
}

/// A `date` column's text, `YYYY-MM-DD`.
extension LocalDate: PostgresDecodable {
    public init?(postgresText: Substring) { self.init(String(postgresText)) }
}

/// A `jsonb` column, selected as `::text`, decoded as `Value`.
struct JSONColumn<Value: Decodable & Sendable>: PostgresDecodable {
    let value: Value

    init?(postgresText: Substring) {
        guard let value = try? JSONDecoder().decode(Value.self, from: Data(postgresText.utf8)) else { return nil }
        self.value = value
    }
}
