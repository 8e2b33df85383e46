"""The rules of the monthly summary: periods, age bands at their edges, arrival, suppression,
the programme key and how reports of the same client are merged. No database, no Qt."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.summary import (
    SUPPRESSED,
    AgeBand,
    ClientRecord,
    FunderAgeBand,
    Period,
    PeriodKind,
    age_band,
    age_on,
    arrived_recently,
    birth_date_limit,
    birth_year_limit,
    client_pseudonym,
    earliest_recent_arrival,
    funder_age_band,
    key_from_text,
    key_to_text,
    merge_records,
    new_programme_key,
    share_shown,
    shown,
)

# --- periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "first", "last", "label"),
    [
        ("2026-11", PeriodKind.MONTH, date(2026, 11, 1), date(2026, 11, 30), "November 2026"),
        ("2024-02", PeriodKind.MONTH, date(2024, 2, 1), date(2024, 2, 29), "Februar 2024"),
        ("2026-Q4", PeriodKind.QUARTER, date(2026, 10, 1), date(2026, 12, 31), "4. Quartal 2026"),
        ("2026-q1", PeriodKind.QUARTER, date(2026, 1, 1), date(2026, 3, 31), "1. Quartal 2026"),
        (" 2025 ", PeriodKind.YEAR, date(2025, 1, 1), date(2025, 12, 31), "Jahr 2025"),
    ],
)
def test_periods_parse_to_their_first_and_last_day(
    text: str, kind: PeriodKind, first: date, last: date, label: str
) -> None:
    period = Period.parse(text)
    assert (period.kind, period.first_day, period.last_day, period.label) == (
        kind,
        first,
        last,
        label,
    )
    assert Period.parse(period.key) == period


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "11/2026", "2026-Q5", "26-11", "", "1999"])
def test_a_wrong_period_gives_a_german_message(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Period.parse(text)
    assert "JJJJ-MM" in str(caught.value) or "zwischen 2000 und 2100" in str(caught.value)


def test_self_help_is_compared_with_the_three_months_before_or_the_year_before() -> None:
    assert Period.parse("2026-11").comparison() == (date(2026, 8, 1), date(2026, 10, 31))
    assert Period.parse("2026-02").comparison() == (date(2025, 11, 1), date(2026, 1, 31))
    assert Period.parse("2026-Q1").comparison() == (date(2025, 10, 1), date(2025, 12, 31))
    assert Period.parse("2026").comparison() == (date(2025, 1, 1), date(2025, 12, 31))
    assert Period.parse("2026-11").comparison_label == "August bis Oktober 2026"


# --- ages ----------------------------------------------------------------------------------

END_OF_OCTOBER = date(2026, 10, 31)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, AgeBand.UNDER_3),
        (2, AgeBand.UNDER_3),
        (3, AgeBand.FROM_3),
        (5, AgeBand.FROM_3),
        (6, AgeBand.FROM_6),
        (9, AgeBand.FROM_6),
        (10, AgeBand.FROM_10),
        (16, AgeBand.FROM_10),  # the gap in the city's list: 16 belongs to "10-16"
        (17, AgeBand.FROM_17),
        (25, AgeBand.FROM_17),
        (26, AgeBand.OVER_25),
        (90, AgeBand.OVER_25),
        (None, AgeBand.NOT_STATED),
    ],
)
def test_every_age_has_exactly_one_band(age: int | None, band: AgeBand) -> None:
    assert age_band(age) == band


def test_27_plus_for_funders() -> None:
    assert funder_age_band(26) == FunderAgeBand.UNDER_27
    assert funder_age_band(27) == FunderAgeBand.FROM_27
    assert funder_age_band(None) == FunderAgeBand.NOT_STATED


def test_age_is_taken_on_the_last_day_of_the_period() -> None:
    assert age_on(END_OF_OCTOBER, date(2010, 10, 31), None) == 16  # birthday on the last day
    assert age_on(END_OF_OCTOBER, date(2010, 11, 1), None) == 15
    # born on 29 February: one year older on 1 March in other years
    assert age_on(date(2027, 2, 28), date(2008, 2, 29), None) == 18
    assert age_on(date(2026, 2, 28), date(2008, 2, 29), None) == 17
    assert age_on(END_OF_OCTOBER, date(2030, 1, 1), None) == 0  # never negative


def test_with_only_a_birth_year_the_birthday_counts_as_1_july() -> None:
    assert age_on(date(2026, 6, 30), None, 2000) == 25
    assert age_on(date(2026, 7, 31), None, 2000) == 26
    assert age_on(END_OF_OCTOBER, None, None) is None
    # a full date wins over the year
    assert age_on(END_OF_OCTOBER, date(2000, 12, 1), 1990) == 25


def _month_ends(first: date, last: date) -> list[date]:
    ends = []
    day = first
    while day <= last:
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        ends.append(following - timedelta(days=1))
        day = following
    return ends


def test_the_limits_the_database_compares_agree_with_the_ages() -> None:
    """The SQL compares birth dates with ``birth_date_limit``; it must give the same age."""
    births = [date(1998, 1, 1) + timedelta(days=offset) for offset in range(0, 12 * 366, 3)]
    births += [date(2008, 2, 29), date(2012, 2, 29), date(2000, 2, 29)]
    for end in _month_ends(date(2024, 1, 1), date(2028, 12, 31)):
        for years in (3, 6, 10, 17, 26, 27):
            limit = birth_date_limit(end, years)
            for birth in births:
                assert (birth <= limit) == (age_on(end, birth, None) >= years), (end, birth)
            for year in range(1990, 2030):
                age = age_on(end, None, year)
                assert age is not None
                assert (year <= birth_year_limit(end, years)) == (age >= years)


def test_arrival_within_3_years_counts_from_1_july_of_the_year() -> None:
    assert arrived_recently(2024, END_OF_OCTOBER) is True
    assert arrived_recently(2023, END_OF_OCTOBER) is False  # 1.7.2023 + 3 years < 31.10.2026
    assert arrived_recently(2023, date(2026, 6, 30)) is True
    assert arrived_recently(None, END_OF_OCTOBER) is None
    for end in _month_ends(date(2025, 1, 1), date(2027, 12, 31)):
        for year in range(2018, 2028):
            assert (year >= earliest_recent_arrival(end)) == (end < date(year + 3, 7, 1))


# --- suppression ---------------------------------------------------------------------------


def test_counts_from_1_to_4_are_suppressed_unless_exact() -> None:
    assert [shown(count, exact=False) for count in range(7)] == [
        0,
        SUPPRESSED,
        SUPPRESSED,
        SUPPRESSED,
        SUPPRESSED,
        5,
        6,
    ]
    assert [shown(count, exact=True) for count in range(6)] == [0, 1, 2, 3, 4, 5]
    assert SUPPRESSED == "<5"


def test_a_share_of_fewer_than_5_steps_is_not_shown() -> None:
    assert share_shown(2, 4, exact=False) is None
    assert share_shown(2, 4, exact=True) == 50
    assert share_shown(1, 5, exact=False) == 20
    assert share_shown(0, 0, exact=True) is None


# --- the programme key and pseudonyms ------------------------------------------------------


def test_the_printed_key_reads_back_even_with_spaces_and_small_letters() -> None:
    key = new_programme_key()
    text = key_to_text(key)
    assert len(key) == 32 and all(len(group) == 4 for group in text.split("-"))
    assert key_from_text(text) == key
    assert key_from_text(" " + text.lower().replace("-", " ") + "\n") == key


def test_a_mistyped_key_is_refused_in_german() -> None:
    text = key_to_text(new_programme_key())
    swapped = text[:5] + ("A" if text[5] != "A" else "B") + text[6:]
    with pytest.raises(ValidationError, match="nicht richtig abgeschrieben"):
        key_from_text(swapped)
    with pytest.raises(ValidationError, match="Zeichen"):
        key_from_text(text[:-3])


def test_the_pseudonym_depends_on_the_key_and_the_person_only() -> None:
    key, other = new_programme_key(), new_programme_key()
    one = client_pseudonym(key, "aise ilmaz", 1985)
    assert one == client_pseudonym(key, "aise ilmaz", 1985)
    assert one != client_pseudonym(other, "aise ilmaz", 1985)
    assert one != client_pseudonym(key, "aise ilmaz", 1986)
    assert "ilmaz" not in one and "1985" not in one


def test_a_client_in_two_reports_counts_once_new_and_closed_only_when_both_say_so() -> None:
    first = ClientRecord("p1", gender=None, language="tr", new=True, closed=True)
    second = ClientRecord(
        "p1", gender="weiblich", language="ar", new=False, closed=True, closing_reason="verzogen"
    )
    other = ClientRecord("p2", new=True)
    merged = merge_records([first, second, other])
    assert len(merged) == 2
    record = merged[0]
    assert record.gender == "weiblich"  # the first stated value
    assert record.language == "tr"
    assert record.new is False  # known to the second guide before
    assert record.closed is True and record.closing_reason == "verzogen"
