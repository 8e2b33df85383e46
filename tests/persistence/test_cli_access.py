"""``lotsen export-person`` as a coordinator's script would use it: a real subprocess on a real
database file. (Until the subcommand is wired into lotsen_app/cli.py, the subprocess builds the
parser the way cli.py does, with ``cli_access.add_parser`` and ``cli_access.run``.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lotsen_app.persistence.database import create_database
from lotsen_app.services.container import Services
from tests.conftest import fixed_clock
from tests.persistence.test_access_export import PDF, PNG, build_family

SCRIPT = """
import argparse, sys
from lotsen_app.cli import CommandError
from lotsen_app import cli_access
parser = argparse.ArgumentParser(prog="lotsen")
cli_access.add_parser(parser.add_subparsers(dest="command", required=True))
args = parser.parse_args(sys.argv[1:])
try:
    sys.exit(cli_access.run(args))
except CommandError as error:
    print(f"Fehler: {error}", file=sys.stderr)
    sys.exit(error.code)
"""


def export_person(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LOTSEN_PASSWORD"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, "export-person", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _database(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "lotsen.db"
    database = create_database(path)
    family = build_family(Services.build(database, fixed_clock), language="ar")
    database.close()
    return path, {"amal": family.amal, **family.ids}


def test_writes_pdf_json_and_scans_into_a_new_folder(tmp_path: Path) -> None:
    db, ids = _database(tmp_path)
    out = tmp_path / "auskunft" / "amal"  # does not exist yet
    result = export_person("--db", str(db), "--client", str(ids["amal"]), "--out", str(out))
    assert result.returncode == 0, result.stderr
    amal = ids["amal"]
    names = {
        f"auskunft-{amal}.pdf",
        f"auskunft-{amal}.json",
        f"scan-{ids['scanned']}.png",
        f"scan-{ids['scanned_pdf']}.pdf",
    }
    assert {p.name for p in out.iterdir()} == names  # nothing else, nothing temporary
    for name in names:
        assert name in result.stdout
    assert "Seiten" in result.stdout
    assert (out / f"auskunft-{amal}.pdf").read_bytes().startswith(b"%PDF")
    assert (out / f"scan-{ids['scanned']}.png").read_bytes() == PNG
    assert (out / f"scan-{ids['scanned_pdf']}.pdf").read_bytes() == PDF
    data = json.loads((out / f"auskunft-{amal}.json").read_text(encoding="utf-8"))
    assert data["person"]["family_name"] == "Haddad"
    # The PDF's print is in the JSON's audit (written after it), with the languages.
    assert any(
        line["action"] == "gedruckt" and line["detail"] == "Auskunft (Art. 15) (de+ar)"
        for line in data["audit"]
    )
    assert "Haddad" not in result.stderr


def test_an_unknown_client_is_a_usage_error_and_no_folder_is_made(tmp_path: Path) -> None:
    db, _ = _database(tmp_path)
    out = tmp_path / "leer"
    result = export_person("--db", str(db), "--client", "999", "--out", str(out))
    assert result.returncode == 2
    assert "Fehler: --client: Klient:in Nr. 999 gibt es nicht" in result.stderr
    assert not out.exists()


def test_out_naming_a_file_is_refused(tmp_path: Path) -> None:
    db, ids = _database(tmp_path)
    a_file = tmp_path / "datei.txt"
    a_file.write_text("x")
    result = export_person("--db", str(db), "--client", str(ids["amal"]), "--out", str(a_file))
    assert result.returncode == 2
    assert "ist eine Datei, kein Ordner" in result.stderr
    assert a_file.read_text() == "x"


def test_a_missing_database_is_refused(tmp_path: Path) -> None:
    result = export_person(
        "--db", str(tmp_path / "fehlt.db"), "--client", "1", "--out", str(tmp_path / "o")
    )
    assert result.returncode != 0
    assert "gibt es nicht" in result.stderr
    assert not (tmp_path / "o").exists()
