"""The reference data copied into services/common/reference: partnerships and statutory minimum wages."""

import json
from datetime import date
from decimal import Decimal

import pytest

from contracts.types import MemberState, Money, PartnerCountry, Sector
from services.common.reference import (
    HERE,
    has_statutory_minimum,
    minimum_wages,
    monthly_minimum_wage,
    partnership,
)


@pytest.mark.parametrize(
    ("member_state", "minimum"),
    [(MemberState.DE, Decimal(2161)), (MemberState.BG, Decimal(551)), (MemberState.IT, None), (MemberState.SE, None)],
)
def test_monthly_minimum_wage_per_member_state(member_state: MemberState, minimum: Decimal | None) -> None:
    expected = None if minimum is None else Money(amount=minimum, currency="EUR")
    assert monthly_minimum_wage(member_state) == expected
    assert has_statutory_minimum(member_state) is (minimum is not None)


def test_every_member_state_has_a_minimum_or_is_listed_without_one() -> None:
    table = minimum_wages()
    assert set(table.monthly_minimum_wage_eur) | table.no_statutory_minimum_wage == set(MemberState)
    assert table.as_of == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("country", "sector"),
    [
        (PartnerCountry.TN, Sector.TRANSPORT_LOGISTICS),
        (PartnerCountry.MA, Sector.LORRY_DRIVERS),
        (PartnerCountry.EG, Sector.ENERGY),
        (PartnerCountry.PK, Sector.HOSPITALITY),
        (PartnerCountry.BD, Sector.TEXTILE_GARMENT),
    ],
)
def test_each_partnership_lists_its_own_sector_names(country: PartnerCountry, sector: Sector) -> None:
    assert sector in partnership(country).sectors


@pytest.mark.parametrize("name", ["partnerships.json", "minimum_wages.json"])
def test_copied_reference_files_keep_their_source(name: str) -> None:
    assert json.loads((HERE / name).read_text())["source"]
