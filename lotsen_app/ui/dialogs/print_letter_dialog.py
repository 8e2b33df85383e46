"""Print a letter for a client: choose the language and layout, preview, print or save as PDF.

Opened from an appointment (Terminbestätigung), a deadline (Fristerinnerung), a client
(Einwilligung) or the Termine page (all letters of a week). The preview is Qt's
QPrintPreviewDialog: from there the letter goes to a printer, or to a PDF through the system's
print dialog; "Als PDF speichern …" writes the PDF directly. Every letter printed or saved is
noted in the audit log (kind, number and languages only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.dates import WEEKDAYS_SHORT
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.languages import LETTER_LANGUAGES, language_name
from lotsen_app.letters import Layout, LetterTextError, load_texts
from lotsen_app.services.container import Services
from lotsen_app.ui import letter_printing
from lotsen_app.ui.dialogs.consent_dialog import ConsentDialog
from lotsen_app.ui.letter_printing import Printed
from lotsen_app.ui.printing import a4_layout, paint_letters
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import (
    ERROR_STYLE,
    UNEXPECTED_ERROR,
    date_edit,
    from_qdate,
    show_error,
)

SAVED_STYLE = "color: #1b5e20;"

APPOINTMENT, DEADLINE, CONSENT, WEEK = "appointment", "deadline", "consent", "week"
TITLES = {
    APPOINTMENT: "Terminbestätigung drucken",
    DEADLINE: "Fristerinnerung drucken",
    CONSENT: "Einwilligung und Datenschutz-Information drucken",
    WEEK: "Terminbestätigungen der Woche drucken",
}
FILE_NAMES = {
    APPOINTMENT: "terminbestaetigung",
    DEADLINE: "fristerinnerung",
    CONSENT: "einwilligung",
    WEEK: "terminbestaetigungen",
}


@dataclass(frozen=True)
class Choice:
    """What the guide chose in the dialog: the letters depend on nothing else."""

    language: str
    layout: Layout
    monday: date


@dataclass(frozen=True)
class LetterJob:
    """What to print: one record (appointment, deadline, client) or a week of appointments."""

    kind: str
    record_id: int = 0
    monday: date | None = None
    guide_id: int | None = None
    description: str = ""


def language_label(code: str) -> str:
    """ "Arabisch – العربية (noch nicht geprüft)" for the language choice."""
    try:
        texts = load_texts(code)
    except LetterTextError:
        return f"{language_name(code)} (Übersetzung fehlerhaft)"
    label = language_name(code)
    if texts.language != label:
        label += f" – {texts.language}"
    if not texts.reviewed:
        label += " (noch nicht geprüft)"
    return label


class PrintLetterDialog(QDialog):
    def __init__(self, services: Services, job: LetterJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.job = job
        self.setWindowTitle(self.tr(TITLES[job.kind]))
        self.printed = 0

        self.language = QComboBox()
        for code in LETTER_LANGUAGES:
            self.language.addItem(language_label(code), code)
        suggested = self._suggested_language()
        self.language.setCurrentIndex(max(0, self.language.findData(suggested)))
        self.layout_choice = QComboBox()
        for choice in Layout:
            self.layout_choice.addItem(choice.label, choice.value)
        self.week_day = date_edit(job.monday or services.clock().date())
        self.week_day.setToolTip(self.tr("Ein beliebiger Tag der Woche"))
        self.week_list = QLabel()
        self.week_list.setWordWrap(True)

        form = QFormLayout()
        if job.description and job.kind != WEEK:
            description = QLabel(job.description)
            description.setWordWrap(True)
            form.addRow(self.tr("Brief:"), description)
        if job.kind == WEEK:
            form.addRow(self.tr("Woche mit dem Tag:"), self.week_day)
            form.addRow(self.tr("Briefe:"), self.week_list)
            form.addRow(
                self.tr("Sprache:"),
                QLabel(self.tr("jede Terminbestätigung auf Deutsch und in der Sprache der Person")),
            )
        else:
            form.addRow(self.tr("Sprache:"), self.language)
            self.language.setToolTip(
                self.tr("Zuerst steht der Brief auf Deutsch, dann in dieser Sprache.")
            )
        form.addRow(self.tr("Übersetzung:"), self.layout_choice)

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(ERROR_STYLE)
        self.hint.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()

        self.preview_button = QPushButton(self.tr("Vorschau und Drucken …"))
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton(self.tr("Als PDF speichern …"))
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.record_button = QPushButton(self.tr("Unterschrift erfassen …"))
        self.record_button.setToolTip(
            self.tr(
                "Die unterschriebene Einwilligung mit Fassung und Sprache des Formulars eintragen"
            )
        )
        self.record_button.clicked.connect(self.record_consent)
        self.record_button.setVisible(job.kind == CONSENT)
        close = QPushButton(self.tr("Schließen"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.record_button)
        buttons.addStretch()
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

        self.tasks = TaskRunner(self)
        self._generation = 0
        self._built: tuple[Choice, list[Printed]] | None = None
        self.ready = False  # the check of the current choice has come back
        self.language.currentIndexChanged.connect(lambda _i: self.check())
        self.layout_choice.currentIndexChanged.connect(lambda _i: self.check())
        self.week_day.dateChanged.connect(lambda _d: self.check())
        self.check()

    # --- choices ---------------------------------------------------------------------------

    def _suggested_language(self) -> str:
        """The client's preferred language (German when letters do not exist in it)."""
        outgoing = self.services.outgoing
        try:
            if self.job.kind == APPOINTMENT:
                return outgoing.appointment(self.job.record_id).language
            if self.job.kind == DEADLINE:
                return outgoing.deadline(self.job.record_id).language
            if self.job.kind == CONSENT:
                return outgoing.consent(self.job.record_id).language
        except DomainError:
            return "de"
        return "de"

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def set_language(self, code: str) -> None:
        self.language.setCurrentIndex(self.language.findData(code))

    def chosen_layout(self) -> Layout:
        return Layout(str(self.layout_choice.currentData()))

    def set_layout(self, layout: Layout) -> None:
        self.layout_choice.setCurrentIndex(self.layout_choice.findData(layout.value))

    def monday(self) -> date:
        day = from_qdate(self.week_day.date())
        return day - timedelta(days=day.weekday())

    # --- building --------------------------------------------------------------------------

    def choice(self) -> Choice:
        return Choice(self.chosen_language(), self.chosen_layout(), self.monday())

    def letters(self, choice: Choice | None = None) -> list[Printed]:
        """The letters of the job; DomainError (German) when there is nothing to print.

        Reads no widget when ``choice`` is given, so it can run on the worker thread."""
        job, choice = self.job, choice or self.choice()
        if job.kind == WEEK:
            week = letter_printing.build_week_letters(
                self.services, choice.monday, guide_id=job.guide_id, layout=choice.layout
            )
            if not week:
                raise DomainError(
                    "In dieser Woche gibt es keine geplanten Termine mit Klient:innen (mehr)."
                )
            return week
        return [
            letter_printing.build_one(
                self.services, job.kind, job.record_id, choice.language, choice.layout
            )
        ]

    def check(self) -> None:
        """What will be printed, and what the guide should know first, before any button.

        The letters are built on the worker (a week of a whole programme takes a while) and
        kept for the preview or the PDF, so they are not built twice."""
        self.layout_choice.setEnabled(self.job.kind == WEEK or self.chosen_language() != "de")
        self._enable(False)
        self.ready = False
        if self.job.kind == WEEK:
            self.week_list.setText(self.tr("wird zusammengestellt …"))
        self._generation += 1
        generation, choice = self._generation, self.choice()
        self.tasks.run(
            lambda: self.letters(choice),
            lambda printed: self._checked(generation, choice, printed),
            lambda error: self._check_failed(generation, error),
        )

    def _checked(self, generation: int, choice: Choice, printed: list[Printed]) -> None:
        if generation != self._generation:
            return  # the choice changed meanwhile
        self._built = (choice, printed)
        if self.job.kind == WEEK:
            self.week_list.setText(week_summary(printed))
        self._show_hints([w for item in printed for w in item.letter.warnings])
        self._enable(True)
        self.ready = True
        self.adjustSize()  # the list and the hints arrived after the dialog was shown

    def _check_failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._built = None
        message = str(error) if isinstance(error, DomainError) else UNEXPECTED_ERROR
        self._show_hints([message])
        self.week_list.setText("–")
        self.ready = True
        self.adjustSize()

    def done(self, result: int) -> None:
        self.tasks.wait()  # a check still running must not report to a closed dialog
        super().done(result)

    def _enable(self, enabled: bool) -> None:
        self.preview_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)

    def _show_hints(self, hints: list[str]) -> None:
        unique = list(dict.fromkeys(hints))
        self.hint.setText("\n".join(unique))
        self.hint.setVisible(bool(unique))

    def _title(self, printed: list[Printed]) -> str:
        if self.job.kind == WEEK:
            return letter_printing.week_title(self.monday())
        return printed[0].letter.title

    def _show(self, text: str) -> None:
        self.message.setStyleSheet(SAVED_STYLE)
        self.message.setText(text)
        self.message.show()

    def _build(self) -> list[Printed] | None:
        if self._built is not None and self._built[0] == self.choice():
            return self._built[1]
        try:
            return self.letters()
        except Exception as error:
            show_error(self, error)
            return None

    # --- actions ---------------------------------------------------------------------------

    def preview(self) -> None:
        printed = self._build()
        if printed is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(a4_layout())
        printer.setFullPage(True)
        printer.setDocName(self._title(printed))
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(self.tr("Vorschau: {0}").format(self._title(printed)))
        failures: list[Exception] = []

        def paint(device: QPrinter) -> None:
            try:
                paint_letters([item.letter for item in printed], device)
            except Exception as error:  # shown after the preview, never lost on stderr
                failures.append(error)

        dialog.paintRequested.connect(paint)
        dialog.resize(900, 1000)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if failures:
            show_error(self, failures[0])
            return
        if accepted:
            letter_printing.record_printed(self.services, printed)
            self.printed += len(printed)
            self._show(self.tr("An den Drucker geschickt."))

    def record_consent(self) -> None:
        """After the client signed the printed form: record it with the form's language."""
        dialog = ConsentDialog(
            self.services, self.job.record_id, self, language=self.chosen_language()
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._show(self.tr("Einwilligung erfasst."))

    def suggested_path(self) -> Path:
        name = FILE_NAMES[self.job.kind]
        if self.job.kind == WEEK:
            suffix = f"{self.monday():%Y-%m-%d}"
        else:
            suffix = f"{self.job.record_id}-{self.chosen_language()}"
        return Path.home() / f"{name}-{suffix}.pdf"

    def save_pdf(self, path: Path | None = None) -> bool:
        """Write the PDF to ``path`` (asked with a file dialog when None)."""
        printed = self._build()
        if printed is None:
            return False
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Als PDF speichern"), str(self.suggested_path()), "PDF (*.pdf)"
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            pages = letter_printing.save_letters(
                self.services, printed, path, title=self._title(printed)
            )
        except OSError as error:
            show_error(
                self,
                DomainError(
                    f"Die Datei {path} konnte nicht geschrieben werden "
                    f"({error.strerror or error}). Bitte einen anderen Ort wählen."
                ),
            )
            return False
        self.printed += len(printed)
        count = len(printed)
        what = "Brief" if count == 1 else f"{count} Briefe"
        self._show(
            self.tr("{0} in {1} gespeichert ({2}).").format(
                what, str(path), "1 Seite" if pages == 1 else f"{pages} Seiten"
            )
        )
        return True


def week_summary(printed: list[Printed]) -> str:
    """ "3 Terminbestätigungen: Mo 30.11. 10:00 Amal Haddad (Arabisch), …" for the dialog."""
    lines = []
    for item in printed[:8]:
        head = item.letter.letterhead
        who = head.recipient_lines[0] if head and head.recipient_lines else "–"
        starts = item.starts_at
        when = f"{WEEKDAYS_SHORT[starts.weekday()]} {starts:%d.%m. %H:%M} " if starts else ""
        language = "" if item.letter.lang == "de" else f" ({language_name(item.letter.lang)})"
        lines.append(f"{when}{who}{language}")
    if len(printed) > 8:
        lines.append(f"… und {len(printed) - 8} weitere")
    count = len(printed)
    title = "1 Terminbestätigung" if count == 1 else f"{count} Terminbestätigungen"
    return f"{title}:\n" + "\n".join(lines)
