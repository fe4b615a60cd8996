"""FR-SEC-1: the offer's sector against each partnership's sectors of common interest, names reconciled."""

import pytest

from contracts.types import PartnerCountry, Sector, Severity
from services.recruitment.rules.sector_fit import sector_fit

CASES = [
    (PartnerCountry.TN, Sector.ICT, True),
    (PartnerCountry.TN, Sector.HOSPITALITY, True),
    (PartnerCountry.TN, Sector.LORRY_DRIVERS, True),
    (PartnerCountry.TN, Sector.CARE, False),
    (PartnerCountry.MA, Sector.TRANSPORT_LOGISTICS, True),
    (PartnerCountry.MA, Sector.CARE, True),
    (PartnerCountry.MA, Sector.ICT, False),
    (PartnerCountry.EG, Sector.RENEWABLE_ENERGY, True),
    (PartnerCountry.EG, Sector.LORRY_DRIVERS, True),
    (PartnerCountry.EG, Sector.TEXTILE, False),
    (PartnerCountry.PK, Sector.TOURISM, True),
    (PartnerCountry.PK, Sector.TEXTILE_GARMENT, True),
    (PartnerCountry.PK, Sector.SHIPBUILDING, False),
    (PartnerCountry.BD, Sector.HOSPITALITY, True),
    (PartnerCountry.BD, Sector.TEXTILE, True),
    (PartnerCountry.BD, Sector.MECHATRONICS, False),
    (PartnerCountry.BD, Sector.OTHER, False),
]


@pytest.mark.parametrize(("country", "sector", "fits"), CASES, ids=[f"{c.value}-{s.value}" for c, s, _ in CASES])
def test_sector_fit_reads_each_partnerships_own_sector_names(
    country: PartnerCountry, sector: Sector, fits: bool
) -> None:
    found = sector_fit(sector, country)
    assert (found.rule_id, found.passed, found.severity) == ("FR-SEC-1", fits, Severity.INFO)


def test_sector_fit_evidence_names_the_partnership_sectors() -> None:
    found = sector_fit(Sector.HOSPITALITY, PartnerCountry.BD)
    assert found.evidence["sector_family"] == "hospitality_tourism"
    assert "hospitality_tourism" in str(found.evidence["partnership_sectors"])
