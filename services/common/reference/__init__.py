"""Reference data more than one service reads: Talent Partnerships and statutory minimum wages, sources inside."""

import json
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.types import MemberState, PartnerCountry, Sector

HERE = Path(__file__).parent


class Partnership(BaseModel):
    """One Talent Partnership as the Commission's state of play describes it."""

    model_config = ConfigDict(frozen=True)

    country: PartnerCountry
    name: str
    launched: str
    sectors: tuple[Sector, ...] = Field(description="Sectors of common interest, in the source's order.")
    priority_sectors: tuple[Sector, ...] = ()
    funding: tuple[str, ...] = ()


class Basis(StrEnum):
    """What a statutory minimum is fixed per, as the law states it (Eurostat, earn_minw metadata)."""

    HOURLY = "hourly"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class StatutoryMinimum(BaseModel):
    """One Member State's statutory minimum wage as its law states it, with the source of each part."""

    model_config = ConfigDict(frozen=True)

    basis: Basis
    amount: Decimal = Field(gt=0, description="Gross amount per hour, week or monthly payment.")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    weekly_hours: Decimal | None = Field(
        gt=0, description="The statutory full-time week a weekly or monthly amount is for; None where there is none."
    )
    payments_per_year: int = Field(ge=12, le=15, description="Monthly payments a year (14 in ES, PT, GR).")
    eurostat_monthly_eur: Decimal = Field(description="Eurostat's monthly EUR figure, to check the entry by.")
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _hours_where_the_amount_needs_them(self) -> "StatutoryMinimum":
        if self.basis is not Basis.HOURLY and self.weekly_hours is None:
            raise ValueError("a weekly or monthly minimum needs the full-time week it is for")
        return self


class MinimumWages(BaseModel):
    """Statutory minimum wages on one date, and the Member States that have none."""

    model_config = ConfigDict(frozen=True)

    source: str
    as_of: date
    statutory: dict[MemberState, StatutoryMinimum]
    no_statutory_minimum_wage: frozenset[MemberState]

    @model_validator(mode="after")
    def _every_member_state_once(self) -> "MinimumWages":
        listed = set(self.statutory) | self.no_statutory_minimum_wage
        both = set(self.statutory) & self.no_statutory_minimum_wage
        if both or listed != set(MemberState):
            raise ValueError(
                f"minimum_wages.json must list every Member State once; check {both or set(MemberState) - listed}"
            )
        return self


def _load(name: str) -> Any:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


@cache
def partnerships() -> dict[PartnerCountry, Partnership]:
    data = _load("partnerships.json")
    return {p.country: p for p in (Partnership.model_validate(item) for item in data["partnerships"])}


@cache
def minimum_wages() -> MinimumWages:
    return MinimumWages.model_validate(_load("minimum_wages.json"))


def partnership(country: PartnerCountry) -> Partnership:
    return partnerships()[country]


def statutory_minimum(member_state: MemberState) -> StatutoryMinimum | None:
    """The statutory minimum as the law states it, or None where wages are set by collective agreement."""
    return minimum_wages().statutory.get(member_state)


# Partnerships name the same sector differently (TN/MA/EG "tourism", PK "hospitality", BD "hospitality_tourism");
# each family is read as one sector by recruitment's sector fit and reintegration's matching. Deliberately coarse.
SECTOR_FAMILIES: dict[Sector, Sector] = {
    Sector.TOURISM: Sector.HOSPITALITY_TOURISM,
    Sector.HOSPITALITY: Sector.HOSPITALITY_TOURISM,
    Sector.TRANSPORTATION: Sector.TRANSPORT_LOGISTICS,
    Sector.LORRY_DRIVERS: Sector.TRANSPORT_LOGISTICS,
    Sector.RENEWABLE_ENERGY: Sector.ENERGY,
    Sector.TEXTILE_GARMENT: Sector.TEXTILE,
}


def sector_family(sector: Sector) -> Sector:
    """The sector a partnership's own name for it stands for."""
    return SECTOR_FAMILIES.get(sector, sector)
