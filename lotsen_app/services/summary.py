"""The monthly summary (issue 7): figures from the database, the files that leave the laptop,
and the guides' report files that the coordinator merges.

Nothing personal leaves through here: the summary holds counts only, guides appear as
"Lotse 1, Lotse 2 …", and a report file names clients only by a keyed pseudonym. Audit lines
say what kind of file was written for which period, nothing more.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.domain.names import person_key
from lotsen_app.domain.summary import (
    ClientRecord,
    GuideReport,
    Period,
    Summary,
    SummaryFigures,
    age_band,
    age_on,
    arrived_recently,
    client_pseudonym,
    funder_age_band,
    guide_pseudonym,
    key_from_text,
    key_to_text,
    merge_reports,
    new_programme_key,
)
from lotsen_app.persistence.repositories import SettingRepository, record_audit
from lotsen_app.persistence.summary_repository import (
    ClientRow,
    ReportedSummaryRepository,
    SummaryRepository,
)
from lotsen_app.reports.summary_files import read_report_file, report_file, summary_file
from lotsen_app.services.base import Service
from lotsen_app.services.files import write_atomically

PROGRAMME_KEY_SETTING = "bericht_programmschluessel"
AUDIT_ENTITY = "monatsuebersicht"
REPORT_AUDIT_ENTITY = "lotsenbericht"
MAX_REPORT_BYTES = 50 * 1024 * 1024


def _period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else Period.parse(period)


class SummaryService(Service):
    # --- the figures -----------------------------------------------------------------------

    def month(self, period: Period | str, *, recompute: bool = False) -> Summary:
        """The summary of a month (also a quarter ``2026-Q4`` or a year ``2026``).

        A period already reported shows the counts stored at that report (``reported_at``
        says when), so that people erased since do not change what was reported; with
        ``recompute`` (or without a report) the counts come from the records as they are."""
        period = _period(period)
        if not recompute:
            with self.database.session() as session:
                row = ReportedSummaryRepository(session).get(period.key)
                stored = None if row is None else (row.figures, row.reported_at)
            if stored is not None:
                try:
                    return SummaryFigures.from_json(stored[0]).summary(stored[1])
                except ValueError:
                    pass  # unreadable: the records still give the figures
        return self.figures(period).summary()

    def figures(self, period: Period | str) -> SummaryFigures:
        """The counts of a period from the records as they are now."""
        with self.database.session() as session:
            return self._figures(session, _period(period))

    @staticmethod
    def _figures(session: Session, period: Period) -> SummaryFigures:
        start, end = period.first_day, period.last_day
        before_start, before_end = period.comparison()
        repository = SummaryRepository(session)
        contacts = repository.contact_counts(start, end)
        return SummaryFigures(
            period=period,
            tally=repository.client_tally(start, end),
            contacts_by_kind=contacts.by_kind,
            contacts_by_topic=contacts.by_topic,
            contacts_by_authority_kind=contacts.by_authority_kind,
            accompaniments_by_authority_kind=contacts.accompaniments_by_authority_kind,
            appointments=repository.appointment_counts(start, end),
            deadlines=repository.deadline_counts(start, end),
            steps=repository.step_counts(start, end),
            steps_before=repository.step_counts(before_start, before_end),
            minutes=repository.guide_minutes(start, end),
        )

    def reported_periods(self) -> list[str]:
        """The keys of the periods whose reported counts are stored."""
        with self.database.session() as session:
            return ReportedSummaryRepository(session).periods()

    def export(
        self, period: Period | str, path: Path, *, exact: bool = False, recompute: bool = False
    ) -> Summary:
        """Write the summary as .xlsx, .csv or .json (whole or not at all); returns it."""
        summary = self.month(period, recompute=recompute)
        self.write_summary(summary, path, exact=exact)
        return summary

    def write_summary(self, summary: Summary, path: Path, *, exact: bool = False) -> None:
        """Write a summary (also a merged one) to ``path``; the audit notes format and period."""
        data = summary_file(summary, path.suffix, exact)
        write_atomically(path, data)
        self.record_export(summary, path.suffix, exact=exact)

    def record_export(self, summary: Summary, suffix: str, *, exact: bool = False) -> None:
        """Audit an export (format and period only) and, for this database's own figures
        computed from the records, keep them as the period's reported counts (replacing an
        earlier report). Exporting stored counts again keeps them as they are. The PDF is
        written at the Qt edge, which calls this afterwards."""
        kind = suffix.lower().lstrip(".")
        action = "zusammengeführt" if summary.report_files else "exportiert"
        with self.database.session() as session:
            if summary.figures is not None and summary.reported_at is None:
                self._keep_reported(session, summary.figures)
            record_audit(
                session,
                at=self.now(),
                action=action,
                entity=AUDIT_ENTITY,
                entity_id=None,
                detail=f"{kind}{' genau' if exact else ''} {summary.period.key}",
            )

    def _keep_reported(self, session: Session, figures: SummaryFigures) -> None:
        ReportedSummaryRepository(session).put(figures.period.key, self.now(), figures.to_json())

    # --- the programme key -----------------------------------------------------------------

    def programme_key(self) -> str:
        """The key that makes pseudonyms and signs report files, printable; made on first use.
        The coordinator gives the same key to every guide (``set_programme_key``)."""
        with self.database.session() as session:
            return key_to_text(self._key(session))

    def set_programme_key(self, text: str) -> None:
        """Take over the coordinator's key (ValidationError with a German message if mistyped)."""
        key = key_from_text(text)
        with self.database.session() as session:
            SettingRepository(session).set(PROGRAMME_KEY_SETTING, key_to_text(key))
            record_audit(
                session,
                at=self.now(),
                action="geändert",
                entity="setting",
                entity_id=None,
                detail=PROGRAMME_KEY_SETTING,
            )

    def _key(self, session: Session) -> bytes:
        settings = SettingRepository(session)
        stored = settings.get(PROGRAMME_KEY_SETTING)
        if stored:
            return key_from_text(stored)
        key = new_programme_key()
        settings.set(PROGRAMME_KEY_SETTING, key_to_text(key))
        return key

    # --- a guide's report file -------------------------------------------------------------

    def report(self, period: Period | str) -> GuideReport:
        """This laptop's period as a report: exact counts, clients as pseudonymous records."""
        with self.database.session() as session:
            return self._report(session, self._figures(session, _period(period)))

    def _report(self, session: Session, figures: SummaryFigures) -> GuideReport:
        period = figures.period
        key = self._key(session)
        repository = SummaryRepository(session)
        records = tuple(
            self._record(key, row, period)
            for row in repository.active_clients(period.first_day, period.last_day)
        )
        names = repository.guide_names(list(figures.minutes))
        guide_minutes: dict[str, int] = {}
        for guide_id, total in figures.minutes.items():
            given, family = names.get(guide_id, ("", str(guide_id)))
            pseudonym = guide_pseudonym(key, person_key(given, family))
            guide_minutes[pseudonym] = guide_minutes.get(pseudonym, 0) + total
        return GuideReport(
            file_id=secrets.token_hex(16),
            period=period,
            clients=records,
            contacts_by_kind=figures.contacts_by_kind,
            contacts_by_topic=figures.contacts_by_topic,
            contacts_by_authority_kind=figures.contacts_by_authority_kind,
            accompaniments_by_authority_kind=figures.accompaniments_by_authority_kind,
            appointments=figures.appointments,
            deadlines=figures.deadlines,
            steps=figures.steps,
            steps_before=figures.steps_before,
            guide_minutes=guide_minutes,
        )

    @staticmethod
    def _record(key: bytes, row: ClientRow, period: Period) -> ClientRecord:
        start, end = period.first_day, period.last_day
        name_key = row.name_key or person_key(row.given_name, row.family_name)
        birth_year = row.birth_date.year if row.birth_date is not None else row.birth_year
        age = age_on(end, row.birth_date, row.birth_year)
        closed = row.closed_on is not None and start <= row.closed_on <= end
        return ClientRecord(
            pseudonym=client_pseudonym(key, name_key, birth_year),
            gender=row.gender,
            age_band=age_band(age),
            funder_age=funder_age_band(age),
            language=row.preferred_language or None,
            languages=row.languages,
            district=row.district,
            arrived_recently=arrived_recently(row.arrival_year, end),
            new=row.opened_on >= start,
            closed=closed,
            closing_reason=row.closing_reason if closed else None,
        )

    def export_report(self, period: Period | str, path: Path) -> GuideReport:
        """Write the report file for the coordinator (whole or not at all)."""
        with self.database.session() as session:
            figures = self._figures(session, _period(period))
            report = self._report(session, figures)
            key = self._key(session)
        write_atomically(path, report_file(report, key, self.today()))
        with self.database.session() as session:
            self._keep_reported(session, figures)
            record_audit(
                session,
                at=self.now(),
                action="exportiert",
                entity=REPORT_AUDIT_ENTITY,
                entity_id=None,
                detail=report.period.key,
            )
        return report

    # --- the coordinator merges ------------------------------------------------------------

    def read_reports(
        self, paths: Sequence[Path], period: Period | str | None = None
    ) -> list[GuideReport]:
        """Read and verify report files; DomainError (German) for the first that is unreadable,
        damaged, altered, made with another key, or of another period than ``period`` (or,
        without it, than the first file)."""
        with self.database.session() as session:
            key = self._key(session)
        return read_reports(paths, key, _period(period) if period is not None else None)

    def merge(self, paths: Sequence[Path], period: Period | str | None = None) -> Summary:
        return merge_reports(self.read_reports(paths, period))


def read_reports(
    paths: Iterable[Path], key: bytes, period: Period | None = None
) -> list[GuideReport]:
    """Report files verified with ``key``; all of one period (``period`` or the first file's)."""
    reports: list[GuideReport] = []
    for path in paths:
        try:
            if path.stat().st_size > MAX_REPORT_BYTES:
                raise DomainError(f"{path.name} ist zu groß für eine Berichtsdatei.")
            data = path.read_bytes()
        except FileNotFoundError:
            raise DomainError(f"Die Datei {path} gibt es nicht.") from None
        except IsADirectoryError:
            raise DomainError(f"{path} ist ein Ordner, keine Berichtsdatei.") from None
        except OSError as error:
            raise DomainError(
                f"{path.name} kann nicht gelesen werden ({error.strerror or error})."
            ) from None
        report = read_report_file(data, key, path.name)
        wanted = period or (reports[0].period if reports else None)
        if wanted is not None and report.period != wanted:
            raise ValidationError(
                {
                    "files": f"{path.name} ist der Bericht für {report.period.label}, "
                    f"erwartet wird {wanted.label}. Die Datei wird nicht übernommen."
                }
            )
        reports.append(report)
    return reports
