"""Run slow work (database reads, imports) off the GUI thread and report back by signal.

The worker only calls the given function; it never touches a widget. Results and errors come
back on the GUI thread through queued signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # reported on the GUI thread, never swallowed
            self.relay.failed.emit(error)
        else:
            self.relay.finished.emit(result)


class TaskRunner(QObject):
    """Starts jobs on a thread pool; keeps each relay alive until its job has reported."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        self._running: set[_Relay] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        relay = _Relay(self)
        self._running.add(relay)
        if len(self._running) == 1:
            self.busy_changed.emit(True)

        def finish(result: object) -> None:
            self._forget(relay)
            on_done(result)

        def fail(error: object) -> None:
            self._forget(relay)
            assert isinstance(error, Exception)
            log.warning("Hintergrundaufgabe fehlgeschlagen: %s", type(error).__name__)
            on_error(error)

        relay.finished.connect(finish)
        relay.failed.connect(fail)
        self.pool.start(_Job(work, relay))

    def _forget(self, relay: _Relay) -> None:
        self._running.discard(relay)
        # Drop the Python callbacks first: deleting a relay whose signals still hold closures
        # that reference it crashed PySide 6.11 inside ~QObject now and then.
        relay.finished.disconnect()
        relay.failed.disconnect()
        relay.deleteLater()
        if not self._running:
            self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
