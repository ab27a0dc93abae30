import SmeltSyntax

/// How far a fix can be trusted.
public enum FixApplicability: String, Sendable, Comparable, CaseIterable {
    /// A suggested edit shown as a diff, never applied by `--fix`: the refactorings.
    case displayOnly = "display-only"
    /// May change what the program does: applied only with `--unsafe-fixes`.
    case unsafe
    /// Keeps the program's meaning: applied by `--fix`.
    case safe

    private var rank: Int {
        switch self {
        case .displayOnly: return 0
        case .unsafe: return 1
        case .safe: return 2
        }
    }

    public static func < (a: FixApplicability, b: FixApplicability) -> Bool { a.rank < b.rank }
}

/// One replacement of a byte range of a unit's text (`SourceUnit.text`; for notebook cells
/// the same lines as the cell's source).
public struct Edit: Sendable, Hashable {
    /// The unit the edit is in; nil until the finding is reported (then the finding's unit).
    public internal(set) var unit: Int?
    public let range: ByteRange
    public let replacement: String

    public init(_ range: ByteRange, _ replacement: String, unit: Int? = nil) {
        self.range = range
        self.replacement = replacement
        self.unit = unit
    }

    public static func delete(_ range: ByteRange, unit: Int? = nil) -> Edit { Edit(range, "", unit: unit) }
    public static func insert(_ text: String, at offset: Int, unit: Int? = nil) -> Edit {
        Edit(ByteRange(offset, offset), text, unit: unit)
    }
}

/// The edit that resolves a finding.
public struct Fix: Sendable {
    /// What the fix does, as an imperative: "Remove unused import `os`".
    public let title: String
    public let applicability: FixApplicability
    public internal(set) var edits: [Edit]
    /// Notebook cells (units) the fix deletes.
    public internal(set) var removedUnits: [Int]

    public init(_ title: String, _ applicability: FixApplicability, edits: [Edit], removingUnits removedUnits: [Int] = []) {
        self.title = title
        self.applicability = applicability
        self.edits = edits
        self.removedUnits = removedUnits
    }

    public static func safe(_ title: String, _ edits: [Edit]) -> Fix { Fix(title, .safe, edits: edits) }
    public static func unsafe(_ title: String, _ edits: [Edit]) -> Fix { Fix(title, .unsafe, edits: edits) }
    public static func displayOnly(_ title: String, _ edits: [Edit]) -> Fix { Fix(title, .displayOnly, edits: edits) }
}

/// A rule's fix, documented: how safe it is and why, with before/after examples that the
/// rule tests apply (as a script and as a notebook cell) and re-apply (idempotency).
public struct FixDocumentation: Sendable {
    /// The strongest applicability the rule's fixes have.
    public let applicability: FixApplicability
    /// "Fix safety": when the fix keeps the program's meaning, and when it is not offered.
    public let safety: String
    public let examples: [FixExample]

    public init(_ applicability: FixApplicability, safety: String, examples: [FixExample]) {
        self.applicability = applicability
        self.safety = safety
        self.examples = examples
    }
}

public struct FixExample: Sendable {
    /// Code cells before and after (one for script examples).
    public let before: [String]
    public let after: [String]
    public let context: ExampleContext
    public let options: [String: OptionValue]

    /// A script, also run as a one-cell notebook unless `context` says otherwise.
    public init(_ before: String, _ after: String, _ context: ExampleContext = .any, options: [String: OptionValue] = [:]) {
        self.before = [before]
        self.after = [after]
        self.context = context
        self.options = options
    }

    /// A notebook's code cells before and after (cells may disappear).
    public init(cells before: [String], _ after: [String], options: [String: OptionValue] = [:]) {
        self.before = before
        self.after = after
        self.context = .notebookOnly
        self.options = options
    }
}

/// Applying edits to a unit's text.
public enum FixApplication {
    /// Why edits could not be applied.
    public enum Failure: Error, Equatable, Sendable {
        case overlapping
        /// An edit touches a line whose IPython syntax was masked for parsing.
        case maskedLine
        case outOfRange
    }

    /// `unit.original` with `edits` (in `unit.text` offsets) applied. Edits must not
    /// overlap; insertions at the same offset keep their order.
    public static func apply(_ edits: [Edit], to unit: SourceUnit) throws(Failure) -> [UInt8] {
        let text = unit.text, original = unit.original
        // New lines follow the file's line endings.
        let crlf = original.bytes.firstIndex(of: 0x0A).map { $0 > 0 && original.bytes[$0 - 1] == 0x0D } ?? false
        var mapped: [(range: ByteRange, bytes: [UInt8], order: Int)] = []
        for (order, edit) in edits.enumerated() {
            guard edit.range.lowerBound >= 0, edit.range.upperBound <= text.bytes.count,
                  edit.range.lowerBound <= edit.range.upperBound else { throw .outOfRange }
            var range = edit.range
            if !unit.maskedLines.isEmpty {
                let first = text.lineIndex(ofByte: range.lowerBound) + 1
                let last = text.lineIndex(ofByte: max(range.lowerBound, range.upperBound - 1)) + 1
                // A deletion of whole lines ends at the start of the next: that line is not touched.
                if (first...last).contains(where: unit.maskedLines.contains) { throw .maskedLine }
                range = ByteRange(original.byteOffset(of: text.location(ofByte: range.lowerBound)),
                                  original.byteOffset(of: text.location(ofByte: range.upperBound)))
            }
            var replacement = Array(edit.replacement.utf8)
            if crlf, replacement.contains(0x0A) {
                var converted: [UInt8] = []
                for (k, b) in replacement.enumerated() {
                    if b == 0x0A, k == 0 || replacement[k - 1] != 0x0D { converted.append(0x0D) }
                    converted.append(b)
                }
                replacement = converted
            }
            mapped.append((range, replacement, order))
        }
        mapped.sort { ($0.range.lowerBound, $0.range.upperBound, $0.order) < ($1.range.lowerBound, $1.range.upperBound, $1.order) }
        var out: [UInt8] = []
        out.reserveCapacity(original.bytes.count)
        var position = 0
        for edit in mapped {
            guard edit.range.lowerBound >= position else { throw .overlapping }
            out.append(contentsOf: original.bytes[position..<edit.range.lowerBound])
            out.append(contentsOf: edit.bytes)
            position = edit.range.upperBound
        }
        out.append(contentsOf: original.bytes[position...])
        return out
    }

    /// Whether two sets of edits touch overlapping ranges in the same unit (insertions at
    /// the same point overlap too: their order would be ambiguous).
    public static func overlap(_ a: [Edit], _ b: [Edit]) -> Bool {
        for x in a {
            for y in b where x.unit == y.unit {
                if x.range.lowerBound < y.range.upperBound && y.range.lowerBound < x.range.upperBound { return true }
                if x.range.lowerBound == y.range.lowerBound { return true }
                if x.range.count == 0 && (y.range.lowerBound...y.range.upperBound).contains(x.range.lowerBound) { return true }
                if y.range.count == 0 && (x.range.lowerBound...x.range.upperBound).contains(y.range.lowerBound) { return true }
            }
        }
        return false
    }
}

/// One round of fixing a document: the largest set of non-overlapping fixes, applied per
/// unit and checked by parsing the result.
public struct FixRound: Sendable {
    /// New text of each edited unit (by unit index).
    public var sources: [Int: [UInt8]] = [:]
    /// Units deleted (notebook cells).
    public var removedUnits: Set<Int> = []
    /// Indices (into the fixes given) of the fixes applied, including duplicates of applied ones.
    public var applied: [Int] = []
    /// Fixes dropped because their result did not parse, or could not be applied, with why.
    public var dropped: [(fix: Int, reason: String)] = []

    public var changed: Bool { !sources.isEmpty || !removedUnits.isEmpty }

    /// Applies `fixes` (all of them: the caller filters by applicability). Fixes that
    /// overlap one already chosen wait for the next round; a unit with syntax errors is
    /// not fixed; a fix whose result does not parse is dropped.
    public static func apply(_ fixes: [Fix], to document: Document, parser: Parser) -> FixRound {
        var round = FixRound()
        func firstEdit(_ fix: Fix) -> (Int, Int) {
            fix.edits.map { ($0.unit ?? 0, $0.range.lowerBound) }.min { $0 < $1 } ?? (fix.removedUnits.min() ?? 0, -1)
        }
        let order = fixes.indices.sorted { firstEdit(fixes[$0]) < firstEdit(fixes[$1]) || (firstEdit(fixes[$0]) == firstEdit(fixes[$1]) && $0 < $1) }
        var chosen: [Int] = []
        var removed = Set<Int>()
        for i in order {
            let fix = fixes[i]
            if fix.edits.isEmpty && fix.removedUnits.isEmpty { continue }
            if let twin = chosen.first(where: { fixes[$0].edits == fix.edits && fixes[$0].removedUnits == fix.removedUnits }) {
                _ = twin
                round.applied.append(i)
                continue
            }
            let units = Set(fix.edits.compactMap(\.unit)).union(fix.removedUnits)
            var fixable = true
            for unit in units {
                guard unit < document.units.count, let tree = document.units[unit].tree, !tree.root.hasError else {
                    fixable = false
                    break
                }
            }
            if !fixable {
                round.dropped.append((i, "the cell or file has syntax errors, or is not Python"))
                continue
            }
            if !removed.isDisjoint(with: units) { continue }
            if chosen.contains(where: { FixApplication.overlap(fixes[$0].edits, fix.edits) }) { continue }
            chosen.append(i)
            removed.formUnion(fix.removedUnits)
        }
        // Apply per unit; if the unit's result does not parse, add its fixes one at a time.
        var byUnit: [Int: [Int]] = [:]
        for i in chosen {
            for unit in Set(fixes[i].edits.compactMap(\.unit)) where !removed.contains(unit) { byUnit[unit, default: []].append(i) }
        }
        // A fix that fails in one unit is taken out of the others too: repeat until stable.
        var failed = Set<Int>()
        while true {
            round.sources = [:]
            let before = failed.count
            for (unit, all) in byUnit.sorted(by: { $0.key < $1.key }) {
                let members = all.filter { !failed.contains($0) }
                guard !members.isEmpty else { continue }
                let source = document.units[unit]
                func attempt(_ set: [Int]) -> [UInt8]? {
                    let edits = set.flatMap { fixes[$0].edits.filter { $0.unit == unit } }
                    guard let bytes = try? FixApplication.apply(edits, to: source) else { return nil }
                    return parses(bytes, cell: source.cellIndex != nil, parser: parser) ? bytes : nil
                }
                if let bytes = attempt(members) {
                    round.sources[unit] = bytes
                    continue
                }
                var kept: [Int] = []
                for i in members {
                    if let bytes = attempt(kept + [i]) {
                        kept.append(i)
                        round.sources[unit] = bytes
                    } else {
                        failed.insert(i)
                    }
                }
            }
            if failed.count == before { break }
        }
        // A fix spanning several units counts only when every part of it held.
        for i in chosen {
            if failed.contains(i) {
                round.dropped.append((i, "the edited code would not parse"))
            } else {
                round.applied.append(i)
            }
        }
        round.removedUnits = removed.subtracting(failed.flatMap { fixes[$0].removedUnits })
        // Remove duplicates of failed fixes from `applied`.
        round.applied = round.applied.filter { i in
            !failed.contains { fixes[$0].edits == fixes[i].edits && fixes[$0].removedUnits == fixes[i].removedUnits }
        }.sorted()
        return round
    }

    /// Whether edited code parses without errors (IPython syntax masked for cells).
    static func parses(_ bytes: [UInt8], cell: Bool, parser: Parser) -> Bool {
        var text = SourceText(utf8: bytes)
        if cell, IPythonMasking.mayNeedMasking(text) {
            let masked = IPythonMasking.mask(text, boundNames: [])
            if masked.skippedCellMagic != nil { return true }
            text = masked.text
        }
        guard let tree = try? parser.parse(text) else { return false }
        return !tree.root.hasError
    }
}
