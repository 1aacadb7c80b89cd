import QuarryExtract

/// Alias keys and spelling-variant rules the index uses to store and find entities.
package enum EntityNames {
    /// Lowercase, accents removed, punctuation to spaces: the form aliases are stored and looked up in.
    package static func fold(_ name: String) -> String {
        EntityCanonicalizer.fold(name)
    }

    /// The folded alias keys of an entity: its canonical name, the forms written in articles (without
    /// a leading "the"), and for people the surname.
    package static func aliasKeys(canonical: String, kind: String, written: [String]) -> Set<String> {
        var keys: Set<String> = [fold(canonical)]
        for form in written {
            var f = fold(form)
            if f.hasPrefix("the ") { f.removeFirst(4) }
            if !f.isEmpty, !pronouns.contains(f) { keys.insert(f) }
        }
        if kind == "person", let surname = fold(canonical).split(separator: " ").last, surname.count > 1 {
            keys.insert(String(surname))
        }
        return keys
    }

    private static let pronouns: Set<String> = ["he", "she", "they", "him", "her", "it", "we", "i"]
}
