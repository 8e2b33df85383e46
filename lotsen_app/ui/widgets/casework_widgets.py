"""Small editors shared by the casework dialogs: steps and who did them, a list of rows, topics."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.appointments import Step
from lotsen_app.domain.enums import StepActor, Topic
from lotsen_app.ui.widgets.common import enum_data

HINT_STYLE = "color: #666666;"
WARNING_STYLE = "color: #b45f06;"


def row_layout(widget: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


class StepRow(QWidget):
    """One step of the appointment and who did it: the self-help measure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.description = QLineEdit()
        self.description.setPlaceholderText(self.tr("z. B. Antrag abgegeben, Fragen beantwortet"))
        self.actor = QComboBox()
        for actor in StepActor:
            self.actor.addItem(actor.label, actor)
        self.actor.setCurrentIndex(self.actor.findData(StepActor.TOGETHER))
        layout = row_layout(self)
        layout.addWidget(self.description, 3)
        layout.addWidget(self.actor, 2)

    def step(self) -> Step:
        actor = enum_data(self.actor, StepActor)
        assert actor is not None
        return Step(self.description.text(), actor)


def fill_step_row(row: StepRow, step: Step) -> None:
    """Show a stored step in a row (for editing)."""
    row.description.setText(step.description)
    row.actor.setCurrentIndex(max(row.actor.findData(step.actor), 0))


class RowList(QWidget):
    """Rows of small editors with a remove button each, and one button to add a row."""

    changed = Signal()

    def __init__(
        self, factory: Callable[[], QWidget], add_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.factory = factory
        self.rows: list[QWidget] = []
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(self.add_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows_layout)
        add_line = QHBoxLayout()
        add_line.addWidget(self.add_button)
        add_line.addStretch()
        layout.addLayout(add_line)

    def add_row(self) -> QWidget:
        row = self.factory()
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(self.tr("Zeile entfernen"))
        remove.clicked.connect(lambda: self.remove_row(row))
        layout = row.layout()
        assert layout is not None
        layout.addWidget(remove)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self.changed.emit()
        return row

    def remove_row(self, row: QWidget) -> None:
        if row in self.rows:
            self.rows.remove(row)
            self.rows_layout.removeWidget(row)
            row.deleteLater()
            self.changed.emit()


class TopicPicker(QWidget):
    """The topics of the four pillars as check boxes, three to a line. Nothing is ticked for
    the guide: "Gesundheit" in particular is only ticked by hand (it needs the person's consent)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[Topic, QCheckBox] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for index, topic in enumerate(Topic):
            box = QCheckBox(topic.label)
            box.toggled.connect(lambda _checked: self.changed.emit())
            self.boxes[topic] = box
            layout.addWidget(box, index // 3, index % 3)

    def set_topics(self, topics: Iterable[Topic]) -> None:
        wanted = set(topics)
        for topic, box in self.boxes.items():
            box.setChecked(topic in wanted)

    def topics(self) -> tuple[Topic, ...]:
        return tuple(topic for topic, box in self.boxes.items() if box.isChecked())
