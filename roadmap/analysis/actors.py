"""Civic actors: duplicates in the directory and against a register, and suggestions for a roadmap.

Two records are the same organisation when their names fold to the same key (Turkish-aware, with
"Derneği"/"Dern." and the like written one way), or they share a DERBİS or MERSİS number, an e-mail,
a website or a phone number; they are probably the same when their names are nearly alike
(rapidfuzz) in the same province. Suggestions rank local organisations first, then those working on
the goal's focus area, those already active in the programme, and those not yet in the register.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from pydantic import BaseModel
from rapidfuzz import fuzz

from roadmap.analysis.stakeholders import normal_phone
from roadmap.domain.actors import website_host
from roadmap.domain.content import RoadmapPlan, Stakeholder
from roadmap.text import fold_name, tr_sort_key

NEAR = 90  # rapidfuzz token-sort ratio (0–100) from which two names in one province are probably one
# Words organisations abbreviate or inflect: one spelling each, so "Gençlik Dern." is "Gençlik Derneği".
WORDS = {
    "dernegi": "dernek",
    "dern": "dernek",
    "der": "dernek",
    "vakfi": "vakif",
    "vak": "vakif",
    "kooperatifi": "kooperatif",
    "koop": "kooperatif",
    "kulubu": "kulup",
    "federasyonu": "federasyon",
    "platformu": "platform",
    "universitesi": "universite",
    "univ": "universite",
    "uni": "universite",
    "ve": "",
    "and": "",
}
SUGGESTIONS = 5  # per action


def name_key(name: str) -> str:
    """The Turkish-aware key of an organisation's name: folded, punctuation dropped, common words one way."""
    words = re.split(r"[^\w]+", fold_name(name))
    return " ".join(w for w in (WORDS.get(w, w) for w in words) if w)


@dataclass(frozen=True)
class Organisation:
    """What duplicate checks read of an organisation, whether a directory record or a register entry."""

    name: str
    province: str = ""
    derbis: str = ""
    mersis: str = ""
    email: str = ""
    website: str = ""
    phone: str = ""

    @cached_property
    def folded_province(self) -> str:
        return fold_name(self.province)

    @cached_property
    def folded_name(self) -> str:
        return name_key(self.name)

    def keys(self) -> frozenset[str]:
        return self._keys

    @cached_property
    def _keys(self) -> frozenset[str]:
        # One name in two provinces is two organisations ("Kadın Dayanışma Derneği" of İzmir and of Ankara).
        found = {f"name:{self.folded_province}:{self.folded_name}"}
        for kind, value in (("derbis", self.derbis), ("mersis", self.mersis), ("email", self.email.lower())):
            if value:
                found.add(f"{kind}:{value}")
        if self.website:
            found.add("web:" + website_key(self.website))
        phone = normal_phone(self.phone)
        if len(phone) >= 7:
            found.add("phone:" + phone)
        return frozenset(found)

    def near(self, other: Organisation) -> bool:
        """Names nearly alike, and no province that tells them apart."""
        if self.folded_province and other.folded_province and self.folded_province != other.folded_province:
            return False
        if re.findall(r"\d+", self.folded_name) != re.findall(r"\d+", other.folded_name):
            return False  # "1 Nolu" and "2 Nolu" are two organisations, however alike the rest
        return fuzz.token_sort_ratio(self.folded_name, other.folded_name) >= NEAR


# Hosts where many organisations have a page: the page, not the host, names the organisation.
SHARED_HOSTS = {
    "facebook.com", "instagram.com", "twitter.com", "x.com", "linkedin.com", "youtube.com",
    "sites.google.com", "linktr.ee", "wixsite.com", "blogspot.com", "wordpress.com", "github.io",
}  # fmt: skip


def website_key(address: str) -> str:
    """What identifies an organisation's website: its host, or on a shared host its page."""
    host = website_host(address)
    if host in SHARED_HOSTS or any(host.endswith("." + shared) for shared in SHARED_HOSTS):
        path = re.sub(r"^https?://[^/]+/?", "", address.strip().lower()).split("?")[0].strip("/")
        return f"{host}/{path.split('/')[0]}" if path else host
    return host


def of_stakeholder(s: Stakeholder) -> Organisation:
    return Organisation(name=s.name, email=s.email, phone=s.phone)


def same_as(one: Organisation, others: Iterable[tuple[int, Organisation]]) -> tuple[int, str] | None:
    """The first of ``others`` that is one's organisation: (its index, "same" or "near"), or ``None``."""
    keys = one.keys()
    near: int | None = None
    for index, other in others:
        if keys & other.keys():
            return index, "same"
        if near is None and one.near(other):
            near = index
    return (near, "near") if near is not None else None


def in_register(one: Organisation, register: list[Stakeholder]) -> Stakeholder | None:
    """The register's entry for this organisation, if it has one."""
    found = same_as(one, ((i, of_stakeholder(s)) for i, s in enumerate(register)))
    return register[found[0]] if found else None


# --- suggestions ----------------------------------------------------------------------------------


class Candidate(BaseModel):
    """A directory organisation as matchmaking reads it."""

    id: int
    name: str
    kind: str
    province: str = ""
    district: str = ""
    focus_areas: list[str] = []
    active: int = 0  # introductions and applications it is already part of, programme-wide
    in_register: bool = False


class Reason(BaseModel):
    """Why an organisation is suggested: a message key and its data (an edge says it in words)."""

    key: str
    params: dict[str, str | int] = {}


class Suggestion(BaseModel):
    actor: Candidate
    score: int
    reasons: list[Reason]
    introduced: bool = False  # already introduced for this action
    partner: bool = False  # already a partner on it


class ActionSuggestions(BaseModel):
    goal: int
    goal_title: str
    focus_area: str
    action_id: str
    action_code: str
    action_title: str
    suggestions: list[Suggestion]


@dataclass
class Place:
    """Where the municipality is: its province, and its district for a district or town municipality."""

    province: str
    district: str = ""
    _folded: tuple[str, str] = field(init=False, default=("", ""))

    def __post_init__(self) -> None:
        self._folded = (fold_name(self.province), fold_name(self.district))

    def tier(self, candidate: Candidate) -> int:
        """2: the same district, 1: the same province, 0: elsewhere."""
        province, district = self._folded
        if province and fold_name(candidate.province) == province:
            return 2 if district and fold_name(candidate.district) == district else 1
        return 0


def district_of(name: str, kind: str) -> str:
    """The district a municipality governs, read from its name ("Örnekköy Belediyesi" → "Örnekköy")."""
    if kind in ("büyükşehir", "il"):
        return ""
    return re.sub(r"\s+(Belediyesi|Belediye Başkanlığı|Municipality)$", "", name.strip(), flags=re.IGNORECASE)


def suggest(
    plan: RoadmapPlan,
    candidates: list[Candidate],
    place: Place,
    introduced: set[tuple[int, str]],
    titles: dict[str, str],
    limit: int = SUGGESTIONS,
) -> list[ActionSuggestions]:
    """For each action of each goal: organisations ranked local first, then by the goal's focus area,
    activity in the programme and absence from the register; ``introduced`` holds (actor, action id)."""
    found = []
    codes = {action.id: code for code, action in plan.codes().items()}
    for number, goal in enumerate(plan.goals, start=1):
        for action in goal.actions:
            partners = {name_key(p) for p in action.partners}
            ranked = []
            for candidate in candidates:
                tier = place.tier(candidate)
                focus = goal.focus_area in candidate.focus_areas
                if not (focus or tier == 2):
                    continue  # neither in the district nor on the goal's subject: not a suggestion
                reasons = _reasons(candidate, tier, focus, titles.get(goal.focus_area, goal.focus_area))
                score = 10 * tier + 5 * focus + min(candidate.active, 3) + (not candidate.in_register)
                ranked.append(
                    Suggestion(
                        actor=candidate,
                        score=score,
                        reasons=reasons,
                        introduced=(candidate.id, action.id) in introduced,
                        partner=name_key(candidate.name) in partners,
                    )
                )
            ranked.sort(key=lambda s: (-place.tier(s.actor), -s.score, tr_sort_key(s.actor.name)))
            found.append(
                ActionSuggestions(
                    goal=number,
                    goal_title=goal.title,
                    focus_area=goal.focus_area,
                    action_id=action.id,
                    action_code=codes[action.id],
                    action_title=action.title,
                    suggestions=ranked[:limit],
                )
            )
    return found


def _reasons(candidate: Candidate, tier: int, focus: bool, area: str) -> list[Reason]:
    reasons = []
    if tier == 2:
        reasons.append(Reason(key="match.reason.same_district", params={"district": candidate.district}))
    elif tier == 1:
        reasons.append(Reason(key="match.reason.same_province", params={"province": candidate.province}))
    if focus:
        reasons.append(Reason(key="match.reason.focus", params={"area": area}))
    if candidate.active:
        reasons.append(Reason(key="match.reason.active", params={"count": candidate.active}))
    if candidate.in_register:
        reasons.append(Reason(key="match.reason.in_register"))
    else:
        reasons.append(Reason(key="match.reason.not_in_register"))
    return reasons
