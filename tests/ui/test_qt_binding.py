"""The Qt binding itself: PySide6 6.12.0 lost a reference to True on every emit() from Python,
which aborts the interpreter at exit after enough signals. pyproject.toml excludes it; this test
fails at once if such a version comes back."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    happened = Signal(int)


def test_emitting_a_signal_keeps_reference_counts() -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.happened.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for number in range(200):
        emitter.happened.emit(number)
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert len(received) == 200
    assert after[0] >= before[0] - 5 and after[1] >= before[1] - 5
