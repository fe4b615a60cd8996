"""A participant's recruitment case: the registration, recognition, offers and the verdict the placement follows."""

from datetime import date

from pydantic import BaseModel, Field

from contracts.offers import ContractSigned, JobOffered, JobTerms
from contracts.participants import ParticipantRegistered
from contracts.recruitment import Standing
from contracts.types import Finding
from services.common import documents
from services.recruitment.rules.placement import Recognition, Verdict
from services.recruitment.rules.standing import Noted

# The objects a case and the events it emits share, written to JSON once each while they live: a verdict's findings
# go out in its assessment, in the case and in the placement decision (the terms-only ones in those of every offer
# and contract stating the same terms), its terms in the case and the decision, the registration and offers in the
# case every time it is written.
documents.keep(Finding, JobTerms, JobOffered, ParticipantRegistered, Verdict, Recognition)


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
