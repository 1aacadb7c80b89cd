import Foundation
import QuarryIngest
import Testing

@Suite struct CleaningRulesTests {
    @Test func repositoryRulesLoad() throws {
        let rules = try CleaningRules.load(from: Fixture.rulesURL)
        #expect(rules.formatVersion == 1)
        #expect(!rules.dropLines.isEmpty)
        #expect(rules.titleMarkers.contains("NextImg:"))
    }

    @Test func missingFileIsUnreadable() throws {
        let url = URL(fileURLWithPath: "/nonexistent/furniture.json")
        #expect(throws: IngestError.rulesUnreadable(path: url.path, reason: "no such file")) {
            try CleaningRules.load(from: url)
        }
    }

    @Test func brokenJSONIsInvalid() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("furniture.json", "{ not json")
        #expect(throws: IngestError.rulesInvalid(path: file, reason: "not valid JSON")) {
            try CleaningRules.load(from: URL(fileURLWithPath: file))
        }
    }

    @Test func wrongTypeNamesTheKey() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("furniture.json", #"{"drop_lines": "advertisement"}"#)
        #expect(throws: IngestError.rulesInvalid(path: file, reason: "wrong type at drop_lines")) {
            try CleaningRules.load(from: URL(fileURLWithPath: file))
        }
    }

    @Test func badPatternIsReported() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("furniture.json", #"{"drop_line_patterns": ["(unclosed"]}"#)
        #expect {
            try CleaningRules.load(from: URL(fileURLWithPath: file))
        } throws: { error in
            guard case IngestError.invalidPattern(let pattern, _)? = error as? IngestError else { return false }
            return pattern == "(unclosed"
        }
    }

    @Test func unknownVersionIsRejected() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("furniture.json", #"{"format_version": 2}"#)
        #expect(throws: IngestError.unsupportedRulesVersion(path: file, version: 2)) {
            try CleaningRules.load(from: URL(fileURLWithPath: file))
        }
    }

    @Test func errorDescriptionsSayWhatToDo() {
        let error = IngestError.rulesUnreadable(path: "/x/furniture.json", reason: "no such file")
        #expect(error.description.contains("/x/furniture.json"))
        #expect(error.description.contains("furniture"))
    }

    @Test func linePatternsDropShortLines() throws {
        var rules = CleaningRules()
        rules.dropLinePatterns = [#"^\d+ years ago$"#]
        let cleaner = try ArticleCleaner(rules: rules)
        let clean = cleaner.clean(Fixture.raw("Headline\n\n7 years ago\n\nIt happened 7 years ago.\n"))
        #expect(clean.text == "It happened 7 years ago.")
    }
}
