#!/usr/bin/env python3
"""Print the XCTest total of a `swift test` log as one line: "N passed, N failed, N skipped".

Usage: test_summary.py LOG. Exits 1 when the log has no total or counts a failure.
"""
import re, sys

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
# The last "Executed N tests" line of the outermost suite ("All tests" / "Selected tests").
totals = re.findall(r"Executed (\d+) tests?, with (?:(\d+) tests? skipped and )?(\d+) failures?", text)
if not totals:
    print("0 passed, 0 failed (no XCTest total found in the log)")
    sys.exit(1)
executed, skipped, failed = (int(x or 0) for x in totals[-1])
print(f"{executed - int(skipped or 0) - failed} passed, {failed} failed, {skipped or 0} skipped")
sys.exit(1 if failed else 0)
