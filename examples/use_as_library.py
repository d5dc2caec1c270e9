"""Use digestconv as a library: read the compendium, walk the model, print what is in it.

python examples/use_as_library.py [COMPENDIUM.md]
"""

import sys
from pathlib import Path

import digestconv
from digestconv.model import plain_text

source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("compendium-2024.md")
doc = digestconv.read(source)  # a typed, validated, immutable Document

print(doc.metadata.title, "—", doc.metadata.publisher, doc.metadata.date)
for report in doc.body:
    fields = {f.name: plain_text(f.value) for f in report.meta}
    print(
        f"{report.label}  {plain_text(report.title)}  ({fields.get('執行時間', '')}; {len(report.children)} sections)"
    )
print("formats:", ", ".join(sorted(digestconv.formats())))
