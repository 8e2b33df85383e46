"""Properties of the deadline engine over random dates 2024-2030, all states, all procedures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import holidays
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from lotsen_app.domain.dates import format_date_weekday
from lotsen_app.domain.deadlines import (
    STATES,
    DeadlineInput,
    Period,
    PeriodUnit,
    Procedure,
    compute_deadline,
    is_working_day,
)

SETTINGS = settings(max_examples=300, deadline=None)

days_2024_2030 = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
states = st.sampled_from(sorted(STATES))
procedures = st.sampled_from(list(Procedure))
periods = st.one_of(
    st.builds(Period, st.integers(1, 60), st.just(PeriodUnit.DAYS)),
    st.builds(Period, st.integers(1, 12), st.just(PeriodUnit.WEEKS)),
    st.builds(Period, st.integers(1, 24), st.just(PeriodUnit.MONTHS)),
    st.builds(Period, st.integers(1, 2), st.just(PeriodUnit.YEARS)),
)


@st.composite
def inputs(draw: st.DrawFn) -> DeadlineInput:
    start = draw(days_2024_2030)
    received = draw(st.none() | st.integers(0, 30).map(lambda n: start + timedelta(days=n)))
    return DeadlineInput(
        procedure=draw(procedures),
        start=start,
        period=draw(periods),
        received=received,
        belehrung_missing=draw(st.booleans()),
        state=draw(states),
        shift_excluded=draw(st.booleans()),
    )


@SETTINGS
@given(inputs())
def test_the_last_day_is_a_working_day_unless_fixed(data: DeadlineInput) -> None:
    result = compute_deadline(data)
    if not data.shift_excluded:
        assert is_working_day(result.deadline, data.state)
        assert result.deadline.weekday() < 5


@SETTINGS
@given(inputs())
def test_order_of_dates_and_steps(data: DeadlineInput) -> None:
    result = compute_deadline(data)
    assert result.delivered >= data.start
    assert result.deadline > result.delivered
    if data.received is not None and data.procedure in (
        Procedure.VWVFG,
        Procedure.SGB10,
        Procedure.AO,
    ):
        assert result.delivered >= data.received
    assert result.steps
    assert any(format_date_weekday(result.deadline) in step for step in result.steps)
    assert format_date_weekday(result.deadline) in result.steps[-1]


@SETTINGS
@given(inputs(), st.integers(1, 40))
def test_a_later_start_never_gives_an_earlier_deadline(data: DeadlineInput, shift: int) -> None:
    later_start = data.start + timedelta(days=shift)
    received = data.received
    if received is not None and received < later_start:
        received = later_start
    early = compute_deadline(replace(data, received=received))
    late = compute_deadline(replace(data, start=later_start, received=received))
    assert late.delivered >= early.delivered
    assert late.deadline >= early.deadline


@SETTINGS
@given(inputs(), st.integers(1, 40))
def test_a_later_arrival_never_gives_an_earlier_deadline(data: DeadlineInput, shift: int) -> None:
    first = data.received or data.start
    later = compute_deadline(replace(data, received=first + timedelta(days=shift)))
    earlier = compute_deadline(replace(data, received=first))
    assert later.deadline >= earlier.deadline


@SETTINGS
@given(inputs())
def test_a_missing_belehrung_never_shortens_a_period_of_up_to_a_year(data: DeadlineInput) -> None:
    if data.period.unit is PeriodUnit.YEARS and data.period.value > 1:
        return
    if data.period.unit is PeriodUnit.MONTHS and data.period.value > 12:
        return
    normal = compute_deadline(replace(data, belehrung_missing=False))
    missing = compute_deadline(replace(data, belehrung_missing=True))
    assert missing.delivered == normal.delivered
    assert missing.deadline >= normal.deadline


def _oracle(data: DeadlineInput) -> tuple[date, date]:
    """An independent re-statement of the rules, with dateutil and the holidays package."""

    def free(day: date) -> bool:
        table = holidays.country_holidays("DE", subdiv=data.state, years=day.year)
        return day.weekday() >= 5 or day in table

    def next_working(day: date) -> date:
        while free(day):
            day += timedelta(days=1)
        return day

    if data.procedure in (Procedure.ZUSTELLUNG, Procedure.PERSOENLICH):
        delivered = data.start
    else:
        delivered = data.start + timedelta(days=4 if data.start.year >= 2025 else 3)
        if data.procedure is Procedure.AO:
            delivered = next_working(delivered)
        if data.received is not None and data.received > delivered:
            delivered = data.received
    period = Period(1, PeriodUnit.YEARS) if data.belehrung_missing else data.period
    step = {
        PeriodUnit.DAYS: relativedelta(days=period.value),
        PeriodUnit.WEEKS: relativedelta(weeks=period.value),
        PeriodUnit.MONTHS: relativedelta(months=period.value),
        PeriodUnit.YEARS: relativedelta(years=period.value),
    }[period.unit]
    end = delivered + step
    return delivered, end if data.shift_excluded else next_working(end)


@SETTINGS
@given(inputs())
def test_matches_an_independent_statement_of_the_rules(data: DeadlineInput) -> None:
    result = compute_deadline(data)
    assert (result.delivered, result.deadline) == _oracle(data)
