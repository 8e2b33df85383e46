"""All services of one open database, built once by the composition root (app.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lotsen_app.persistence.database import Database
from lotsen_app.services.access import AccessService
from lotsen_app.services.appointments import AppointmentService, AuthorityService
from lotsen_app.services.backups import BackupService
from lotsen_app.services.base import Clock
from lotsen_app.services.casework import CaseworkService
from lotsen_app.services.clients import ClientService
from lotsen_app.services.consent import ConsentService
from lotsen_app.services.deadlines import DeadlineService, LetterService
from lotsen_app.services.guides import DistrictService, GuideService
from lotsen_app.services.outgoing import OutgoingLetterService
from lotsen_app.services.privacy import PrivacyService
from lotsen_app.services.settings import SettingsService
from lotsen_app.services.summary import SummaryService


@dataclass(frozen=True)
class Services:
    database: Database
    clients: ClientService
    guides: GuideService
    districts: DistrictService
    deadlines: DeadlineService
    letters: LetterService
    settings: SettingsService
    authorities: AuthorityService
    appointments: AppointmentService
    outgoing: OutgoingLetterService
    casework: CaseworkService
    consent: ConsentService
    summary: SummaryService
    access: AccessService
    privacy: PrivacyService
    backups: BackupService
    clock: Clock

    @classmethod
    def build(cls, database: Database, clock: Clock = datetime.now) -> Services:
        settings = SettingsService(database, clock)
        database.actor = settings.user_name()
        return cls(
            database=database,
            clients=ClientService(database, clock),
            guides=GuideService(database, clock),
            districts=DistrictService(database, clock),
            deadlines=DeadlineService(database, clock),
            letters=LetterService(database, clock),
            settings=settings,
            authorities=AuthorityService(database, clock),
            appointments=AppointmentService(database, clock),
            outgoing=OutgoingLetterService(database, clock),
            casework=CaseworkService(database, clock),
            consent=ConsentService(database, clock),
            summary=SummaryService(database, clock),
            access=AccessService(database, clock),
            privacy=PrivacyService(database, clock),
            backups=BackupService(database, clock),
            clock=clock,
        )
