/// Finds people, organisations and places in one article, and the mentions that point at them.
///
/// Pass 1 walks capitalised runs ("Russian President Vladimir Putin", "Russian Direct Investment
/// Fund") and splits each into gazetteer entries, organisation names (a run ending in a suffix such
/// as "Fund"), a role (titles, modifiers, nationalities) and a name. Pass 2 decides which names are
/// people (a title before, a known first name, a cue verb after, or the surname reused) and resolves
/// surname-only mentions to the full name introduced in the article, then the lexicon's aliases.
/// Pass 3 resolves role phrases ("the Kremlin leader") and pronouns in reading order.
struct EntityRecognizer {
    struct Candidate {
        var first: Int
        var end: Int
        /// First token of the role before the name, or -1.
        var roleFirst: Int
        var evidence: Bool
        var gender: Lexicon.Gender
        var isCredit: Bool
        /// Right after a preposition of place ("in Harbourton") with no title, honorific or first name.
        var locative = false
    }

    let lexicon: Lexicon
    let bytes: [UInt8]
    let tokens: [Token]
    let published: String?
    let authorKey: UInt64?

    private(set) var entities: [EntityRecord] = []
    private(set) var mentions: [Mention] = []
    private var entityIndex: [UInt64: Int] = [:]
    private var candidates: [Candidate] = []
    /// First token and token count of each paragraph.
    private var paragraphFirst: [Int] = []
    private var paragraphCount: [Int] = []

    init(lexicon: Lexicon, bytes: [UInt8], tokens: [Token], published: String?, author: String?) {
        self.lexicon = lexicon
        self.bytes = bytes
        self.tokens = tokens
        self.published = published
        self.authorKey = author.map(Lexicon.hashes).flatMap { $0.isEmpty ? nil : Lexicon.key($0) }
    }

    func text(_ first: Int, _ end: Int) -> String {
        String(decoding: bytes[tokens[first].start..<tokens[end - 1].end], as: UTF8.self)
    }

    // MARK: Pass 1 — capitalised runs

    mutating func recognize() {
        let n = tokens.count
        if let last = tokens.last {
            paragraphFirst = Array(repeating: 0, count: Int(last.paragraph) + 1)
            paragraphCount = Array(repeating: 0, count: Int(last.paragraph) + 1)
            for (i, t) in tokens.enumerated().reversed() {
                paragraphFirst[Int(t.paragraph)] = i
                paragraphCount[Int(t.paragraph)] += 1
            }
        }
        var i = 0
        while i < n {
            let t = tokens[i]
            guard t.isWord, t.isCapitalized, t.flags.contains(.hasLetter) else {
                i += 1
                continue
            }
            var end = i + 1
            var j = i + 1
            var hasTitle = lexicon.titleSet.contains(t.hash)
            if !t.flags.contains(.possessive) {
                while j < n {
                    let u = tokens[j]
                    if u.paragraph != t.paragraph || u.quote != t.quote || !u.isWord { break }
                    if u.isCapitalized && u.flags.contains(.hasLetter) {
                        if Words.calendar.contains(u.hash) { break }
                        if lexicon.titleSet.contains(u.hash) { hasTitle = true }
                        end = j + 1
                        j += 1
                        if u.flags.contains(.possessive) { break }
                        continue
                    }
                    let joins = Words.connectors.contains(u.hash) || Words.particles.contains(u.hash)
                        || (u.hash == Words.and && hasTitle)
                    if joins, j + 1 < n, tokens[j + 1].isWord, tokens[j + 1].isCapitalized,
                        tokens[j + 1].paragraph == t.paragraph, tokens[j + 1].quote == t.quote
                    {
                        j += 1
                        continue
                    }
                    break
                }
            }
            processRun(i, end)
            i = end
        }
        resolveCandidates()
        addRolesAndPronouns()
        resolveInOrder()
    }

    func gazetteerMatch(_ k: Int, _ e: Int) -> (Int, Lexicon.GazetteerEntry)? {
        var best: (Int, Lexicon.GazetteerEntry)?
        var h: UInt64 = 0x51_7CC1_B727_220A
        var len = 0
        var j = k
        while j < e && len < lexicon.gazetteerMaxWords {
            h = TextScan.phrase(h, tokens[j].hash)
            len += 1
            let key = len == 1 ? tokens[j].hash : h
            if let entry = lexicon.gazetteer[key], entry.kind != .person,
                !entry.requiresCaps || (len == 1 && tokens[j].flags.contains(.allCaps)) || len > 1
            {
                best = (len, entry)
            }
            if tokens[j].flags.contains(.possessive) { break }
            j += 1
        }
        return best
    }

    func isRoleWord(_ t: Token) -> Bool {
        lexicon.titleSet.contains(t.hash) || lexicon.modifierSet.contains(t.hash)
            || lexicon.nationalityConcept[t.hash] != nil || lexicon.honorificSet.contains(t.hash)
    }

    /// End of an organisation name starting at `k` ("Russian Direct Investment Fund", "Ministry of Defence").
    func orgEnd(_ k: Int, _ e: Int) -> Int? {
        var j = k
        var found: Int?
        // Organisation names are short; the cap keeps all-caps paragraphs (one long run) linear.
        while j < e, j < k + 8 {
            let t = tokens[j]
            if !t.isCapitalized { break }
            if lexicon.orgSuffixSet.contains(t.hash) { found = j + 1 }
            else if lexicon.titleSet.contains(t.hash) { break }
            if t.flags.contains(.possessive) { break }
            j += 1
        }
        // A suffix word alone ("Press", "Police") or before a title ("Press Secretary") is no organisation.
        guard var end = found, end - k >= 2 else { return nil }
        if end < e, lexicon.titleSet.contains(tokens[end].hash) { return nil }
        if end < e, tokens[end].hash == Words.of || tokens[end].hash == Words.for {
            end = e
        }
        return end
    }

    mutating func processRun(_ s: Int, _ e: Int) {
        var k = s
        while k < e {
            let t = tokens[k]
            let acronymPlace = t.flags.contains(.allCaps) && lexicon.gazetteer[t.hash] != nil
            if (lexicon.nonEntitySet.contains(t.hash) && !acronymPlace) || !t.isCapitalized { k += 1 } else { break }
        }
        var st = RunState()
        st.name.reserveCapacity(4)
        while k < e {
            let t = tokens[k]
            if !t.isCapitalized {
                if Words.particles.contains(t.hash) && !st.name.isEmpty {
                    st.name.append(k)
                } else if !st.name.isEmpty {
                    flush(&st)
                }
                k += 1
                continue
            }
            let afterFirstName = st.name.last.map { lexicon.firstNameGender[tokens[$0].hash] != nil } ?? false
            if !afterFirstName, let (len, entry) = gazetteerMatch(k, e) {
                flush(&st)
                addMention(k, k + len, name: entry.name, kind: entry.kind == .org ? .org : .place, key: entry.key)
                // A place or organisation just before a title is part of the role ("Kremlin spokesman").
                if k + len < e, isRoleWord(tokens[k + len]) || lexicon.titleSet.contains(tokens[k + len].hash) {
                    st.roleStart = k
                }
                k += len
                continue
            }
            if st.name.isEmpty, let oe = orgEnd(k, e) {
                flush(&st)
                let from = st.roleStart >= 0 ? st.roleStart : k
                addMention(from, oe, name: text(from, oe), kind: .org, key: wordsKey(from, oe))
                st.roleStart = -1
                k = oe
                continue
            }
            if isRoleWord(t) && !(afterFirstName && !lexicon.titleSet.contains(t.hash)) {
                flush(&st)
                if st.roleStart < 0 { st.roleStart = k }
                if lexicon.titleSet.contains(t.hash) { st.roleHasTitle = true }
                if Words.maleTitles.contains(t.hash) { st.gender = .male }
                if Words.femaleTitles.contains(t.hash) { st.gender = .female }
                k += 1
                continue
            }
            // Anything else is part of a name; pass 2 decides whether it is a person.
            st.name.append(k)
            k += 1
        }
        flush(&st)
    }

    /// Name and role gathered while walking one capitalised run.
    struct RunState {
        var roleStart = -1
        var roleHasTitle = false
        var gender = Lexicon.Gender.unknown
        var name: [Int] = []
    }

    /// Turns the pending name (with its role) into a person candidate, then clears the state.
    mutating func flush(_ st: inout RunState) {
        defer {
            st.name.removeAll(keepingCapacity: true)
            st.roleStart = -1
            st.roleHasTitle = false
            st.gender = .unknown
        }
        guard !st.name.isEmpty else { return }
        var first = st.name[0]
        let last = st.name[st.name.count - 1]
        // Extend the role backwards over lowercase titles and modifiers ("Kremlin spokesperson").
        var rs = st.roleStart >= 0 ? st.roleStart : first
        var hasTitle = st.roleHasTitle
        var g = st.gender
        var j = rs - 1
        while j >= 0, j >= rs - 5, tokens[j].isWord, tokens[j].paragraph == tokens[first].paragraph,
            !tokens[j].flags.contains(.possessive)
        {
            let tj = tokens[j]
            if isRoleWord(tj) {
                if lexicon.titleSet.contains(tj.hash) { hasTitle = true }
            } else if tj.isCapitalized, let entry = lexicon.gazetteer[tj.hash], entry.kind != .person {
            } else {
                break
            }
            if Words.maleTitles.contains(tj.hash) { g = .male }
            if Words.femaleTitles.contains(tj.hash) { g = .female }
            rs = j
            j -= 1
        }
        for r in Swift.max(0, rs)..<first where Words.maleTitles.contains(tokens[r].hash) { g = .male }
        for r in Swift.max(0, rs)..<first where Words.femaleTitles.contains(tokens[r].hash) { g = .female }
        let honorific = (Swift.max(0, rs)..<first).contains { lexicon.honorificSet.contains(tokens[$0].hash) }
        let after = last + 1
        let cueAfter = after < tokens.count && tokens[after].isWord
            && !tokens[after].isCapitalized && lexicon.cueSet.contains(tokens[after].hash)
            && tokens[after].paragraph == tokens[last].paragraph
        // "…," wrote Matt Wolking / Matt Wolking, the campaign's deputy director: inverted cue or appositive role.
        let before = rs - 1
        let cueBefore = before >= 0 && st.name.count >= 2 && tokens[before].isWord && !tokens[before].isCapitalized
            && lexicon.cueSet.contains(tokens[before].hash) && tokens[before].paragraph == tokens[first].paragraph
        var appositive = false
        if after + 1 < tokens.count, tokens[after].isPunct(",") || Words.copulas.contains(tokens[after].hash) {
            var j = after + 1
            while j < min(tokens.count, after + 8), tokens[j].isWord, tokens[j].paragraph == tokens[last].paragraph {
                if lexicon.titleSet.contains(tokens[j].hash) {
                    // "In Harbourton, government spokesman Aurel Penning said": a title before a name is that
                    // name's role, not an appositive of the name before the comma.
                    var k = j + 1
                    while k < tokens.count, tokens[k].isWord, isRoleWord(tokens[k]) { k += 1 }
                    appositive = !(k < tokens.count && tokens[k].isWord && tokens[k].isCapitalized
                        && tokens[k].paragraph == tokens[last].paragraph && !lexicon.nonEntitySet.contains(tokens[k].hash))
                    break
                }
                j += 1
            }
        }
        var evidence = hasTitle || honorific || cueAfter || cueBefore || appositive
        var firstName = false
        if st.name.count >= 2 {
            if let f = st.name.dropLast().firstIndex(where: { lexicon.firstNameGender[tokens[$0].hash] != nil }) {
                if f > 0 && !hasTitle {
                    // Leading words before a first name are not part of it ("Meanwhile Joe Biden").
                    if st.roleStart < 0 { rs = st.name[f] }
                }
                first = st.name[f]
                evidence = true
                firstName = true
                if g == .unknown { g = lexicon.firstNameGender[tokens[first].hash] ?? .unknown }
            } else if evidence && st.name.count > 3 {
                first = st.name[st.name.count - 2]
            }
        }
        let credit = isCreditContext(first, last)
        // "talks in Harbourton", "In Port Avel, …": a bare name after a preposition of place is a place.
        let prep = rs - 1
        let locative = !hasTitle && !honorific && !firstName && rs >= first && prep >= 0 && tokens[prep].isWord
            && Words.locatives.contains(tokens[prep].hash) && tokens[prep].paragraph == tokens[first].paragraph
            && !tokens[last].flags.contains(.possessive)
        candidates.append(
            Candidate(first: first, end: last + 1, roleFirst: rs < first ? rs : -1, evidence: evidence,
                gender: g, isCredit: credit, locative: locative))
    }

    func isCreditContext(_ first: Int, _ last: Int) -> Bool {
        let p = tokens[first].paragraph
        var j = first - 1
        var steps = 0
        while j >= 0, steps < 6, tokens[j].paragraph == p {
            if Words.credit.contains(tokens[j].hash) { return true }
            j -= 1
            steps += 1
        }
        if last + 1 < tokens.count, tokens[last + 1].isPunct("/") { return true }
        // A byline paragraph: "By Anjali Sharma".
        return paragraphCount[Int(p)] < 14 && tokens[paragraphFirst[Int(p)]].hash == Words.by
    }

    // MARK: Pass 2 — people

    /// Entity key (as `Lexicon.key`), first and last word hash of the words in a token range, without allocating.
    func nameKey(_ first: Int, _ end: Int) -> (key: UInt64, first: UInt64, last: UInt64) {
        var h: UInt64 = 0x51_7CC1_B727_220A
        var count = 0
        var firstWord: UInt64 = 0
        var lastWord: UInt64 = 0
        for k in first..<end where tokens[k].isWord {
            if count == 0 { firstWord = tokens[k].hash }
            lastWord = tokens[k].hash
            h = TextScan.phrase(h, lastWord)
            count += 1
        }
        return (count == 1 ? firstWord : h, firstWord, lastWord)
    }

    func wordsKey(_ first: Int, _ end: Int) -> UInt64 { nameKey(first, end).key }

    /// The entity for `name`; `key` is the name's folded word key (computed from `name` when nil).
    mutating func entity(
        _ name: String, _ kind: EntityKind, key: UInt64? = nil, first: UInt64? = nil, last: UInt64? = nil
    ) -> Int {
        var key = key
        var firstWord = first
        var lastWord = last
        if key == nil || (kind == .person && (first == nil || last == nil)) {
            let words = Lexicon.hashes(name)
            key = key ?? Lexicon.key(words)
            firstWord = firstWord ?? words.first
            lastWord = lastWord ?? words.last
        }
        let k = key! &+ UInt64(kind == .person ? 1 : (kind == .org ? 2 : 3)) &* 0x9E37_79B9
        if let i = entityIndex[k] { return i }
        let gender = kind == .person ? lexicon.firstNameGender[firstWord ?? 0] ?? .unknown : .unknown
        entities.append(
            EntityRecord(
                name: name, kind: kind, gender: gender, aliases: [], roles: [], roleWords: [], mentions: 0,
                surname: lastWord ?? 0, isFullName: firstWord != lastWord))
        entityIndex[k] = entities.count - 1
        return entities.count - 1
    }

    func existingEntity(_ name: String, _ kind: EntityKind) -> Int? {
        let k = Lexicon.key(Lexicon.hashes(name)) &+ UInt64(kind == .person ? 1 : (kind == .org ? 2 : 3)) &* 0x9E37_79B9
        return entityIndex[k]
    }

    mutating func addMention(_ first: Int, _ end: Int, name: String, kind: Mention.Kind, key: UInt64) {
        let ek: EntityKind = kind == .org ? .org : (kind == .place ? .place : .person)
        let e = entity(name, ek, key: key)
        mentions.append(
            Mention(first: first, end: end, kind: kind, entity: e, gender: .unknown, inQuote: tokens[first].quote >= 0))
    }

    /// Collapses internal whitespace (names copied across line breaks).
    func normalizedName(_ written: String) -> String {
        guard written.utf8.contains(where: { $0 == 0x0A || $0 == 0xC2 || $0 == 0x09 }) else { return written }
        return written.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{A0}" || $0 == "\t" })
            .joined(separator: " ")
    }

    /// The person entity a candidate names: the lexicon's canonical form when it is an alias.
    mutating func personEntity(_ c: Candidate) -> Int {
        let name = nameKey(c.first, c.end)
        if let alias = lexicon.gazetteer[name.key], alias.kind == .person {
            return entity(alias.name, .person, key: alias.key, first: alias.firstWord, last: alias.last)
        }
        if let existing = entityIndex[name.key &+ 1 &* 0x9E37_79B9] { return existing }
        return entity(normalizedName(text(c.first, c.end)), .person, key: name.key, first: name.first, last: name.last)
    }

    func isPersonAlias(_ first: Int, _ end: Int) -> Bool {
        lexicon.gazetteer[nameKey(first, end).key]?.kind == .person
    }

    mutating func resolveCandidates() {
        // Surnames used alone anywhere in the article: "repeated surname use" is person evidence.
        var singles = Set<UInt64>()
        for c in candidates where c.end - c.first == 1 { singles.insert(tokens[c.first].hash) }
        var people: [(candidate: Candidate, entity: Int)] = []
        var pending: [Candidate] = []
        var places: [Candidate] = []
        for c in candidates where !c.isCredit {
            let count = c.end - c.first
            // ALL-CAPS headlines ("CALLS GROW FOR SEATTLE MAYOR TO RESIGN") carry no name evidence.
            let shouting = (c.first..<c.end).allSatisfy { !tokens[$0].isWord || tokens[$0].flags.contains(.allCaps) }
            if shouting && !isPersonAlias(c.first, c.end) { continue }
            if c.locative && !isPersonAlias(c.first, c.end) {
                places.append(c)
                continue
            }
            if count >= 2 && (c.evidence || singles.contains(tokens[c.end - 1].hash) || isPersonAlias(c.first, c.end)) {
                if let authorKey, nameKey(c.first, c.end).key == authorKey, tokens[c.first].quote < 0,
                    isShortParagraph(tokens[c.first].paragraph)
                {
                    continue
                }
                let e = personEntity(c)
                record(c, entity: e)
                people.append((c, e))
            } else {
                pending.append(c)
            }
        }
        // Surname-only (and other single-token) candidates, now that full names are known.
        for c in pending {
            let count = c.end - c.first
            let last = tokens[c.end - 1].hash
            // A surname alone means the first person the article introduced with it (Joe Biden, not his son).
            if let best = people.first(where: { entities[$0.entity].surname == last }) {
                record(c, entity: best.entity)
            } else if isPersonAlias(c.first, c.end)
                || (c.evidence && count <= 3 && !tokens[c.first].flags.contains(.allCaps))
            {
                record(c, entity: personEntity(c))
            }
        }
        // Names after a preposition of place are places, unless the article uses the word for a person
        // ("a letter to Biden, … faith in Biden").
        for c in places {
            let name = nameKey(c.first, c.end)
            if c.end - c.first == 1, let best = people.first(where: { entities[$0.entity].surname == name.last }) {
                record(c, entity: best.entity)
            } else if let existing = entityIndex[name.key &+ 1 &* 0x9E37_79B9] {
                record(c, entity: existing)
            } else {
                addMention(c.first, c.end, name: normalizedName(text(c.first, c.end)), kind: .place, key: name.key)
            }
        }
    }

    func isShortParagraph(_ p: Int32) -> Bool { paragraphCount[Int(p)] < 15 }

    mutating func record(_ c: Candidate, entity e: Int) {
        if entities[e].gender == .unknown && c.gender != .unknown { entities[e].gender = c.gender }
        if c.roleFirst >= 0 {
            let words = (c.roleFirst..<c.first).map { tokens[$0] }.filter {
                $0.isWord && !lexicon.honorificSet.contains($0.hash)
            }
            if !words.isEmpty {
                let role = text(c.roleFirst, c.first)
                if !entities[e].roles.contains(role) {
                    entities[e].roles.append(role)
                    entities[e].roleWords.append(words.map { lexicon.concept($0.hash) })
                }
            }
        }
        mentions.append(
            Mention(first: c.first, end: c.end, kind: .person, entity: e, gender: c.gender,
                inQuote: tokens[c.first].quote >= 0))
    }

    // MARK: Pass 3 — role phrases and pronouns

    mutating func addRolesAndPronouns() {
        let n = tokens.count
        for i in 0..<n {
            let t = tokens[i]
            guard t.isWord, t.quote < 0 else { continue }
            if t.hash == Words.he || t.hash == Words.she || t.hash == Words.they || t.hash == Words.it {
                let g: Lexicon.Gender = t.hash == Words.he ? .male : (t.hash == Words.she ? .female : .unknown)
                mentions.append(Mention(first: i, end: i + 1, kind: .pronoun, entity: -1, gender: g, inQuote: false))
                continue
            }
            guard t.hash == Words.the || t.hash == Words.a || t.hash == Words.an else { continue }
            var j = i + 1
            var head = -1
            while j < n, j <= i + 6, tokens[j].isWord, tokens[j].quote < 0, tokens[j].paragraph == t.paragraph {
                let u = tokens[j]
                if lexicon.titleSet.contains(u.hash) {
                    head = j
                } else if lexicon.modifierSet.contains(u.hash) || lexicon.nationalityConcept[u.hash] != nil
                    || (u.isCapitalized && (lexicon.gazetteer[u.hash].map { $0.kind != .person } ?? false))
                {
                } else {
                    break
                }
                j += 1
                if u.flags.contains(.possessive) { break }
            }
            guard head >= 0, head == j - 1 else { continue }
            // "the Russian President Vladimir Putin": the name carries the mention.
            if j < n, tokens[j].isWord, tokens[j].isCapitalized, tokens[j].paragraph == t.paragraph { continue }
            mentions.append(Mention(first: i, end: j, kind: .role, entity: -1, gender: .unknown, inQuote: false))
        }
        mentions.sort { $0.first < $1.first }
    }

    func roleWords(_ m: Mention) -> [UInt64] {
        var words: [UInt64] = []
        for k in (m.first + 1)..<m.end where tokens[k].isWord { words.append(tokens[k].hash) }
        // "the President of Russia"
        if m.end + 1 < tokens.count, tokens[m.end].hash == Words.of, tokens[m.end + 1].isCapitalized,
            lexicon.gazetteer[tokens[m.end + 1].hash]?.kind == .place
        {
            words.insert(tokens[m.end + 1].hash, at: words.count - 1)
        }
        return words
    }

    func roleMatches(_ words: [UInt64], _ role: [UInt64]) -> Bool {
        guard let head = words.last else { return false }
        let isDeputy = role.contains(Words.deputy) || role.contains(Words.vice)
        var headOK = role.contains(head)
        if !headOK, lexicon.leaderSet.contains(head), !isDeputy {
            headOK = role.contains { lexicon.leaderSet.contains($0) }
                || (role.contains(Words.minister) && role.contains(Words.prime))
        }
        guard headOK else { return false }
        for w in words.dropLast() where !Words.looseModifiers.contains(w) {
            if !role.contains(lexicon.concept(w)) { return false }
        }
        return true
    }

    mutating func resolveInOrder() {
        var lastSeen: [Int: Int] = [:]  // entity → token of its latest person mention outside quotes
        var recent: [(entity: Int, token: Int, paragraph: Int32)] = []
        for m in mentions.indices {
            let mention = mentions[m]
            switch mention.kind {
            case .person:
                if !mention.inQuote {
                    lastSeen[mention.entity] = mention.first
                    recent.append((mention.entity, mention.first, tokens[mention.first].paragraph))
                }
            case .role:
                let words = roleWords(mention)
                var best: (entity: Int, seen: Int)?
                for (e, record) in entities.enumerated() where record.kind == .person {
                    guard record.roleWords.contains(where: { roleMatches(words, $0) }) else { continue }
                    let seen = lastSeen[e] ?? -1
                    if best == nil || seen > best!.seen { best = (e, seen) }
                }
                var resolved = best?.entity
                if resolved == nil, let name = lexicon.person(forRole: words, on: published) {
                    resolved = entity(name, .person)
                }
                // "the president": the office holder the role table gives, when the article names them.
                if resolved == nil, let head = words.last,
                    words.dropLast().allSatisfy({ Words.looseModifiers.contains($0) })
                {
                    for name in lexicon.people(forRoleHead: head, on: published) {
                        if let e = existingEntity(name, .person), best == nil || (lastSeen[e] ?? -1) > best!.seen {
                            best = (e, lastSeen[e] ?? -1)
                        }
                    }
                    resolved = best?.entity
                }
                if let e = resolved {
                    mentions[m].entity = e
                    lastSeen[e] = mention.first
                    recent.append((e, mention.first, tokens[mention.first].paragraph))
                }
            case .pronoun:
                guard mention.gender != .unknown else { continue }
                let p = tokens[mention.first].paragraph
                for r in recent.reversed() {
                    if p - r.paragraph > 4 { break }
                    let g = entities[r.entity].gender
                    if g == .unknown || g == mention.gender {
                        mentions[m].entity = r.entity
                        break
                    }
                }
            case .org, .place:
                break
            }
        }
        // Counts and aliases (pronouns are not mentions of an entity).
        var seenForms: [[UInt64]] = Array(repeating: [], count: entities.count)
        for mention in mentions where mention.entity >= 0 && mention.kind != .pronoun {
            entities[mention.entity].mentions += 1
            // Distinct written forms, compared by a hash of their bytes before any string is built.
            var h = TextScan.fnvOffset
            for b in bytes[tokens[mention.first].start..<tokens[mention.end - 1].end] { h = TextScan.mix(h, b) }
            if !seenForms[mention.entity].contains(h) {
                seenForms[mention.entity].append(h)
                entities[mention.entity].aliases.append(text(mention.first, mention.end))
            }
        }
    }
}
