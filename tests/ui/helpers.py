"""Helpers for driving modal dialogs the way a user would, and for opening the main window."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from lotsen_app.services.container import Services
from lotsen_app.ui.main_window import MainWindow


def when_modal(kind: type, action: Callable[[QWidget], None], timeout_ms: int = 5000) -> list[str]:
    """Run ``action`` on the next modal dialog of type ``kind`` once it is shown.

    Returns a list that holds an error text if the dialog never appeared (checked by the caller).
    """
    problems: list[str] = []
    waited = {"ms": 0}

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            try:
                action(widget)
            except BaseException as error:  # report it instead of leaving a modal dialog open
                problems.append(f"{kind.__name__}: {type(error).__name__}: {error}")
                widget.close()
            return
        waited["ms"] += 20
        if waited["ms"] > timeout_ms:
            problems.append(f"{kind.__name__} did not appear")
            if widget is not None:
                widget.close()
            return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return problems


def shown_main_window(qtbot: Any, services: Services, *, settled: bool = False) -> MainWindow:
    """The main window on ``services``, shown once its first data arrived; with ``settled``
    also once the background work started by showing it is done."""
    window = MainWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.data_shown, timeout=10000):
        window.show()
    if settled:
        qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    return window
