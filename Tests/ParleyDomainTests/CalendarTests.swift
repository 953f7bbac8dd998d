import Foundation
import Testing

@testable import ParleyDomain

@Suite struct CalendarTests {
    @Test func parsesAndFormatsMonths() throws {
        let month = try #require(YearMonth("2027-01"))
        #expect(month.year == 2027 && month.month == 1)
        #expect(month.description == "2027-01")
        for bad in ["2027-1", "2027-13", "2027-00", "27-01", "2027-01-01", "+027-01", "2027/01", "", "２０２７-01"] {
            #expect(YearMonth(bad) == nil, "\(bad)")
        }
    }

    @Test func monthArithmetic() throws {
        let start = try #require(YearMonth("2027-11"))
        #expect(start.adding(months: 2).description == "2028-01")
        #expect(start.adding(months: -11).description == "2026-12")
        #expect(start.months(until: try #require(YearMonth("2028-02"))) == 3)
        #expect(start.months(until: try #require(YearMonth("2027-01"))) == -10)
        #expect(start < start.adding(months: 1))
        #expect(start.firstDay.description == "2027-11-01")
        #expect(try #require(YearMonth("2028-02")).lastDay.description == "2028-02-29")
        #expect(try #require(YearMonth("2100-02")).dayCount == 28)
        #expect(try #require(YearMonth("2000-02")).dayCount == 29)
    }

    @Test func quarters() throws {
        #expect(try #require(YearMonth("2027-01")).quarter.description == "2027-Q1")
        #expect(try #require(YearMonth("2027-06")).quarter.description == "2027-Q2")
        #expect(try #require(YearMonth("2027-07")).quarter.description == "2027-Q3")
        #expect(try #require(YearMonth("2027-12")).quarter.description == "2027-Q4")
        #expect(try #require(Quarter(year: 2027, number: 3)).firstMonth.description == "2027-07")
        #expect(Quarter(year: 2027, number: 5) == nil)
    }

    @Test func parsesDatesStrictly() throws {
        let date = try #require(LocalDate("2028-02-29"))
        #expect(date.description == "2028-02-29")
        for bad in [
            "2027-02-29", "2027-04-31", "2027-1-01", "2027-01-1", "2027-01-01T00:00", " 2027-01-01", "0000-01-01",
            "2027-01-00", "2027-13-01", "2027-01-+1",
        ] {
            #expect(LocalDate(bad) == nil, "\(bad)")
        }
    }

    @Test func daysRoundTripAgainstFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let epoch = LocalDate(daysSinceEpoch: 0)
        #expect(epoch.description == "1970-01-01")
        #expect(epoch.weekday == .thursday)
        // From 1615 on: before 1582 Foundation switches to the Julian calendar, which the domain deliberately does not.
        for offset in stride(from: -130_000, through: 200_000, by: 997) {
            let date = LocalDate(daysSinceEpoch: offset)
            #expect(date.daysSinceEpoch == offset)
            let reference = Date(timeIntervalSince1970: Double(offset) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: reference)
            #expect(parts.year == date.year && parts.month == date.month && parts.day == date.day)
            // Foundation numbers Sunday 1 ... Saturday 7.
            #expect((parts.weekday! + 5) % 7 + 1 == date.weekday.rawValue)
        }
    }

    @Test func workingDaysAndIsoWeeks() throws {
        let friday = try #require(LocalDate("2027-01-01"))
        #expect(friday.weekday == .friday)
        #expect(friday.isWorkingDay)
        #expect(!friday.adding(days: 1).isWorkingDay)
        #expect(!friday.adding(days: 2).isWorkingDay)
        // 2027-01-01 is a Friday, so it belongs to the last ISO week of 2026.
        #expect(friday.isoWeek.description == "2026-W53")
        #expect(try #require(LocalDate("2027-01-04")).isoWeek.description == "2027-W01")
        #expect(try #require(LocalDate("2024-12-30")).isoWeek.description == "2025-W01")
        #expect(try #require(LocalDate("2021-01-03")).isoWeek.description == "2020-W53")
        #expect(try #require(LocalDate("2027-02-01")).isoWeek.description == "2027-W05")
    }

    @Test func isoWeeksAgreeWithFoundation() throws {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for offset in stride(from: 0, through: 40_000, by: 3) {
            let date = LocalDate(daysSinceEpoch: offset)
            let parts = calendar.dateComponents(
                [.yearForWeekOfYear, .weekOfYear], from: Date(timeIntervalSince1970: Double(offset) * 86_400))
            #expect(date.isoWeek.year == parts.yearForWeekOfYear && date.isoWeek.week == parts.weekOfYear)
        }
    }

    @Test func addingMonthsClampsToMonthEnd() throws {
        #expect(try #require(LocalDate("2027-01-31")).adding(months: 1).description == "2027-02-28")
        #expect(try #require(LocalDate("2027-10-15")).adding(months: 3).description == "2028-01-15")
    }

    @Test func codableUsesStringForms() throws {
        let encoded = try JSONEncoder().encode([try #require(LocalDate("2027-03-04"))])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["2027-03-04"]"#)
        let months = try JSONDecoder().decode([YearMonth].self, from: Data(#"["2027-03"]"#.utf8))
        #expect(months.first?.description == "2027-03")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["2027-02-30"]"#.utf8))
        }
    }
}
