"""Produce the archival TEI P5 file, with the reader's repairs recorded in its header, then
check that it reads back to exactly the same document.

    python examples/archival_xml.py [OUTPUT.xml]
"""

import sys
from pathlib import Path

import digestconv
from digestconv.compendium import parse_file
from digestconv.formats.tei import TeiOptions

target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("compendium-2024.xml")
parsed = parse_file(Path(__file__).with_name("compendium-2024.md"))  # keeps the diagnostics
digestconv.write(parsed.document, target, options=TeiOptions(diagnostics=parsed.diagnostics))

assert digestconv.read(target) == parsed.document  # lossless
print(f"{target}: {len(parsed.diagnostics)} repairs recorded; reads back identical")
