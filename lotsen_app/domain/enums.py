"""Closed value sets. The value is what the database stores; ``label`` is what the user reads."""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def from_label(cls, text: str) -> _Labelled | None:
        wanted = text.strip().casefold()
        for member in cls:
            if wanted in (member.value.casefold(), member.label.casefold()):
                return member
        return None


class Gender(_Labelled):
    FEMALE = "weiblich"
    MALE = "maennlich"
    DIVERSE = "divers"
    NOT_STATED = "keine_angabe"


class FormOfAddress(_Labelled):
    FRAU = "frau"
    HERR = "herr"
    NEUTRAL = "neutral"


class ClientStatus(_Labelled):
    ACTIVE = "aktiv"
    PAUSED = "pausiert"
    CLOSED = "abgeschlossen"


class ClosingReason(_Labelled):
    GOALS_REACHED = "ziele_erreicht"
    REFERRED = "weitervermittelt"
    MOVED_AWAY = "verzogen"
    NOT_NEEDED = "nicht_mehr_benoetigt"
    NO_CONTACT = "kein_kontakt"
    OTHER = "sonstiges"


class AssignmentRole(_Labelled):
    LEAD = "lead"
    SUPPORT = "support"


class StepActor(_Labelled):
    """Who did a step: the central self-help measure."""

    CLIENT_ALONE = "allein"
    TOGETHER = "gemeinsam"
    GUIDE = "lotse"


class DeadlineStatus(_Labelled):
    OPEN = "offen"
    DONE = "erledigt"
    MISSED = "versaeumt"


class Urgency(_Labelled):
    """How soon an open deadline ends: the signal in the Fristen view."""

    OVERDUE = "ueberfaellig"
    SOON = "bald"  # 3 working days or less
    NEAR = "nah"  # 10 days or less
    LATER = "spaeter"


class AuthorityKind(_Labelled):
    AUSLAENDERBEHOERDE = "auslaenderbehoerde"
    JOBCENTER = "jobcenter"
    FAMILIENKASSE = "familienkasse"
    SOZIALAMT = "sozialamt"
    BUERGERAMT = "buergeramt"
    AGENTUR_FUER_ARBEIT = "agentur_fuer_arbeit"
    SCHULE_KITA = "schule_kita"
    ARZT_KLINIK = "arzt_klinik"
    BERATUNGSSTELLE = "beratungsstelle"
    GERICHT = "gericht"
    VERMIETER = "vermieter"
    BANK = "bank"
    SONSTIGE = "sonstige"


class AppointmentMode(_Labelled):
    ACCOMPANIED = "begleitet"
    ALONE_PREPARED = "allein_vorbereitet"
    INTERPRETER = "dolmetscher"
    PHONE = "telefon"
    VIDEO = "video"


class AppointmentStatus(_Labelled):
    PLANNED = "geplant"
    DONE = "stattgefunden"
    CANCELLED = "abgesagt"
    MISSED = "versaeumt"
    MOVED = "verschoben"


class ContactKind(_Labelled):
    COUNSELLING = "beratung"
    ACCOMPANIMENT = "begleitung"
    PHONE = "telefon"
    HOME_VISIT = "hausbesuch"
    ONLINE = "online"
    LETTER_FORM = "brief_formular"


class Topic(_Labelled):
    """The topic list of the four pillars (language, society, work, social life)."""

    RESIDENCE = "aufenthalt"
    WORK = "arbeit"
    SCHOOL = "schule"
    GERMAN_COURSE = "deutschkurs"
    HOUSING = "wohnen"
    HEALTH = "gesundheit"
    MONEY = "geld"
    FAMILY = "familie"
    EVERYDAY = "alltag"


class GoalStatus(_Labelled):
    """Where a goal agreed with the client stands (effect controlling)."""

    OPEN = "offen"
    REACHED = "erreicht"
    CHANGED = "geaendert"
    DROPPED = "aufgegeben"


class Pillar(_Labelled):
    """The four pillars of integration (sprachlich, gesellschaftlich, beruflich, sozial)."""

    LANGUAGE = "sprachlich"
    SOCIETY = "gesellschaftlich"
    WORK = "beruflich"
    SOCIAL = "sozial"


class VolunteerActivity(_Labelled):
    """Volunteer time recorded by hand (not from contacts or appointments)."""

    TRAINING = "schulung"
    TEAM_MEETING = "teamtreffen"
    TRAVEL = "fahrt"
    OTHER = "sonstiges"


class TimelineKind(_Labelled):
    """What an entry on a client's timeline is."""

    CONTACT = "kontakt"
    APPOINTMENT = "termin"
    LETTER_IN = "brief_ein"
    LETTER_OUT = "brief_aus"
    DEADLINE = "frist"
    GOAL = "ziel"
    TASK = "aufgabe"


_LABELS: dict[StrEnum, str] = {
    DeadlineStatus.OPEN: "offen",
    DeadlineStatus.DONE: "erledigt",
    DeadlineStatus.MISSED: "versäumt",
    Urgency.OVERDUE: "überfällig",
    Urgency.SOON: "≤ 3 Arbeitstage",
    Urgency.NEAR: "≤ 10 Tage",
    Urgency.LATER: "später",
    Gender.FEMALE: "weiblich",
    Gender.MALE: "männlich",
    Gender.DIVERSE: "divers",
    Gender.NOT_STATED: "keine Angabe",
    FormOfAddress.FRAU: "Frau",
    FormOfAddress.HERR: "Herr",
    FormOfAddress.NEUTRAL: "ohne Anrede",
    ClientStatus.ACTIVE: "aktiv",
    ClientStatus.PAUSED: "pausiert",
    ClientStatus.CLOSED: "abgeschlossen",
    ClosingReason.GOALS_REACHED: "Ziele erreicht",
    ClosingReason.REFERRED: "weitervermittelt",
    ClosingReason.MOVED_AWAY: "verzogen",
    ClosingReason.NOT_NEEDED: "nicht mehr benötigt",
    ClosingReason.NO_CONTACT: "kein Kontakt mehr",
    ClosingReason.OTHER: "sonstiger Grund",
    AssignmentRole.LEAD: "hauptverantwortlich",
    AssignmentRole.SUPPORT: "unterstützend",
    StepActor.CLIENT_ALONE: "Klient:in allein",
    StepActor.TOGETHER: "gemeinsam",
    StepActor.GUIDE: "Lotse/Lotsin für Klient:in",
    AuthorityKind.AUSLAENDERBEHOERDE: "Ausländerbehörde",
    AuthorityKind.JOBCENTER: "Jobcenter",
    AuthorityKind.FAMILIENKASSE: "Familienkasse",
    AuthorityKind.SOZIALAMT: "Sozialamt",
    AuthorityKind.BUERGERAMT: "Bürgeramt",
    AuthorityKind.AGENTUR_FUER_ARBEIT: "Agentur für Arbeit",
    AuthorityKind.SCHULE_KITA: "Schule/Kita",
    AuthorityKind.ARZT_KLINIK: "Arzt/Klinik",
    AuthorityKind.BERATUNGSSTELLE: "Beratungsstelle",
    AuthorityKind.GERICHT: "Gericht",
    AuthorityKind.VERMIETER: "Vermieter/Wohnungsgesellschaft",
    AuthorityKind.BANK: "Bank",
    AuthorityKind.SONSTIGE: "Sonstige",
    AppointmentMode.ACCOMPANIED: "Lotse/Lotsin begleitet",
    AppointmentMode.ALONE_PREPARED: "Klient:in geht allein (vorbereitet)",
    AppointmentMode.INTERPRETER: "mit Dolmetscher:in",
    AppointmentMode.PHONE: "per Telefon",
    AppointmentMode.VIDEO: "per Video",
    AppointmentStatus.PLANNED: "geplant",
    AppointmentStatus.DONE: "stattgefunden",
    AppointmentStatus.CANCELLED: "abgesagt",
    AppointmentStatus.MISSED: "versäumt",
    AppointmentStatus.MOVED: "verschoben",
    ContactKind.COUNSELLING: "Beratung",
    ContactKind.ACCOMPANIMENT: "Begleitung",
    ContactKind.PHONE: "Telefon",
    ContactKind.HOME_VISIT: "Hausbesuch",
    ContactKind.ONLINE: "Online",
    ContactKind.LETTER_FORM: "Brief/Formular",
    Topic.RESIDENCE: "Aufenthalt und Dokumente",
    Topic.WORK: "Arbeit und Jobsuche",
    Topic.SCHOOL: "Schule und Bildung",
    Topic.GERMAN_COURSE: "Deutschkurse",
    Topic.HOUSING: "Wohnen",
    Topic.HEALTH: "Gesundheit",
    Topic.MONEY: "Geld und Leistungen",
    Topic.FAMILY: "Familie und Kinder",
    Topic.EVERYDAY: "Alltag",
    GoalStatus.OPEN: "offen",
    GoalStatus.REACHED: "erreicht",
    GoalStatus.CHANGED: "geändert",
    GoalStatus.DROPPED: "aufgegeben",
    Pillar.LANGUAGE: "Sprache",
    Pillar.SOCIETY: "Gesellschaft",
    Pillar.WORK: "Arbeit und Bildung",
    Pillar.SOCIAL: "Soziales",
    VolunteerActivity.TRAINING: "Schulung",
    VolunteerActivity.TEAM_MEETING: "Teamtreffen",
    VolunteerActivity.TRAVEL: "Fahrt",
    VolunteerActivity.OTHER: "Sonstiges",
    TimelineKind.CONTACT: "Kontakt",
    TimelineKind.APPOINTMENT: "Termin",
    TimelineKind.LETTER_IN: "Brief erhalten",
    TimelineKind.LETTER_OUT: "Brief an Klient:in",
    TimelineKind.DEADLINE: "Frist",
    TimelineKind.GOAL: "Ziel",
    TimelineKind.TASK: "Aufgabe",
}
