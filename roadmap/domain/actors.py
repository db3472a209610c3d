"""Civic actors of the programme-wide directory: kinds, registry numbers and the fields a record holds.

Pure rules only (no database): what an organisation's record must look like, how DERBİS and MERSİS
numbers are written, and which kind of stakeholder an actor becomes in a municipality's register.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from roadmap.domain.content import EMAIL, StakeholderType
from roadmap.domain.safe_text import xml_unsafe
from roadmap.errors import keyed_error

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
# As long as the directory's columns hold (PostgreSQL refuses a longer one; SQLite would keep it).
PlaceName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class ActorKind(StrEnum):
    DERNEK = "dernek"
    VAKIF = "vakif"
    KOOPERATIF = "kooperatif"
    SOCIAL_ENTERPRISE = "sosyal_girisim"
    UNIVERSITY_CLUB = "universite_kulubu"
    PLATFORM = "platform"
    FEDERATION = "federasyon"
    KENT_KONSEYI_ASSEMBLY = "kent_konseyi_meclisi"

    @property
    def stakeholder_type(self) -> StakeholderType:
        """The type the organisation gets in a municipality's stakeholder register."""
        return {
            ActorKind.SOCIAL_ENTERPRISE: StakeholderType.SOCIAL_ENTERPRISE,
            ActorKind.KOOPERATIF: StakeholderType.SOCIAL_ENTERPRISE,
            ActorKind.UNIVERSITY_CLUB: StakeholderType.UNIVERSITY,
            ActorKind.KENT_KONSEYI_ASSEMBLY: StakeholderType.KENT_KONSEYI,
        }.get(self, StakeholderType.CSO)

    @property
    def registered_in(self) -> str:
        """Which registry an organisation of this kind is found in: DERBİS, MERSİS, or none."""
        if self in (ActorKind.DERNEK, ActorKind.FEDERATION):
            return "derbis"
        if self in (ActorKind.KOOPERATIF, ActorKind.SOCIAL_ENTERPRISE):
            return "mersis"
        return ""


# DERBİS (Dernekler Bilgi Sistemi) kütük numarası: province plate code, district code, sequence,
# written "06-012-345" (the dashes may be missing or be spaces or dots in a spreadsheet).
DERBIS = re.compile(r"(\d{2})[-\s./]?(\d{3})[-\s./]?(\d{1,6})")
# MERSİS (Merkezi Sicil Kayıt Sistemi) number: 16 digits, the first a 0.
MERSIS_DIGITS = 16


def derbis_number(value: str) -> str:
    """A DERBİS number in its written form, ``06-012-345``; empty stays empty; a wrong shape is refused."""
    value = value.strip()
    if not value:
        return ""
    found = DERBIS.fullmatch(value)
    if found is None or not 1 <= int(found.group(1)) <= 81:
        raise keyed_error("actors.error.derbis", value=value)
    return f"{found.group(1)}-{found.group(2)}-{found.group(3)}"


def mersis_number(value: str) -> str:
    """A MERSİS number as 16 digits (spaces and dashes dropped); a wrong shape is refused."""
    value = value.strip()
    if not value:
        return ""
    digits = re.sub(r"[\s.-]", "", value)
    if not digits.isdigit() or len(digits) != MERSIS_DIGITS or not digits.startswith("0"):
        raise keyed_error("actors.error.mersis", value=value)
    return digits


def website_address(value: str) -> str:
    """A website as ``https://host/...``: a bare host gets https; anything but http(s) is refused."""
    value = value.strip()
    if not value:
        return ""
    if not re.match(r"https?://", value, re.IGNORECASE):
        value = "https://" + value
    if not re.fullmatch(r"https?://[\w.-]+\.[a-zA-Z]{2,}(/\S*)?", value, re.IGNORECASE):
        raise keyed_error("actors.error.website", value=value)
    return value


def website_host(value: str) -> str:
    """The host of a website without ``www.``: two rows with one host are probably one organisation."""
    host = re.sub(r"^https?://", "", value.strip().lower()).split("/")[0]
    return host.removeprefix("www.")


class ActorFields(BaseModel):
    """One organisation of the directory as a form or a file row gives it; checked, not yet stored."""

    model_config = ConfigDict(extra="forbid")

    name: ShortText = Field(min_length=2)
    kind: ActorKind
    province: PlaceName = ""
    district: PlaceName = ""
    focus_areas: list[ShortText] = []
    derbis: str = ""
    mersis: str = ""
    website: ShortText = ""
    contact_name: ShortText = ""
    contact_email: ShortText = ""
    contact_phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] = ""
    contact_listed: bool = False
    kvkk_consent: bool = False
    notes: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: object) -> object:
        if isinstance(value, str) and xml_unsafe(value):
            raise keyed_error("input.control_character")
        return value

    @field_validator("derbis")
    @classmethod
    def _derbis(cls, value: str) -> str:
        return derbis_number(value)

    @field_validator("mersis")
    @classmethod
    def _mersis(cls, value: str) -> str:
        return mersis_number(value)

    @field_validator("website")
    @classmethod
    def _website(cls, value: str) -> str:
        return website_address(value)

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip().lower()
        if value and not EMAIL.fullmatch(value):
            raise keyed_error("actors.error.email", value=value)
        return value


class IntroductionStatus(StrEnum):
    """Where an introduction stands; a one-to-one meeting is arranged by the programme office."""

    INTRODUCED = "introduced"
    IN_CONTACT = "in_contact"
    MEETING = "meeting"  # a one-to-one meeting is to be (or was) held
    PARTNER = "partner"  # the actor became a partner on the action
    NOT_PURSUED = "not_pursued"
