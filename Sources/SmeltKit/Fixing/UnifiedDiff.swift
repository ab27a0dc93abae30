import SmeltRules
import SmeltSyntax

/// Unified diffs (`diff -u` style, 3 lines of context) of line lists, from a shortest edit
/// script (Myers' O(ND) algorithm: fast when the two texts are close, as after a fix).
public enum UnifiedDiff {
    /// The hunks of a diff from `old` to `new`, or "" when they are equal. Lines keep their
    /// terminators; a last line without one gets `\ No newline at end of file`. Line numbers
    /// start after `oldOffset` and `newOffset` lines (for diffs of a window of a file).
    public static func hunks(_ old: [String], _ new: [String], context: Int = 3, oldOffset: Int = 0, newOffset: Int = 0) -> String {
        let script = editScript(old, new)
        guard script.contains(where: { $0 != .same }) else { return "" }
        // Positions of each operation in old and new.
        var ops: [(op: Op, i: Int, j: Int)] = []
        var i = 0, j = 0
        for op in script {
            ops.append((op, i, j))
            switch op {
            case .same: i += 1; j += 1
            case .delete: i += 1
            case .insert: j += 1
            }
        }
        var out = ""
        var k = 0
        while k < ops.count {
            guard ops[k].op != .same else { k += 1; continue }
            // A hunk: from `context` lines before this change to `context` after the last
            // change that is within 2 * context of the previous one.
            let start = max(0, k - context)
            var end = k
            var last = k
            while end < ops.count {
                if ops[end].op != .same { last = end }
                if end - last > 2 * context { break }
                end += 1
            }
            end = min(ops.count, last + context + 1)
            let slice = ops[start..<end]
            let oldCount = slice.filter { $0.op != .insert }.count
            let newCount = slice.filter { $0.op != .delete }.count
            let oldStart = oldCount == 0 ? slice.first!.i : slice.first!.i + 1
            let newStart = newCount == 0 ? slice.first!.j : slice.first!.j + 1
            out += "@@ -\(range(oldStart + oldOffset, oldCount)) +\(range(newStart + newOffset, newCount)) @@\n"
            for entry in slice {
                switch entry.op {
                case .same: out += line(" ", old[entry.i])
                case .delete: out += line("-", old[entry.i])
                case .insert: out += line("+", new[entry.j])
                }
            }
            k = end
        }
        return out
    }

    /// A whole-file diff with `---`/`+++` headers, or "" when equal.
    public static func file(_ old: String, _ new: String, oldLabel: String, newLabel: String) -> String {
        let body = hunks(Notebook.splitLines(old), Notebook.splitLines(new))
        return body.isEmpty ? "" : "--- \(oldLabel)\n+++ \(newLabel)\n" + body
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    private static func line(_ prefix: String, _ text: String) -> String {
        // Bytes, not Characters: "\r\n" is one Character, which `hasSuffix("\n")` does not match.
        text.utf8.last == 0x0A ? prefix + text : prefix + text + "\n\\ No newline at end of file\n"
    }

    enum Op: Equatable { case same, delete, insert }

    /// Myers' greedy algorithm with the path recorded per step, then traced back.
    static func editScript(_ a: [String], _ b: [String]) -> [Op] {
        let n = a.count, m = b.count
        // Trim the common prefix and suffix: fixes change little.
        var prefix = 0
        while prefix < n, prefix < m, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < n - prefix, suffix < m - prefix, a[n - 1 - suffix] == b[m - 1 - suffix] { suffix += 1 }
        let x0 = Array(a[prefix..<(n - suffix)]), y0 = Array(b[prefix..<(m - suffix)])
        let middle = middleScript(x0, y0)
        return Array(repeating: .same, count: prefix) + middle + Array(repeating: .same, count: suffix)
    }

    private static func middleScript(_ a: [String], _ b: [String]) -> [Op] {
        let n = a.count, m = b.count
        if n == 0 { return Array(repeating: .insert, count: m) }
        if m == 0 { return Array(repeating: .delete, count: n) }
        let maxD = n + m
        let offset = maxD
        var v = Array(repeating: 0, count: 2 * maxD + 2)
        var trace: [[Int]] = []
        var found = false
        for d in 0...maxD {
            trace.append(v)
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { found = true; break }
                k += 2
            }
            if found { break }
        }
        // Trace back from (n, m).
        var ops: [Op] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK: Int
            if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = d == 0 ? 0 : v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                ops.append(.same)
                x -= 1; y -= 1
            }
            if d > 0 {
                if x == previousX { ops.append(.insert) } else { ops.append(.delete) }
            }
            x = previousX
            y = previousY
        }
        return ops.reversed()
    }
}

extension FileFix {
    /// The unified diff of this file's fixes: one diff for a script; for a notebook one per
    /// changed cell, headed `path:cell N` (N counts all cells from 1, as in the findings).
    public var diff: String {
        guard let notebook = before.notebook else {
            return UnifiedDiff.file(String(decoding: originalBytes, as: UTF8.self), String(decoding: fixedBytes, as: UTF8.self),
                                    oldLabel: "a/\(path)", newLabel: "b/\(path)")
        }
        // Cells are matched by id when they have one, else by position among code cells.
        let afterCells = after?.notebook?.cells ?? []
        var out = ""
        var used = Set<Int>()
        for cell in notebook.cells where cell.kind == .code {
            let match = afterCells.first { other in
                !used.contains(other.index) && other.kind == .code
                    && (cell.id != nil ? other.id == cell.id : other.codeIndex == cell.codeIndex)
            }
            let label = "\(path):cell \(cell.index + 1)"
            if let match {
                used.insert(match.index)
                out += UnifiedDiff.file(cell.source.string, match.source.string, oldLabel: "a/" + label, newLabel: "b/" + label)
            } else {
                out += UnifiedDiff.file(cell.source.string, "", oldLabel: "a/" + label, newLabel: "b/\(label) (removed)")
                if cell.source.bytes.isEmpty {
                    out += "--- a/\(label)\n+++ b/\(label) (removed)\n"
                }
            }
        }
        return out
    }
}
