"""What goes into a calendar file for the phone: which appointments, and how much of the people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.reports.ics import DETAIL_LABELS, IcsDetail
from lotsen_app.ui.widgets.common import dialog_buttons

UPCOMING_WEEKS = 8


@dataclass(frozen=True)
class IcsChoice:
    appointment_ids: tuple[int, ...] | None
    start: datetime | None
    end: datetime | None
    detail: IcsDetail


class IcsExportDialog(QDialog):
    """The selected appointment, the shown range or the next weeks; initials unless chosen."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        now: datetime,
        shown: tuple[datetime, datetime, str],
        appointment: tuple[int, str] | None = None,
        whose: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Als Kalenderdatei speichern"))
        self.now = now
        self.shown = shown
        self.appointment = appointment
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Welche Termine?</b>")))
        self.scope = QButtonGroup(self)
        self.only_selected = QRadioButton(
            self.tr("Nur den ausgewählten Termin ({0})").format(appointment[1])
            if appointment
            else self.tr("Nur den ausgewählten Termin (keiner ausgewählt)")
        )
        self.only_selected.setEnabled(appointment is not None)
        self.shown_range = QRadioButton(self.tr("Die angezeigten Termine: {0}").format(shown[2]))
        self.upcoming = QRadioButton(
            self.tr("Die nächsten {0} Wochen ab heute").format(UPCOMING_WEEKS)
        )
        for button in (self.only_selected, self.shown_range, self.upcoming):
            self.scope.addButton(button)
            layout.addWidget(button)
        (self.only_selected if appointment else self.shown_range).setChecked(True)
        if whose:
            layout.addWidget(QLabel(self.tr("Nur Termine von {0}.").format(whose)))
        layout.addSpacing(8)
        layout.addWidget(QLabel(self.tr("<b>Wie viel von den Personen?</b>")))
        self.detail = QComboBox()
        for detail, label in DETAIL_LABELS.items():
            self.detail.addItem(label, detail.value)
        layout.addWidget(self.detail)
        hint = QLabel(
            self.tr(
                "Kalender auf dem Handy werden oft mit Cloud-Diensten abgeglichen. Deshalb "
                "stehen im Termin sonst nur die Initialen, nie der Familienname."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        layout.addWidget(dialog_buttons(self, self.accept, ok_text=self.tr("Weiter …")))

    def choice(self) -> IcsChoice:
        detail = IcsDetail(int(self.detail.currentData()))
        if self.only_selected.isChecked() and self.appointment is not None:
            return IcsChoice((self.appointment[0],), None, None, detail)
        if self.upcoming.isChecked():
            return IcsChoice(None, self.now, self.now + timedelta(weeks=UPCOMING_WEEKS), detail)
        return IcsChoice(None, self.shown[0], self.shown[1], detail)
