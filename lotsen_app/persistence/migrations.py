"""Developer helper: ``python -m lotsen_app.persistence.migrations revision "message"``.

Compares the models with a database at the newest schema and writes the migration into db/versions.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from lotsen_app.persistence.database import _alembic_config, make_engine


def autogenerate(message: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(Path(folder) / "schema.db", None)
        with engine.begin() as connection:
            config = _alembic_config(connection)
            command.upgrade(config, "head")
            command.revision(config, message=message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        sys.exit('usage: python -m lotsen_app.persistence.migrations revision "message"')
    autogenerate(sys.argv[2])
