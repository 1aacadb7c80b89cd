import Foundation
import QuarryIngest
import Testing

@Suite struct ArticleReaderTests {
    @Test func folderIsReadRecursivelyInSortedOrderSkippingHiddenAndUnknownFiles() throws {
        // Given a folder with nested, hidden and unknown-extension files
        let dir = try TemporaryFolder()
        try dir.write("b.txt", "Second\n\nBody two.")
        try dir.write("a.txt", "First\n\nBody one.")
        try dir.write("sub/c.txt", "Third\n\nBody three.")
        try dir.write(".hidden.txt", "Hidden\n\nNot read.")
        try dir.write(".git/d.txt", "Hidden folder\n\nNot read.")
        try dir.write("notes.md", "Not an article.")
        // When it is read
        let ids = try Fixture.read([dir.path]).compactMap { $0.raw?.id }
        // Then
        #expect(ids == ["a", "b", "sub/c"])
    }

    @Test func sameNamedFilesInSiblingFoldersGetDistinctIds() throws {
        let dir = try TemporaryFolder()
        try dir.write("sport/001.txt", "One\n\nBody one.")
        try dir.write("tech/001.txt", "Two\n\nBody two.")
        let ids = try Fixture.read([dir.path]).compactMap { $0.raw?.id }
        #expect(ids == ["sport/001", "tech/001"])
        // A file named directly keeps its bare name.
        #expect(try Fixture.read([dir.path + "/tech/001.txt"]).first?.raw?.id == "001")
    }

    @Test func explicitFileWithUnknownExtensionIsReadAsText() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("story.text", "Headline here\n\nSome body.")
        let raw = try #require(try Fixture.read([file]).first?.raw)
        #expect(raw.format == .text)
        #expect(raw.id == "story")
        #expect(raw.path == file)
    }

    @Test func ndjsonLinesGetIdsPathsAndMetadata() throws {
        let outcomes = try Fixture.read([Fixture.path("articles.ndjson")])
        let file = Fixture.path("articles.ndjson")
        let articles = outcomes.compactMap(\.raw)
        #expect(articles.map(\.id) == ["ex-1", "\(file)#2", "ex-5"])
        #expect(articles.map(\.path) == ["\(file)#1", "\(file)#2", "\(file)#6"])
        #expect(articles.allSatisfy { $0.inputFile == file && $0.format == .ndjson })
        let first = articles[0]
        #expect(first.title == "Council backs ferry plan")
        #expect(first.author == "Ann Example, Bo Sample")
        #expect(first.source == "Example Post")
        #expect(first.url == "https://example.com/a")
        #expect(articles[1].text == "Body given as text, with an escaped \"quote\" and é.")
        #expect(articles[1].author == "Cy Example")
        #expect(articles[2].text == "Content fallback body.")
    }

    @Test func brokenNDJSONLineCostsOnlyThatLine() throws {
        let outcomes = try Fixture.read([Fixture.path("articles.ndjson")])
        let skips = outcomes.compactMap(\.skip)
        #expect(outcomes.compactMap(\.raw).count == 3)
        #expect(skips.count == 2)
        #expect(skips[0].input.hasSuffix("articles.ndjson#3"))
        #expect(skips[0].reason.hasPrefix("not valid JSON at line 3"))
        #expect(skips[1].reason == "no body")
    }

    @Test func jsonArticleFileKeepsItsMetadata() throws {
        let raw = try Fixture.article("article.json")
        #expect(raw.id == "json-1")
        #expect(raw.format == .json)
        #expect(raw.author == "Dee Example")
        #expect(raw.published == "February 25, 2025")
        #expect(raw.text.hasPrefix("WELLINGTON"))
    }

    @Test func jsonFileWithoutIdIsNamedAfterTheFile() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("piece.json", #"{"body": "Just a body.", "extra": {"nested": [1, 2.5e3, true, null]}}"#)
        let raw = try #require(try Fixture.read([file]).first?.raw)
        #expect(raw.id == "piece")
        #expect(raw.text == "Just a body.")
    }

    @Test func stdinStyleHandleIsReadAsNDJSON() throws {
        // Given NDJSON arriving on a pipe, as from stdin
        let pipe = Pipe()
        let payload = "{\"body\": \"From a pipe.\"}\n\n{\"id\": \"p2\", \"body\": \"Second.\"}"
        pipe.fileHandleForWriting.write(Data(payload.utf8))
        try pipe.fileHandleForWriting.close()
        // When
        var outcomes: [ReadOutcome] = []
        try ArticleReader().readNDJSON(from: pipe.fileHandleForReading, label: "-") { outcomes.append($0) }
        // Then lines are numbered, blank lines skipped silently, the last line needs no newline; a line
        // without an id is named by its content, so another stream's first line never takes its id.
        let articles = outcomes.compactMap(\.raw)
        #expect(articles.map(\.id) == ["-#" + articles[0].contentHash, "p2"])
        #expect(articles.map(\.path) == ["-#1", "-#3"])
        #expect(articles.allSatisfy { $0.inputFile == "-" && $0.origin == nil })
    }

    @Test func idlessLinesOfTwoStreamsGetDifferentIdsAndTheSameLineTheSameId() throws {
        func ids(_ payload: String) throws -> [String] {
            let pipe = Pipe()
            pipe.fileHandleForWriting.write(Data(payload.utf8))
            try pipe.fileHandleForWriting.close()
            var outcomes: [ReadOutcome] = []
            try ArticleReader().readNDJSON(from: pipe.fileHandleForReading, label: "-") { outcomes.append($0) }
            return outcomes.compactMap(\.raw?.id)
        }
        let one = try ids("{\"body\": \"First stream.\"}\n")
        let two = try ids("{\"body\": \"Second stream.\"}\n")
        #expect(one.count == 1 && two.count == 1)
        #expect(one != two)
        #expect(try ids("{\"body\": \"First stream.\"}\n") == one)
    }

    @Test func articlesNamedAfterTheirFileCarryTheirRealPathAndLongerIds() throws {
        let dir = try TemporaryFolder()
        try dir.write("bbc/tech/199.txt", "Title\n\nBody.")
        try dir.write("bbc/tech/feed.ndjson", "{\"body\": \"No id.\"}\n{\"id\": \"given\", \"body\": \"Id.\"}\n")
        let raws = try Fixture.read([dir.path + "/bbc/tech"]).compactMap(\.raw)
        let real = try #require(Paths.real(dir.path))
        #expect(raws.map(\.id) == ["199", "\(dir.path)/bbc/tech/feed.ndjson#1", "given"])
        #expect(raws[0].origin?.key == real + "/bbc/tech/199.txt")
        #expect(raws[0].origin?.longerIDs.prefix(2) == ["tech/199", "bbc/tech/199"])
        #expect(raws[0].origin?.longerIDs.last == real + "/bbc/tech/199.txt")
        #expect(raws[1].origin?.key == real + "/bbc/tech/feed.ndjson#1")
        #expect(raws[2].origin == nil)
    }

    @Test func latin1FileIsDecodedWithItsAccents() throws {
        let raw = try Fixture.article("latin1.txt")
        #expect(raw.text.hasPrefix("Café owner wins £5m prize"))
        #expect(raw.text.contains("León"))
        #expect(raw.text.contains("– “naïve luck”"))  // Windows-1252 punctuation in 0x80–0x9F
        guard case .singleByte = raw.byteMap else {
            Issue.record("expected a single-byte map")
            return
        }
    }

    @Test func byteOrderMarkIsDroppedAndRecordedAsShift() throws {
        let raw = try Fixture.article("bom.txt")
        #expect(raw.text.hasPrefix("City park"))
        #expect(raw.byteMap == .utf8(shift: 3))
    }

    @Test func binaryFileIsSkipped() throws {
        let skip = try #require(try Fixture.read([Fixture.path("binary.txt")]).first?.skip)
        #expect(skip.reason == "binary file")
    }

    @Test func emptyFileIsSkipped() throws {
        let skip = try #require(try Fixture.read([Fixture.path("empty.txt")]).first?.skip)
        #expect(skip.reason == "empty file")
    }

    @Test func missingPathIsSkipped() throws {
        let skip = try #require(try Fixture.read(["/nonexistent/quarry/x.txt"]).first?.skip)
        #expect(skip.input == "/nonexistent/quarry/x.txt")
        #expect(skip.reason == "no such file or directory")
    }

    @Test(.enabled(if: getuid() != 0, "root reads everything"))
    func unreadableFileIsSkipped() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("locked.txt", "Title\n\nBody.")
        chmod(file, 0)
        let skip = try #require(try Fixture.read([file]).first?.skip)
        #expect(skip.reason == "permission denied")
    }

    @Test func filesAndLinesOverTheSizeLimitAreSkipped() throws {
        let dir = try TemporaryFolder()
        let big = try dir.write("big.txt", String(repeating: "word ", count: 400))
        let lines = try dir.write(
            "big.ndjson", "{\"body\": \"\(String(repeating: "x", count: 3000))\"}\n{\"body\": \"small\"}\n")
        let limits = IngestLimits(maxArticleBytes: 1024)
        let outcomes = try Fixture.read([big, lines], limits: limits)
        #expect(outcomes.count == 3)
        #expect(outcomes[0].skip?.reason == "over the 1 KiB size limit (raise index.max_article_bytes)")
        #expect(outcomes[1].skip?.input == "\(lines)#1")
        #expect(outcomes[2].raw?.text == "small")
        #expect(IngestLimits().overLimitReason == "over the 10 MiB size limit (raise index.max_article_bytes)")
    }

    @Test func contentHashIsStableAndChangesWithContent() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("a.txt", "Title\n\nBody.")
        let first = try #require(try Fixture.read([file]).first?.raw?.contentHash)
        let again = try #require(try Fixture.read([file]).first?.raw?.contentHash)
        try dir.write("a.txt", "Title\n\nBody!")
        let changed = try #require(try Fixture.read([file]).first?.raw?.contentHash)
        #expect(first == again)
        #expect(first != changed)
        #expect(first.count == 16)
    }

    @Test func nonObjectAndInvalidUTF8LinesAreSkippedWithReasons() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("odd.ndjson", Array("[1, 2]\n{\"body\": \"ok\"} trailing\n{\"body\": \"".utf8) + [0xFF, 0x22, 0x7D, 0x0A])
        let reasons = try Fixture.read([file]).compactMap(\.skip?.reason)
        #expect(reasons.count == 3)
        #expect(reasons[0] == "not a JSON object at line 1")
        #expect(reasons[1].hasPrefix("not valid JSON at line 2: unexpected 't'"))
        #expect(reasons[2] == "not valid JSON at line 3: not valid UTF-8")
    }
}
