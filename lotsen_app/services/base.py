from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from lotsen_app.persistence.database import Database

Clock = Callable[[], datetime]


class Service:
    """Holds the database and the clock; every public method is one transaction."""

    def __init__(self, database: Database, clock: Clock = datetime.now) -> None:
        self.database = database
        self.clock = clock

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    def today(self) -> date:
        return self.clock().date()
