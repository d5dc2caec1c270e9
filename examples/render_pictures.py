"""Render the README's pictures with the project's own editions: a page of the PDF (poppler's
pdftoppm) and a report of the EPUB as a reading system's web engine shows it on a phone-sized
screen (headless Chromium, the engine of Readium-based readers), horizontal and vertical.

    python examples/render_pictures.py [OUTPUT_DIR]     (default: examples/pictures)
"""

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import digestconv
from digestconv.checks import program
from digestconv.formats.epub import EpubOptions

HERE = Path(__file__).parent
out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "pictures"
out.mkdir(parents=True, exist_ok=True)
doc = digestconv.read(HERE / "compendium-2024.md")

with tempfile.TemporaryDirectory() as tmp:
    work = Path(tmp)
    for name, options in (("epub-report", EpubOptions()), ("epub-report-vertical", EpubOptions(vertical=True))):
        book = digestconv.write(doc, work / f"{name}.epub", options=options)
        unpacked = work / name
        zipfile.ZipFile(book).extractall(unpacked)
        chapter = next(unpacked.rglob("*r2024-01.xhtml"))
        subprocess.run(
            [program("chromium", "Debian chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--force-device-scale-factor=1", "--window-size=480,800", f"--screenshot={out / name}.png",
             chapter.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    pdf = digestconv.write(doc, work / "compendium.pdf")
    for page, name in ((1, "pdf-title-page"), (5, "pdf-report-page")):
        subprocess.run(
            [program("pdftoppm", "Debian poppler-utils"), "-png", "-r", "60", "-f", str(page), "-l", str(page),
             "-singlefile", str(pdf), str(out / name)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
