"""A participant's recruitment case: the registration, recognition, offers and the verdict the placement follows."""

from datetime import date

from pydantic import BaseModel, Field

from contracts.offers import ContractSigned, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recruitment import Standing
from services.recruitment.rules.placement import Recognition, Verdict
from services.recruitment.rules.standing import Noted


class Held(BaseModel):
    """An offer or contract that came before the registration it needs, kept with its event date."""

    offer: JobOffered | None = None
    contract: ContractSigned | None = None
    on: date


class RecruitmentCase(BaseModel):
    registration: ParticipantRegistered | None = None
    recognition: Recognition | None = None
    offers: dict[str, JobOffered] = {}
    held: list[Held] = []
    verdict: Verdict | None = None
    placement_key: str | None = None
    awaiting_offer: ContractSigned | None = None  # a contract assessed before the offer it answers was seen
    # Never stored: the flow puts in the standings of the employers and recruiters the event names (by party key,
    # as the ledger holds them) and takes out what the step found against them (services/recruitment/ledger.py).
    standings: dict[str, Standing] = Field(default_factory=dict, exclude=True)
    noted: list[Noted] = Field(default_factory=list, exclude=True)
