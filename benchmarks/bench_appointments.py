"""Appointments on a large database: agenda ranges, warnings, reminders. Prints figures only."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from lotsen_app.domain.appointments import NewAppointment
from lotsen_app.persistence.database import create_database
from lotsen_app.services.container import Services
from lotsen_app.services.demo import DemoOptions, write_demo_data


def _timed(work, runs: int) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        database = create_database(Path(folder) / "bench.db")
        started = time.perf_counter()
        summary = write_demo_data(database, DemoOptions(clients=args.clients, today=today))
        print(f"demo ({args.clients} clients): {time.perf_counter() - started:.1f} s")
        print(f"  {summary}")
        services = Services.build(database)
        monday = datetime.combine(today - timedelta(days=today.weekday()), datetime.min.time())
        month = datetime.combine(today.replace(day=1), datetime.min.time())
        figures = {
            "agenda: one day, all guides": lambda: services.appointments.rows(
                monday, monday + timedelta(days=1)
            ),
            "agenda: one week, all guides": lambda: services.appointments.rows(
                monday, monday + timedelta(days=7)
            ),
            "agenda: one month, all guides": lambda: services.appointments.rows(
                month, month + timedelta(days=31)
            ),
            "reminders: next 60 minutes": lambda: services.appointments.upcoming(
                within=timedelta(minutes=60)
            ),
        }
        rows = services.appointments.rows(monday, monday + timedelta(days=7))
        sample = next(row for row in rows if row.guide_id is not None)
        planned = NewAppointment(
            client_ids=sample.client_ids,
            starts_at=sample.starts_at + timedelta(minutes=15),
            duration_minutes=60,
            authority_id=sample.authority.id if sample.authority else None,
            guide_id=sample.guide_id,
            place="" if sample.authority else "Ort",
        )
        figures["warnings for one new appointment"] = lambda: services.appointments.warnings(
            planned
        )
        figures["ICS: next 8 weeks of one guide"] = lambda: services.appointments.ics_for(
            guide_id=sample.guide_id
        )
        for name, work in figures.items():
            seconds, result = _timed(work, args.runs)
            size = len(result) if isinstance(result, list | bytes) else ""
            print(f"{name}: {seconds * 1000:.1f} ms (median of {args.runs}) {size}")
        database.close()


if __name__ == "__main__":
    main()
