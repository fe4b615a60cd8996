"""The reference data copied into services/common/reference: partnerships and statutory minimum wages as each law
states them (basis, full-time week, payments a year, source), checked against Eurostat's monthly figures."""

import json
from datetime import date
from decimal import Decimal

import pytest

from contracts.types import MemberState, PartnerCountry, Sector
from services.common.reference import HERE, Basis, minimum_wages, partnership, statutory_minimum
from services.common.reference.wage_floor import annual_minimum


def test_every_member_state_has_a_minimum_or_is_listed_without_one() -> None:
    table = minimum_wages()
    assert set(table.statutory) | table.no_statutory_minimum_wage == set(MemberState)
    assert table.as_of == date(2025, 1, 1)
    assert {MemberState.IT, MemberState.SE} <= table.no_statutory_minimum_wage


@pytest.mark.parametrize(
    ("member_state", "basis", "amount", "weekly_hours", "payments"),
    [
        (MemberState.DE, Basis.HOURLY, "12.82", None, 12),
        (MemberState.FR, Basis.HOURLY, "11.88", "35", 12),
        (MemberState.NL, Basis.HOURLY, "14.06", None, 12),
        (MemberState.IE, Basis.HOURLY, "13.50", None, 12),
        (MemberState.MT, Basis.WEEKLY, "221.78", "40", 12),
        (MemberState.BE, Basis.MONTHLY, "2070.48", "38", 12),
        (MemberState.ES, Basis.MONTHLY, "1184", "40", 14),
        (MemberState.PT, Basis.MONTHLY, "870", "40", 14),
        (MemberState.GR, Basis.MONTHLY, "830", "40", 14),
    ],
)
def test_each_minimum_is_recorded_as_its_law_states_it(
    member_state: MemberState, basis: Basis, amount: str, weekly_hours: str | None, payments: int
) -> None:
    entry = statutory_minimum(member_state)
    assert entry is not None
    assert (entry.basis, entry.amount, entry.payments_per_year) == (basis, Decimal(amount), payments)
    assert entry.weekly_hours == (None if weekly_hours is None else Decimal(weekly_hours))
    assert entry.source


@pytest.mark.parametrize(
    "member_state",
    [m for m, e in minimum_wages().statutory.items() if e.currency == "EUR" and e.weekly_hours is not None],
)
def test_each_euro_entry_gives_back_eurostats_monthly_figure_on_its_full_time_week(member_state: MemberState) -> None:
    entry = statutory_minimum(member_state)
    assert entry is not None and entry.weekly_hours is not None
    monthly = annual_minimum(entry, entry.weekly_hours) / 12
    assert abs(monthly - entry.eurostat_monthly_eur) < 1, f"{member_state}: {monthly} vs {entry.eurostat_monthly_eur}"


@pytest.mark.parametrize(("member_state", "currency"), [(MemberState.PL, "PLN"), (MemberState.RO, "RON")])
def test_minimums_outside_the_euro_area_stay_in_their_national_currency(
    member_state: MemberState, currency: str
) -> None:
    entry = statutory_minimum(member_state)
    assert entry is not None and entry.currency == currency


def test_a_member_state_without_a_statutory_minimum_has_no_entry() -> None:
    assert statutory_minimum(MemberState.IT) is None


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
