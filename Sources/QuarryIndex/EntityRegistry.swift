import QuarryExtract

/// The index's entities as the writer sees them during a session: ids by canonical and written
/// name, person-name spelling variants merged, and the rows a batch has yet to write.
///
/// New entities are numbered here (from the table's largest rowid), so resolving names needs no
/// statement at all; `takePending()` hands the new entity and alias rows to the writer, which writes
/// them several per statement. The indexer's preparing thread owns it during a run, so resolving
/// costs the writing thread nothing.
package struct EntityRegistry: Sendable {
    struct Key: Hashable {
        var name: String
        var kind: String
    }

    private struct AliasKey: Hashable {
        var alias: String
        var entity: Int64
    }

    /// New rows to write.
    package struct Pending: Sendable {
        var entities: [(id: Int64, name: String, kind: String, role: String?)] = []
        var aliases: [(alias: String, id: Int64)] = []
    }

    private var ids: [Key: Int64] = [:]
    private var byFoldedName: [String: [Key]] = [:]
    /// Ids by the name and kind as extraction wrote them, before canonicalisation.
    private var rawIDs: [Key: Int64] = [:]
    /// (alias, entity) pairs written in this session, so repeated mentions cost nothing.
    private var storedAliases = Set<AliasKey>()
    private var nextRowid: Int64 = 1
    private var pending = Pending()
    /// Lexicon aliases and one-edit surname variants for person names.
    private var people: EntityCanonicalizer

    init(lexicon: Lexicon) {
        people = EntityCanonicalizer(lexicon: lexicon)
    }

    /// Loads the entities the index holds (`rows`: rowid, name, kind).
    mutating func load(_ rows: [(rowid: Int64, name: String, kind: String)]) {
        for row in rows {
            let key = Key(name: row.name, kind: row.kind)
            ids[key] = row.rowid
            byFoldedName[EntityNames.fold(row.name), default: []].append(key)
            if row.kind == EntityKind.person.rawValue { people.register(row.name) }
            nextRowid = max(nextRowid, row.rowid + 1)
        }
    }

    /// The id of an entity as extraction named it, creating it (and its alias keys) when new.
    mutating func id(name: String, kind: String, role: String?, aliasKeys: [String] = []) -> Int64 {
        let rawKey = Key(name: name, kind: kind)
        let id: Int64
        if let known = rawIDs[rawKey] {
            id = known
        } else {
            let resolved = canonicalName(name, kind: kind)
            let key = Key(name: resolved, kind: kind)
            if let known = ids[key] {
                id = known
            } else {
                id = nextRowid
                nextRowid += 1
                pending.entities.append((id, resolved, kind, role))
                ids[key] = id
                byFoldedName[EntityNames.fold(resolved), default: []].append(key)
            }
            rawIDs[rawKey] = id
            addAliases(EntityNames.aliasKeys(canonical: resolved, kind: kind, written: [name]), for: id)
        }
        addAliases(aliasKeys, for: id)
        return id
    }

    /// The rows created since the last call.
    mutating func takePending() -> Pending {
        defer { pending = Pending() }
        return pending
    }

    private mutating func addAliases<S: Sequence<String>>(_ keys: S, for id: Int64) {
        for alias in keys where storedAliases.insert(AliasKey(alias: alias, entity: id)).inserted {
            pending.aliases.append((alias, id))
        }
    }

    /// An existing canonical name this one is a spelling variant of, else `name` itself.
    private mutating func canonicalName(_ name: String, kind: String) -> String {
        if kind == EntityKind.person.rawValue { return people.merge(name) }
        if let keys = byFoldedName[EntityNames.fold(name)], let match = keys.first(where: { $0.kind == kind }) {
            return match.name
        }
        return name
    }
}
