"""Client and guide use cases on a real database file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lotsen_app.domain.clients import CaseClosing, ClientInput
from lotsen_app.domain.enums import AssignmentRole, ClientStatus, ClosingReason
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.models import AuditEntry, Client
from lotsen_app.services.container import Services

TODAY = date(2026, 11, 21)


def _guide(services: Services, name: str = "Anna") -> int:
    return services.guides.create(GuideInput(name, "Schmidt"))


def test_create_and_read_back_a_client(services: Services) -> None:
    data = ClientInput(
        "Ayşe",
        "Yılmaz",
        birth_date=date(1985, 3, 7),
        phone="0203 555 1234",
        languages=("tr", "de"),
        preferred_language="tr",
        strengths="spricht drei Sprachen",
    )
    client_id = services.clients.create(data)
    details = services.clients.get(client_id)
    assert details.data.birth_year == 1985
    assert details.data.languages == ("tr", "de")
    assert details.status == ClientStatus.ACTIVE
    assert details.opened_on == TODAY
    assert [h.status for h in details.history] == [ClientStatus.ACTIVE]


def test_invalid_client_is_not_saved(services: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        services.clients.create(ClientInput("", "Yılmaz", email="kaputt"))
    assert set(caught.value.errors) == {"given_name", "email"}
    assert services.clients.list_rows() == []


def test_look_alikes_are_found_across_spellings(services: Services) -> None:
    existing = services.clients.create(ClientInput("Jürgen", "Müller", birth_year=1970))
    services.clients.create(ClientInput("Olena", "Iwanowa", birth_year=1990))
    assert [m.id for m in services.clients.find_similar(ClientInput("Juergen", "Mueller"))] == [
        existing
    ]
    assert services.clients.find_similar(ClientInput("Jürgen", "Müller", birth_year=1971)) == []
    assert len(services.clients.find_similar(ClientInput("Olena", "Ivanova", birth_year=1990))) == 1
    assert len(services.clients.find_similar(ClientInput("Ivanova", "Olena"))) == 1
    assert services.clients.find_similar(ClientInput("Olga", "Ivanova")) == []


def test_search_text_is_stored_folded(services: Services) -> None:
    services.clients.create(ClientInput("Şükrü", "Öztürk"))
    [row] = services.clients.list_rows()
    assert "sukru ozturk" in row.search_text


def test_first_guide_leads_and_a_new_lead_demotes_the_old(services: Services) -> None:
    anna, ben = _guide(services, "Anna"), _guide(services, "Ben")
    client_id = services.clients.create(ClientInput("Ali", "Hassan"))
    services.clients.assign_guide(client_id, anna, AssignmentRole.SUPPORT, date(2026, 1, 5))
    services.clients.assign_guide(
        client_id, ben, AssignmentRole.LEAD, date(2026, 6, 1), "Umzug von Anna"
    )
    details = services.clients.get(client_id)
    open_roles = {a.guide_id: a.role for a in details.open_assignments}
    assert open_roles == {anna: AssignmentRole.SUPPORT, ben: AssignmentRole.LEAD}
    ended = [a for a in details.assignments if a.end_date is not None]
    assert [(a.guide_id, a.role, a.end_date) for a in ended] == [
        (anna, AssignmentRole.LEAD, date(2026, 6, 1))
    ]
    [row] = services.clients.list_rows()
    assert row.lead_guide == "Ben Schmidt" and row.guide_ids == {anna, ben}


def test_two_handovers_on_one_day_keep_the_middle_lead_and_its_note(services: Services) -> None:
    """A -> B -> C on the same day: B's lead row stays (zero-length, with its note)."""
    anna, ben, cem = _guide(services, "Anna"), _guide(services, "Ben"), _guide(services, "Cem")
    client_id = services.clients.create(ClientInput("Ali", "Hassan"))
    services.clients.assign_guide(client_id, anna, AssignmentRole.LEAD, date(2026, 1, 5))
    services.clients.assign_guide(client_id, ben, AssignmentRole.LEAD, TODAY, "Anna zieht um")
    services.clients.assign_guide(client_id, cem, AssignmentRole.LEAD, TODAY, "Ben ist krank")
    details = services.clients.get(client_id)
    rows = sorted(
        (
            (a.guide_id, a.role, a.start_date, a.end_date, a.handover_note)
            for a in details.assignments
        ),
        key=lambda row: (row[2], row[0], row[3] is None),
    )
    lead, support = AssignmentRole.LEAD, AssignmentRole.SUPPORT
    assert rows == [
        (anna, lead, date(2026, 1, 5), TODAY, ""),
        (anna, support, TODAY, None, ""),
        (ben, lead, TODAY, TODAY, "Anna zieht um"),
        (ben, support, TODAY, None, ""),
        (cem, lead, TODAY, None, "Ben ist krank"),
    ]
    # A same-day row without anything to lose is still changed in place, not doubled.
    dana = _guide(services, "Dana")
    services.clients.assign_guide(client_id, dana, AssignmentRole.SUPPORT, TODAY)
    services.clients.assign_guide(client_id, dana, AssignmentRole.LEAD, TODAY, "Dana übernimmt")
    dana_rows = [a for a in services.clients.get(client_id).assignments if a.guide_id == dana]
    assert [(a.role, a.end_date, a.handover_note) for a in dana_rows] == [
        (lead, None, "Dana übernimmt")
    ]


def test_lead_cannot_be_ended_while_others_remain(services: Services) -> None:
    anna, ben = _guide(services, "Anna"), _guide(services, "Ben")
    client_id = services.clients.create(ClientInput("Ali", "Hassan"), guide_id=anna)
    services.clients.assign_guide(client_id, ben)
    lead = next(a for a in services.clients.get(client_id).open_assignments if a.guide_id == anna)
    with pytest.raises(ValidationError, match="hauptverantwortlich"):
        services.clients.end_assignment(lead.id)
    with pytest.raises(ValidationError, match="begleitet bereits"):
        services.clients.assign_guide(client_id, ben)


def test_caseload_and_clients_without_guide(services: Services) -> None:
    anna = _guide(services)
    with_guide = services.clients.create(ClientInput("Ali", "Hassan"), guide_id=anna)
    without = services.clients.create(ClientInput("Maria", "Popescu"))
    assert [r.id for r in services.clients.caseload(anna)] == [with_guide]
    assert [r.id for r in services.clients.without_guide()] == [without]
    assert services.guides.list_rows()[0].caseload == 1


def test_close_and_reopen_keep_the_history(services: Services) -> None:
    anna = _guide(services)
    client_id = services.clients.create(
        ClientInput("Ali", "Hassan", opened_on=date(2025, 2, 1)), guide_id=anna
    )
    with pytest.raises(ValidationError):
        services.clients.close_case(
            client_id, CaseClosing(date(2025, 1, 1), ClosingReason.MOVED_AWAY)
        )
    services.clients.close_case(
        client_id, CaseClosing(date(2026, 10, 1), ClosingReason.GOALS_REACHED)
    )
    closed = services.clients.get(client_id)
    assert (
        closed.status == ClientStatus.CLOSED
        and closed.closing_reason == ClosingReason.GOALS_REACHED
    )
    assert closed.open_assignments == ()
    assert services.guides.list_rows()[0].caseload == 0
    with pytest.raises(ValidationError, match="abgeschlossen"):
        services.clients.assign_guide(client_id, anna)

    services.clients.reopen_case(client_id, date(2026, 11, 2))
    reopened = services.clients.get(client_id)
    assert reopened.status == ClientStatus.ACTIVE and reopened.closed_on is None
    assert [h.status for h in reopened.history] == [
        ClientStatus.ACTIVE,
        ClientStatus.CLOSED,
        ClientStatus.ACTIVE,
    ]
    assert [a.guide_id for a in reopened.open_assignments] == [anna]
    assert len(reopened.assignments) == 2


def test_pause_and_resume(services: Services) -> None:
    client_id = services.clients.create(ClientInput("Ali", "Hassan"))
    services.clients.pause_case(client_id)
    assert services.clients.get(client_id).status == ClientStatus.PAUSED
    services.clients.reopen_case(client_id)
    assert services.clients.get(client_id).status == ClientStatus.ACTIVE


def test_inactive_guide_cannot_take_clients(services: Services) -> None:
    anna = services.guides.create(GuideInput("Anna", "Schmidt", active=False))
    client_id = services.clients.create(ClientInput("Ali", "Hassan"))
    with pytest.raises(ValidationError, match="nicht mehr aktiv"):
        services.clients.assign_guide(client_id, anna)


def test_audit_lines_hold_no_names(services: Services) -> None:
    client_id = services.clients.create(ClientInput("Ayşe", "Yılmaz", phone="0203 555 9876"))
    services.clients.update(client_id, ClientInput("Ayşe", "Yılmaz-Demir"))
    with services.database.session() as session:
        entries = session.scalars(select(AuditEntry)).all()
        assert [(e.action, e.entity, e.entity_id) for e in entries] == [
            ("angelegt", "client", client_id),
            ("geändert", "client", client_id),
        ]
        text = " ".join(f"{e.actor} {e.detail}" for e in entries)
        assert "Yılmaz" not in text and "555" not in text
        assert session.get(Client, client_id).family_name == "Yılmaz-Demir"


def test_districts_can_be_added_renamed_and_hidden(services: Services) -> None:
    new_id = services.districts.add("Neu-Stadtteil", "Mitte")
    with pytest.raises(ValidationError, match="gibt es schon"):
        services.districts.add("marxloh")
    services.districts.update(new_id, "Neuer Stadtteil", "Mitte", active=False)
    names = {name: active for _i, name, _b, active in services.districts.list()}
    assert names["Neuer Stadtteil"] is False
    assert "Neuer Stadtteil" not in {
        n for _i, n, _b, _a in services.districts.list(only_active=True)
    }
