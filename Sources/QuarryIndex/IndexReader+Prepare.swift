import GRDB
import QuarryProtocol
import QuarryQuery

extension IndexReader {
    /// Compiles the query and merges its inline filters with the request's.
    func prepare(_ request: QueryRequest, quoteLevel: Bool = false) throws -> (QueryPlan, ResolvedFilters) {
        let plan: QueryPlan
        do {
            plan = try QueryCompiler.plan(request.q, quoteLevel: quoteLevel, expandPrefix: { [self] prefix in
                (try? self.prefixExpansion(prefix)) ?? []
            })
        } catch {
            throw QueryError.syntax(message: error.message, position: error.position)
        }
        var f = ResolvedFilters()
        let inline = plan.filters
        let rf = request.filters
        f.said = plan.said.map(EntityNames.fold)
        f.speaker = ((rf.speaker ?? []) + inline.speaker).map(EntityNames.fold)
        f.person = ((rf.person ?? []) + inline.person).map(EntityNames.fold)
        f.org = ((rf.org ?? []) + inline.org).map(EntityNames.fold)
        f.place = ((rf.place ?? []) + inline.place).map(EntityNames.fold)
        f.source = (rf.source ?? []) + inline.source
        f.author = (rf.author ?? []) + inline.author
        var since = inline.date?.since
        var until = inline.date?.until
        do {
            if let s = rf.since {
                let bound = try DateRange.firstDay(of: s)
                since = max(since ?? bound, bound)
            }
            if let u = rf.until {
                let bound = try DateRange.lastDay(of: u)
                until = min(until ?? bound, bound)
            }
        } catch {
            throw QueryError.badValue(error.message)
        }
        for (field, names) in inline.excluded {
            let folded = [FilterField.source, .author].contains(field) ? names : names.map(EntityNames.fold)
            f.excluded[field.rawValue, default: []].append(contentsOf: folded)
        }
        f.since = since
        f.until = until
        return (plan, f)
    }

    /// Surface words from the vocabulary that start with `prefix` but whose Porter stems do not,
    /// one per stem, so `immigra*` also finds "immigration" (indexed as "immigr").
    func prefixExpansion(_ prefix: String) throws -> [String] {
        let lower = prefix.lowercased()
        guard lower.count >= 2 else { return [] }
        return try read { db in
            let words = try String.fetchAll(
                db, sql: "SELECT word FROM vocab WHERE word >= ? AND word < ? ORDER BY word LIMIT 2000",
                arguments: [lower, lower + "\u{10FFFF}"])
            let tokenizer = try db.makeTokenizer(.porter(wrapping: .unicode61(diacritics: .remove)))
            var seenStems = Set<String>()
            var extra: [String] = []
            for word in words {
                guard let stem = try tokenizer.tokenize(document: word).first?.token else { continue }
                if stem.hasPrefix(lower) || seenStems.contains(stem) { continue }
                seenStems.insert(stem)
                extra.append(word)
            }
            return extra
        }
    }
}
