"""A participant's recruitment case: the registration, recognition, offers and the verdict the placement follows."""

from datetime import date

from pydantic import BaseModel

from contracts.offers import ContractSigned, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided
from services.recruitment.rules.placement import Verdict


class Held(BaseModel):
    """An offer or contract that came before the registration it needs, kept with its event date."""

    offer: JobOffered | None = None
    contract: ContractSigned | None = None
    on: date


class RecruitmentCase(BaseModel):
    registration: ParticipantRegistered | None = None
    recognition: RecognitionDecided | None = None
    offers: dict[str, JobOffered] = {}
    held: list[Held] = []
    verdict: Verdict | None = None
    placement_key: str | None = None
    awaiting_offer: ContractSigned | None = None  # a contract assessed before the offer it answers was seen
