"""Start-up and search-as-you-type with many clients. Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from lotsen_app.persistence.database import create_database, open_database
from lotsen_app.services.container import Services
from lotsen_app.services.demo import DemoOptions, write_demo_data
from lotsen_app.ui.main_window import MainWindow

QUERIES = [
    "y",
    "yi",
    "yil",
    "yilm",
    "yilma",
    "",
    "m",
    "ma",
    "mar",
    "marx",
    "",
    "0",
    "02",
    "0203",
    "0203 5",
    "0203 55",
    "0203 555",
    "",
    "o",
    "ol",
    "ole",
    "olen",
    "olena",
    "olena i",
    "",
]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        started = time.perf_counter()
        database = create_database(path)
        write_demo_data(database, DemoOptions(clients=args.clients, seed=7))
        database.close()
        print(
            f"Demo-Datenbank mit {args.clients} Klient:innen: {time.perf_counter() - started:.1f} s"
        )

        startups = []
        for _run in range(args.runs):
            started = time.perf_counter()
            database = open_database(path)
            window = MainWindow(Services.build(database))
            loop = QEventLoop()
            window.data_shown.connect(loop.quit)
            QTimer.singleShot(60_000, loop.quit)
            window.show()
            loop.exec()
            app.processEvents()
            window.clients_page.table.viewport().repaint()
            startups.append(time.perf_counter() - started)
            rows = window.clients_page.model.rowCount()
            if _run < args.runs - 1:
                window.close()
                window.deleteLater()
                database.close()
        print(
            f"Fenster zeigt {rows} Klient:innen nach (im Prozess): "
            + ", ".join(_ms(s) for s in startups)
        )

        page = window.clients_page
        window.show_page(window.page_index(page))
        page.status_filter.setCurrentIndex(page.status_filter.findText("alle"))
        app.processEvents()
        timings = []
        for query in QUERIES * 2:
            started = time.perf_counter()
            page.search.setText(query)
            page.table.viewport().repaint()
            timings.append(time.perf_counter() - started)
        timings.sort()
        print(
            f"Suche, pro Tastendruck ({len(timings)} Tastendrücke über {rows} Zeilen): "
            f"Median {_ms(statistics.median(timings))}, "
            f"95 % {_ms(timings[int(len(timings) * 0.95) - 1])}, Maximum {_ms(timings[-1])}"
        )
        window.close()
        database.close()

        shot = Path(folder) / "shot.png"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        walls = []
        for _run in range(args.runs):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "lotsen_app", "--db", str(path), "--screenshot", str(shot)],
                check=True,
                env=env,
                capture_output=True,
            )
            walls.append(time.perf_counter() - started)
        print(
            "Ganzer Programmstart bis Bildschirmfoto (Python-Start, Importe, Öffnen, Laden, "
            "200 ms Wartezeit, Speichern): " + ", ".join(f"{w:.2f} s" for w in walls)
        )


if __name__ == "__main__":
    main()
