"""GIVEN the Einstellungen page WHEN the coordinator enters the sender of letters, a logo and
the retention period THEN they are saved (or refused in German, with nothing saved) and a new
page shows them; the letter translations are listed with their review status."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from lotsen_app.domain.languages import LETTER_LANGUAGES
from lotsen_app.letters.texts import LETTER_KEYS, texts_path
from lotsen_app.services.container import Services
from lotsen_app.ui.widgets.settings_page import (
    BROKEN_COLOUR,
    UNREVIEWED_COLOUR,
    SettingsPage,
    TranslationStatus,
    translation_status,
)

STATUS_COLUMN = 3


def _page(qtbot, services: Services, **kwargs) -> SettingsPage:
    page = SettingsPage(services, **kwargs)
    qtbot.addWidget(page)
    page.reload()
    return page


def _write_png(path: Path) -> bytes:
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f4e79"))
    assert image.save(str(path), "PNG")
    return path.read_bytes()


def _click_save(qtbot, page: SettingsPage) -> None:
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)


def model_tooltip(page: SettingsPage, code: str) -> str:
    model = page.translation_model
    row = LETTER_LANGUAGES.index(code)
    return str(model.index(row, STATUS_COLUMN).data(Qt.ItemDataRole.ToolTipRole))


def _complete_file(path: Path, reviewed: bool, reviewer: str) -> Path:
    """A language file with every key the letters need (independent of the shipped files)."""
    lines = [
        "[meta]",
        'language = "Türkçe"',
        f"reviewed = {'true' if reviewed else 'false'}",
        f"reviewer = {json.dumps(reviewer, ensure_ascii=False)}",
    ]
    for document, keys in LETTER_KEYS.items():
        lines.append(f"[{document}]")
        for key, needed in keys.items():
            text = f"Satz {key} " + " ".join(f"{{{name}}}" for name in sorted(needed))
            lines.append(f"{key} = {json.dumps(text, ensure_ascii=False)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _statuses(page: SettingsPage) -> dict[str, str]:
    model = page.translation_model
    return {
        model.row_at(row).code: model.index(row, STATUS_COLUMN).data()
        for row in range(model.rowCount())
    }


def test_enter_the_sender_save_and_see_it_again(qtbot, services: Services) -> None:
    page = _page(qtbot, services)
    assert not page.sender_hint.isHidden()
    assert "Bitte tragen Sie den Absender ein" in page.sender_hint.text()
    page.name.setText("Integrationslotsen Duisburg-Süd e. V.")
    page.address.setPlainText("Königstraße 5\n47051 Duisburg")
    qtbot.keyClicks(page.phone, "+49 203 123456")
    page.retention.setValue(5)
    assert page.retention.suffix() == " Jahre"
    _click_save(qtbot, page)

    assert not page.saved.isHidden() and page.saved.text() == "Gespeichert."
    assert page.sender_hint.isHidden()
    settings = services.settings
    assert settings.organisation_configured()
    assert settings.organisation_name() == "Integrationslotsen Duisburg-Süd e. V."
    assert settings.organisation_address() == "Königstraße 5\n47051 Duisburg"
    assert settings.organisation_phone() == "+49 203 123456"
    assert settings.retention_years() == 5

    again = _page(qtbot, services)
    assert again.name.text() == "Integrationslotsen Duisburg-Süd e. V."
    assert again.address.toPlainText() == "Königstraße 5\n47051 Duisburg"
    assert again.phone.text() == "+49 203 123456"
    assert again.retention.value() == 5
    assert again.sender_hint.isHidden()
    assert again.saved.isHidden()


def test_invalid_phone_shows_german_message_and_saves_nothing(qtbot, services: Services) -> None:
    page = _page(qtbot, services)
    page.name.setText("Lotsen e. V.")
    qtbot.keyClicks(page.phone, "0203 1234 Durchwahl 5")
    page.retention.setValue(7)
    _click_save(qtbot, page)

    phone_error = page.field_errors["phone"]
    assert not phone_error.isHidden()
    assert "nur Ziffern, Leerzeichen und + - / ( )" in phone_error.text()
    assert page.field_errors["name"].isHidden()
    assert page.saved.isHidden()
    assert not services.settings.organisation_configured()
    assert services.settings.retention_years() == 3

    page.phone.setText("0203 1234-5")
    _click_save(qtbot, page)
    assert phone_error.isHidden()
    assert services.settings.organisation_phone() == "0203 1234-5"
    assert services.settings.retention_years() == 7


def test_missing_name_is_shown_next_to_the_field(qtbot, services: Services) -> None:
    page = _page(qtbot, services)
    page.address.setPlainText("Weg 1")
    _click_save(qtbot, page)
    assert "Namen der Organisation" in page.field_errors["name"].text()
    assert services.settings.organisation_fields().address == ""


def test_reload_from_other_pages_keeps_unsaved_input(qtbot, services: Services) -> None:
    page = _page(qtbot, services)
    page.name.setText("Noch nicht gespeichert")
    page.reload()
    assert page.name.text() == "Noch nicht gespeichert"


def test_choose_a_logo_preview_save_and_remove(qtbot, services: Services, tmp_path: Path) -> None:
    page = _page(qtbot, services)
    assert page.logo_preview.text() == "kein Logo"
    assert not page.remove_logo_button.isEnabled()
    data = _write_png(tmp_path / "logo.png")

    assert page.load_logo_file(tmp_path / "logo.png")
    assert not page.logo_preview.pixmap().isNull()
    assert "Speichern" in page.logo_note.text()
    assert services.settings.organisation_logo() is None  # not before "Speichern"
    page.name.setText("Lotsen e. V.")
    _click_save(qtbot, page)
    assert services.settings.organisation_logo() == data

    again = _page(qtbot, services)
    assert not again.logo_preview.pixmap().isNull()
    assert again.remove_logo_button.isEnabled()
    qtbot.mouseClick(again.remove_logo_button, Qt.MouseButton.LeftButton)
    assert again.logo_preview.text() == "kein Logo"
    _click_save(qtbot, again)
    assert services.settings.organisation_logo() is None


def test_a_logo_that_is_not_png_or_jpeg_is_refused(
    qtbot, services: Services, tmp_path: Path
) -> None:
    page = _page(qtbot, services)
    gif = tmp_path / "logo.gif"
    gif.write_bytes(b"GIF89a" + b"\x00" * 50)
    assert not page.load_logo_file(gif)
    assert "PNG- oder JPEG-Bild" in page.field_errors["logo"].text()
    assert page.logo_preview.text() == "kein Logo"

    broken = tmp_path / "kaputt.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    assert not page.load_logo_file(broken)
    assert "lässt sich nicht lesen" in page.field_errors["logo"].text()

    huge = tmp_path / "gross.png"
    huge.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024))
    assert not page.load_logo_file(huge)
    assert "höchstens 1 MB" in page.field_errors["logo"].text()
    assert not page.load_logo_file(tmp_path / "fehlt.png")
    assert "nicht öffnen" in page.field_errors["logo"].text()

    page.name.setText("Lotsen e. V.")
    _click_save(qtbot, page)
    assert services.settings.organisation_logo() is None


def test_translations_list_twelve_languages_with_review_status(qtbot, services: Services) -> None:
    page = _page(qtbot, services)
    model = page.translation_model
    assert model.rowCount() == 12
    assert [model.row_at(row).code for row in range(12)] == list(LETTER_LANGUAGES)
    statuses = _statuses(page)
    assert statuses["de"] == "geprüft (Lotsen-Team)"
    assert all(statuses[code] == "nicht geprüft" for code in LETTER_LANGUAGES if code != "de")
    turkish = LETTER_LANGUAGES.index("tr")
    assert model.index(turkish, 1).data() == "Türkisch"
    assert model.index(turkish, 2).data() == "Türkçe"
    background = model.index(turkish, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert background == QColor(UNREVIEWED_COLOUR)
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert str(texts_path("de").parent) in {label.text() for label in page.findChildren(QLabel)}


def test_a_broken_language_file_shows_as_faulty(qtbot, services: Services, tmp_path: Path) -> None:
    missing_placeholder = _complete_file(tmp_path / "tr.toml", False, "")
    text = missing_placeholder.read_text(encoding="utf-8")
    missing_placeholder.write_text(text.replace("{phone}", "", 1), encoding="utf-8")
    not_toml = tmp_path / "ar.toml"
    not_toml.write_text("[meta\nlanguage = ", encoding="utf-8")
    files = {"tr": missing_placeholder, "ar": not_toml, "fa": tmp_path / "fehlt" / "fa.toml"}

    def load_status(code: str) -> TranslationStatus:
        if code == "pl":
            raise RuntimeError("unexpected")
        return translation_status(code, files.get(code))

    page = _page(qtbot, services, load_status=load_status)
    statuses = _statuses(page)
    assert statuses["tr"].startswith("fehlerhaft: ")
    assert "{phone}" in model_tooltip(page, "tr")
    assert statuses["ar"].startswith("fehlerhaft: Schreibfehler in der Datei")
    assert statuses["fa"] == "fehlerhaft: Die Datei fa.toml fehlt."
    assert statuses["pl"] == "fehlerhaft: Die Datei lässt sich nicht prüfen."
    assert statuses["de"] == "geprüft (Lotsen-Team)"
    turkish = LETTER_LANGUAGES.index("tr")
    model = page.translation_model
    assert model.index(turkish, 2).data() == "Türkçe"
    assert model.index(turkish, 3).data(Qt.ItemDataRole.BackgroundRole) == QColor(BROKEN_COLOUR)
    assert "{phone}" in model.index(turkish, 3).data(Qt.ItemDataRole.ToolTipRole)


def test_status_of_a_complete_file_reviewed_or_not(tmp_path: Path) -> None:
    unreviewed = translation_status("tr", _complete_file(tmp_path / "a.toml", False, ""))
    assert (unreviewed.own_name, unreviewed.status_text()) == ("Türkçe", "nicht geprüft")
    reviewed = translation_status("tr", _complete_file(tmp_path / "b.toml", True, "Ayşe Demir"))
    assert reviewed.status_text() == "geprüft (Ayşe Demir)"
    broken = _complete_file(tmp_path / "c.toml", True, "Ayşe Demir")
    broken.write_text(broken.read_text(encoding="utf-8").replace("{name}", "{nmae}", 1))
    status = translation_status("tr", broken)
    assert status.status_text().startswith("fehlerhaft: [appointment] salutation: Platzhalter")
    assert not status.reviewed or status.broken


def test_page_fits_a_small_laptop_screen(qtbot, services: Services) -> None:
    page = _page(qtbot, services)
    page.resize(1090, 760)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    scroll = page.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0  # nothing cut off at the side
    assert page.minimumSizeHint().height() <= 760  # the rest scrolls
