"""Write schema_<head>.sql: a small database at the newest schema, as SQL text."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.database import create_database, head_revision
from lotsen_app.services.container import Services


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dump.db"
        database = create_database(path)
        services = Services.build(database, lambda: datetime(2026, 11, 21, 10, 0))
        guide = services.guides.create(GuideInput("Erika", "Musterfrau"))
        services.clients.create(
            ClientInput(
                "Ayşe",
                "Yılmaz",
                birth_year=1985,
                district_id=8,
                languages=("tr", "de"),
                preferred_language="tr",
            ),
            guide_id=guide,
        )
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.close()
        connection = sqlite3.connect(path)
        target = Path(__file__).parent / f"schema_{head_revision()}.sql"
        target.write_text("\n".join(connection.iterdump()) + "\n", encoding="utf-8")
        connection.close()
        print(target)


if __name__ == "__main__":
    main()
