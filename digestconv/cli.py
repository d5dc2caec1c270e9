"""The ``digestconv`` command.

Errors a user can act on (bad input, unknown format, unwritable output) print one line naming
the file and line and exit with status 1; they never print a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .compendium import Parse, parse_file
from .errors import DigestconvError
from .formats.registry import by_name, for_path, formats
from .io import write_atomic
from .outline import outline, render

BUNDLED = Path(__file__).resolve().parent.parent / "examples" / "compendium-2024.md"
EXAMPLES = {
    "convert": "example: digestconv convert examples/compendium-2024.md -o compendium.json",
    "outline": "example: digestconv outline examples/compendium-2024.md --json",
    "parse": "example: digestconv parse examples/compendium-2024.md --code page-break-join",
    "build": "example: digestconv build examples/compendium-2024.md -o editions",
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except DigestconvError as exc:
        print(f"digestconv: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


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
    convert.set_defaults(run=_convert)

    outline_cmd = command("outline", "Print the recovered structure of a compendium.")
    outline_cmd.add_argument("input", type=Path, help="compendium Markdown")
    outline_cmd.add_argument("--json", action="store_true", help="print the outline as JSON")
    outline_cmd.set_defaults(run=_outline)

    parse_cmd = command("parse", "Parse a compendium and list every repair the reader made, with its source line.")
    parse_cmd.add_argument("input", type=Path, help="compendium Markdown")
    parse_cmd.add_argument("--code", action="append", help="show only diagnostics with this code (repeatable)")
    parse_cmd.set_defaults(run=_parse)

    build = command("build", "Build every edition of a compendium (the bundled one by default).")
    build.add_argument("source", type=Path, nargs="?", default=BUNDLED, help="compendium Markdown")
    build.add_argument("-o", "--output-dir", type=Path, default=Path("editions"), help="where to write (editions/)")
    build.set_defaults(run=_build)
    return parser


def _convert(args: argparse.Namespace) -> int:
    source = by_name(args.source_format) if args.source_format else for_path(args.input, purpose="read")
    target = by_name(args.target_format) if args.target_format else for_path(args.output, purpose="write")
    if source.read is None or target.write is None:
        raise DigestconvError(f"cannot convert {source.name} to {target.name}")
    options = target.default_options()
    if source.name == "compendium":  # keep the reader's diagnostics
        parsed = parse_file(args.input)
        doc = parsed.document
        options = target.default_options(diagnostics=parsed.diagnostics)
        if args.diagnostics:
            _print_diagnostics(parsed, None)
    else:
        doc = source.read(args.input)
    write_atomic(args.output, target.write(doc, options))
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
    parsed = parse_file(args.source)
    written = []
    for fmt in formats().values():
        if fmt.write is None:
            continue
        target = args.output_dir / f"{args.source.stem}{fmt.extensions[0]}"
        write_atomic(target, fmt.write(parsed.document, fmt.default_options(diagnostics=parsed.diagnostics)))
        written.append(target)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
