"""The command line: conversions, outline, diagnostics, build, and errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from digestconv.cli import main
from digestconv.formats import jsonmodel

from .conftest import SEED


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "digestconv.cli", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_convert_compendium_to_json_and_back(tmp_path, seed_parse):
    out = tmp_path / "doc.json"
    assert main(["convert", str(SEED), "-o", str(out)]) == 0
    doc = jsonmodel.loads(out.read_text(encoding="utf-8"))
    assert doc == seed_parse.document
    again = tmp_path / "again.json"
    assert main(["convert", str(out), "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_from_and_to_override_extensions(tmp_path):
    source = tmp_path / "compendium.text"
    source.write_bytes(SEED.read_bytes())
    out = tmp_path / "model.data"
    assert main(["convert", str(source), "-o", str(out), "--from", "compendium", "--to", "json"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == jsonmodel.SCHEMA_VERSION


def test_outline_json_has_the_documented_shape(capsys):
    assert main(["outline", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"reports", "footnotes", "page_break_joins", "lists"}
    first = data["reports"][0]
    assert first["id"] == "2024-01" and first["title"] == "全球核能發電現況與發展趨勢"
    assert first["meta"]["專題報告編號"] == "2024-01" and first["meta"]["執行時間"] == "2023.06~2023.12"
    assert first["sections"][0] == {"label": "一、", "title": "問題及目標", "line": 76, "children": []}
    assert data["footnotes"][0]["n"] == 1 and data["footnotes"][0]["report"] == "2024-06"
    assert data["footnotes"][0]["text"].startswith("例如目前")
    assert data["page_break_joins"][0] == {"line_before": 82, "line_after": 84}
    assert data["lists"]["2024-01"] == 1


def test_outline_text_is_readable(capsys):
    assert main(["outline", str(SEED)]) == 0
    text = capsys.readouterr().out
    assert "2024-01  全球核能發電現況與發展趨勢" in text
    assert "        1. 核能安全  (line 92)" in text


def test_parse_lists_repairs_with_lines(capsys):
    assert main(["parse", str(SEED), "--code", "toc-title-mismatch"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith(f"{SEED}:line 51-596: [toc-title-mismatch]")


def test_help_on_every_command_has_an_example():
    for command in ("convert", "outline", "parse", "build", "validate"):
        result = run(command, "--help")
        assert result.returncode == 0 and "example: digestconv" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary\x00", "binary data"),
        ("# 標題\n\n只是一段文字。\n".encode(), "no report heading found"),
        (b"\x80\x81 not text at all \xfa\xfb\x9f", "not UTF-8"),
    ],
)
def test_bad_input_exits_nonzero_naming_file_and_line(tmp_path, content, message):
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    result = run("convert", str(bad), "-o", str(tmp_path / "out.json"))
    assert result.returncode == 1
    assert message in result.stderr and str(bad) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()
    assert list(tmp_path.iterdir()) == [bad]  # no partial output left behind


def test_unknown_extension_is_a_clear_error(tmp_path):
    result = run("convert", str(SEED), "-o", str(tmp_path / "out.xyz"))
    assert result.returncode == 1 and "cannot tell the format" in result.stderr and "Traceback" not in result.stderr


def test_missing_file_is_a_clear_error(tmp_path):
    result = run("outline", str(tmp_path / "nope.md"))
    assert result.returncode == 1 and "nope.md" in result.stderr and "Traceback" not in result.stderr


def test_json_of_another_schema_version(tmp_path):
    old = tmp_path / "old.json"
    old.write_text('{"format": "digestconv",\n "schema_version": 0, "document": {}}', encoding="utf-8")
    result = run("convert", str(old), "-o", str(tmp_path / "new.json"))
    assert result.returncode == 1
    assert f"{old}:2: model schema version 0 is not supported" in result.stderr


@pytest.mark.parametrize(
    ("command", "expected"), [("outline", "全球核能發電現況與發展趨勢"), ("parse", "我國財政與稅制優化研究")]
)
def test_chinese_output_survives_an_ascii_locale(command, expected):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    env |= {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "digestconv", command, str(SEED)], capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    assert expected in done.stdout.decode("utf-8")


# The installed command ends with cli.run(): main(), then os._exit without the interpreter's
# teardown. What a normal exit guarantees must still hold. PYTHONUNBUFFERED is dropped, so that
# output waits in the buffers until the end, as it does for a user.


def _script(prelude: str, *args: str) -> str:
    """Python that runs ``cli.run()`` with ``args``, after ``prelude`` (run first in the same process)."""
    argv = ["digestconv", *args]
    return f"import sys\n{prelude}\nfrom digestconv.cli import run\nsys.argv = {argv!r}\nrun()\n"


_BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _command(tmp_path: Path, prelude: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _script(prelude, *args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=_BUFFERED,
    )


def _finish(command: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = command.communicate(timeout=120)
    return command.returncode, out, err


def _finish_after_the_reader_left(command: subprocess.Popen[str]) -> tuple[int, str]:
    """Close the command's output, as ``| head`` does, long before it writes (it parses first)."""
    assert command.stdout is not None
    command.stdout.close()
    command.stdout = None
    status, _, err = _finish(command)
    return status, err


def test_command_output_is_complete_and_status_kept(tmp_path):
    status, out, err = _finish(_command(tmp_path, "", "outline", str(SEED), "--json"))
    assert status == 0, err
    assert len(json.loads(out)["reports"]) == 21  # flushed before leaving
    status, out, err = _finish(_command(tmp_path, "", "parse", str(SEED), "--code", "furniture-dropped"))
    assert status == 0 and out.count("[furniture-dropped]") >= 3 and "21 reports" in err
    status, _, err = _finish(_command(tmp_path, "", "outline", str(tmp_path / "missing.md")))
    assert status == 1 and "missing.md" in err


def test_command_runs_atexit_handlers(tmp_path):
    prelude = "import atexit\natexit.register(lambda: open('cleaned', 'w').close())"
    status, _, err = _finish(_command(tmp_path, prelude, "convert", str(SEED), "-o", "doc.json"))
    assert status == 0, err
    assert (tmp_path / "cleaned").exists() and (tmp_path / "doc.json").stat().st_size > 100_000


def test_command_waits_for_a_running_thread(tmp_path):
    """A thread still running when main() returns: the command waits for it, as a normal exit does."""
    prelude = (
        "import threading, time\n"
        "import digestconv.cli as cli\n"
        "main = cli.main\n"
        "def main_leaving_a_thread():\n"
        "    status = main()\n"
        "    threading.Thread(target=lambda: (time.sleep(0.5), open('late', 'w').close())).start()\n"
        "    return status\n"
        "cli.main = main_leaving_a_thread"
    )
    status, _, err = _finish(_command(tmp_path, prelude, "parse", str(SEED)))
    assert status == 0, err
    assert (tmp_path / "late").exists()


def test_command_whose_output_is_lost_at_the_end_fails(tmp_path):
    """Output still buffered at the end, to a reader that has gone: status 120, as Python's own
    exit gives, not 0, and no traceback."""
    command = _command(tmp_path, "", "parse", str(SEED), "--code", "furniture-dropped")
    status, err = _finish_after_the_reader_left(command)
    assert status == 120 and "21 reports" in err and "Traceback" not in err


def test_command_whose_reader_goes_midway_fails_quietly(tmp_path):
    """``digestconv outline … --json | head -c 10``: the outline (70 KB) outgrows the buffer while
    it is written, to a reader that has gone: status 120 and no traceback."""
    status, err = _finish_after_the_reader_left(_command(tmp_path, "", "outline", str(SEED), "--json"))
    assert status == 120 and "Traceback" not in err, err


def test_command_without_stdout_still_works(tmp_path):
    """Started with its standard output closed (``>&-``): the file is written, status 0."""
    script = _script("", "convert", str(SEED), "-o", "doc.json")
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" -c "$1" >&-', sys.executable, script],
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=_BUFFERED,
        timeout=120,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / "doc.json").stat().st_size > 100_000
