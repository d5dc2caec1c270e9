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


def chromium(*args: str) -> None:
    command = [program("chromium", "Debian chromium"), "--headless", "--no-sandbox", "--disable-gpu", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def pdf_page(pdf: Path, page: int, name: str, dpi: int = 60) -> None:
    command = [program("pdftoppm", "Debian poppler-utils"), "-png", "-r", str(dpi), "-f", str(page), "-l", str(page)]
    subprocess.run([*command, "-singlefile", str(pdf), str(out / name)], check=True, capture_output=True, timeout=120)


def first_report(book: Path, into: Path) -> Path:
    zipfile.ZipFile(book).extractall(into)
    return next(into.rglob("*r2024-01.xhtml"))


with tempfile.TemporaryDirectory() as tmp:
    work = Path(tmp)
    chapter = first_report(digestconv.write(doc, work / "h.epub"), work / "h")
    chromium("--hide-scrollbars", "--window-size=480,800", f"--screenshot={out / 'epub-report.png'}", chapter.as_uri())
    # A vertical book only lays out in pages (a browser window shows an empty scroll origin): print it.
    chapter = first_report(digestconv.write(doc, work / "v.epub", options=EpubOptions(vertical=True)), work / "v")
    chromium("--no-pdf-header-footer", f"--print-to-pdf={work / 'v.pdf'}", chapter.as_uri())
    pdf_page(work / "v.pdf", 1, "epub-report-vertical")
    pdf = digestconv.write(doc, work / "compendium.pdf")
    pdf_page(pdf, 5, "pdf-contents-page")
    pdf_page(pdf, 7, "pdf-report-page")
print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
