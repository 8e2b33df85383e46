"""The deadline engine: table-driven cases, each with the reason why the expected date is right.

Weekdays and holidays were checked against a calendar; "NW" is Nordrhein-Westfalen unless a case
says otherwise. "fiction" = Bekanntgabefiktion (3 days up to 2024-12-31, 4 days from 2025-01-01).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from lotsen_app.domain.deadlines import (
    STATES,
    DeadlineInput,
    DeadlineInputError,
    DeadlineKind,
    Period,
    PeriodUnit,
    Procedure,
    compute_deadline,
    expiry_warning_start,
    holiday_name,
    is_working_day,
    next_working_day,
    suggested_period,
    working_days_until,
)
from lotsen_app.domain.errors import DomainError


def case(
    case_id: str,
    procedure: str,
    start: str,
    period: str,
    delivered: str,
    deadline: str,
    *,
    received: str | None = None,
    no_belehrung: bool = False,
    state: str = "NW",
    shift_excluded: bool = False,
) -> object:
    data = DeadlineInput(
        procedure=Procedure(procedure),
        start=date.fromisoformat(start),
        period=Period.parse(period),
        received=date.fromisoformat(received) if received else None,
        belehrung_missing=no_belehrung,
        state=state,
        shift_excluded=shift_excluded,
    )
    return pytest.param(
        data, date.fromisoformat(delivered), date.fromisoformat(deadline), id=case_id
    )


CASES = [
    # --- the examples in DOMAIN.md -----------------------------------------------------------
    # Posted Mo 03.03.2025 + 4 days = Fr 07.03.; + 1 month = Mo 07.04.2025, a working day.
    case("domain-jobcenter", "sgb10", "2025-03-03", "1m", "2025-03-07", "2025-04-07"),
    # Handed over Fr 31.01.2025; February has no 31st: last day of February, Fr 28.02. (§ 188 III).
    case("domain-handed-over-31-01", "persoenlich", "2025-01-31", "1m", "2025-01-31", "2025-02-28"),
    # Delivered Di 01.10.2024; Fr 01.11. is Allerheiligen, then Sa/So: Mo 04.11.2024.
    case("domain-allerheiligen", "zustellung", "2024-10-01", "1m", "2024-10-01", "2024-11-04"),
    # Delivered Di 03.03.2026; Fr 03.04. Karfreitag, Sa, So, Mo 06.04. Ostermontag: Di 07.04.2026.
    case("domain-easter-2026", "zustellung", "2026-03-03", "1m", "2026-03-03", "2026-04-07"),
    # Posted Mo 30.12.2024 (old law, 3 days) = Do 02.01.2025; + 1 month = So 02.02. -> Mo 03.02.
    case("domain-3-days", "vwvfg", "2024-12-30", "1m", "2025-01-02", "2025-02-03"),
    # Posted Do 02.01.2025 (new law, 4 days) = Mo 06.01. (no holiday in NW); + 1 month = Do 06.02.
    case("domain-4-days", "vwvfg", "2025-01-02", "1m", "2025-01-06", "2025-02-06"),
    # Delivered Fr 14.03.2025, no Belehrung: 1 year = Sa 14.03.2026 -> Mo 16.03.2026.
    case(
        "domain-no-belehrung",
        "zustellung",
        "2025-03-14",
        "1m",
        "2025-03-14",
        "2026-03-16",
        no_belehrung=True,
    ),
    # --- a decided case ------------------------------------------------------------------------
    # BSG 06.05.2010 B 14 AS 12/09 R: posted Mi 26.09.2007, 3rd day Sa 29.09. (not moved), the
    # month ended Mo 29.10.2007.
    case("bsg-b14as1209r", "sgb10", "2007-09-26", "1m", "2007-09-29", "2007-10-29"),
    # --- every NRW holiday as the end of a deadline, 2024-2030 -------------------------------
    # Delivered Fr 01.12.2028 + 1 month = Mo 01.01.2029, Neujahr -> Di 02.01.2029.
    case("nw-neujahr-2029", "zustellung", "2028-12-01", "1m", "2028-12-01", "2029-01-02"),
    # Handed over Mo 01.12.2025 + 1 month = Do 01.01.2026, Neujahr -> Fr 02.01.2026.
    case("nw-neujahr-2026", "persoenlich", "2025-12-01", "1m", "2025-12-01", "2026-01-02"),
    # Delivered Di 18.03.2025 + 1 month = Fr 18.04. Karfreitag, Sa, So, Mo 21.04. Ostermontag
    # -> Di 22.04.2025.
    case("nw-karfreitag-2025", "zustellung", "2025-03-18", "1m", "2025-03-18", "2025-04-22"),
    # Delivered Fr 12.03.2027 + 2 weeks = Fr 26.03. Karfreitag ... Mo 29.03. Ostermontag
    # -> Di 30.03.2027.
    case("nw-karfreitag-2027", "zustellung", "2027-03-12", "2w", "2027-03-12", "2027-03-30"),
    # Delivered Fr 17.03.2028 + 1 month = Mo 17.04.2028, Ostermontag -> Di 18.04.2028.
    case("nw-ostermontag-2028", "zustellung", "2028-03-17", "1m", "2028-03-17", "2028-04-18"),
    # Delivered Mi 01.04.2026 + 1 month = Fr 01.05. (1. Mai), then Sa/So -> Mo 04.05.2026.
    case("nw-1-mai-2026", "zustellung", "2026-04-01", "1m", "2026-04-01", "2026-05-04"),
    # Delivered Mi 17.04.2024 + 14 days = Mi 01.05.2024 (1. Mai) -> Do 02.05.2024.
    case("nw-1-mai-2024", "zustellung", "2024-04-17", "14d", "2024-04-17", "2024-05-02"),
    # Posted Fr 25.04.2025 + 4 = Di 29.04.; + 1 month = Do 29.05. Christi Himmelfahrt -> Fr 30.05.
    case("nw-himmelfahrt-2025", "sgb10", "2025-04-25", "1m", "2025-04-29", "2025-05-30"),
    # Delivered Mi 07.05.2025 + 1 month = Sa 07.06., So 08.06., Mo 09.06. Pfingstmontag
    # -> Di 10.06.2025 (a holiday right after a weekend).
    case("nw-pfingstmontag-2025", "zustellung", "2025-05-07", "1m", "2025-05-07", "2025-06-10"),
    # Posted Mo 06.05.2030 + 4 = Fr 10.05.; + 1 month = Mo 10.06.2030 Pfingstmontag -> Di 11.06.
    case("nw-pfingstmontag-2030", "vwvfg", "2030-05-06", "1m", "2030-05-10", "2030-06-11"),
    # Delivered Mo 04.05.2026 + 1 month = Do 04.06.2026, Fronleichnam in NW -> Fr 05.06.2026.
    case("nw-fronleichnam-2026", "zustellung", "2026-05-04", "1m", "2026-05-04", "2026-06-05"),
    # Delivered Mo 03.09.2029 + 1 month = Mi 03.10.2029, Tag der Deutschen Einheit -> Do 04.10.
    case("nw-3-oktober-2029", "zustellung", "2029-09-03", "1m", "2029-09-03", "2029-10-04"),
    # Delivered Mi 03.09.2025 + 1 month = Fr 03.10.2025, holiday, then Sa/So -> Mo 06.10.2025.
    case("nw-3-oktober-2025-weekend", "zustellung", "2025-09-03", "1m", "2025-09-03", "2025-10-06"),
    # Delivered Mo 01.10.2029 + 1 month = Do 01.11.2029, Allerheiligen in NW -> Fr 02.11.2029.
    case("nw-allerheiligen-2029", "zustellung", "2029-10-01", "1m", "2029-10-01", "2029-11-02"),
    # Handed over Sa 25.11.2028 + 1 month = Mo 25.12. and Di 26.12. Weihnachten -> Mi 27.12.2028.
    case("nw-weihnachten-2028", "persoenlich", "2028-11-25", "1m", "2028-11-25", "2028-12-27"),
    # Delivered Mi 12.12.2029 + 2 weeks = Mi 26.12.2029, 2. Weihnachtstag -> Do 27.12.2029.
    case("nw-2-weihnachtstag-2029", "zustellung", "2029-12-12", "2w", "2029-12-12", "2029-12-27"),
    # Delivered Di 10.12.2030 + 14 days = Di 24.12.2030: Heiligabend is a working day, no shift.
    case("nw-24-12-working-day", "zustellung", "2030-12-10", "14d", "2030-12-10", "2030-12-24"),
    # Delivered Mi 17.12.2025 + 2 weeks = Mi 31.12.2025: Silvester is a working day, no shift.
    case("nw-31-12-working-day", "zustellung", "2025-12-17", "2w", "2025-12-17", "2025-12-31"),
    # --- month ends and leap years (§ 188 Abs. 2 and 3 BGB) ---------------------------------
    # Mi 31.01.2024 + 1 month: leap year, last day of February = Do 29.02.2024.
    case("leap-2024-31-01", "zustellung", "2024-01-31", "1m", "2024-01-31", "2024-02-29"),
    # Mo 31.01.2028 + 1 month: leap year, Di 29.02.2028 (a working day).
    case("leap-2028-31-01", "zustellung", "2028-01-31", "1m", "2028-01-31", "2028-02-29"),
    # Posted Mi 27.01.2027 + 4 = So 31.01. (VwVfG: not moved); + 1 month = So 28.02.2027
    # (§ 188 III), moved to Mo 01.03.2027.
    case("month-end-vwvfg-sunday", "vwvfg", "2027-01-27", "1m", "2027-01-31", "2027-03-01"),
    # Mo 31.03.2025 + 1 month: April has no 31st -> Mi 30.04.2025.
    case("month-end-31-03", "zustellung", "2025-03-31", "1m", "2025-03-31", "2025-04-30"),
    # Mi 30.04.2025 + 1 month = Fr 30.05.2025 (same number; not the last day of May).
    case("month-30-04-to-30-05", "zustellung", "2025-04-30", "1m", "2025-04-30", "2025-05-30"),
    # Fr 28.02.2025 + 1 month = Fr 28.03.2025 (same number, not 31.03.).
    case("month-28-02-to-28-03", "zustellung", "2025-02-28", "1m", "2025-02-28", "2025-03-28"),
    # Fr 30.01.2026 + 1 month: no 30.02. -> Sa 28.02.2026 -> Mo 02.03.2026.
    case("month-30-01-no-leap", "zustellung", "2026-01-30", "1m", "2026-01-30", "2026-03-02"),
    # Mo 31.08.2026 + 1 month: no 31.09. -> Mi 30.09.2026.
    case("month-end-31-08", "zustellung", "2026-08-31", "1m", "2026-08-31", "2026-09-30"),
    # Mo 30.11.2026 + 3 months: no 30.02.2027 -> So 28.02.2027 -> Mo 01.03.2027.
    case("months-3-over-year", "zustellung", "2026-11-30", "3m", "2026-11-30", "2027-03-01"),
    # Mo 31.08.2026 + 6 months: no 31.02.2027 -> So 28.02.2027 -> Mo 01.03.2027.
    case("months-6", "zustellung", "2026-08-31", "6m", "2026-08-31", "2027-03-01"),
    # Do 29.02.2024 + 1 year: no 29.02.2025 -> Fr 28.02.2025 (§ 188 III).
    case("year-from-29-02-2024", "persoenlich", "2024-02-29", "1y", "2024-02-29", "2025-02-28"),
    # Di 29.02.2028 + 1 year -> Mi 28.02.2029.
    case("year-from-29-02-2028", "persoenlich", "2028-02-29", "1y", "2028-02-29", "2029-02-28"),
    # Do 29.02.2024 + 2 years -> Sa 28.02.2026 -> Mo 02.03.2026.
    case("years-2-from-29-02", "persoenlich", "2024-02-29", "2y", "2024-02-29", "2026-03-02"),
    # Do 29.02.2024 + 4 years -> Di 29.02.2028 exists again.
    case("years-4-from-29-02", "persoenlich", "2024-02-29", "4y", "2024-02-29", "2028-02-29"),
    # Di 28.02.2023 + 1 year -> Mi 28.02.2024, not the 29th (same number).
    case("year-28-02-into-leap", "zustellung", "2023-02-28", "1y", "2023-02-28", "2024-02-28"),
    # --- the switch from 3 to 4 days -----------------------------------------------------------
    # Posted Sa 28.12.2024 + 3 = Di 31.12.2024 (working day); + 1 month = Fr 31.01.2025.
    case("switch-28-12", "sgb10", "2024-12-28", "1m", "2024-12-31", "2025-01-31"),
    # Posted So 29.12.2024 + 3 = Mi 01.01.2025 Neujahr, not moved in SGB X; + 1 month
    # = Sa 01.02. -> Mo 03.02.2025.
    case("switch-29-12-sgb10", "sgb10", "2024-12-29", "1m", "2025-01-01", "2025-02-03"),
    # Same in AO: Neujahr moves the fiction day to Do 02.01.; + 1 month = So 02.02. -> Mo 03.02.
    case("switch-29-12-ao", "ao", "2024-12-29", "1m", "2025-01-02", "2025-02-03"),
    # Posted Di 31.12.2024: still 3 days = Fr 03.01.2025; + 1 month = Mo 03.02.2025.
    case("switch-31-12", "vwvfg", "2024-12-31", "1m", "2025-01-03", "2025-02-03"),
    # Posted Mi 01.01.2025: 4 days = So 05.01. (not moved in SGB X); + 1 month = Mi 05.02.2025.
    case("switch-01-01-sgb10", "sgb10", "2025-01-01", "1m", "2025-01-05", "2025-02-05"),
    # Same in AO: So 05.01. -> Mo 06.01. (no holiday in NW); + 1 month = Do 06.02.2025.
    case("switch-01-01-ao-nw", "ao", "2025-01-01", "1m", "2025-01-06", "2025-02-06"),
    # AO in Bayern: Mo 06.01. is Heilige Drei Könige -> Di 07.01.; + 1 month = Fr 07.02.2025.
    case("switch-01-01-ao-by", "ao", "2025-01-01", "1m", "2025-01-07", "2025-02-07", state="BY"),
    # --- AO against SGB X / VwVfG when the fiction day is no working day --------------------
    # Posted Di 04.03.2025 + 4 = Sa 08.03.; SGB X keeps it: + 1 month = Di 08.04.2025.
    case("fiction-saturday-sgb10", "sgb10", "2025-03-04", "1m", "2025-03-08", "2025-04-08"),
    # VwVfG keeps it too: Di 08.04.2025.
    case("fiction-saturday-vwvfg", "vwvfg", "2025-03-04", "1m", "2025-03-08", "2025-04-08"),
    # AO moves Sa 08.03. to Mo 10.03.; + 1 month = Do 10.04.2025.
    case("fiction-saturday-ao", "ao", "2025-03-04", "1m", "2025-03-10", "2025-04-10"),
    # Posted Mi 05.03.2025 + 4 = So 09.03.; SGB X: + 1 month = Mi 09.04.2025.
    case("fiction-sunday-sgb10", "sgb10", "2025-03-05", "1m", "2025-03-09", "2025-04-09"),
    # AO: So 09.03. -> Mo 10.03.; + 1 month = Do 10.04.2025.
    case("fiction-sunday-ao", "ao", "2025-03-05", "1m", "2025-03-10", "2025-04-10"),
    # Posted Mo 14.04.2025 + 4 = Fr 18.04. Karfreitag; SGB X keeps it: + 1 month = So 18.05.
    # -> Mo 19.05.2025.
    case("fiction-karfreitag-sgb10", "sgb10", "2025-04-14", "1m", "2025-04-18", "2025-05-19"),
    # AO: Karfreitag, Sa, So, Ostermontag -> Di 22.04.; + 1 month = Do 22.05.2025.
    case("fiction-karfreitag-ao", "ao", "2025-04-14", "1m", "2025-04-22", "2025-05-22"),
    # Posted Mo 21.12.2026 + 4 = Fr 25.12.; SGB X keeps it: + 1 month = Mo 25.01.2027.
    case("fiction-christmas-sgb10", "sgb10", "2026-12-21", "1m", "2026-12-25", "2027-01-25"),
    # AO: Fr 25.12., Sa 26.12. (holiday and Saturday), So 27.12. -> Mo 28.12.; + 1 month
    # = Do 28.01.2027.
    case("fiction-christmas-ao", "ao", "2026-12-21", "1m", "2026-12-28", "2027-01-28"),
    # Old law: posted Mi 02.10.2024 + 3 = Sa 05.10.; SGB X: + 1 month = Di 05.11.2024.
    case("fiction-3-days-saturday-sgb10", "sgb10", "2024-10-02", "1m", "2024-10-05", "2024-11-05"),
    # AO: Sa 05.10. -> Mo 07.10.; + 1 month = Do 07.11.2024.
    case("fiction-3-days-saturday-ao", "ao", "2024-10-02", "1m", "2024-10-07", "2024-11-07"),
    # Posted Do 16.05.2024 + 3 = So 19.05. (Pfingstsonntag); VwVfG keeps it: + 1 month
    # = Mi 19.06.2024.
    case("fiction-pfingsten-vwvfg", "vwvfg", "2024-05-16", "1m", "2024-05-19", "2024-06-19"),
    # AO: So 19.05., Mo 20.05. Pfingstmontag -> Di 21.05.; + 1 month = Fr 21.06.2024.
    case("fiction-pfingsten-ao", "ao", "2024-05-16", "1m", "2024-05-21", "2024-06-21"),
    # AO in Sachsen: posted Sa 15.11.2025 + 4 = Mi 19.11. Buß- und Bettag -> Do 20.11.;
    # + 1 month = Sa 20.12. -> Mo 22.12.2025.
    case("fiction-bettag-ao-sn", "ao", "2025-11-15", "1m", "2025-11-20", "2025-12-22", state="SN"),
    # The same letter in NW: Mi 19.11. is a working day; + 1 month = Fr 19.12.2025.
    case("fiction-bettag-ao-nw", "ao", "2025-11-15", "1m", "2025-11-19", "2025-12-19"),
    # --- the client's date of arrival --------------------------------------------------------
    # Posted Di 04.03.2025, fiction Sa 08.03.; arrived Di 11.03.: the later day counts;
    # + 1 month = Fr 11.04.2025.
    case(
        "received-later-sgb10",
        "sgb10",
        "2025-03-04",
        "1m",
        "2025-03-11",
        "2025-04-11",
        received="2025-03-11",
    ),
    # Arrived Mi 05.03., before the fiction day Fr 07.03.: the fiction still counts -> Mo 07.04.
    case(
        "received-earlier",
        "sgb10",
        "2025-03-03",
        "1m",
        "2025-03-07",
        "2025-04-07",
        received="2025-03-05",
    ),
    # Arrived exactly on the fiction day Fr 07.03.: same result, Mo 07.04.2025.
    case(
        "received-same-day",
        "sgb10",
        "2025-03-03",
        "1m",
        "2025-03-07",
        "2025-04-07",
        received="2025-03-07",
    ),
    # Arrived Sa 08.03., one day after the fiction day: the actual (Saturday) arrival counts as it
    # is; + 1 month = Di 08.04.2025.
    case(
        "received-later-on-saturday",
        "sgb10",
        "2025-03-03",
        "1m",
        "2025-03-08",
        "2025-04-08",
        received="2025-03-08",
    ),
    # AO: fiction Sa 08.03. moves to Mo 10.03.; arrival Sa 08.03. is not later than that.
    case(
        "received-ao-before-moved-day",
        "ao",
        "2025-03-04",
        "1m",
        "2025-03-10",
        "2025-04-10",
        received="2025-03-08",
    ),
    # AO: arrival Mi 12.03. is later than Mo 10.03.; + 1 month = Sa 12.04. -> Mo 14.04.2025.
    case(
        "received-ao-later",
        "ao",
        "2025-03-04",
        "1m",
        "2025-03-12",
        "2025-04-14",
        received="2025-03-12",
    ),
    # Old law: posted Mo 02.12.2024, fiction Do 05.12.; arrived Mo 09.12.; + 1 month = Do 09.01.2025.
    case(
        "received-later-3-days",
        "vwvfg",
        "2024-12-02",
        "1m",
        "2024-12-09",
        "2025-01-09",
        received="2024-12-09",
    ),
    # Formal service: a later "received" (fetched from the post office) changes nothing.
    case(
        "received-ignored-zustellung",
        "zustellung",
        "2024-10-01",
        "1m",
        "2024-10-01",
        "2024-11-04",
        received="2024-10-05",
    ),
    # Handed over in person: the hand-over counts, whatever else was entered.
    case(
        "received-ignored-persoenlich",
        "persoenlich",
        "2025-01-31",
        "1m",
        "2025-01-31",
        "2025-02-28",
        received="2025-02-03",
    ),
    # --- missing or wrong Rechtsbehelfsbelehrung: one year ----------------------------------
    # SGB X: fiction Fr 07.03.2025 + 1 year = Sa 07.03.2026 -> Mo 09.03.2026 (§ 66 II SGG).
    case(
        "no-belehrung-sgb10",
        "sgb10",
        "2025-03-03",
        "1m",
        "2025-03-07",
        "2026-03-09",
        no_belehrung=True,
    ),
    # AO: fiction Sa 08.03. -> Mo 10.03.2025 + 1 year = Di 10.03.2026 (§ 356 II AO).
    case(
        "no-belehrung-ao", "ao", "2025-03-04", "1m", "2025-03-10", "2026-03-10", no_belehrung=True
    ),
    # VwVfG: fiction Fr 18.04.2025 (Karfreitag, not moved) + 1 year = Sa 18.04.2026 -> Mo 20.04.
    case(
        "no-belehrung-vwvfg",
        "vwvfg",
        "2025-04-14",
        "1m",
        "2025-04-18",
        "2026-04-20",
        no_belehrung=True,
    ),
    # Handed over Do 29.02.2024: one year -> Fr 28.02.2025 (§ 188 III), whatever the period.
    case(
        "no-belehrung-persoenlich-leap",
        "persoenlich",
        "2024-02-29",
        "1m",
        "2024-02-29",
        "2025-02-28",
        no_belehrung=True,
    ),
    # Asylum (2 weeks) without Belehrung: one year, Mi 11.06.2025 -> Do 11.06.2026.
    case(
        "no-belehrung-asylum",
        "zustellung",
        "2025-06-11",
        "2w",
        "2025-06-11",
        "2026-06-11",
        no_belehrung=True,
    ),
    # --- weeks (asylum: 2 weeks, 1 week for "offensichtlich unbegründet") -----------------
    # Delivered Mo 10.03.2025 + 2 weeks = Mo 24.03.2025 (same weekday).
    case("asylum-2-weeks", "zustellung", "2025-03-10", "2w", "2025-03-10", "2025-03-24"),
    # Delivered Fr 14.03.2025 + 1 week = Fr 21.03.2025.
    case("asylum-1-week", "zustellung", "2025-03-14", "1w", "2025-03-14", "2025-03-21"),
    # Delivered Mo 23.03.2026 + 2 weeks = Mo 06.04.2026, Ostermontag -> Di 07.04.2026.
    case("asylum-2-weeks-easter", "zustellung", "2026-03-23", "2w", "2026-03-23", "2026-04-07"),
    # Delivered Mi 24.12.2025 + 1 week = Mi 31.12.2025, a working day.
    case("asylum-1-week-silvester", "zustellung", "2025-12-24", "1w", "2025-12-24", "2025-12-31"),
    # Delivered Do 25.12.2025 + 1 week = Do 01.01.2026 Neujahr -> Fr 02.01.2026.
    case("asylum-1-week-neujahr", "zustellung", "2025-12-25", "1w", "2025-12-25", "2026-01-02"),
    # --- days ----------------------------------------------------------------------------------
    # Delivered Mi 05.03.2025 + 14 days = Mi 19.03.2025.
    case("days-14", "zustellung", "2025-03-05", "14d", "2025-03-05", "2025-03-19"),
    # Delivered Do 06.03.2025 + 10 days = So 16.03. -> Mo 17.03.2025.
    case("days-10-sunday", "zustellung", "2025-03-06", "10d", "2025-03-06", "2025-03-17"),
    # Delivered Fr 31.01.2025 + 30 days = So 02.03. -> Mo 03.03.2025.
    case("days-30-february", "zustellung", "2025-01-31", "30d", "2025-01-31", "2025-03-03"),
    # Delivered Mi 16.02.2028 + 14 days: 29.02. exists in 2028, so Mi 01.03.2028.
    case("days-14-leap", "zustellung", "2028-02-16", "14d", "2028-02-16", "2028-03-01"),
    # --- holidays only some states have ---------------------------------------------------------
    # Delivered Mo 01.03.2027 + 1 week = Mo 08.03.2027, Frauentag in Berlin -> Di 09.03.2027.
    case(
        "frauentag-be-2027",
        "zustellung",
        "2027-03-01",
        "1w",
        "2027-03-01",
        "2027-03-09",
        state="BE",
    ),
    # The same in NW: Mo 08.03.2027 is a working day.
    case("frauentag-nw-2027", "zustellung", "2027-03-01", "1w", "2027-03-01", "2027-03-08"),
    # Delivered Di 08.02.2028 + 1 month = Mi 08.03.2028: Frauentag in Berlin -> Do 09.03.2028.
    case(
        "frauentag-be-2028",
        "zustellung",
        "2028-02-08",
        "1m",
        "2028-02-08",
        "2028-03-09",
        state="BE",
    ),
    # Mecklenburg-Vorpommern has the Frauentag since 2023: -> Do 09.03.2028.
    case(
        "frauentag-mv-2028",
        "zustellung",
        "2028-02-08",
        "1m",
        "2028-02-08",
        "2028-03-09",
        state="MV",
    ),
    # ... but not in 2022: Di 08.03.2022 stays the last day in MV.
    case(
        "frauentag-mv-2022",
        "zustellung",
        "2022-02-08",
        "1m",
        "2022-02-08",
        "2022-03-08",
        state="MV",
    ),
    # Berlin already had it in 2022 -> Mi 09.03.2022.
    case(
        "frauentag-be-2022",
        "zustellung",
        "2022-02-08",
        "1m",
        "2022-02-08",
        "2022-03-09",
        state="BE",
    ),
    # NW has no Frauentag: Mi 08.03.2028 stays.
    case("frauentag-nw-2028", "zustellung", "2028-02-08", "1m", "2028-02-08", "2028-03-08"),
    # Delivered Mi 23.12.2026 + 2 weeks = Mi 06.01.2027, Heilige Drei Könige in BW -> Do 07.01.
    case(
        "drei-koenige-bw", "zustellung", "2026-12-23", "2w", "2026-12-23", "2027-01-07", state="BW"
    ),
    # ... in Bayern as well -> Do 07.01.2027.
    case(
        "drei-koenige-by", "zustellung", "2026-12-23", "2w", "2026-12-23", "2027-01-07", state="BY"
    ),
    # ... and in Sachsen-Anhalt -> Do 07.01.2027.
    case(
        "drei-koenige-st", "zustellung", "2026-12-23", "2w", "2026-12-23", "2027-01-07", state="ST"
    ),
    # Not in NW: Mi 06.01.2027 stays.
    case("drei-koenige-nw", "zustellung", "2026-12-23", "2w", "2026-12-23", "2027-01-06"),
    # Delivered Mi 04.11.2026 + 2 weeks = Mi 18.11.2026, Buß- und Bettag in Sachsen -> Do 19.11.
    case("bettag-sn", "zustellung", "2026-11-04", "2w", "2026-11-04", "2026-11-19", state="SN"),
    # Not in NW (nor anywhere else): Mi 18.11.2026 stays.
    case("bettag-nw", "zustellung", "2026-11-04", "2w", "2026-11-04", "2026-11-18"),
    # Delivered Fr 17.10.2025 + 2 weeks = Fr 31.10.2025, Reformationstag in Niedersachsen
    # -> Sa, So -> Mo 03.11.2025.
    case(
        "reformation-ni", "zustellung", "2025-10-17", "2w", "2025-10-17", "2025-11-03", state="NI"
    ),
    # In NW the 31.10. is a working day: Fr 31.10.2025 stays.
    case("reformation-nw", "zustellung", "2025-10-17", "2w", "2025-10-17", "2025-10-31"),
    # Delivered Mi 17.10.2029 + 2 weeks = Mi 31.10.2029, Reformationstag in Thüringen -> Do 01.11.
    case(
        "reformation-th-2029",
        "zustellung",
        "2029-10-17",
        "2w",
        "2029-10-17",
        "2029-11-01",
        state="TH",
    ),
    # Delivered Di 20.08.2024 + 1 month = Fr 20.09.2024, Weltkindertag in Thüringen -> Mo 23.09.
    case(
        "weltkindertag-th", "zustellung", "2024-08-20", "1m", "2024-08-20", "2024-09-23", state="TH"
    ),
    # Not in NW: Fr 20.09.2024 stays.
    case("weltkindertag-nw", "zustellung", "2024-08-20", "1m", "2024-08-20", "2024-09-20"),
    # Delivered Mi 01.08.2029 + 2 weeks = Mi 15.08.2029, Mariä Himmelfahrt in the Saarland
    # -> Do 16.08.2029.
    case(
        "mariae-himmelfahrt-sl",
        "zustellung",
        "2029-08-01",
        "2w",
        "2029-08-01",
        "2029-08-16",
        state="SL",
    ),
    # Bayern: only a holiday in some municipalities, counted as a working day (safe side).
    case(
        "mariae-himmelfahrt-by",
        "zustellung",
        "2029-08-01",
        "2w",
        "2029-08-01",
        "2029-08-15",
        state="BY",
    ),
    # Delivered Mo 04.05.2026 + 1 month = Do 04.06.2026: Fronleichnam in Hessen -> Fr 05.06.2026.
    case(
        "fronleichnam-he", "zustellung", "2026-05-04", "1m", "2026-05-04", "2026-06-05", state="HE"
    ),
    # Berlin has no Fronleichnam: Do 04.06.2026 stays.
    case(
        "fronleichnam-be", "zustellung", "2026-05-04", "1m", "2026-05-04", "2026-06-04", state="BE"
    ),
    # Delivered Mo 01.10.2029 + 1 month = Do 01.11.2029: no Allerheiligen in Niedersachsen.
    case(
        "allerheiligen-ni", "zustellung", "2029-10-01", "1m", "2029-10-01", "2029-11-01", state="NI"
    ),
    # Delivered Di 08.04.2025 + 1 month = Do 08.05.2025: in Berlin a one-off holiday (80 years
    # since the end of the war) -> Fr 09.05.2025.
    case(
        "berlin-8-mai-2025",
        "zustellung",
        "2025-04-08",
        "1m",
        "2025-04-08",
        "2025-05-09",
        state="BE",
    ),
    # The same in NW: Do 08.05.2025 stays.
    case("nw-8-mai-2025", "zustellung", "2025-04-08", "1m", "2025-04-08", "2025-05-08"),
    # --- a fixed date with the shift excluded ----------------------------------------------------
    # Delivered Mi 05.03.2025 + 1 month = Sa 05.04.2025: normally Mo 07.04.2025 ...
    case("shift-normal", "zustellung", "2025-03-05", "1m", "2025-03-05", "2025-04-07"),
    # ... but the authority fixed the day and excluded the shift: Sa 05.04.2025 stays.
    case(
        "shift-excluded-zustellung",
        "zustellung",
        "2025-03-05",
        "1m",
        "2025-03-05",
        "2025-04-05",
        shift_excluded=True,
    ),
    # SGB X: posted Sa 01.03.2025 + 4 = Mi 05.03.; + 1 month = Sa 05.04.2025, shift excluded.
    case(
        "shift-excluded-sgb10",
        "sgb10",
        "2025-03-01",
        "1m",
        "2025-03-05",
        "2025-04-05",
        shift_excluded=True,
    ),
    # AO knows no such exception; the engine stays on the safe (earlier) side: Sa 05.04.2025.
    case(
        "shift-excluded-ao",
        "ao",
        "2025-03-01",
        "1m",
        "2025-03-05",
        "2025-04-05",
        shift_excluded=True,
    ),
    # Posted Fr 14.03.2025 + 4 = Di 18.03.; + 1 month = Fr 18.04.2025 (Karfreitag); the shift is
    # excluded, so it stays.
    case(
        "shift-excluded-holiday",
        "vwvfg",
        "2025-03-14",
        "1m",
        "2025-03-18",
        "2025-04-18",
        shift_excluded=True,
    ),
    # Posted Mo 03.03.2025, fiction Fr 07.03.; excluded, but Mo 07.04.2025 is a working day anyway.
    case(
        "shift-excluded-working-day",
        "sgb10",
        "2025-03-03",
        "1m",
        "2025-03-07",
        "2025-04-07",
        shift_excluded=True,
    ),
]


@pytest.mark.parametrize(("data", "delivered", "deadline"), CASES)
def test_deadline_cases(data: DeadlineInput, delivered: date, deadline: date) -> None:
    result = compute_deadline(data)
    assert (result.delivered, result.deadline) == (delivered, deadline)


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 70


REFORMATION_STATES = {"BB", "HB", "HH", "MV", "NI", "SN", "ST", "SH", "TH"}


@pytest.mark.parametrize("state", sorted(STATES))
def test_reformationstag_2025_in_every_state(state: str) -> None:
    # Fr 31.10.2025: Reformationstag states move to Mo 03.11.2025 (Sa, So follow); the others
    # keep Fr 31.10. (Allerheiligen on Sa 01.11. does not matter then).
    data = DeadlineInput(
        Procedure.ZUSTELLUNG, date(2025, 10, 17), Period(2, PeriodUnit.WEEKS), state=state
    )
    expected = date(2025, 11, 3) if state in REFORMATION_STATES else date(2025, 10, 31)
    assert compute_deadline(data).deadline == expected


@pytest.mark.parametrize("state", sorted(STATES))
def test_christmas_eve_and_new_years_eve_are_working_days_everywhere(state: str) -> None:
    for year in range(2024, 2031):
        for day in (date(year, 12, 24), date(year, 12, 31)):
            assert holiday_name(day, state) is None
            assert is_working_day(day, state) == (day.weekday() < 5)


# --- the steps -------------------------------------------------------------------------------


def steps_of(**kwargs: object) -> tuple[str, ...]:
    data = DeadlineInput(**kwargs)  # type: ignore[arg-type]
    return compute_deadline(data).steps


def test_steps_for_the_jobcenter_example() -> None:
    steps = steps_of(procedure=Procedure.SGB10, start=date(2025, 3, 3), period=Period.parse("1m"))
    assert steps[0] == "Zur Post gegeben am Mo 03.03.2025."
    assert (
        steps[1] == "Gilt am Fr 07.03.2025 als bekannt gegeben (4-Tage-Fiktion, § 37 Abs. 2 SGB X)."
    )
    assert "Der Tag der Bekanntgabe wird nicht mitgezählt" in steps[2]
    assert "(§ 187 Abs. 1 BGB)" in steps[2]
    assert steps[3] == "Frist 1 Monat: endet mit Ablauf des Mo 07.04.2025 (§ 188 Abs. 2 BGB)."
    assert "Mo 07.04.2025" in steps[-1]


def test_every_step_names_its_paragraph_except_the_posting_date() -> None:
    for data, _delivered, _deadline in (param.values for param in CASES):  # type: ignore[attr-defined]
        for step in compute_deadline(data).steps:
            if step.startswith("Zur Post gegeben am"):
                continue
            assert "§" in step, step


def test_dates_in_steps_carry_the_weekday() -> None:
    steps = steps_of(procedure=Procedure.AO, start=date(2025, 4, 14), period=Period.parse("1m"))
    for step in steps:
        for match in re.finditer(r"(\S+) (\d\d\.\d\d\.\d{4})", step):
            if match.group(1) == "vom":  # the date of a court decision
                continue
            assert match.group(1) in {"Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"}, step


@pytest.mark.parametrize(
    ("procedure", "law"),
    [
        (Procedure.VWVFG, "§ 31 Abs. 3 VwVfG"),
        (Procedure.SGB10, "§ 26 Abs. 3 SGB X"),
        (Procedure.AO, "§ 108 Abs. 3 AO"),
        (Procedure.ZUSTELLUNG, "§ 193 BGB"),
        (Procedure.PERSOENLICH, "§ 193 BGB"),
    ],
)
def test_the_shift_cites_the_procedures_paragraph(procedure: Procedure, law: str) -> None:
    # Ends Sa 05.04.2025 for the delivered procedures; posted 01.03. + 4 = Mi 05.03. otherwise.
    start = date(2025, 3, 1) if procedure.uses_fiction else date(2025, 3, 5)
    steps = steps_of(procedure=procedure, start=start, period=Period.parse("1m"))
    shift = [step for step in steps if "verschiebt sich" in step]
    assert len(shift) == 1
    assert shift[0].startswith("Sa 05.04.2025 ist ein Samstag")
    assert f"Mo 07.04.2025 ({law})" in shift[0]


@pytest.mark.parametrize(
    ("procedure", "law"),
    [
        (Procedure.VWVFG, "§ 58 Abs. 2 VwGO"),
        (Procedure.SGB10, "§ 66 Abs. 2 SGG"),
        (Procedure.AO, "§ 356 Abs. 2 AO"),
        (Procedure.ZUSTELLUNG, "§ 58 Abs. 2 VwGO"),
        (Procedure.PERSOENLICH, "§ 58 Abs. 2 VwGO"),
    ],
)
def test_missing_belehrung_cites_the_procedures_paragraph(procedure: Procedure, law: str) -> None:
    steps = steps_of(
        procedure=procedure,
        start=date(2025, 3, 3),
        period=Period.parse("1m"),
        belehrung_missing=True,
    )
    assert any("1 Jahr" in step and law in step for step in steps)


def test_holiday_is_named_in_the_shift() -> None:
    steps = steps_of(
        procedure=Procedure.ZUSTELLUNG, start=date(2024, 10, 1), period=Period.parse("1m")
    )
    assert any("Allerheiligen" in step and "Mo 04.11.2024" in step for step in steps)


def test_fiction_day_not_moved_in_sgb10_is_explained() -> None:
    steps = steps_of(procedure=Procedure.SGB10, start=date(2025, 3, 4), period=Period.parse("1m"))
    assert any("Sa 08.03.2025 ist ein Samstag" in s and "B 14 AS 12/09 R" in s for s in steps)


def test_fiction_day_moved_in_ao_is_explained() -> None:
    steps = steps_of(procedure=Procedure.AO, start=date(2025, 3, 4), period=Period.parse("1m"))
    assert any("Mo 10.03.2025" in s and "§ 108 Abs. 3 AO" in s for s in steps)
    assert "§ 122 Abs. 2 Nr. 1 AO" in " ".join(steps)


def test_three_day_fiction_is_named_as_old_law() -> None:
    steps = steps_of(procedure=Procedure.VWVFG, start=date(2024, 12, 30), period=Period.parse("1m"))
    assert any("3-Tage-Fiktion" in s and "§ 41 Abs. 2 VwVfG" in s for s in steps)


def test_later_arrival_and_ignored_arrival_are_explained() -> None:
    later = steps_of(
        procedure=Procedure.SGB10,
        start=date(2025, 3, 4),
        period=Period.parse("1m"),
        received=date(2025, 3, 11),
    )
    assert any("Di 11.03.2025" in s and "nachweisen" in s for s in later)
    ignored = steps_of(
        procedure=Procedure.ZUSTELLUNG,
        start=date(2024, 10, 1),
        period=Period.parse("1m"),
        received=date(2024, 10, 5),
    )
    assert any("Sa 05.10.2024" in s and "ändert daran nichts" in s for s in ignored)


def test_shift_excluded_is_said() -> None:
    steps = steps_of(
        procedure=Procedure.ZUSTELLUNG,
        start=date(2025, 3, 5),
        period=Period.parse("1m"),
        shift_excluded=True,
    )
    assert any("ausgeschlossen" in s and "Sa 05.04.2025" in s for s in steps)


def test_partial_holiday_in_bavaria_gets_a_hint() -> None:
    steps = steps_of(
        procedure=Procedure.ZUSTELLUNG,
        start=date(2029, 8, 1),
        period=Period.parse("2w"),
        state="BY",
    )
    assert any("Mariä Himmelfahrt" in s for s in steps)


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"state": "XX"},
        {"state": ""},
        {"period": Period(0, PeriodUnit.MONTHS)},
        {"period": Period(-1, PeriodUnit.DAYS)},
        {"period": Period(11, PeriodUnit.YEARS)},
        {"period": Period(121, PeriodUnit.MONTHS)},
        {"period": Period(3651, PeriodUnit.DAYS)},
        {"start": date(1999, 12, 31)},
        {"start": date(2101, 1, 1)},
        {"received": date(2025, 3, 2)},
        {"received": date(2101, 1, 1)},
    ],
)
def test_bad_input_raises_a_german_error(changes: dict[str, object]) -> None:
    values: dict[str, object] = {
        "procedure": Procedure.SGB10,
        "start": date(2025, 3, 3),
        "period": Period(1, PeriodUnit.MONTHS),
    }
    values.update(changes)
    with pytest.raises(DeadlineInputError) as error:
        compute_deadline(DeadlineInput(**values))  # type: ignore[arg-type]
    assert isinstance(error.value, DomainError)
    assert str(error.value)


def test_arrival_before_formal_service_is_an_error() -> None:
    with pytest.raises(DeadlineInputError):
        compute_deadline(
            DeadlineInput(
                Procedure.ZUSTELLUNG,
                date(2025, 3, 3),
                Period(1, PeriodUnit.MONTHS),
                received=date(2025, 3, 2),
            )
        )


def test_end_after_2100_is_an_error_not_a_wrong_date() -> None:
    with pytest.raises(DeadlineInputError):
        compute_deadline(
            DeadlineInput(Procedure.ZUSTELLUNG, date(2100, 12, 1), Period(1, PeriodUnit.MONTHS))
        )


def test_lower_case_state_is_accepted() -> None:
    data = DeadlineInput(
        Procedure.ZUSTELLUNG, date(2026, 5, 4), Period(1, PeriodUnit.MONTHS), state="be"
    )
    assert compute_deadline(data).deadline == date(2026, 6, 4)


# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "label"),
    [
        ("1m", Period(1, PeriodUnit.MONTHS), "1 Monat"),
        ("2m", Period(2, PeriodUnit.MONTHS), "2 Monate"),
        ("2w", Period(2, PeriodUnit.WEEKS), "2 Wochen"),
        ("1w", Period(1, PeriodUnit.WEEKS), "1 Woche"),
        ("14d", Period(14, PeriodUnit.DAYS), "14 Tage"),
        ("1d", Period(1, PeriodUnit.DAYS), "1 Tag"),
        ("1y", Period(1, PeriodUnit.YEARS), "1 Jahr"),
        ("2Y", Period(2, PeriodUnit.YEARS), "2 Jahre"),
        (" 14 Tage ", Period(14, PeriodUnit.DAYS), "14 Tage"),
        ("1 Jahr", Period(1, PeriodUnit.YEARS), "1 Jahr"),
    ],
)
def test_period_parse_and_label(text: str, period: Period, label: str) -> None:
    assert Period.parse(text) == period
    assert period.label == label


@pytest.mark.parametrize("text", ["", "m", "1", "1x", "0m", "-1m", "1.5m", "11y", "abc", "1 m 2"])
def test_period_parse_rejects(text: str) -> None:
    with pytest.raises(DeadlineInputError):
        Period.parse(text)


# --- working days and holidays -------------------------------------------------------------------


def test_states_are_the_sixteen() -> None:
    assert set(STATES) == {
        "BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH",
    }  # fmt: skip
    assert STATES["NW"] == "Nordrhein-Westfalen"


@pytest.mark.parametrize(
    ("day", "state", "name"),
    [
        (date(2025, 6, 19), "NW", "Fronleichnam"),
        (date(2025, 6, 19), "NI", None),
        (date(2025, 11, 1), "NW", "Allerheiligen"),
        (date(2025, 10, 31), "SN", "Reformationstag"),
        (date(2025, 11, 19), "SN", "Buß- und Bettag"),
        (date(2025, 11, 19), "NW", None),
        (date(2025, 1, 6), "BY", "Heilige Drei Könige"),
        (date(2025, 3, 8), "BE", "Frauentag"),
        (date(2025, 8, 15), "SL", "Mariä Himmelfahrt"),
        (date(2025, 8, 15), "BY", None),
        (date(2025, 8, 8), "BY", None),
        (date(2025, 4, 18), "HH", "Karfreitag"),
        (date(2025, 12, 24), "NW", None),
    ],
)
def test_holiday_names(day: date, state: str, name: str | None) -> None:
    assert holiday_name(day, state) == name


def test_working_day_helpers() -> None:
    assert is_working_day(date(2025, 4, 17), "NW")  # Gründonnerstag is a working day
    assert not is_working_day(date(2025, 4, 18), "NW")  # Karfreitag
    assert not is_working_day(date(2025, 4, 19), "NW")  # Saturday
    assert next_working_day(date(2025, 4, 18), "NW") == date(2025, 4, 22)
    assert next_working_day(date(2025, 4, 17), "NW") == date(2025, 4, 17)
    with pytest.raises(DeadlineInputError):
        is_working_day(date(2025, 4, 17), "XY")


@pytest.mark.parametrize(
    ("today", "due", "expected"),
    [
        (date(2025, 4, 7), date(2025, 4, 7), 0),  # due today
        (date(2025, 4, 7), date(2025, 4, 8), 1),  # Mo -> Di
        (date(2025, 4, 4), date(2025, 4, 7), 1),  # Fr -> Mo: only Monday
        (date(2025, 4, 4), date(2025, 4, 6), 0),  # Fr -> So: no working day left
        (date(2025, 4, 17), date(2025, 4, 22), 1),  # Do -> Di over Easter: only Tuesday
        (date(2025, 4, 7), date(2025, 4, 14), 5),  # one week
        # 2025 has 261 weekdays; without Mi 01.01. 260; minus the 9 other NW holidays on weekdays
        # (Allerheiligen is a Saturday) = 251.
        (date(2025, 1, 1), date(2025, 12, 31), 251),
        (date(2025, 4, 8), date(2025, 4, 7), -1),  # one working day overdue
        (date(2025, 4, 7), date(2025, 4, 4), -1),  # due Fr, today Mo: one working day overdue
        (date(2025, 4, 6), date(2025, 4, 4), 0),  # due Fr, today So: past, but no working day since
    ],
)
def test_working_days_until(today: date, due: date, expected: int) -> None:
    assert working_days_until(today, due, "NW") == expected


def test_working_days_until_matches_a_plain_count() -> None:
    today = date(2024, 1, 1)
    for offset in range(0, 800, 7):
        due = date.fromordinal(today.toordinal() + offset)
        plain = sum(
            1
            for n in range(1, offset + 1)
            if is_working_day(date.fromordinal(today.toordinal() + n), "NW")
        )
        assert working_days_until(today, due, "NW") == plain
        assert working_days_until(due, today, "NW") == -plain


# --- kinds ----------------------------------------------------------------------------------------


def test_kinds() -> None:
    computed = {kind for kind in DeadlineKind if kind.computed}
    assert computed == {DeadlineKind.WIDERSPRUCH, DeadlineKind.EINSPRUCH, DeadlineKind.KLAGE}
    assert all(kind.label for kind in DeadlineKind)
    assert all(procedure.label for procedure in Procedure)
    for kind in computed:
        for procedure in Procedure:
            assert suggested_period(kind, procedure) == Period(1, PeriodUnit.MONTHS)
    assert suggested_period(DeadlineKind.MITWIRKUNG, Procedure.SGB10) is None
    assert suggested_period(DeadlineKind.AUFENTHALTSTITEL, Procedure.VWVFG) is None


def test_expiry_warning_starts_eight_weeks_before() -> None:
    # 8 weeks = 56 days before Mo 30.06.2025 is Mo 05.05.2025.
    assert expiry_warning_start(date(2025, 6, 30)) == date(2025, 5, 5)
