"""Synthetic compendia N times the seed: the seed's reports repeated with new ids, for the benchmarks.

Copy 0 is the seed itself; copy k gives report i of the seed the id ``2024-{21k + i + 1:02d}``
(2024-22, 2024-23, …; three digits past 99, which the reader accepts). The report heading, the
``◇ 專題報告編號`` field and a new line of the printed contents change together, so the reader links
every report to its contents entry as it does in the seed; the contents pages go on past the seed's
last page. The front and back matter stay as they are (the introduction's report count follows).
A 4x file has 84 reports, a 16x one 336; their diagnostics are the seed's, repeated.

Run: .venv/bin/python bench/synthetic.py 4 -o /tmp/compendium-4x.md
The benchmarks generate these files into a temporary directory at run time; none is committed.
"""

from __future__ import annotations

import argparse
import re
import sys
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from digestconv.compendium.matter import TOC_LINE
from digestconv.compendium.reader import parse

SEED = Path(__file__).resolve().parent.parent / "examples" / "compendium-2024.md"
_ID_FIELD = "專題報告編號"
_COUNT = re.compile(r"(?P<n>\d+)(?P<unit>\s*本)")


def scale(text: str, factor: int) -> str:
    """The compendium ``text`` with its reports repeated ``factor`` times under new ids."""
    if factor < 1:
        raise ValueError(f"factor must be at least 1, not {factor}")
    text = text.replace("\r\n", "\n")  # the reader's line numbers count these as one line
    result = parse(text)
    lines = text.split("\n")
    reports = [d for d in result.document.body if d.kind == "report"]
    starts = [result.lines[d.id] - 1 for d in reports]  # 0-based line of each report heading
    back = [line - 1 for key, line in result.lines.items() if key.startswith("back-")]
    end = min((line for line in back if line > starts[-1]), default=len(lines))
    toc = [i for i, line in enumerate(lines[: starts[0]]) if TOC_LINE.match(line)]
    if not toc:
        raise ValueError("the compendium has no printed contents to extend")
    year = reports[0].label.split("-")[0]
    count = len(reports)
    last_page = max(int(TOC_LINE.match(lines[i]).group("page")) for i in toc)  # type: ignore[union-attr]
    span = last_page + 5  # each copy's pages start after the previous copy's

    def new_id(copy: int, index: int) -> str:
        return f"{year}-{copy * count + index + 1:02d}"

    by_label = {d.label: i for i, d in enumerate(reports)}
    contents = lines[toc[0] : toc[-1] + 1]
    for copy in range(1, factor):
        for i in toc:
            m = TOC_LINE.match(lines[i])
            assert m is not None
            index = by_label.get(m.group("id"))
            if index is None:  # an entry for no report: not repeated
                continue
            line = lines[i]
            line = line[: m.start("id")] + new_id(copy, index) + line[m.end("id") : m.start("page")]
            contents.append(f"{line}{int(m.group('page')) + copy * span}")
    body: list[str] = []
    bounds = [*starts, end]
    for copy in range(factor):
        for index, (a, b) in enumerate(pairwise(bounds)):
            block = lines[a:b]
            if copy:
                block = _renumber(block, reports[index].label, new_id(copy, index))
            body += block
    intro = lines[: toc[0]]
    if factor > 1:  # "共計出版 21 本研究報告": the count follows the reports
        intro = [_COUNT.sub(lambda m: _count(m, count, factor), line) for line in intro]
    return "\n".join([*intro, *contents, *lines[toc[-1] + 1 : starts[0]], *body, *lines[end:]])


def _count(m: re.Match[str], count: int, factor: int) -> str:
    return f"{count * factor}{m.group('unit')}" if int(m.group("n")) == count else m.group()


def _renumber(block: list[str], old: str, new: str) -> list[str]:
    """The report heading (first line) and its id field with ``new`` for ``old``."""
    out = [block[0].replace(old, new, 1)]
    for line in block[1:]:
        if _ID_FIELD in line and old in line:
            line = line.replace(old, new, 1)
        out.append(line)
    return out


def write(factor: int, directory: Path, seed: Path = SEED) -> Path:
    """Write the ``factor``-times compendium into ``directory``; its path (the seed itself for 1)."""
    if factor == 1:
        return seed
    path = directory / f"{seed.stem}-{factor}x.md"
    path.write_text(scale(seed.read_text(encoding="utf-8"), factor), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("factor", type=int, help="how many times the seed's reports (1 gives the seed)")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=Path, default=SEED)
    args = parser.parse_args()
    args.output.write_text(scale(args.seed.read_text(encoding="utf-8"), args.factor), encoding="utf-8")
    print(f"{args.output}: {args.output.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
