import Foundation

/// The fields of a plan a client sets (on create, all; on PATCH, those present).
public struct PlanFields: Sendable {
    public var name: String?
    /// Scope unit.
    public var unitID: UUID?
    /// First month.
    public var startMonth: YearMonth?
    /// Number of months.
    public var months: Int?
    public var currency: String?
    public var metrics: [MetricDefinition]?
    public var rampMonths: Int?
    public var stretchLimitBps: Int64?
    public var toleranceBps: Int64?
    public var approverIDs: [UUID]?
    public var requiredApprovals: Int?

    /// Creates a field set.
    public init(
        name: String? = nil, unitID: UUID? = nil, startMonth: YearMonth? = nil, months: Int? = nil, currency: String? = nil,
        metrics: [MetricDefinition]? = nil, rampMonths: Int? = nil, stretchLimitBps: Int64? = nil,
        toleranceBps: Int64? = nil, approverIDs: [UUID]? = nil, requiredApprovals: Int? = nil
    ) {
        self.name = name
        self.unitID = unitID
        self.startMonth = startMonth
        self.months = months
        self.currency = currency
        self.metrics = metrics
        self.rampMonths = rampMonths
        self.stretchLimitBps = stretchLimitBps
        self.toleranceBps = toleranceBps
        self.approverIDs = approverIDs
        self.requiredApprovals = requiredApprovals
    }
}

/// A plan's settings, checked and with defaults filled in: what a plan is created or edited with.
public struct PlanSettings: Sendable, Hashable {
    public var name: String
    public var unitID: UUID
    public var startMonth: YearMonth
    public var months: Int
    public var currency: String
    public var metrics: [MetricDefinition]
    public var rampMonths: Int
    public var stretchLimitBps: Int64
    public var toleranceBps: Int64
    public var approverIDs: [UUID]
    public var requiredApprovals: Int

    /// Checks every field at once, so a client fixes every problem in one round trip.
    ///
    /// - Parameters:
    ///   - approvers: the distinct approvers (`distinct(_:)`): those named, or the org's leaders by default.
    ///   - eligibleApprovers: which of them are the org's leaders or managers.
    public init(_ fields: PlanFields, approvers: [UUID], eligibleApprovers: Set<UUID>) throws(ValidationError) {
        var errors: [FieldError] = []
        let name = fields.name ?? ""
        // Lengths count code points, as PostgreSQL's length() does.
        if name.trimmingCharacters(in: .whitespaces).isEmpty || name.unicodeScalars.count > 200 {
            errors.append(FieldError(field: "name", message: "must be 1 to 200 characters"))
        }
        if fields.unitID == nil { errors.append(FieldError(field: "unit_id", message: "is required")) }
        let months = fields.months ?? 12
        if !(1...36).contains(months) { errors.append(FieldError(field: "months", message: "must be 1 to 36")) }
        let currency = fields.currency ?? "CNY"
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            errors.append(FieldError(field: "currency", message: "must be an ISO 4217 code such as CNY"))
        }
        let metrics = fields.metrics ?? MetricDefinition.defaults
        errors += MetricDefinition.validate(metrics).map { $0.prefixed("metrics") }
        let rampMonths = fields.rampMonths ?? 3
        if !(0...36).contains(rampMonths) { errors.append(FieldError(field: "ramp_months", message: "must be 0 to 36")) }
        let stretch = fields.stretchLimitBps ?? 13_000
        if stretch < 0 { errors.append(FieldError(field: "stretch_limit_bps", message: "must not be negative")) }
        let tolerance = fields.toleranceBps ?? 100
        if !(0...10_000).contains(tolerance) {
            errors.append(FieldError(field: "tolerance_bps", message: "must be 0 to 10000"))
        }
        let required = fields.requiredApprovals ?? 1
        if approvers.isEmpty {
            errors.append(
                FieldError(field: "approver_ids", message: "a plan needs at least one approver (the org has no leader)"))
        } else if !approvers.allSatisfy(eligibleApprovers.contains) {
            errors.append(FieldError(field: "approver_ids", message: "must name leaders or managers of this organization"))
        }
        if required < 1 || required > max(1, approvers.count) {
            errors.append(FieldError(field: "required_approvals", message: "must be 1 to the number of approvers"))
        }
        if fields.startMonth == nil { errors.append(FieldError(field: "start_month", message: "is required (YYYY-MM)")) }
        guard errors.isEmpty, let unitID = fields.unitID, let startMonth = fields.startMonth else {
            throw ValidationError(errors)
        }
        self.name = name
        self.unitID = unitID
        self.startMonth = startMonth
        self.months = months
        self.currency = currency
        self.metrics = metrics
        self.rampMonths = rampMonths
        self.stretchLimitBps = stretch
        self.toleranceBps = tolerance
        self.approverIDs = approvers
        self.requiredApprovals = required
    }

    /// The approvers in first-named order, each once.
    public static func distinct(_ approvers: [UUID]) -> [UUID] {
        var seen: Set<UUID> = []
        return approvers.filter { seen.insert($0).inserted }
    }
}
