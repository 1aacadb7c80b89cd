import Foundation

/// The data extraction uses: cue verbs, titles, role and alias tables, a gazetteer and first names.
///
/// Decoded from `Config/lexicon.json` (its structure is documented in `Config/lexicon.md`). Decoding
/// compiles every word and phrase into folded hashes, so lookups during extraction build no strings.
package struct Lexicon: Decodable, Sendable {
    /// One dated entry of the role table ("US President" → "Donald Trump" from 2025-01-20).
    package struct RoleEntry: Codable, Sendable, Equatable {
        /// The role as written ("US President").
        package var role: String
        /// Who holds it.
        package var name: String
        /// ISO dates (inclusive start, exclusive end); nil means open.
        package var from: String?
        package var until: String?
    }

    /// First names that are evidence of a person and give the gender pronouns need.
    package struct FirstNames: Codable, Sendable, Equatable {
        package var male: [String]
        package var female: [String]
    }

    enum Gender: UInt8, Sendable { case unknown, male, female }

    enum GazetteerKind: UInt8, Sendable { case person, org, place }

    struct GazetteerEntry: Sendable {
        var name: String
        var kind: GazetteerKind
        /// All-caps acronyms ("US", "WHO") match only all-caps tokens.
        var requiresCaps: Bool
        /// Key of the canonical name (its folded word hashes) and of its last word.
        var key: UInt64 = 0
        var last: UInt64 = 0
        var firstWord: UInt64 = 0
    }

    // The file's contents, read-only: the compiled tables below are built from them once.
    /// Format version (1).
    package let version: Int
    /// Speech cues in every inflected form; `-ing` forms act as participles.
    package let cueVerbs: [String]
    /// Titles and role nouns ("president", "spokesman").
    package let titleWords: [String]
    /// Words that may sit inside a role ("former", "deputy").
    package let roleModifiers: [String]
    /// Titles "the … leader" may stand for.
    package let leaderHeads: [String]
    /// Mr, Mrs, Dr…: person evidence, never part of a name.
    package let honorifics: [String]
    /// Nationality adjective → country ("Russian" → "Russia"), nil when none.
    package let nationalities: [String: String?]
    /// The dated role table ("Kremlin spokesman" → "Dmitry Peskov").
    package let roles: [RoleEntry]
    /// Canonical person → aliases.
    package let people: [String: [String]]
    /// Gazetteer: canonical place → aliases.
    package let places: [String: [String]]
    /// Gazetteer: canonical organisation → aliases.
    package let orgs: [String: [String]]
    /// Last words that make a capitalised run an organisation ("Fund", "Ministry").
    package let orgSuffixes: [String]
    /// Capitalised words that never start a name.
    package let nonEntityWords: [String]
    /// Known first names by gender.
    package let firstNames: FirstNames

    // Compiled tables (folded word hashes; phrase hashes for multi-word entries).
    var cueSet = WordSet([])
    var participleCues = WordSet([])
    var titleSet = WordSet([])
    var modifierSet = WordSet([])
    var leaderSet = WordSet([])
    var honorificSet = WordSet([])
    /// Nationality adjective (word or phrase hash) → concept hash of its country (or of itself).
    var nationalityConcept = WordTable<UInt64>([:])
    var nationalityMaxWords = 1
    var roleTable: [UInt64: [RoleEntry]] = [:]
    /// Role entries by the role's head word ("president"), for "the president" when the article names no one.
    var roleHeads: [UInt64: [RoleEntry]] = [:]
    var gazetteer = WordTable<GazetteerEntry>([:])
    var gazetteerMaxWords = 1
    /// Single-word place aliases → concept hash of the canonical place ("u.s." → "united states").
    var placeConcept = WordTable<UInt64>([:])
    var orgSuffixSet = WordSet([])
    var nonEntitySet = WordSet([])
    var firstNameGender = WordTable<Gender>([:])
    /// Folded alias (see `EntityCanonicalizer.fold`) → canonical person name.
    var personAliases: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case version
        case cueVerbs = "cue_verbs"
        case titleWords = "title_words"
        case roleModifiers = "role_modifiers"
        case leaderHeads = "leader_heads"
        case honorifics
        case nationalities
        case roles
        case people
        case places
        case orgs
        case orgSuffixes = "org_suffixes"
        case nonEntityWords = "non_entity_words"
        case firstNames = "first_names"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        cueVerbs = try c.decode([String].self, forKey: .cueVerbs)
        titleWords = try c.decode([String].self, forKey: .titleWords)
        roleModifiers = try c.decodeIfPresent([String].self, forKey: .roleModifiers) ?? []
        leaderHeads = try c.decodeIfPresent([String].self, forKey: .leaderHeads) ?? []
        honorifics = try c.decodeIfPresent([String].self, forKey: .honorifics) ?? []
        nationalities = try c.decodeIfPresent([String: String?].self, forKey: .nationalities) ?? [:]
        roles = try c.decodeIfPresent([RoleEntry].self, forKey: .roles) ?? []
        people = try c.decodeIfPresent([String: [String]].self, forKey: .people) ?? [:]
        places = try c.decodeIfPresent([String: [String]].self, forKey: .places) ?? [:]
        orgs = try c.decodeIfPresent([String: [String]].self, forKey: .orgs) ?? [:]
        orgSuffixes = try c.decodeIfPresent([String].self, forKey: .orgSuffixes) ?? []
        nonEntityWords = try c.decodeIfPresent([String].self, forKey: .nonEntityWords) ?? []
        firstNames = try c.decodeIfPresent(FirstNames.self, forKey: .firstNames) ?? FirstNames(male: [], female: [])
        compile()
    }

    /// Reads and compiles a lexicon file.
    package static func load(from url: URL) throws(ExtractError) -> Lexicon {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .lexiconUnreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data, path: url.path)
    }

    /// Decodes and compiles lexicon JSON; `path` only names the source in errors.
    package static func decode(_ data: Data, path: String = "lexicon") throws(ExtractError) -> Lexicon {
        let lexicon: Lexicon
        do {
            lexicon = try JSONDecoder().decode(Lexicon.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .lexiconMalformed(path: path, reason: "missing key `\(key.stringValue)`")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let where_ = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .lexiconMalformed(path: path, reason: "wrong type at `\(where_)`")
        } catch {
            throw .lexiconMalformed(path: path, reason: "not JSON (\(error.localizedDescription))")
        }
        guard lexicon.version == 1 else {
            throw .lexiconInvalid(path: path, reason: "version \(lexicon.version) is not supported (expected 1)")
        }
        guard !lexicon.cueVerbs.isEmpty else {
            throw .lexiconInvalid(path: path, reason: "`cue_verbs` is empty, so no quote could be attributed")
        }
        guard !lexicon.titleWords.isEmpty else {
            throw .lexiconInvalid(path: path, reason: "`title_words` is empty, so no role could be recognised")
        }
        return lexicon
    }

    /// Entity key of a name's folded word hashes.
    static func key(_ words: [UInt64]) -> UInt64 {
        words.count == 1 ? words[0] : TextScan.phraseHash(words)
    }

    /// The canonical person a written form (as word hashes) is an alias of.
    func personAlias(_ words: [UInt64]) -> GazetteerEntry? {
        guard let e = gazetteer[Self.key(words)], e.kind == .person else { return nil }
        return e
    }

    /// Folded word hashes of a phrase, as the tokenizer sees it.
    static func hashes(_ phrase: String) -> [UInt64] {
        Tokenizer.words(in: Array(phrase.utf8)).map(\.hash)
    }

    /// The concept a word stands for in roles: "American", "US", "U.S." all mean United States.
    func concept(_ hash: UInt64) -> UInt64 {
        nationalityConcept[hash] ?? placeConcept[hash] ?? hash
    }

    /// Role-table key of a sequence of word hashes.
    func roleKey(_ words: [UInt64]) -> UInt64 {
        TextScan.phraseHash(words.map { concept($0) })
    }

    /// The person the role table gives for `words` at `date` (ISO; nil = today, the open-ended entry).
    func person(forRole words: [UInt64], on date: String?) -> String? {
        guard let entries = roleTable[roleKey(words)] else { return nil }
        if let date {
            if let hit = entries.first(where: { ($0.from ?? "") <= date && ($0.until.map { date < $0 } ?? true) }) {
                return hit.name
            }
            return nil
        }
        return entries.first(where: { $0.until == nil })?.name
    }

    /// Everyone the role table lists for a role ending in `head` at `date` ("the president" in 2018).
    func people(forRoleHead head: UInt64, on date: String?) -> [String] {
        (roleHeads[head] ?? []).filter { entry in
            if let date { return (entry.from ?? "") <= date && (entry.until.map { date < $0 } ?? true) }
            return entry.until == nil
        }.map(\.name)
    }

    private mutating func compile() {
        cueSet = WordSet(cueVerbs.map(TextScan.wordHash))
        participleCues = WordSet(cueVerbs.filter { $0.hasSuffix("ing") }.map(TextScan.wordHash))
        titleSet = WordSet(titleWords.map(TextScan.wordHash))
        modifierSet = WordSet(roleModifiers.map(TextScan.wordHash))
        leaderSet = WordSet(leaderHeads.map { Self.hashes($0).last ?? 0 })
        honorificSet = WordSet(honorifics.map(TextScan.wordHash))
        orgSuffixSet = WordSet(orgSuffixes.map(TextScan.wordHash))
        nonEntitySet = WordSet(nonEntityWords.map(TextScan.wordHash))
        var gazetteer: [UInt64: GazetteerEntry] = [:]
        var placeConcept: [UInt64: UInt64] = [:]
        var nationalityConcept: [UInt64: UInt64] = [:]
        var firstNameGender: [UInt64: Gender] = [:]

        // Sorted, so that a form two entries claim always goes the same way (see `add`).
        for (name, aliases) in places.sorted(by: { $0.key < $1.key }) {
            let canonical = TextScan.phraseHash(Self.hashes(name))
            for form in [name] + aliases {
                let words = Self.hashes(form)
                add(form, words: words, entry: GazetteerEntry(name: name, kind: .place, requiresCaps: isAcronym(form)), to: &gazetteer)
                if words.count == 1 { placeConcept[words[0]] = canonical }
            }
        }
        for (adjective, country) in nationalities.sorted(by: { $0.key < $1.key }) {
            let words = Self.hashes(adjective)
            let key = words.count == 1 ? words[0] : TextScan.phraseHash(words)
            nationalityConcept[key] = country.map { TextScan.phraseHash(Self.hashes($0)) } ?? key
            nationalityMaxWords = max(nationalityMaxWords, words.count)
        }
        for (name, aliases) in orgs.sorted(by: { $0.key < $1.key }) {
            for form in [name] + aliases {
                add(form, words: Self.hashes(form), entry: GazetteerEntry(name: name, kind: .org, requiresCaps: isAcronym(form)), to: &gazetteer)
            }
        }
        for (name, aliases) in people.sorted(by: { $0.key < $1.key }) {
            for form in [name] + aliases {
                personAliases[EntityCanonicalizer.fold(form)] = name
                add(form, words: Self.hashes(form), entry: GazetteerEntry(name: name, kind: .person, requiresCaps: false), to: &gazetteer)
            }
        }
        self.gazetteer = WordTable(gazetteer)
        self.placeConcept = WordTable(placeConcept)
        self.nationalityConcept = WordTable(nationalityConcept)
        // Role keys use the concept tables, so they are built last.
        for entry in roles {
            let words = Self.hashes(entry.role)
            roleTable[roleKey(words), default: []].append(entry)
            if let head = words.last { roleHeads[head, default: []].append(entry) }
        }
        for n in firstNames.male { firstNameGender[TextScan.wordHash(n)] = .male }
        for n in firstNames.female {
            let h = TextScan.wordHash(n)
            firstNameGender[h] = firstNameGender[h] == .male ? .unknown : .female
        }
        self.firstNameGender = WordTable(firstNameGender)
    }

    private mutating func add(_ form: String, words: [UInt64], entry: GazetteerEntry, to gazetteer: inout [UInt64: GazetteerEntry]) {
        guard !words.isEmpty else { return }
        var entry = entry
        let nameWords = Self.hashes(entry.name)
        entry.key = Self.key(nameWords)
        entry.last = nameWords.last ?? 0
        entry.firstWord = nameWords.first ?? 0
        let key = words.count == 1 ? words[0] : TextScan.phraseHash(words)
        // Places win over organisations and people for the same form (Georgia, Washington).
        if let existing = gazetteer[key] {
            if existing.kind == .place, entry.kind != .place { return }
            // An entry's own name wins over another entry's alias of the same kind.
            if existing.kind == entry.kind, existing.key == key, entry.key != key { return }
        }
        gazetteer[key] = entry
        gazetteerMaxWords = max(gazetteerMaxWords, words.count)
    }

    private func isAcronym(_ form: String) -> Bool {
        let letters = form.unicodeScalars.filter { $0.properties.isAlphabetic }
        return letters.count <= 5 && letters.count >= 1 && letters.allSatisfy { $0.properties.isUppercase }
    }
}
