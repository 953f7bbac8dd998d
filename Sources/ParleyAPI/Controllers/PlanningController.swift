import Foundation
import Hummingbird
import ParleyDomain
import ParleyStore

/// Planning math and tracking: the funnel solver, reconciliation, explain, breakdown, actuals, progress.
struct PlanningController {
    let store: Store
    let today: @Sendable () -> LocalDate

    var endpoints: RouteCollection<AuthenticatedContext> {
        RouteCollection(context: AuthenticatedContext.self)
            .post("funnel/solve", use: solveFunnel)
            .get("plans/:id/reconciliation", use: reconciliation)
            .get("plans/:id/last-year", use: lastYear)
            .get("plans/:id/assignments/:rep_id/explain", use: explain)
            .get("plans/:id/breakdown", use: breakdown)
            .post("actuals", use: recordActuals)
            .get("plans/:id/progress", use: progress)
    }

    @Sendable func solveFunnel(_ request: Request, context: AuthenticatedContext) async throws -> FunnelBody {
        let body = try await request.decode(as: FunnelRequest.self, context: context)
        do throws(ValidationError) {
            return FunnelBody(
                try Funnel.solve(
                    baseline: FunnelBaseline(
                        revenue: body.baseline.revenue, deals: body.baseline.deals,
                        qualifiedLeads: body.baseline.qualifiedLeads, leadCost: body.baseline.leadCost),
                    targetRevenue: body.targetRevenue))
        } catch {
            throw Problem.validation(error.errors)
        }
    }

    @Sendable func reconciliation(_ request: Request, context: AuthenticatedContext) async throws
        -> ReconciliationBody
    {
        let planID = try context.id("id")
        let metric = request.uri.queryParameters["metric"].map(String.init) ?? "revenue"
        let unit: UUID
        if let id = try request.uuidQuery("unit_id") {
            unit = id
        } else {
            unit = try await store.plan(caller: context.caller, id: planID).plan.unitID
        }
        let report = try await store.reconciliation(caller: context.caller, plan: planID, unit: unit, metric: metric)
        return ReconciliationBody(unitID: unit, metric: metric, report: report)
    }

    @Sendable func lastYear(_ request: Request, context: AuthenticatedContext) async throws -> LastYearBody {
        let record = try await store.lastYear(
            caller: context.caller, plan: try context.id("id"), unit: try request.uuidQuery("unit_id"))
        return try LastYearBody(record)
    }

    @Sendable func explain(_ request: Request, context: AuthenticatedContext) async throws -> ExplanationBody {
        let explanation = try await store.explanation(
            caller: context.caller, plan: try context.id("id"), rep: try context.id("rep_id"))
        return try ExplanationBody(explanation)
    }

    @Sendable func breakdown(_ request: Request, context: AuthenticatedContext) async throws
        -> ListResponse<BreakdownRow>
    {
        let query = request.uri.queryParameters
        guard let text = query["rep_id"], let rep = UUID(uuidString: String(text)) else {
            throw Problem.invalid("rep_id", "is required (a UUID)")
        }
        let grain = query["grain"].map(String.init) ?? "month"
        guard ["month", "quarter", "week"].contains(grain) else {
            throw Problem.invalid("grain", "must be month, quarter or week")
        }
        let (plan, values) = try await store.targets(caller: context.caller, plan: try context.id("id"), rep: rep)
        let aggregations = Dictionary(uniqueKeysWithValues: plan.metrics.map { ($0.key, $0.aggregation) })
        let items: [BreakdownRow]
        switch grain {
        case "quarter":
            let quarters: [PeriodValues<Quarter>]
            do throws(ValidationError) {
                quarters = try Breakdown.quarterly(values: values, start: plan.startMonth, aggregations: aggregations)
            } catch {
                throw Problem.validation(error.errors)
            }
            items = quarters.map { BreakdownRow(quarter: $0.period.description, values: $0.values) }
        case "week":
            items = Breakdown.weekly(values: values, start: plan.startMonth, aggregations: aggregations).map {
                BreakdownRow(month: $0.month.description, week: $0.week.description, values: $0.values)
            }
        default:
            items = Breakdown.monthly(values: values, start: plan.startMonth).map {
                BreakdownRow(month: $0.period.description, values: $0.values)
            }
        }
        // A report of at most a few hundred rows: always whole, so weeks of a month are never split across pages.
        return ListResponse(items: items, nextCursor: nil)
    }

    @Sendable func recordActuals(_ request: Request, context: AuthenticatedContext) async throws
        -> EditedResponse<[String: Int]>
    {
        let isCSV = request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true
        let (rows, label) =
            isCSV ? try await csvRows(request, context: context) : try await jsonRows(request, context: context)
        let stored = try await store.recordActuals(
            caller: context.caller, rows: rows, userField: isCSV ? "user_email" : "user_id", rowLabel: label)
        return created(["stored": stored])
    }

    @Sendable func progress(_ request: Request, context: AuthenticatedContext) async throws -> ProgressBody {
        var asOf = today()
        if let text = request.uri.queryParameters["as_of"] {
            guard let date = LocalDate(String(text)) else { throw Problem.invalid("as_of", "must be a date YYYY-MM-DD") }
            asOf = date
        }
        let (limit, cursor) = try request.pageQuery()
        let (_, page) = try await store.progress(
            caller: context.caller, plan: try context.id("id"), unit: try request.uuidQuery("unit_id"), asOf: asOf,
            limit: limit, cursor: cursor)
        return ProgressBody(asOf: asOf.description, items: page.items.map(ProgressItem.init), nextCursor: page.nextCursor)
    }

    private func jsonRows(_ request: Request, context: AuthenticatedContext) async throws
        -> ([ActualRow], @Sendable (Int) -> String)
    {
        let body = try await request.decode(as: ActualsRequest.self, context: context)
        var rows: [ActualRow] = []
        var errors: [FieldError] = []
        for (index, row) in body.rows.enumerated() {
            errors += Self.check(metric: row.metric, date: row.date, value: row.value, label: "rows[\(index)]")
            if let date = LocalDate(row.date) {
                rows.append(ActualRow(userID: row.userID, metric: row.metric, date: date, value: row.value))
            }
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        guard !rows.isEmpty else { throw Problem.invalid("rows", "must hold at least one row") }
        return (rows, { "rows[\($0)]" })
    }

    /// `user_email,metric,date,value`, one header line; errors name the line (the header is line 1).
    private func csvRows(_ request: Request, context: AuthenticatedContext) async throws
        -> ([ActualRow], @Sendable (Int) -> String)
    {
        let caller = context.caller
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let records = try ActualsCSV.records(buffer.readBytes(length: buffer.readableBytes) ?? [])
        var parsed: [(email: String, metric: String, date: LocalDate, value: Int64, line: Int)] = []
        var errors: [FieldError] = []
        for record in records {
            let number = record.line
            let fields = record.fields
            guard fields.count == 4 else {
                errors.append(FieldError(field: "line \(number)", message: "must have 4 fields"))
                continue
            }
            guard let value = Int64(fields[3]), (-StrictJSON.maximumInteger...StrictJSON.maximumInteger).contains(value)
            else {
                errors.append(
                    FieldError(
                        field: "line \(number).value", message: "must be an integer within ±\(StrictJSON.maximumInteger)"))
                continue
            }
            errors += Self.check(metric: fields[1], date: fields[2], value: value, label: "line \(number)")
            if let date = LocalDate(fields[2]) { parsed.append((fields[0], fields[1], date, value, number)) }
        }
        let ids = try await store.userIDs(caller: caller, emails: parsed.map(\.email))
        var rows: [ActualRow] = []
        var lineNumbers: [Int] = []
        for row in parsed {
            guard let id = ids[row.email.lowercased()] else {
                errors.append(FieldError(field: "line \(row.line).user_email", message: "no such user"))
                continue
            }
            rows.append(ActualRow(userID: id, metric: row.metric, date: row.date, value: row.value))
            lineNumbers.append(row.line)
        }
        guard errors.isEmpty else { throw Problem.validation(errors.sorted { $0.field.localizedStandardCompare($1.field) == .orderedAscending }) }
        guard !rows.isEmpty else { throw Problem.invalid("line 2", "the file holds no rows") }
        let numbers = lineNumbers
        return (rows, { "line \(numbers[$0])" })
    }

    private static func check(metric: String, date: String, value: Int64, label: String) -> [FieldError] {
        var errors: [FieldError] = []
        if !MetricDefinition.isValidKey(metric) { errors.append(FieldError(field: "\(label).metric", message: "is not a metric key")) }
        if LocalDate(date) == nil { errors.append(FieldError(field: "\(label).date", message: "must be a date YYYY-MM-DD")) }
        if value < 0 { errors.append(FieldError(field: "\(label).value", message: "must not be negative")) }
        return errors
    }
}
