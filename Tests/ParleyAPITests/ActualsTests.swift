import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

/// `POST /v1/actuals`: JSON rows or CSV, all or nothing, a repeated (user, metric, date) replacing its value.
@Suite("actuals API")
struct ActualsTests {
    /// The key `storedActuals()` files a value under.
    private func key(_ member: Member, _ metric: String, _ date: String) -> String {
        "\(member.id)|\(metric)|\(date)".lowercased()
    }

    @Test("JSON rows are stored: 201 {\"stored\": n}; an admin records anyone's, a manager their subtree's")
    func storesJSON() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            var response = try await fixture.postActuals([
                Actual(fixture.veteran, "revenue", "2026-03-02", 150_000),
                Actual(fixture.veteran, "visits", "2026-03-02", 4),
                Actual(fixture.outsider, "revenue", "2026-03-02", 9_007_199_254_740_991),
            ])
            #expect(response.status == .created, "\(response.body)")
            #expect(try response.decode(API.ActualsResult.self).stored == 3)
            #expect(response.json?.keys == ["stored"], "raw JSON: the exact set of members")

            response = try await fixture.postActuals(
                [Actual(fixture.newcomer, "qualified_leads", "2026-12-07", 0)], by: fixture.manager)
            #expect(response.status == .created, "a manager records their team's actuals: \(response.body)")
            #expect(try response.decode(API.ActualsResult.self).stored == 1)

            #expect(
                try await fixture.storedActuals() == [
                    key(fixture.veteran, "revenue", "2026-03-02"): 150_000,
                    key(fixture.veteran, "visits", "2026-03-02"): 4,
                    key(fixture.outsider, "revenue", "2026-03-02"): 9_007_199_254_740_991,
                    key(fixture.newcomer, "qualified_leads", "2026-12-07"): 0,
                ])
        }
    }

    @Test("a second row for the same user, metric and date replaces the value, and last year's sums follow")
    func replaces() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            try await fixture.recordActuals([
                Actual(fixture.veteran, "revenue", "2026-06-01", 1_000),
                Actual(fixture.veteran, "revenue", "2026-06-02", 10),
            ])
            var row = try await fixture.reconciliation(unit: fixture.team).decode(API.Reconciliation.self).rows.first {
                $0.id == fixture.veteran.id
            }
            #expect(row?.lastYear == 1_010)

            let response = try await fixture.postActuals([Actual(fixture.veteran, "revenue", "2026-06-01", 400)])
            #expect(response.status == .created, "\(response.body)")
            #expect(try response.decode(API.ActualsResult.self).stored == 1)
            #expect(try await fixture.storedActuals()[key(fixture.veteran, "revenue", "2026-06-01")] == 400)
            row = try await fixture.reconciliation(unit: fixture.team).decode(API.Reconciliation.self).rows.first {
                $0.id == fixture.veteran.id
            }
            #expect(row?.lastYear == 410, "replaced, not added")

            // The CSV upload replaces the same way.
            let csv = try await fixture.postActualsCSV(
                "user_email,metric,date,value\n\(fixture.veteran.email),revenue,2026-06-02,0\n")
            #expect(csv.status == .created, "\(csv.body)")
            row = try await fixture.reconciliation(unit: fixture.team).decode(API.Reconciliation.self).rows.first {
                $0.id == fixture.veteran.id
            }
            #expect(row?.lastYear == 400)
        }
    }

    /// A bad row among good ones, and the prefix of the error field that names it.
    struct BadRow: Sendable, CustomTestStringConvertible {
        let name: String
        let row: String
        let field: String
        var testDescription: String { name }
    }

    @Test(
        "one bad row among good ones is 422 naming the row, and nothing is stored",
        arguments: [
            BadRow(
                name: "a negative value", row: #""metric": "revenue", "date": "2026-05-04", "value": -1"#,
                field: "rows[1].value"),
            BadRow(
                name: "an impossible date", row: #""metric": "revenue", "date": "2026-02-30", "value": 1"#,
                field: "rows[1].date"),
            BadRow(
                name: "a month for a date", row: #""metric": "revenue", "date": "2026-05", "value": 1"#,
                field: "rows[1].date"),
            BadRow(
                name: "a float value", row: #""metric": "revenue", "date": "2026-05-04", "value": 1.5"#,
                field: "rows[1].value"),
            BadRow(
                name: "a string value", row: #""metric": "revenue", "date": "2026-05-04", "value": "1""#,
                field: "rows[1].value"),
            BadRow(
                name: "a value beyond 2^53 - 1",
                row: #""metric": "revenue", "date": "2026-05-04", "value": 9007199254740992"#,
                field: "rows[1].value"),
            BadRow(
                name: "a malformed metric", row: #""metric": "Revenue!", "date": "2026-05-04", "value": 1"#,
                field: "rows[1].metric"),
            BadRow(name: "no value", row: #""metric": "revenue", "date": "2026-05-04""#, field: "rows[1].value"),
            BadRow(
                name: "an unknown field", row: #""metric": "revenue", "date": "2026-05-04", "value": 1, "org_id": "x""#,
                field: "rows[1].org_id"),
        ])
    func allOrNothing(_ bad: BadRow) async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let good = #"{"user_id": "\#(fixture.veteran.id)", "metric": "revenue", "date": "2026-05-04", "value": 7}"#
            let later = good.replacingOccurrences(of: "05-04", with: "05-05")
            let body = #"{"rows": [\#(good), {"user_id": "\#(fixture.newcomer.id)", \#(bad.row)}, \#(later)]}"#
            let response = try await api.request(.post, "/v1/actuals", token: fixture.admin.token, raw: body)
            expectProblem(response, .unprocessableContent, "validation_failed")
            #expect(response.errorFields.contains { $0.hasPrefix(bad.field) }, "\(response.errorFields)")
            #expect(!response.errorFields.contains { $0.hasPrefix("rows[0]") || $0.hasPrefix("rows[2]") })
            #expect(try await fixture.storedActuals().isEmpty)
        }
    }

    @Test("a row for an unknown user, or one of another organization, fails the whole upload")
    func unknownUser() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let stranger = try await TestOrg.make(api)
            let strangerRep = try await stranger.user(api, role: "rep")
            for user in [UUID(), strangerRep.id] {
                let response = try await api.request(
                    .post, "/v1/actuals", token: fixture.admin.token,
                    json: [
                        "rows": [
                            Actual(fixture.veteran, "revenue", "2026-05-04", 7).json,
                            Actual(fixture.newcomer, "revenue", "2026-05-04", 7).json,
                            ["user_id": user.uuidString, "metric": "revenue", "date": "2026-05-04", "value": 7],
                        ]
                    ])
                expectProblem(response, .unprocessableContent, "validation_failed")
                #expect(response.errorFields.contains { $0.hasPrefix("rows[2]") }, "\(response.errorFields)")
            }
            #expect(try await fixture.storedActuals().isEmpty)
            let theirs = try await api.store.pool.transaction(org: stranger.orgID) { tx in
                try tx.query("SELECT count(*) FROM actuals WHERE org_id = \(stranger.orgID)")[0].decode(
                    0, as: Int64.self)
            }
            #expect(theirs == 0)
        }
    }

    @Test("CSV with the header user_email,metric,date,value is stored")
    func storesCSV() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let csv =
                [
                    "user_email,metric,date,value",
                    "\(fixture.veteran.email),revenue,2026-04-01,120000",
                    "\(fixture.veteran.email),visits,2026-04-01,3",
                    "\"\(fixture.newcomer.email)\",qualified_leads,2026-12-02,11",
                ].joined(separator: "\r\n") + "\r\n"
            let response = try await fixture.postActualsCSV(csv, by: fixture.manager)
            #expect(response.status == .created, "\(response.body)")
            #expect(try response.decode(API.ActualsResult.self).stored == 3)
            #expect(
                try await fixture.storedActuals() == [
                    key(fixture.veteran, "revenue", "2026-04-01"): 120_000,
                    key(fixture.veteran, "visits", "2026-04-01"): 3,
                    key(fixture.newcomer, "qualified_leads", "2026-12-02"): 11,
                ])
        }
    }

    @Test("a leader records anyone's actuals; a CSV saved with a byte-order mark is read; unknown users name their field")
    func leaderBOMAndFieldNames() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let csv = "\u{FEFF}user_email,metric,date,value\r\n\(fixture.outsider.email),visits,2026-05-04,7\r\n"
            let response = try await fixture.postActualsCSV(csv, by: fixture.leader)
            #expect(response.status == .created, "\(response.body)")
            #expect(try await fixture.storedActuals() == [key(fixture.outsider, "visits", "2026-05-04"): 7])
            let unknown = try await fixture.postActualsCSV(
                "user_email,metric,date,value\nnobody@example.com,visits,2026-05-04,7\n", by: fixture.leader)
            #expect(unknown.problem?.errors?.first?.field == "line 2.user_email")
            let json = try await api.request(
                .post, "/v1/actuals", token: fixture.leader.token,
                json: ["rows": [["user_id": UUID().uuidString, "metric": "visits", "date": "2026-05-04", "value": 1]]])
            #expect(json.problem?.errors?.first?.field == "rows[0].user_id")
        }
    }

    @Test("a bad CSV line is 422 naming its line number (the header is line 1), and nothing is stored")
    func badCSV() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let good = "\(fixture.veteran.email),revenue,2026-04-01,120000"
            let cases: [(line: String, field: String)] = [
                ("\(fixture.veteran.email),revenue,2026-04-02,-5", "line 3"),
                ("\(fixture.veteran.email),revenue,2026-13-01,5", "line 3"),
                ("\(fixture.veteran.email),revenue,2026-04-02,5.5", "line 3"),
                ("\(fixture.veteran.email),revenue,2026-04-02", "line 3"),
                ("nobody@example.com,revenue,2026-04-02,5", "line 3"),
            ]
            for bad in cases {
                let csv = [
                    "user_email,metric,date,value", good, bad.line,
                    good.replacingOccurrences(of: "04-01", with: "04-03"),
                ]
                let response = try await fixture.postActualsCSV(csv.joined(separator: "\n"))
                expectProblem(response, .unprocessableContent, "validation_failed")
                #expect(
                    response.errorFields.contains { $0.hasPrefix(bad.field) }, "\(bad.line): \(response.errorFields)")
                #expect(!response.errorFields.contains { $0.hasPrefix("line 2") || $0.hasPrefix("line 4") })
            }
            #expect(try await fixture.storedActuals().isEmpty)
        }
    }

    @Test("a quoted field may hold a line break (RFC 4180): one record, and later lines keep their numbers")
    func quotedLineBreak() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let email = fixture.veteran.email
            let csv = [
                "user_email,metric,date,value",
                "\(email),revenue,2026-04-01,7",
                "\"\(email)\r\nsecond line\",revenue,2026-04-02,8",
                "\(email),revenue,2026-04-31,9",
                "\"\(email)\",\"revenue\",2026-04-04,\"10\"",
            ]
            var response = try await fixture.postActualsCSV(csv.joined(separator: "\r\n"))
            expectProblem(response, .unprocessableContent, "validation_failed")
            // Line 3's record runs on to line 4, so the bad date is on line 5.
            #expect(response.errorFields.sorted() == ["line 3.user_email", "line 5.date"], "\(response.body)")
            #expect(try await fixture.storedActuals().isEmpty)

            response = try await fixture.postActualsCSV(
                [csv[0], csv[1], "\"\(email)\",\"revenue, \"\"quoted\"\"\",2026-04-03,1", csv[4]].joined(separator: "\n"))
            expectProblem(response, .unprocessableContent, "validation_failed")
            #expect(response.errorFields == ["line 3.metric"], "a quoted comma and quote stay in the field: \(response.body)")

            response = try await fixture.postActualsCSV([csv[0], csv[1], csv[4]].joined(separator: "\n") + "\n\n")
            #expect(response.status == .created, "\(response.body)")
            #expect(try response.decode(API.ActualsResult.self).stored == 2)
        }
    }

    @Test("a CSV that is not UTF-8 (a GB18030 export) is 422 naming the body, and nothing is stored")
    func notUTF8() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            // "张三" in GB18030, as Excel on Chinese Windows saves it.
            let text = "user_email,metric,date,value\n\(fixture.veteran.email),revenue,2026-04-01,1\n"
            let bytes = Array(text.utf8) + [0xD5, 0xC5, 0xC8, 0xFD] + Array(",revenue,2026-04-02,1\n".utf8)
            let response = try await api.request(
                .post, "/v1/actuals", token: fixture.admin.token, bytes: bytes, headers: [.contentType: "text/csv"])
            expectProblem(response, .unprocessableContent, "validation_failed")
            #expect(response.errorFields == ["body"], "\(response.body)")
            #expect(response.body.contains("UTF-8"))
            #expect(try await fixture.storedActuals().isEmpty)
        }
    }

    @Test("a CSV without the expected header is 422")
    func wrongHeader() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            for header in ["user_id,metric,date,value", "user_email,date,metric,value", "user_email,metric,date", ""] {
                let response = try await fixture.postActualsCSV(
                    "\(header)\n\(fixture.veteran.email),revenue,2026-04-01,1\n")
                expectProblem(response, .unprocessableContent, "validation_failed")
                #expect(response.errorFields.contains { $0.hasPrefix("line 1") }, "\(header): \(response.errorFields)")
            }
            #expect(try await fixture.storedActuals().isEmpty)
        }
    }

    @Test("reps, viewers and anonymous callers may not post actuals")
    func forbidden() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let rows = [Actual(fixture.veteran, "revenue", "2026-04-01", 1)]
            for member in [fixture.veteran, fixture.viewer] {
                expectProblem(try await fixture.postActuals(rows, by: member), .forbidden, "forbidden")
                let csv = try await fixture.postActualsCSV(
                    "user_email,metric,date,value\n\(fixture.veteran.email),revenue,2026-04-01,1\n", by: member)
                expectProblem(csv, .forbidden, "forbidden")
            }
            let anonymous = try await api.request(.post, "/v1/actuals", json: ["rows": rows.map(\.json)])
            expectProblem(anonymous, .unauthorized, "unauthenticated")
            #expect(try await fixture.storedActuals().isEmpty)
        }
    }

    @Test("a manager posting for a user outside their subtree is 422 naming the row, and nothing is stored")
    func outsideSubtree() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            var response = try await fixture.postActuals(
                [
                    Actual(fixture.veteran, "revenue", "2026-04-01", 1),
                    Actual(fixture.outsider, "revenue", "2026-04-01", 1),
                ], by: fixture.manager)
            expectProblem(response, .unprocessableContent, "validation_failed")
            #expect(response.errorFields.contains { $0.hasPrefix("rows[1]") }, "\(response.errorFields)")
            #expect(!response.errorFields.contains { $0.hasPrefix("rows[0]") })

            response = try await fixture.postActuals(
                [Actual(fixture.veteran, "revenue", "2026-04-01", 1)], by: fixture.otherManager)
            expectProblem(response, .unprocessableContent, "validation_failed")
            #expect(response.errorFields.contains { $0.hasPrefix("rows[0]") }, "\(response.errorFields)")

            response = try await fixture.postActualsCSV(
                "user_email,metric,date,value\n\(fixture.veteran.email),revenue,2026-04-01,1\n"
                    + "\(fixture.outsider.email),revenue,2026-04-01,1\n", by: fixture.manager)
            expectProblem(response, .unprocessableContent, "validation_failed")
            #expect(response.errorFields.contains { $0.hasPrefix("line 3") }, "\(response.errorFields)")
            #expect(try await fixture.storedActuals().isEmpty)
        }
    }

    @Test("a body over 1 MiB is 413 payload_too_large, as JSON or as CSV")
    func oversize() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let row = Actual(fixture.veteran, "revenue", "2026-04-01", 1).json
            let rowText = String(
                decoding: try JSONSerialization.data(withJSONObject: row, options: .sortedKeys), as: UTF8.self)
            let count = (1 << 20) / rowText.utf8.count + 1
            var response = try await api.request(
                .post, "/v1/actuals", token: fixture.admin.token,
                raw: #"{"rows": ["# + Array(repeating: rowText, count: count).joined(separator: ",") + "]}")
            expectProblem(response, .contentTooLarge, "payload_too_large")

            let line = "\(fixture.veteran.email),revenue,2026-04-01,1\n"
            response = try await fixture.postActualsCSV(
                "user_email,metric,date,value\n" + String(repeating: line, count: (1 << 20) / line.utf8.count + 1))
            expectProblem(response, .contentTooLarge, "payload_too_large")
            #expect(try await fixture.storedActuals().isEmpty)
        }
    }
}
