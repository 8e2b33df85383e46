"""The data-protection actions on one client: a copy of everything stored (Art. 15) into a folder
the guide chooses, and erasing the person (Art. 17) after a question that names them.

The database work runs on the TaskRunner; only the PDF is laid out on the GUI thread (Qt's text
layout), which takes well under a second for a long record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from lotsen_app.domain.enums import ClientStatus
from lotsen_app.letters.access import TITLE
from lotsen_app.letters.model import Letter
from lotsen_app.services.access import EXPORT_DETAIL, AccessExport
from lotsen_app.services.container import Services
from lotsen_app.services.privacy import ErasedButNotCleanedError, ErasurePreview, ErasureResult
from lotsen_app.ui.access_printing import build_access_letter
from lotsen_app.ui.letter_printing import languages_label
from lotsen_app.ui.printing import write_letters_pdf
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import show_error


@dataclass(frozen=True)
class _Prepared:
    export: AccessExport
    letter: Letter


def export_access(
    parent: QWidget,
    services: Services,
    tasks: TaskRunner,
    client_id: int,
    folder: Path | None = None,
    done: Callable[[list[Path]], None] | None = None,
) -> None:
    """Ask for a folder (unless given), write JSON, scans and PDF there, and say what was written."""
    if folder is None:
        chosen = QFileDialog.getExistingDirectory(
            parent, parent.tr("Auskunft speichern: Ordner wählen (z. B. ein USB-Stick)")
        )
        if not chosen:
            return
        folder = Path(chosen)
    target = folder

    def work() -> _Prepared:
        export = services.access.export(client_id, target)
        return _Prepared(export, build_access_letter(services, export.record))

    def arrived(result: object) -> None:
        assert isinstance(result, _Prepared)
        pdf = target / f"auskunft-{client_id}.pdf"
        try:
            pages = write_letters_pdf([result.letter], pdf, title=TITLE)
            services.outgoing.record_printed(
                "client", client_id, EXPORT_DETAIL, languages_label(result.letter.lang)
            )
        except Exception as error:
            show_error(parent, error)
            return
        written = [pdf, *result.export.paths]
        lines = [f"{pdf.name} ({pages} Seiten)"] + [path.name for path in result.export.paths]
        warnings = "".join(f"\n\nHinweis: {warning}" for warning in result.letter.warnings)
        QMessageBox.information(
            parent,
            parent.tr("Auskunft gespeichert"),
            parent.tr("In {0} gespeichert:\n{1}{2}").format(
                target, "\n".join(f"  {line}" for line in lines), warnings
            ),
        )
        if done is not None:
            done(written)

    tasks.run(work, arrived, lambda error: show_error(parent, error))


def erasure_question(preview: ErasurePreview) -> str:
    """The question before erasing one person: who, what goes, and that it cannot be undone."""
    still_open = (
        "\n\nAchtung: Der Fall ist NICHT abgeschlossen."
        if preview.status != ClientStatus.CLOSED
        else ""
    )
    return (
        f"{preview.display_name} und {preview.records} verknüpfte Einträge (Kontakte, Termine, "
        "Briefe mit Scans, Fristen, Ziele, Aufgaben, Einwilligungen) werden endgültig gelöscht. "
        "Termine und Kontakte, die auch andere Familienmitglieder betreffen, bleiben für diese "
        "erhalten, ohne den Namen."
        f"{still_open}\n\nDas kann nicht rückgängig gemacht werden. Schon gemeldete Zahlen "
        "bleiben unter Berichte erhalten. In den Sicherungen bleibt die Person, bis diese überschrieben "
        "sind (höchstens 5 Wochen); wird eine zurückgespielt, löscht Lotsen sie gleich wieder."
        "\n\nJetzt löschen?"
    )


def erase_client(
    parent: QWidget,
    services: Services,
    tasks: TaskRunner,
    client_id: int,
    done: Callable[[ErasureResult], None],
) -> None:
    """Art. 17: look up what would go, ask (default No), then erase off the GUI thread."""

    def ask(preview: object) -> None:
        assert isinstance(preview, ErasurePreview)
        answer = QMessageBox.question(
            parent,
            parent.tr("Person endgültig löschen?"),
            erasure_question(preview),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        tasks.run(lambda: services.privacy.erase([client_id], confirmed_count=1), erased, failed)

    def failed(error: Exception) -> None:
        show_error(parent, error)
        if isinstance(error, ErasedButNotCleanedError):
            done(error.result)  # erased all the same: the pages drop the person

    def erased(result: object) -> None:
        assert isinstance(result, ErasureResult)
        QMessageBox.information(
            parent,
            parent.tr("Gelöscht"),
            parent.tr(
                "Die Person und {0} verknüpfte Einträge sind gelöscht. Im Protokoll steht eine "
                "Zeile ohne Namen."
            ).format(result.records),
        )
        done(result)

    tasks.run(
        lambda: services.privacy.preview(client_id), ask, lambda error: show_error(parent, error)
    )
