import Testing

@testable import ParleyDomain

@Suite struct MetricValuesTests {
    func errors(_ body: () throws -> Void) -> [FieldError] {
        do {
            try body()
            return []
        } catch let error as ValidationError {
            return error.errors
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test func explicitMonths() throws {
        #expect(try MetricValues.resolve(.months([1, 2, 3]), planMonths: 3, lastYear: nil) == [1, 2, 3])
        let found = errors { _ = try MetricValues.resolve(.months([1, -2, 3]), planMonths: 4, lastYear: nil) }
        #expect(found.map(\.field) == ["months", "months[1]"])
        let tooBig = errors {
            _ = try MetricValues.resolve(.months([MetricValues.maxValue, 1]), planMonths: 2, lastYear: nil)
        }
        #expect(tooBig.map(\.field) == ["months"])
        #expect(errors { _ = try MetricValues.resolve(.months([.max]), planMonths: 1, lastYear: nil) }.count == 1)
    }

    @Test func annualDistributions() throws {
        #expect(
            try MetricValues.resolve(.annual(14, .even), planMonths: 12, lastYear: nil) == [2, 2]
                + Array(repeating: 1, count: 10))
        let weighted = try MetricValues.resolve(.annual(100, .weights([1, 0, 3])), planMonths: 3, lastYear: nil)
        #expect(weighted == [25, 0, 75])
        let seasonal = try MetricValues.resolve(.annual(1_000, .lastYear), planMonths: 4, lastYear: [10, 30, 40, 20])
        #expect(seasonal == [100, 300, 400, 200])
        #expect(try MetricValues.resolve(.annual(4, .lastYear), planMonths: 4, lastYear: nil) == [1, 1, 1, 1])
        #expect(
            try MetricValues.resolve(.annual(4, .lastYear), planMonths: 4, lastYear: [0, 0, 0, 0]) == [1, 1, 1, 1])
        // An 18-month plan reuses last year's season for its second year.
        let long = try MetricValues.resolve(.annual(18, .lastYear), planMonths: 18, lastYear: Array(1...12))
        #expect(long.reduce(0, +) == 18)
        #expect(long[0] <= long[11])
    }

    @Test func annualErrors() {
        #expect(
            errors { _ = try MetricValues.resolve(.annual(-1, .even), planMonths: 2, lastYear: nil) }.map(\.field) == [
                "annual"
            ])
        #expect(
            errors {
                _ = try MetricValues.resolve(.annual(MetricValues.maxValue + 1, .even), planMonths: 2, lastYear: nil)
            }
            .map(\.field) == ["annual"])
        let weights = errors {
            _ = try MetricValues.resolve(.annual(5, .weights([1, -1])), planMonths: 3, lastYear: nil)
        }
        #expect(weights.map(\.field) == ["distribution.weights", "distribution.weights[1]"])
    }

    @Test func resolveAllWithPaths() throws {
        let metrics = MetricDefinition.defaults
        let found = errors {
            _ = try MetricValues.resolveAll(
                ["revenue": .months([1, 2, -3]), "deals": .months([1, 1, 1]), "visits": .annual(3, .even)],
                metrics: metrics, planMonths: 3)
        }
        #expect(found.map(\.field) == ["values.deals", "values.revenue.months[2]"])
        let resolved = try MetricValues.resolveAll(["visits": .annual(3, .even)], metrics: metrics, planMonths: 3)
        #expect(resolved == ["visits": [1, 1, 1]])
    }

    @Test func metricKeys() {
        #expect(MetricDefinition.isValidKey("revenue"))
        #expect(MetricDefinition.isValidKey("a" + String(repeating: "_", count: 62)))
        #expect(!MetricDefinition.isValidKey("a" + String(repeating: "_", count: 63)))
        for bad in ["", "Revenue", "1x", "_x", "re-venue", "révenue", "x y"] {
            #expect(!MetricDefinition.isValidKey(bad), "\(bad)")
        }
        #expect(MetricApplicability.postRamp.rawValue == "post_ramp")
        #expect(MetricApplicability.rampOnly.rawValue == "ramp_only")
        #expect(MetricDefinition.defaults.map(\.key) == ["revenue", "qualified_leads", "visits"])
        let duplicate = MetricDefinition.validate(MetricDefinition.defaults + [MetricDefinition.defaults[0]])
        #expect(duplicate.map(\.field) == ["metrics[3].key"])
    }
}
