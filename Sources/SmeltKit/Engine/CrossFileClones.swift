import Foundation
import SmeltAnalysis
import SmeltRules
import SmeltSyntax

/// The cross-file pass of duplicated code (SM109): statement runs with the same shape in
/// different files.
///
/// While the files are linted, each one leaves a `CloneSignature` (the shape hashes of its
/// statement lists, no trees). After all are linted, windows of `min-statements` statements
/// with equal hashes in different files are grouped, extended to the longest common run,
/// and each copy is reported in its file. Copies within one file are the rule's own
/// business: pairs in the same file are never reported here. Everything is ordered by the
/// files' discovery order, so the output does not depend on thread scheduling.
enum CrossFileClones {
    /// What the pass needs from the run: SM109's registry index and options. nil when SM109
    /// is not selected.
    struct Options: Sendable {
        let ruleIndex: Int
        let minStatements: Int
        /// A window found in more places than this is an idiom of the code base (boilerplate
        /// every module has), not a copy to extract; it is left out, which also bounds the
        /// work per window.
        var maxCopies = 10

        init?(_ rules: RuleSet) {
            guard let entry = rules.rules.first(where: { $0.rule is DuplicatedCode }),
                  let rule = entry.rule as? DuplicatedCode else { return nil }
            ruleIndex = entry.index
            minStatements = rule.minimum
        }

        init(ruleIndex: Int, minStatements: Int) {
            self.ruleIndex = ruleIndex
            self.minStatements = minStatements
        }

        /// A linted document's signature; nil for test modules (tests may repeat themselves,
        /// as the rule says) and documents with nothing to compare.
        func signature(of document: Document, byteCount: Int) -> FileSignature? {
            let name = document.path.split(separator: "/").last ?? document.path[...]
            if RuleContext.isTestFile(name: name) { return nil }
            let notebook = document.notebook
            let clones = CloneDetector.signature(of: document, minStatements: minStatements) { unit in
                guard let notebook, let cell = document.units[unit].cellIndex else { return false }
                return notebook.cells[cell].tags.contains("smelt-ignore")
            }
            if clones.isEmpty { return nil }
            return FileSignature(clones: clones, byteCount: byteCount,
                                 cells: notebook == nil ? [] : document.units.map(\.cellIndex))
        }
    }

    /// What a linted file leaves for the pass.
    struct FileSignature: Sendable {
        let clones: CloneSignature
        /// The file's size when it was linted: a file changed since is not reported on.
        let byteCount: Int
        /// For a notebook, the 0-based cell index of each unit.
        let cells: [Int?]
    }

    /// One copy: `length` statements from `start` in a block of a file's signature.
    struct Copy: Equatable, Sendable {
        let file: Int
        let block: Int
        let start: Int
    }

    struct Group: Sendable {
        /// In discovery order (file, then place in the file); at least two files.
        let copies: [Copy]
        let length: Int
    }

    /// Groups of copies across files, the longest runs only, in the order of their first copy.
    static func groups(_ signatures: [CloneSignature?], minStatements: Int, maxCopies: Int) -> [Group] {
        struct Entry {
            let hash: UInt64
            let file: Int32, block: Int32, start: Int32
        }
        var entries: [Entry] = []
        for (f, signature) in signatures.enumerated() {
            guard let signature else { continue }
            for (b, block) in signature.blocks.enumerated() {
                for w in block.windows { entries.append(Entry(hash: w.hash, file: Int32(f), block: Int32(b), start: w.start)) }
            }
        }
        // Equal hashes next to each other, each run in discovery order: one sort, no pairs.
        entries.sort { a, b in
            if a.hash != b.hash { return a.hash < b.hash }
            if a.file != b.file { return a.file < b.file }
            if a.block != b.block { return a.block < b.block }
            return a.start < b.start
        }
        var candidates: [[Copy]] = []
        var i = 0
        while i < entries.count {
            var j = i + 1
            while j < entries.count, entries[j].hash == entries[i].hash { j += 1 }
            defer { i = j }
            // Runs are sorted by file: two files when the first and last differ.
            guard j - i >= 2, j - i <= maxCopies, entries[i].file != entries[j - 1].file else { continue }
            var copies: [Copy] = []
            for e in entries[i..<j] {
                // Overlapping windows of one block are one copy.
                if let last = copies.last, last.file == Int(e.file), last.block == Int(e.block),
                   Int(e.start) - last.start < minStatements { continue }
                copies.append(Copy(file: Int(e.file), block: Int(e.block), start: Int(e.start)))
            }
            candidates.append(copies)
        }
        candidates.sort { a, b in
            let x = a[0], y = b[0]
            if x.file != y.file { return x.file < y.file }
            if x.block != y.block { return x.block < y.block }
            return x.start < y.start
        }

        struct Place: Hashable {
            let file: Int, block: Int, start: Int
        }
        var covered = Set<Place>()
        var groups: [Group] = []
        for candidate in candidates {
            // A window inside a run already reported is not a new copy.
            let copies = candidate.filter { !covered.contains(Place(file: $0.file, block: $0.block, start: $0.start)) }
            guard let first = copies.first, copies.contains(where: { $0.file != first.file }) else { continue }
            func hashes(_ c: Copy) -> [UInt64] { signatures[c.file]!.blocks[c.block].hashes }
            // The longest run: extend while every copy's next statement has the same shape and
            // copies in one block stay apart.
            var length = minStatements
            extending: while true {
                let reference = hashes(first)
                guard first.start + length < reference.count else { break }
                let next = reference[first.start + length]
                for (k, c) in copies.enumerated() {
                    let h = hashes(c)
                    guard c.start + length < h.count, h[c.start + length] == next else { break extending }
                    if k > 0, copies[k - 1].file == c.file, copies[k - 1].block == c.block,
                       c.start - copies[k - 1].start <= length { break extending }
                }
                length += 1
            }
            for c in copies {
                for k in 0..<length { covered.insert(Place(file: c.file, block: c.block, start: c.start + k)) }
            }
            groups.append(Group(copies: copies, length: length))
        }
        return outermost(groups, signatures)
    }

    /// Leaves out groups all of whose copies lie inside copies of a larger group (the bodies
    /// of two copied functions are copies too, but the functions say it already).
    static func outermost(_ groups: [Group], _ signatures: [CloneSignature?]) -> [Group] {
        guard groups.count > 1 else { return groups }
        struct Span {
            let file: Int, unit: Int, start: Int32, end: Int32
        }
        func spans(_ group: Group) -> [Span] {
            group.copies.map { c in
                let block = signatures[c.file]!.blocks[c.block]
                return Span(file: c.file, unit: block.unit, start: block.startBytes[c.start],
                            end: block.endBytes[c.start + group.length - 1])
            }
        }
        let all = groups.map(spans)
        let size = all.map { $0.reduce(0) { $0 + Int($1.end - $1.start) } }
        let bySize = groups.indices.sorted { size[$0] != size[$1] ? size[$0] > size[$1] : $0 < $1 }
        var accepted: [Int: [Span]] = [:]
        var keep = [Bool](repeating: false, count: groups.count)
        for g in bySize {
            let inside = all[g].allSatisfy { s in
                accepted[s.file]?.contains { $0.unit == s.unit && $0.start <= s.start && s.end <= $0.end } == true
            }
            if inside { continue }
            keep[g] = true
            for s in all[g] { accepted[s.file, default: []].append(s) }
        }
        return groups.indices.filter { keep[$0] }.map { groups[$0] }
    }

    /// Adds the cross-file findings to `findings` (one list per file, in discovery order).
    static func report(into findings: inout [[ReportedFinding]], signatures: [FileSignature?], files: [DiscoveredFile],
                       settings: LintSettings, options: Options) {
        let groups = groups(signatures.map { $0?.clones }, minStatements: options.minStatements, maxCopies: options.maxCopies)
        guard !groups.isEmpty else { return }

        // The findings each file gets, in its units.
        var planned: [Int: [Finding]] = [:]
        for group in groups {
            let places = group.copies.map { place($0, length: group.length, signatures: signatures, files: files) }
            let fileNames = uniqued(group.copies.map { files[$0.file].path })
            let shown = fileNames.prefix(3).map { "`\(displayName($0))`" }
            let where_ = shown.count == 2 ? shown.joined(separator: " and ")
                : shown.joined(separator: ", ") + (fileNames.count > 3 ? " and \(fileNames.count - 3) more files" : "")
            for (k, copy) in group.copies.enumerated() {
                let others = group.copies.indices.filter { group.copies[$0].file != copy.file }
                let more = others.count - 1
                let message = "\(places[k].own) duplicate \(places[others[0]].other)"
                    + (more > 0 ? " (and \(more) more cop\(more == 1 ? "y" : "ies") in other files)" : "")
                let refactoring = "Extract one function for the \(group.copies.count) copies in a shared module, and call it from \(where_)"
                let block = signatures[copy.file]!.clones.blocks[copy.block]
                let range = ByteRange(Int(block.startBytes[copy.start]), Int(block.endBytes[copy.start + group.length - 1]))
                planned[copy.file, default: []].append(Finding(ruleIndex: options.ruleIndex, unit: block.unit, range: range,
                                                               message: message, refactoring: refactoring))
            }
        }

        // Each file is read and parsed again (only the files with copies) to place, suppress
        // and fingerprint its findings exactly as the per-file pass does.
        let targets = planned.keys.sorted()
        let targetFiles = targets.map { files[$0] }
        let work = targets.map { (planned[$0]!, signatures[$0]!.byteCount) }
        let added = Linter.inParallel(targetFiles) { n, parser -> [ReportedFinding] in
            let file = targetFiles[n], (findings, expectedSize) = work[n]
            guard case let .success((document, byteCount)) = Linter.load(file, settings: settings, parser: parser),
                  byteCount == expectedSize else { return [] }
            let units = document.units
            let valid = findings.filter { f in
                f.unit < units.count && f.range.upperBound <= units[f.unit].text.bytes.count
            }
            var out = Linter.reportable(valid, in: document, path: file.path,
                                        ignored: Linter.ignoredRules(file, settings: settings))
            Linter.sortByPosition(&out)
            Linter.assignFingerprints(&out, document: document, root: settings.repositoryRoot, salt: "\u{0}cross-file")
            return out
        }
        for (n, index) in targets.enumerated() {
            guard let new = added[n], !new.isEmpty else { continue }
            findings[index] = merge(findings[index], new)
        }
    }

    /// Where a copy is: as the subject of its own message and as named from another file.
    private static func place(_ copy: Copy, length: Int, signatures: [FileSignature?], files: [DiscoveredFile])
        -> (own: String, other: String) {
        let signature = signatures[copy.file]!
        let block = signature.clones.blocks[copy.block]
        let first = Int(block.startLines[copy.start]), last = Int(block.endLines[copy.start + length - 1])
        let lines = first == last ? "line \(first)" : "lines \(first)–\(last)"
        let name = "`\(displayName(files[copy.file].path))`"
        if block.unit < signature.cells.count, let cell = signature.cells[block.unit] {
            return ("Cell \(cell + 1) \(lines)", "\(name) cell \(cell + 1) \(lines)")
        }
        return (lines.prefix(1).uppercased() + lines.dropFirst(), "\(name) \(lines)")
    }

    /// A path as the user gave it, without a leading `./`.
    private static func displayName(_ path: String) -> String {
        path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }

    private static func uniqued(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Two position-sorted lists as one; the first list's findings come first at equal places.
    private static func merge(_ a: [ReportedFinding], _ b: [ReportedFinding]) -> [ReportedFinding] {
        func before(_ x: ReportedFinding, _ y: ReportedFinding) -> Bool {
            if x.position.start != y.position.start { return x.position.start < y.position.start }
            if x.position.end != y.position.end { return x.position.end < y.position.end }
            return x.code < y.code
        }
        var out: [ReportedFinding] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && !before(b[j], a[i])) {
                out.append(a[i])
                i += 1
            } else {
                out.append(b[j])
                j += 1
            }
        }
        return out
    }
}
