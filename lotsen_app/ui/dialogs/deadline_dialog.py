"""A deadline: computed live from the letter's dates with the steps explained, or a fixed date."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.dates import format_date_weekday
from lotsen_app.domain.deadline_tracking import EXPIRY_KINDS, NewDeadline, NewTask
from lotsen_app.domain.deadlines import (
    STATES,
    DeadlineInput,
    DeadlineKind,
    Period,
    PeriodUnit,
    Procedure,
    expiry_warning_start,
    suggested_period,
)
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.services.container import Services
from lotsen_app.ui.widgets.authority_completer import attach_authority_completer
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    date_edit,
    dialog_buttons,
    enum_data,
    from_qdate,
    show_error,
    to_qdate,
)

FICTION = frozenset({Procedure.VWVFG, Procedure.SGB10, Procedure.AO})
UNIT_LABELS = {
    PeriodUnit.DAYS: "Tage",
    PeriodUnit.WEEKS: "Wochen",
    PeriodUnit.MONTHS: "Monate",
    PeriodUnit.YEARS: "Jahre",
}


class DeadlineDialog(QDialog):
    """``letter`` prefill: (letter id, authority, procedure, start date, received date, subject)."""

    def __init__(
        self,
        services: Services,
        client_id: int,
        client_name: str,
        letter: tuple[int, str, Procedure | None, date | None, date | None, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.letter_id = letter[0] if letter else None
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("Frist für {0}").format(client_name))
        self.resize(680, 820)
        today = services.clock().date()

        self.kind = QComboBox()
        for kind in DeadlineKind:
            self.kind.addItem(kind.label, kind)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("z. B. Widerspruch gegen den Bescheid vom …"))
        self.authority = QLineEdit()
        attach_authority_completer(self.authority, services)
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(60)

        self.procedure = QComboBox()
        for procedure in Procedure:
            self.procedure.addItem(procedure.label, procedure)
        self.start_label = QLabel()
        self.start = date_edit(today)
        self.received_known = QCheckBox(self.tr("tatsächlich angekommen am"))
        self.received = date_edit(today)
        self.received.setEnabled(False)
        self.period_value = QSpinBox()
        self.period_value.setRange(1, 120)
        self.period_value.setValue(1)
        self.period_unit = QComboBox()
        for unit, label in UNIT_LABELS.items():
            self.period_unit.addItem(label, unit)
        self.period_unit.setCurrentIndex(self.period_unit.findData(PeriodUnit.MONTHS))
        self.no_belehrung = QCheckBox(self.tr("Rechtsbehelfsbelehrung fehlt oder ist falsch"))
        self.state = QComboBox()
        for code, name in STATES.items():
            self.state.addItem(name, code)
        self.state.setCurrentIndex(self.state.findData(services.settings.state()))
        self.shift_excluded = QCheckBox(
            self.tr("Das Amt hat ein festes Datum gesetzt und die Verschiebung ausgeschlossen")
        )

        self.fixed_due = date_edit(today)
        self.fixed_label = QLabel(self.tr("Fristende laut Brief"))
        self.expiry_hint = QLabel()
        self.expiry_hint.setWordWrap(True)

        self.result_title = QLabel()
        self.result_title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.result_steps = QLabel()
        self.result_steps.setWordWrap(True)
        self.result_steps.setTextFormat(Qt.TextFormat.RichText)
        self.result_steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel()

        self.tasks = QPlainTextEdit()
        self.tasks.setPlaceholderText(self.tr("Aufgaben, die der Brief auslöst – eine pro Zeile"))
        self.tasks.setMaximumHeight(70)

        what = QGroupBox(self.tr("Was ist zu tun?"))
        form = QFormLayout(what)
        form.addRow(self.tr("Art"), self.kind)
        form.addRow(self.tr("Beschreibung"), self.title)
        form.addRow(self.tr("Amt / an wen"), self.authority)

        self.rule_box = QGroupBox(self.tr("Berechnung nach dem Gesetz"))
        rule = QFormLayout(self.rule_box)
        rule.addRow(self.tr("Zustellung"), self.procedure)
        rule.addRow(self.start_label, self.start)
        received_row = QHBoxLayout()
        received_row.addWidget(self.received_known)
        received_row.addWidget(self.received)
        rule.addRow(self.tr("laut Klient:in"), received_row)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period_value)
        period_row.addWidget(self.period_unit)
        period_row.addStretch()
        rule.addRow(self.tr("Frist"), period_row)
        rule.addRow("", self.no_belehrung)
        rule.addRow(self.tr("Feiertage von"), self.state)
        # Legal remedies (the computed kinds) always move off weekends and holidays; the
        # exclusion only exists for dates an authority sets itself, which are entered as fixed.
        self.shift_excluded.hide()

        self.fixed_box = QGroupBox(self.tr("Datum aus dem Brief"))
        fixed = QFormLayout(self.fixed_box)
        fixed.addRow(self.fixed_label, self.fixed_due)
        fixed.addRow(self.expiry_hint)

        result = QGroupBox(self.tr("Ergebnis"))
        result_layout = QVBoxLayout(result)
        result_layout.addWidget(self.result_title)
        steps_scroll = QScrollArea()
        steps_scroll.setWidgetResizable(True)
        steps_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        steps_scroll.setWidget(self.result_steps)
        steps_scroll.setMinimumHeight(170)
        result_layout.addWidget(steps_scroll)
        result_layout.addWidget(self.error)

        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(self.rule_box)
        layout.addWidget(self.fixed_box)
        layout.addWidget(result)
        if self.letter_id is not None:
            layout.addWidget(QLabel(self.tr("Aufgaben aus diesem Brief")))
            layout.addWidget(self.tasks)
        layout.addWidget(QLabel(self.tr("Notiz")))
        layout.addWidget(self.note)
        buttons = dialog_buttons(self, self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)

        if letter is not None:
            _letter_id, authority, letter_procedure, start, received, subject = letter
            self.authority.setText(authority)
            self.title.setText(subject)
            if letter_procedure is not None:
                self.procedure.setCurrentIndex(self.procedure.findData(letter_procedure))
            if start is not None:
                self.start.setDate(to_qdate(start))
            if received is not None:
                self.received_known.setChecked(True)
                self.received.setEnabled(True)
                self.received.setDate(to_qdate(received))
            self.tasks.setPlainText(
                self.tr("Unterlagen zusammenstellen\nAntwort gemeinsam schreiben")
            )

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.procedure.currentIndexChanged.connect(self._procedure_changed)
        self.received_known.toggled.connect(self.received.setEnabled)
        for edit in (self.start, self.received, self.fixed_due):
            edit.dateChanged.connect(self.recompute)
        for widget in (self.received_known, self.no_belehrung, self.shift_excluded):
            widget.toggled.connect(self.recompute)
        for combo in (self.period_unit, self.state):
            combo.currentIndexChanged.connect(self.recompute)
        self.period_value.valueChanged.connect(self.recompute)
        self._kind_changed()

    def current_kind(self) -> DeadlineKind:
        kind = enum_data(self.kind, DeadlineKind)
        assert kind is not None
        return kind

    def current_procedure(self) -> Procedure:
        procedure = enum_data(self.procedure, Procedure)
        assert procedure is not None
        return procedure

    def _kind_changed(self, *_args: object) -> None:
        kind = self.current_kind()
        self.rule_box.setVisible(kind.computed)
        self.fixed_box.setVisible(not kind.computed)
        expiry = kind in EXPIRY_KINDS
        self.fixed_label.setText(
            self.tr("gültig bis") if expiry else self.tr("Fristende laut Brief")
        )
        self._apply_suggestion()
        self._procedure_changed()

    def _apply_suggestion(self) -> None:
        suggestion = suggested_period(self.current_kind(), self.current_procedure())
        if suggestion is not None:
            self.period_value.setValue(suggestion.value)
            self.period_unit.setCurrentIndex(self.period_unit.findData(suggestion.unit))

    def _procedure_changed(self, *_args: object) -> None:
        fiction = self.current_procedure() in FICTION
        self.start_label.setText(
            self.tr("zur Post gegeben am") if fiction else self.tr("zugestellt / übergeben am")
        )
        self.received_known.setEnabled(fiction)
        self.received.setEnabled(fiction and self.received_known.isChecked())
        self.recompute()

    def current_rule(self) -> DeadlineInput:
        procedure = self.current_procedure()
        fiction = procedure in FICTION
        return DeadlineInput(
            procedure=procedure,
            start=from_qdate(self.start.date()),
            period=Period(self.period_value.value(), PeriodUnit(self.period_unit.currentData())),
            received=from_qdate(self.received.date())
            if fiction and self.received_known.isChecked()
            else None,
            belehrung_missing=self.no_belehrung.isChecked(),
            state=str(self.state.currentData()),
            shift_excluded=self.shift_excluded.isChecked(),
        )

    def recompute(self, *_args: object) -> None:
        """Compute on every change, so the user sees the last day and why while typing."""
        kind = self.current_kind()
        self.error.show_message(None)
        if not kind.computed:
            due = from_qdate(self.fixed_due.date())
            self.result_title.setText(self.tr("Letzter Tag: {0}").format(format_date_weekday(due)))
            if kind in EXPIRY_KINDS:
                warn = expiry_warning_start(due)
                text = self.tr(
                    "Die Verlängerung muss vor Ablauf beantragt werden. Lotsen erinnert ab "
                    "{0} (8 Wochen vorher)."
                ).format(format_date_weekday(warn))
            else:
                text = self.tr("Das Datum steht im Brief und wird so übernommen.")
            self.expiry_hint.setText(text)
            self.result_steps.setText(escape(text))
            self.save_button.setEnabled(True)
            return
        try:
            result = self.services.deadlines.compute(self.current_rule())
        except DomainError as error:
            self.result_title.setText(self.tr("Keine Berechnung möglich"))
            self.result_steps.setText("")
            self.error.show_message(str(error))
            self.save_button.setEnabled(False)
            return
        self.save_button.setEnabled(True)
        self.result_title.setText(
            self.tr("Letzter Tag: {0}").format(format_date_weekday(result.deadline))
        )
        self.result_steps.setText(
            "<ol>" + "".join(f"<li>{escape(step)}</li>" for step in result.steps) + "</ol>"
        )

    def new_deadline(self) -> NewDeadline:
        kind = self.current_kind()
        return NewDeadline(
            client_id=self.client_id,
            kind=kind,
            title=self.title.text(),
            authority_name=self.authority.text(),
            note=self.note.toPlainText(),
            rule=self.current_rule() if kind.computed else None,
            fixed_due=None if kind.computed else from_qdate(self.fixed_due.date()),
            letter_id=self.letter_id,
        )

    def save(self) -> None:
        data = self.new_deadline()
        try:
            if self.letter_id is not None:
                tasks = [NewTask(text=line) for line in self.tasks.toPlainText().splitlines()]
                [self.saved_id] = self.services.letters.create_followups(
                    self.letter_id, [data], tasks
                )
            else:
                self.saved_id = self.services.deadlines.create(data)
        except (ValidationError, DomainError) as error:
            self.error.show_message(str(error))
            return
        except Exception as error:
            show_error(self, error)
            return
        self.accept()
