"""Run a notebook's code cells for a test, the way "Restart & Run All" would.

Use it in a characterisation test:

    from tests.notebook_runner import run_notebook

    printed = run_notebook("compare_models.ipynb")   # everything the cells printed
"""
import contextlib
import io
import json
from pathlib import Path
from typing import Iterator


def code_cells(path: str) -> Iterator[str]:
    """The source of each code cell, with IPython magics and shell lines left out."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if source.lstrip().startswith("%%"):
            continue
        kept = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        yield "\n".join(kept)


def run_notebook(path: str) -> str:
    """Execute the notebook's code cells in order, in one namespace; return what they printed."""
    namespace = {"__name__": "__main__"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for number, source in enumerate(code_cells(path), start=1):
            exec(compile(source, f"{path} code cell {number}", "exec"), namespace)
    return printed.getvalue()
