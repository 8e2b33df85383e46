"""Guides and the district reference list."""

from __future__ import annotations

from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.guides import GuideInput, GuideRow, require_valid_guide
from lotsen_app.persistence.models import District, Guide
from lotsen_app.persistence.repositories import DistrictRepository, GuideRepository, record_audit
from lotsen_app.services.base import Service


class GuideService(Service):
    def list_rows(self, *, only_active: bool = False) -> list[GuideRow]:
        with self.database.session() as session:
            return GuideRepository(session).rows(only_active=only_active)

    def get(self, guide_id: int) -> GuideInput:
        with self.database.session() as session:
            guide = GuideRepository(session).get(guide_id)
            return GuideInput(
                given_name=guide.given_name,
                family_name=guide.family_name,
                phone=guide.phone,
                email=guide.email,
                languages=guide.languages,
                active=guide.active,
                is_coordinator=guide.is_coordinator,
            )

    def find(self, name: str) -> list[GuideRow]:
        """Guides whose full name or family name is ``name`` (ignoring case and accents)."""
        with self.database.session() as session:
            repository = GuideRepository(session)
            ids = {guide.id for guide in repository.find_by_name(name)}
            return [row for row in repository.rows() if row.id in ids]

    def create(self, data: GuideInput) -> int:
        data = require_valid_guide(data)
        now = self.now()
        with self.database.session() as session:
            guide = Guide(created_at=now, updated_at=now)
            _apply(guide, data)
            GuideRepository(session).add(guide)
            record_audit(session, at=now, action="angelegt", entity="guide", entity_id=guide.id)
            return guide.id

    def update(self, guide_id: int, data: GuideInput) -> None:
        data = require_valid_guide(data)
        with self.database.session() as session:
            guide = GuideRepository(session).get(guide_id)
            _apply(guide, data)
            guide.updated_at = self.now()
            record_audit(
                session, at=self.now(), action="geändert", entity="guide", entity_id=guide_id
            )


def _apply(guide: Guide, data: GuideInput) -> None:
    guide.given_name = data.given_name
    guide.family_name = data.family_name
    guide.phone = data.phone
    guide.email = data.email
    guide.languages = data.languages
    guide.active = data.active
    guide.is_coordinator = data.is_coordinator


class DistrictService(Service):
    """The editable reference list of districts (Ortsteile)."""

    def list(self, *, only_active: bool = False) -> list[tuple[int, str, str, bool]]:
        with self.database.session() as session:
            return [
                (d.id, d.name, d.borough, d.active)
                for d in DistrictRepository(session).all(only_active=only_active)
            ]

    def usage(self) -> dict[int, int]:
        with self.database.session() as session:
            return DistrictRepository(session).usage()

    def add(self, name: str, borough: str = "") -> int:
        name = " ".join(name.split())
        if not name:
            raise ValidationError({"name": "Bitte einen Namen für den Stadtteil eingeben."})
        with self.database.session() as session:
            repository = DistrictRepository(session)
            if repository.by_name(name) is not None:
                raise ValidationError({"name": f"Den Stadtteil „{name}“ gibt es schon."})
            district = District(name=name, borough=" ".join(borough.split()), active=True)
            session.add(district)
            session.flush()
            record_audit(
                session, at=self.now(), action="angelegt", entity="district", entity_id=district.id
            )
            return district.id

    def update(self, district_id: int, name: str, borough: str, active: bool) -> None:
        name = " ".join(name.split())
        if not name:
            raise ValidationError({"name": "Bitte einen Namen für den Stadtteil eingeben."})
        with self.database.session() as session:
            repository = DistrictRepository(session)
            existing = repository.by_name(name)
            if existing is not None and existing.id != district_id:
                raise ValidationError({"name": f"Den Stadtteil „{name}“ gibt es schon."})
            district = session.get(District, district_id)
            if district is None:
                raise ValidationError({"name": "Diesen Stadtteil gibt es nicht mehr."})
            district.name = name
            district.borough = " ".join(borough.split())
            district.active = active
            record_audit(
                session, at=self.now(), action="geändert", entity="district", entity_id=district_id
            )
