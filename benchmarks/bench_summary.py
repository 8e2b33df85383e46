"""The monthly summary on a large database. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_summary.py [--db /tmp/lotsen-bench-summary.db]

Builds (once; a later run reuses the file) a database with 100,000 clients and 1,000,000
contacts over 2019-2026, written with executemany straight into the tables (not through the
demo writer), then measures ``SummaryService.month`` for one month, a quarter and a year, and
the guide's report file for the month.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from lotsen_app.domain.enums import (
    AppointmentStatus,
    AuthorityKind,
    ClosingReason,
    ContactKind,
    Gender,
    StepActor,
    Topic,
)
from lotsen_app.persistence.database import create_database, open_database
from lotsen_app.services.summary import SummaryService

CLIENTS = 100_000
CONTACTS = 1_000_000
GUIDES = 40
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2026, 11, 20)
LANGUAGES = ["ar", "tr", "uk", "ru", "bg", "ro", "fa", "ku", "pl", "en", "fr", "de", ""]
BATCH = 50_000


def _day(rng: random.Random, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _stamp(day: date, hour: int = 9) -> str:
    return f"{day.isoformat()} {hour:02d}:00:00.000000"


def _batches(rows: Iterator[tuple[object, ...]]) -> Iterator[list[tuple[object, ...]]]:
    batch: list[tuple[object, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(db: sqlite3.Connection, sql: str, rows: Iterator[tuple[object, ...]]) -> None:
    for batch in _batches(rows):
        db.executemany(sql, batch)


def build(path: Path) -> None:
    database = create_database(path)
    database.close()
    rng = random.Random(7)
    now = _stamp(LAST_DAY)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA journal_mode = MEMORY")
    districts = [row[0] for row in db.execute("SELECT id FROM district")]
    db.executemany(
        "INSERT INTO guide (id, given_name, family_name, phone, email, languages, active, "
        "is_coordinator, created_at, updated_at) VALUES (?, ?, ?, '', '', 'de', 1, 0, ?, ?)",
        [(n, f"Lotsin{n}", f"Familie{n}", now, now) for n in range(1, GUIDES + 1)],
    )
    kinds = [kind.value for kind in AuthorityKind]
    db.executemany(
        "INSERT INTO authority (id, external_key, name, kind, street, postal_code, city, "
        "department, room, phone, email, opening_hours, booking_info, usual_documents, state, "
        "is_fictitious) VALUES (?, '', ?, ?, '', '', 'Duisburg', '', '', '', '', '{}', '', '', "
        "'NW', 1)",
        [(n, f"Stelle {n}", kinds[n % len(kinds)]) for n in range(1, 61)],
    )

    def clients() -> Iterator[tuple[object, ...]]:
        genders = [gender.value for gender in Gender] + [None]
        reasons = [reason.value for reason in ClosingReason]
        for n in range(1, CLIENTS + 1):
            opened = _day(rng)
            closed = _day(rng, opened, LAST_DAY) if rng.random() < 0.5 else None
            birth = _day(rng, date(1940, 1, 1), date(2024, 12, 31))
            has_date = rng.random() < 0.7
            has_year = not has_date and rng.random() < 0.6
            language = rng.choice(LANGUAGES)
            yield (
                n,
                f"Vorname{n}",
                f"Nachname{n}",
                birth.isoformat() if has_date else None,
                birth.year if has_year else None,
                rng.choice(genders),
                f"{language},de" if language else "",
                language,
                rng.choice(districts) if rng.random() < 0.9 else None,
                rng.randrange(2005, 2027) if rng.random() < 0.7 else None,
                "abgeschlossen" if closed else "aktiv",
                (closed or opened).isoformat(),
                opened.isoformat(),
                closed.isoformat() if closed else None,
                rng.choice(reasons) if closed else None,
                f"vorname{n} nachname{n}",
                f"nakname{n} vorname{n}",
                now,
                now,
            )

    _insert(
        db,
        "INSERT INTO client (id, given_name, family_name, form_of_address, birth_date, "
        "birth_year, gender, phone, email, street, postal_code, city, languages, district_id, "
        "preferred_language, interpreter_needed, arrival_year, strengths, goals_own_words, "
        "status, status_since, opened_on, closed_on, closing_reason, search_text, name_key, "
        "created_at, updated_at) VALUES (?, ?, ?, 'neutral', ?, ?, ?, '', '', '', '', "
        "'Duisburg', ?, ?, ?, 0, ?, '', '', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((*row[:6], row[6], row[8], row[7], *row[9:]) for row in clients()),
    )

    contact_kinds = [kind.value for kind in ContactKind]
    topics = [topic.value for topic in Topic]
    actors = [actor.value for actor in StepActor]
    links: list[tuple[int, int]] = []
    steps: list[tuple[int, str, str]] = []

    def contacts() -> Iterator[tuple[object, ...]]:
        for n in range(1, CONTACTS + 1):
            day = _day(rng)
            chosen = ",".join(rng.sample(topics, rng.randrange(0, 3)))
            yield (
                n,
                rng.randrange(1, GUIDES + 1) if rng.random() < 0.95 else None,
                day.isoformat(),
                rng.choice((15, 30, 45, 60, 90)),
                rng.choice(contact_kinds),
                chosen,
                rng.randrange(1, 61) if rng.random() < 0.6 else None,
                rng.choice((0, 0, 15, 30)),
                now,
            )
            client = rng.randrange(1, CLIENTS + 1)
            links.append((n, client))
            if rng.random() < 0.1:
                links.append((n, client % CLIENTS + 1))
            for _ in range(rng.randrange(0, 3)):
                steps.append((n, "Schritt", rng.choice(actors)))

    _insert(
        db,
        "INSERT INTO contact (id, guide_id, occurred_on, duration_minutes, kind, topics, "
        "authority_id, note, travel_minutes, travel_cost_cents, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, 0, ?)",
        contacts(),
    )
    _insert(db, "INSERT INTO contact_client VALUES (?, ?)", iter(links))
    _insert(
        db,
        "INSERT INTO contact_step (contact_id, description, actor) VALUES (?, ?, ?)",
        iter(steps),
    )

    statuses = [status.value for status in AppointmentStatus]

    def appointments() -> Iterator[tuple[object, ...]]:
        for n in range(1, 150_001):
            yield (
                n,
                rng.randrange(1, 61),
                rng.randrange(1, GUIDES + 1),
                _stamp(_day(rng), rng.randrange(8, 16)),
                rng.choice((30, 60, 90)),
                rng.choice(statuses),
                now,
                now,
            )

    _insert(
        db,
        "INSERT INTO appointment (id, authority_id, guide_id, starts_at, duration_minutes, "
        "place, room, purpose, checklist, mode, interpreter_name, interpreter_language, "
        "status, outcome, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', '', '', '[]', "
        "'begleitet', '', '', ?, '', ?, ?)",
        appointments(),
    )
    db.execute(
        "UPDATE contact SET appointment_id = id / 10 WHERE id % 10 = 0 AND id / 10 <= 150000"
    )

    def deadlines() -> Iterator[tuple[object, ...]]:
        for _ in range(100_000):
            yield (
                rng.randrange(1, CLIENTS + 1),
                _day(rng).isoformat(),
                rng.choice(("offen", "erledigt", "erledigt", "versaeumt")),
                now,
            )

    _insert(
        db,
        "INSERT INTO deadline (client_id, kind, title, authority_name, note, procedure, "
        "period_unit, belehrung_missing, state, shift_excluded, due_date, explanation, status, "
        "created_at) VALUES (?, 'widerspruch', '', '', '', '', 'M', 0, 'NW', 0, ?, '', ?, ?)",
        deadlines(),
    )

    def tasks() -> Iterator[tuple[object, ...]]:
        for _ in range(100_000):
            done = rng.random() < 0.7
            yield (
                rng.randrange(1, CLIENTS + 1),
                "Aufgabe",
                rng.choice(actors) if done else None,
                _day(rng).isoformat() if done else None,
            )

    _insert(
        db,
        "INSERT INTO task (client_id, text, done_by, done_on) VALUES (?, ?, ?, ?)",
        tasks(),
    )
    _insert(
        db,
        "INSERT INTO volunteer_entry (guide_id, occurred_on, minutes, kind, note, created_at) "
        "VALUES (?, ?, ?, 'teamtreffen', '', ?)",
        ((rng.randrange(1, GUIDES + 1), _day(rng).isoformat(), 120, now) for _ in range(10_000)),
    )
    db.commit()
    db.execute("ANALYZE")
    db.commit()
    db.close()


def _timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "lotsen-bench-summary.db"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--month", default="2026-10")
    args = parser.parse_args()
    if not args.db.exists():
        started = time.perf_counter()
        build(args.db)
        print(
            f"Datenbank {args.db} mit {CLIENTS} Klient:innen und {CONTACTS} Kontakten "
            f"geschrieben: {time.perf_counter() - started:.1f} s"
        )
    else:
        print(f"Vorhandene Datenbank {args.db} wird wiederverwendet.")
    database = open_database(args.db)
    service = SummaryService(database, lambda: datetime(2026, 11, 21, 10, 0))
    try:
        summary = service.month(args.month)
        print(
            f"{summary.period.label}: {summary.clients.active} aktive Klient:innen, "
            f"{summary.contacts.total} Kontakte, {summary.self_help.current.total} Schritte"
        )
        quarter = f"{args.month[:4]}-Q{(int(args.month[5:]) - 1) // 3 + 1}"
        for label, action in (
            (f"Monat {args.month}", lambda: service.month(args.month)),
            (f"Quartal {quarter}", lambda: service.month(quarter)),
            (f"Jahr {args.month[:4]}", lambda: service.month(args.month[:4])),
            (f"Berichtsdatei {args.month}", lambda: service.report(args.month)),
        ):
            best, median = _timed(action, args.runs)
            print(f"{label}: bestes {best * 1000:.0f} ms, Median {median * 1000:.0f} ms")
    finally:
        database.close()


if __name__ == "__main__":
    main()
