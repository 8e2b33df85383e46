"""GIVEN a process writing through the real services WHEN it is killed (SIGKILL) at random
moments, many times over THEN the file passes the integrity check and holds every record the
process reported as committed; a backup or a password change killed midway leaves a whole file.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from lotsen_app.persistence.backup import verify_backup, write_backup
from lotsen_app.persistence.database import (
    check_database,
    create_database,
    open_database,
    password_matches,
)
from lotsen_app.persistence.models import Client, Contact

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

PASSWORD = "richtig-geheim"

WRITER = """
import sys
from datetime import date
from pathlib import Path
from lotsen_app.domain.casework import NewContact
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import ContactKind, Topic
from lotsen_app.persistence.database import open_database
from lotsen_app.services.casework import CaseworkService
from lotsen_app.services.clients import ClientService

database = open_database(Path(sys.argv[1]), sys.argv[2] or None)
clients = ClientService(database)
casework = CaseworkService(database)
number = 0
while True:
    number += 1
    client_id = clients.create(ClientInput("Olena", f"Iwanowa{number}"))
    print(f"client {client_id}", flush=True)
    contact_id = casework.record_contact(
        NewContact(
            occurred_on=date.today(),
            duration_minutes=30,
            kind=ContactKind.COUNSELLING,
            client_ids=(client_id,),
            topics=(Topic.RESIDENCE,),
            note=f"Antrag besprochen {number}",
        )
    )
    print(f"contact {contact_id}", flush=True)
"""

BACKUP_LOOP = """
import sys
from pathlib import Path
from lotsen_app.domain.clients import ClientInput
from lotsen_app.persistence.backup import write_backup
from lotsen_app.persistence.database import open_database
from lotsen_app.services.clients import ClientService

database = open_database(Path(sys.argv[1]), sys.argv[2])
print("bereit", flush=True)
while True:
    ClientService(database).create(ClientInput("Olena", "Iwanowa"))
    write_backup(database, Path(sys.argv[3]))
"""

REKEY_LOOP = """
import sys
from pathlib import Path
from lotsen_app.persistence.database import change_password, open_database

first, second = sys.argv[2], sys.argv[3]
database = open_database(Path(sys.argv[1]), first)
print("bereit", flush=True)
current, other = first, second
while True:
    database = change_password(database, current, other)
    current, other = other, current
"""


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _kill(child: subprocess.Popen[str]) -> list[str]:
    """SIGKILL, then every complete line the child had written before it died."""
    child.send_signal(signal.SIGKILL)
    assert child.stdout is not None
    rest = child.stdout.read()
    child.wait(timeout=30)
    return [line for line in rest.split("\n")[:-1] if line]  # the last piece may be cut


def test_killed_writer_never_loses_a_committed_record(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    create_database(path).close()
    rng = random.Random(8)
    reported: dict[str, set[int]] = {"client": set(), "contact": set()}
    started = time.monotonic()
    kills = 0
    while kills < 20 or (kills < 30 and time.monotonic() - started < 15):
        child = _start(WRITER, str(path), "")
        assert child.stdout is not None
        lines = [child.stdout.readline().strip()]  # one commit at least, then anywhere
        time.sleep(rng.uniform(0, 0.25))
        lines += _kill(child)
        kills += 1
        for line in lines:
            kind, number = line.split()
            reported[kind].add(int(number))
        assert child.returncode == -signal.SIGKILL
    report = check_database(path, None)
    assert report.ok, report.messages
    database = open_database(path)
    with database.session() as session:
        clients = set(session.scalars(select(Client.id)))
        contacts = set(session.scalars(select(Contact.id)))
    database.close()
    assert reported["client"] <= clients
    assert reported["contact"] <= contacts
    assert kills >= 20 and len(reported["client"]) > kills


def test_a_killed_backup_leaves_the_old_or_the_new_backup_whole(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    database = create_database(path, PASSWORD)
    target = tmp_path / "usb" / "kopie.db"
    target.parent.mkdir()
    write_backup(database, target)
    database.close()
    rng = random.Random(9)
    for _ in range(6):
        child = _start(BACKUP_LOOP, str(path), PASSWORD, str(target))
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "bereit"
        time.sleep(rng.uniform(0, 0.6))
        _kill(child)
        verify_backup(target, PASSWORD)  # whole: raises otherwise
        assert check_database(path, PASSWORD).ok
    names = os.listdir(target.parent)
    assert "kopie.db" in names
    # Only hidden temp files of the killed runs may be left (a temp file's journal, too); the
    # next backup removes them once they are an hour old.
    assert all(name == "kopie.db" or name.startswith(".kopie.db.neu-") for name in names), names


def test_a_killed_password_change_leaves_a_file_one_of_the_passwords_opens(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lotsen.db"
    first, second = "erstes-passwort", "zweites-passwort"
    create_database(path, first).close()
    rng = random.Random(10)
    for _ in range(5):
        key = first if password_matches(path, first) else second
        other = second if key == first else first
        child = _start(REKEY_LOOP, str(path), key, other)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "bereit"
        time.sleep(rng.uniform(0, 1.0))
        _kill(child)
        opens = [password for password in (first, second) if password_matches(path, password)]
        assert len(opens) == 1
        assert check_database(path, opens[0]).ok
        database = open_database(path, opens[0])
        assert database.encrypted
        database.close()
