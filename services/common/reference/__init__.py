"""Reference data more than one service reads: Talent Partnerships and statutory minimum wages, sources inside."""

import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.types import MemberState, Money, PartnerCountry, Sector

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


class MinimumWages(BaseModel):
    """Statutory monthly minimum wages (EUR, gross, full-time) on one date, and the states that have none."""

    model_config = ConfigDict(frozen=True)

    source: str
    as_of: date
    monthly_minimum_wage_eur: dict[MemberState, Decimal]
    no_statutory_minimum_wage: frozenset[MemberState]

    @model_validator(mode="after")
    def _every_member_state_once(self) -> "MinimumWages":
        listed = set(self.monthly_minimum_wage_eur) | self.no_statutory_minimum_wage
        both = set(self.monthly_minimum_wage_eur) & self.no_statutory_minimum_wage
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


def has_statutory_minimum(member_state: MemberState) -> bool:
    return member_state in minimum_wages().monthly_minimum_wage_eur


def monthly_minimum_wage(member_state: MemberState) -> Money | None:
    """The full-time monthly gross minimum in EUR, or None where wages are set by collective agreement."""
    amount = minimum_wages().monthly_minimum_wage_eur.get(member_state)
    return None if amount is None else Money(amount=amount, currency="EUR")


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
