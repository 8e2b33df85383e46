"""``lotsen deadline``: output, JSON keys, and exit status 2 without a traceback for bad input."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from lotsen_app import cli_deadline


def run_in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Through a tiny parser with subcommands, as ``lotsen`` registers it."""
    parser = argparse.ArgumentParser(prog="lotsen")
    sub = parser.add_subparsers(dest="command", required=True)
    cli_deadline.add_parser(sub)
    try:
        code = cli_deadline.run(parser.parse_args(["deadline", *argv]))
    except SystemExit as exit_:  # argparse errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_in_process(
        ["--procedure", "sgb10", "--posted", "2025-03-03", "--period", "1m"], capsys
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Letzter Tag: Mo 07.04.2025"
    assert lines[1] == "Zur Post gegeben am Mo 03.03.2025."
    assert any("§ 37 Abs. 2 SGB X" in line for line in lines)


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_in_process(
        [
            "--procedure",
            "ao",
            "--posted",
            "04.03.2025",
            "--received",
            "12.03.2025",
            "--period",
            "1m",
            "--state",
            "nw",
            "--json",
        ],
        capsys,
    )
    assert code == 0
    payload = json.loads(out)
    assert {"delivered", "deadline", "steps", "procedure", "period", "state"} <= set(payload)
    # Fiction Sa 08.03. -> Mo 10.03. (AO); the later arrival Mi 12.03. counts; + 1 month
    # = Sa 12.04. -> Mo 14.04.2025.
    assert payload["delivered"] == "2025-03-12"
    assert payload["deadline"] == "2025-04-14"
    assert payload["procedure"] == "ao"
    assert payload["period"] == "1m"
    assert payload["state"] == "NW"
    assert isinstance(payload["steps"], list)
    assert all(isinstance(step, str) for step in payload["steps"])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        # Delivered Fr 14.03.2025, no Belehrung: Sa 14.03.2026 -> Mo 16.03.2026.
        (["--procedure", "zustellung", "--delivered", "2025-03-14", "--period", "1m", "--no-belehrung"], "2026-03-16"),
        # Handed over Fr 31.01.2025 + 1 month -> Fr 28.02.2025.
        (["--procedure", "persoenlich", "--delivered", "31.01.2025", "--period", "1m"], "2025-02-28"),
        # Mi 23.12.2026 + 2 weeks = Mi 06.01.2027, Heilige Drei Könige in BY -> Do 07.01.2027.
        (["--procedure", "zustellung", "--delivered", "2026-12-23", "--period", "2w", "--state", "BY"], "2027-01-07"),
        # Mi 05.03.2025 + 1 month = Sa 05.04.2025; the shift is excluded.
        (["--procedure", "zustellung", "--delivered", "2025-03-05", "--period", "1m", "--shift-excluded"], "2025-04-05"),
    ],
)  # fmt: skip
def test_deadlines_through_the_command(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_in_process([*argv, "--json"], capsys)
    assert code == 0
    assert json.loads(out)["deadline"] == expected


BAD = [
    # a date that does not exist
    ["--procedure", "sgb10", "--posted", "2025-02-30", "--period", "1m"],
    ["--procedure", "sgb10", "--posted", "31.04.2025", "--period", "1m"],
    ["--procedure", "sgb10", "--posted", "gestern", "--period", "1m"],
    [
        "--procedure",
        "sgb10",
        "--posted",
        "2025-03-03",
        "--received",
        "2025-13-01",
        "--period",
        "1m",
    ],
    # arrival before posting
    [
        "--procedure",
        "sgb10",
        "--posted",
        "2025-03-03",
        "--received",
        "2025-03-01",
        "--period",
        "1m",
    ],
    # zero, negative, absurd or malformed period
    ["--procedure", "sgb10", "--posted", "2025-03-03", "--period", "0m"],
    ["--procedure", "sgb10", "--posted", "2025-03-03", "--period=-1m"],
    ["--procedure", "sgb10", "--posted", "2025-03-03", "--period", "11y"],
    ["--procedure", "sgb10", "--posted", "2025-03-03", "--period", "1x"],
    # unknown state
    ["--procedure", "sgb10", "--posted", "2025-03-03", "--period", "1m", "--state", "XX"],
    # dates out of range
    ["--procedure", "sgb10", "--posted", "1999-12-31", "--period", "1m"],
    ["--procedure", "zustellung", "--delivered", "2101-01-01", "--period", "1m"],
    # the wrong start date for the procedure
    ["--procedure", "zustellung", "--posted", "2025-03-03", "--period", "1m"],
    ["--procedure", "sgb10", "--delivered", "2025-03-03", "--period", "1m"],
    # argparse errors: unknown procedure, missing start, both starts
    ["--procedure", "post", "--posted", "2025-03-03", "--period", "1m"],
    ["--procedure", "sgb10", "--period", "1m"],
    [
        "--procedure",
        "sgb10",
        "--posted",
        "2025-03-03",
        "--delivered",
        "2025-03-03",
        "--period",
        "1m",
    ],
]


@pytest.mark.parametrize("argv", BAD)
def test_bad_input_exits_2_with_a_message(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_in_process(argv, capsys)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.strip()


@pytest.mark.parametrize("argv", [BAD[0], BAD[4], BAD[5], BAD[9], BAD[10]])
def test_domain_errors_say_fehler(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_in_process(argv, capsys)
    assert code == 2
    assert err.startswith("Fehler: ")
    assert len(err.strip().splitlines()) == 1


def test_as_a_module_without_traceback() -> None:
    good = subprocess.run(
        [sys.executable, "-m", "lotsen_app.cli_deadline", "--procedure", "vwvfg", "--posted", "2024-12-30", "--period", "1m", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["deadline"] == "2025-02-03"
    bad = subprocess.run(
        [sys.executable, "-m", "lotsen_app.cli_deadline", "--procedure", "vwvfg", "--posted", "2025-02-29", "--period", "1m"],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr.startswith("Fehler: ")
    assert "Traceback" not in bad.stderr
