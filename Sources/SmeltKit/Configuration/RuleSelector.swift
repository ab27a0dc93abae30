import SmeltRules

/// What `--select`, `--ignore`, `noqa` and the configuration accept to name rules: `ALL`,
/// a code (`SM101`), a code prefix (`SM1`, `SM10`, `SM`) or a slug (`display-clutter`).
public struct RuleSelector: Hashable, Sendable {
    /// Registry indices of the rules selected.
    public let rules: Set<Int>

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let upper = t.uppercased()
        if upper == "ALL" {
            rules = Set(RuleRegistry.all.indices)
            return
        }
        if upper.hasPrefix("SM"), upper.dropFirst(2).allSatisfy(\.isNumber), upper.count <= 5 {
            let matched = RuleRegistry.all.indices.filter { RuleRegistry.all[$0].description.code.hasPrefix(upper) }
            guard !matched.isEmpty else { return nil }
            rules = Set(matched)
            return
        }
        guard let index = RuleRegistry.all.firstIndex(where: { $0.description.slug == t.lowercased() }) else { return nil }
        rules = [index]
    }

    /// The rules a run uses: `select` (all rules when nil) plus `extendSelect`, minus `ignore`.
    public static func resolve(select: [String]?, extendSelect: [String], ignore: [String]) -> Set<Int> {
        var chosen = Set<Int>()
        if let select {
            for s in select { chosen.formUnion(RuleSelector(s)?.rules ?? []) }
        } else {
            chosen = Set(RuleRegistry.all.indices)
        }
        for s in extendSelect { chosen.formUnion(RuleSelector(s)?.rules ?? []) }
        for s in ignore { chosen.subtract(RuleSelector(s)?.rules ?? []) }
        return chosen
    }
}
