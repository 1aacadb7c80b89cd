import Foundation
import QuarryIndex
import Testing

@Suite struct JSONStringArrayTests {
    @Test func encodesStringsThatJSONParsersReadBackUnchanged() throws {
        let strings = ["plain", "", "quote\"d", "back\\slash", "tab\tand\u{1}control", "naïve café", "日本"]
        let text = JSONStringArray.encode(strings)
        let decoded = try JSONDecoder().decode([String].self, from: Data(text.utf8))
        #expect(decoded == strings)
        #expect(JSONStringArray.encode([]) == "[]")
    }
}
