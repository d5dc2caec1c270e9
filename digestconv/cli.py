"""The ``digestconv`` command.

Errors a user can act on (bad input, unknown format, unwritable output) print one line naming
the file and line and exit with status 1; they never print a traceback.
"""

from __future__ import annotations

import argparse
import atexit
import codecs
import gc
import io
import json
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__, build, shipped
from .build import EDITIONS
from .compendium import Parse, parse_file
from .errors import Diagnostic, DigestconvError
from .formats.registry import by_name, for_path, formats
from .io import write_atomic
from .outline import outline, render

EXAMPLES = {
    "convert": "example: digestconv convert examples/compendium-2024.md -o compendium.json",
    "outline": "example: digestconv outline examples/compendium-2024.md --json",
    "parse": "example: digestconv parse examples/compendium-2024.md --code page-break-join",
    "build": (
        "example: digestconv build my.md -o out --formats epub,pdf --vertical --paper A5\n"
        "With no arguments it builds every edition of the bundled compendium into editions/."
    ),
    "validate": "example: digestconv validate editions/*",
}


def main(argv: Sequence[str] | None = None) -> int:
    # A conversion builds large trees of long-lived objects (tokens, the model, WeasyPrint's boxes);
    # at the default threshold (700) the cyclic collector walks them again and again, which costs
    # a tenth of a PDF's time and grows faster than the input. A short-lived command can wait.
    # (Restored after: main() is also called in-process, by tests and scripts.)
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    _speak_unicode(sys.stdout)
    _speak_unicode(sys.stderr)
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except DigestconvError as exc:
        print(f"digestconv: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        gc.set_threshold(*thresholds)


def run() -> NoReturn:
    """The installed ``digestconv`` command (and ``python -m digestconv``): :func:`main`, then exit
    without the interpreter's teardown.

    A finished conversion leaves the model, lxml trees and some 300 modules in memory. Python's
    normal exit frees them one by one and collects their cycles: 40 ms after a 1x JSON conversion,
    120-160 ms after a DOCX one, a fifth of the command's time, for memory the system takes back
    at once. Like mypy (``util.hard_exit``), the command flushes its streams and leaves with
    ``os._exit``; unlike it, it first runs the ``atexit`` handlers, so a plugin's clean-up still
    happens. While another thread runs, it exits normally (which waits for it).

    Output lost because its reader has gone (``digestconv outline … | head``) ends the command with
    status 120, as Python's own exit reports output it could not flush, and no traceback.
    """
    try:
        status = main()
    except BrokenPipeError:
        status = 120
    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()  # what a normal exit runs first; the rest of its teardown is what is skipped
    for stream in (sys.stdout, sys.stderr):
        if stream is None or stream.closed:  # none at all (fd closed at start), or closed since
            continue
        try:
            stream.flush()
        except OSError:  # a reader that has gone: Python's own exit reports this as status 120
            status = status or 120
    os._exit(status)


def _speak_unicode(stream: object) -> None:
    """Chinese text on a stream that cannot carry it: UTF-8 in place of ASCII (the C locale of a
    bare container, as PEP 538 and 540 do), else the locale's encoding with escapes for the rest."""
    if not isinstance(stream, io.TextIOWrapper):
        return
    if codecs.lookup(stream.encoding).name == "ascii":
        stream.reconfigure(encoding="utf-8")
    else:
        stream.reconfigure(errors="backslashreplace")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digestconv",
        description="Turn the research-report compendium into structured editions.",
        epilog="Run 'digestconv COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"digestconv {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    names = ", ".join(sorted(formats()))
    convert = command("convert", "Convert a file from one format to another (formats from the extensions).")
    convert.add_argument("input", type=Path, help="the file to read")
    convert.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    convert.add_argument("--from", dest="source_format", metavar="FORMAT", help=f"input format ({names})")
    convert.add_argument("--to", dest="target_format", metavar="FORMAT", help=f"output format ({names})")
    convert.add_argument("--diagnostics", action="store_true", help="print the repairs the reader made")
    _edition_options(convert)
    convert.set_defaults(run=_convert)

    outline_cmd = command("outline", "Print the recovered structure of a compendium.")
    outline_cmd.add_argument("input", type=Path, help="compendium Markdown")
    outline_cmd.add_argument("--json", action="store_true", help="print the outline as JSON")
    outline_cmd.set_defaults(run=_outline)

    parse_cmd = command("parse", "Parse a compendium and list every repair the reader made, with its source line.")
    parse_cmd.add_argument("input", type=Path, help="compendium Markdown")
    parse_cmd.add_argument("--code", action="append", help="show only diagnostics with this code (repeatable)")
    parse_cmd.set_defaults(run=_parse)

    build_cmd = command(
        "build", "Build the editions of a compendium (the bundled one by default), one parse, in parallel."
    )
    build_cmd.add_argument("source", type=Path, nargs="?", default=shipped.COMPENDIUM, help="compendium Markdown")
    build_cmd.add_argument("-o", "--output-dir", type=Path, default=Path("editions"), help="where to write (editions/)")
    build_cmd.add_argument(
        "--formats", type=_format_list, default=EDITIONS, help=f"comma-separated (default: {','.join(EDITIONS)})"
    )
    build_cmd.add_argument("-j", "--jobs", type=int, default=None, help="formats built at once (default: the cores)")
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="no progress display; errors only")
    _edition_options(build_cmd)
    build_cmd.set_defaults(run=_build)

    validate_cmd = command("validate", "Run the independent checkers on edition files and print a summary table.")
    validate_cmd.add_argument("files", type=Path, nargs="+", help=".epub, .docx, .pdf, TEI .xml or .json files")
    validate_cmd.set_defaults(run=_validate)
    return parser


def _edition_options(command: argparse.ArgumentParser) -> None:
    group = command.add_argument_group("edition options")
    group.add_argument("--font", help="PDF: the font family for the text (default: Noto Sans CJK TC)")
    group.add_argument("--paper", help="PDF: the page size, a CSS size such as A4, A5, B5, letter (default: A4)")
    group.add_argument("--vertical", action="store_true", default=None, help="EPUB: vertical writing, right to left")
    group.add_argument(
        "-n", "--no-clobber", action="store_true", help="never replace an existing file (default: replace)"
    )


def _settings(args: argparse.Namespace, diagnostics: tuple[Diagnostic, ...] = ()) -> dict[str, object]:
    return {"font": args.font, "paper": args.paper, "vertical": args.vertical, "diagnostics": diagnostics}


def _format_list(text: str) -> tuple[str, ...]:
    names = tuple(name.strip().lower() for name in text.split(",") if name.strip())
    for name in names:
        try:
            by_name(name)
        except DigestconvError as exc:  # argparse reports it as a usage error (status 2)
            raise argparse.ArgumentTypeError(str(exc)) from None
    return names


def _convert(args: argparse.Namespace) -> int:
    source = by_name(args.source_format) if args.source_format else for_path(args.input, purpose="read")
    target = by_name(args.target_format) if args.target_format else for_path(args.output, purpose="write")
    if source.read is None or target.write is None:
        raise DigestconvError(f"cannot convert {source.name} to {target.name}")
    diagnostics: tuple[Diagnostic, ...] = ()
    if source.name == "compendium":  # keep the reader's diagnostics
        parsed = parse_file(args.input)
        doc, diagnostics = parsed.document, parsed.diagnostics
        if args.diagnostics:
            _print_diagnostics(parsed, None)
    else:
        doc = source.read(args.input)
    options = target.options_from(_settings(args, diagnostics))
    write_atomic(args.output, target.write(doc, options), overwrite=not args.no_clobber)
    return 0


def _outline(args: argparse.Namespace) -> int:
    data = outline(parse_file(args.input))
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(render(data))
    return 0


def _parse(args: argparse.Namespace) -> int:
    parsed = parse_file(args.input)
    _print_diagnostics(parsed, set(args.code) if args.code else None)
    doc = parsed.document
    print(f"{parsed.source}: {len(doc.body)} reports, {len(parsed.diagnostics)} diagnostics", file=sys.stderr)
    return 0


def _print_diagnostics(parsed: Parse, codes: set[str] | None) -> None:
    for diagnostic in parsed.diagnostics:
        if codes is None or diagnostic.code in codes:
            print(f"{parsed.source}:{diagnostic}")


def _build(args: argparse.Namespace) -> int:
    from . import progress  # rich: only the commands that draw a table pay for it

    parsed = parse_file(args.source)
    overwrite = not args.no_clobber
    jobs = build.plan(
        args.source.stem, args.output_dir, args.formats, _settings(args, parsed.diagnostics), overwrite=overwrite
    )
    if args.quiet:
        outcomes = build.run(parsed.document, jobs, workers=args.jobs, overwrite=overwrite)
    else:
        with progress.BuildProgress([job.format for job in jobs]) as display:
            outcomes = build.run(parsed.document, jobs, workers=args.jobs, overwrite=overwrite, on_state=display.update)
            display.finish(outcomes)
    for outcome in outcomes:
        if not outcome.ok:
            print(f"digestconv: error: {outcome.format}: {outcome.error}", file=sys.stderr)
    return 0 if all(outcome.ok for outcome in outcomes) else 1


def _validate(args: argparse.Namespace) -> int:
    from . import progress
    from .checks.run import validate  # the checkers' tools: only this command needs them

    results = [(path, result) for path in args.files for result in validate(path)]
    progress.print_checks(results)
    return 0 if all(result.passed for _, result in results) else 1


if __name__ == "__main__":  # pragma: no cover
    run()
