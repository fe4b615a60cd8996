"""The occupation reference table (../occupations.json): what each target occupation requires, per Member State."""

import json
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from contracts.types import Cefr, EqfLevel, IscoCode, LanguageCode, MemberState, Sector

Regulation = bool | Literal["unknown"]
Keyword = Annotated[str, StringConstraints(min_length=3, pattern=r"^[a-z0-9 -]+$")]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CoreActivity(Frozen):
    """An activity the occupation consists of; a learning outcome that names one of its keywords covers it."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*$")]
    title: str
    keywords: tuple[Keyword, ...] = Field(min_length=1)


class Occupation(Frozen):
    """One ISCO-08 unit group as the target of a recognition pre-assessment."""

    title: str
    sectors: tuple[Sector, ...] = Field(min_length=1)
    eqf_level: EqfLevel = Field(description="Level a qualification for the occupation typically has.")
    typical_duration_years: Decimal = Field(ge=0, le=10)
    fields: tuple[str, ...] = Field(min_length=1, description="ISCED-F fields of study with the same profile.")
    core_activities: tuple[CoreActivity, ...] = Field(min_length=1)
    regulated: dict[MemberState, Regulation] = Field(default_factory=dict)
    regulated_elsewhere: Regulation = "unknown"
    sectoral: bool = Field(default=False, description="One of the 7 sectoral professions of 2005/36/EC.")
    refer_reason: str | None = Field(
        default=None, description="Recognised through its own EU regime, not by comparison."
    )
    requires_national_law_knowledge: bool = False
    cefr: Cefr
    cefr_by_state: dict[MemberState, Cefr] = Field(default_factory=dict)
    notes: str = ""
    sources: tuple[str, ...] = Field(min_length=1)

    def regulation_in(self, state: MemberState) -> Regulation:
        return self.regulated.get(state, self.regulated_elsewhere)

    def cefr_in(self, state: MemberState) -> Cefr:
        return self.cefr_by_state.get(state, self.cefr)


class OccupationTable(Frozen):
    """The whole reference file: its provenance, the destination languages, and the occupations by ISCO code."""

    description: str
    sources: tuple[str, ...]
    project_defaults: tuple[str, ...]
    languages: dict[MemberState, tuple[LanguageCode, ...]]
    occupations: dict[IscoCode, Occupation]

    def get(self, code: str) -> Occupation | None:
        return self.occupations.get(code)

    def languages_of(self, state: MemberState) -> tuple[str, ...]:
        return self.languages.get(state, ())


@cache
def load_occupations() -> OccupationTable:
    """The table shipped with the service, read once."""
    text = resources.files("services.recognition").joinpath("occupations.json").read_text(encoding="utf-8")
    return OccupationTable.model_validate(json.loads(text))
