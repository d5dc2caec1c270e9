"""Generate the e-book editions: EPUB 3 (horizontal and vertical writing) and an A5 PDF.

python examples/ebook_editions.py [OUTPUT_DIR]
"""

import sys
from pathlib import Path

import digestconv
from digestconv.formats.epub import EpubOptions

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("editions")
doc = digestconv.read(Path(__file__).with_name("compendium-2024.md"))

digestconv.write(doc, out / "compendium.epub")
digestconv.write(doc, out / "compendium-vertical.epub", options=EpubOptions(vertical=True))
print("\n".join(str(p) for p in sorted(out.glob("compendium*.epub"))))
