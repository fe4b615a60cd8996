"""Whether an offer's sector is a sector of common interest of the participant's Talent Partnership (FR-SEC-1)."""

from contracts.types import Finding, PartnerCountry, Sector, Severity
from services.common.reference import partnership
from services.recruitment.findings import finding

# Partnerships name the same sector differently; each family is read as one sector. Deliberately coarse (lorry
# drivers count as transport, renewable energy as energy): the finding is informational and never blocks.
FAMILIES: dict[Sector, Sector] = {
    Sector.TOURISM: Sector.HOSPITALITY_TOURISM,
    Sector.HOSPITALITY: Sector.HOSPITALITY_TOURISM,
    Sector.TRANSPORTATION: Sector.TRANSPORT_LOGISTICS,
    Sector.LORRY_DRIVERS: Sector.TRANSPORT_LOGISTICS,
    Sector.RENEWABLE_ENERGY: Sector.ENERGY,
    Sector.TEXTILE_GARMENT: Sector.TEXTILE,
}


def family(sector: Sector) -> Sector:
    """The sector a partnership's own name for it stands for."""
    return FAMILIES.get(sector, sector)


def sector_fit(sector: Sector, country: PartnerCountry) -> Finding:
    """FR-SEC-1: the offer's sector is one the partnership focuses on (information only)."""
    sectors = partnership(country).sectors
    fits = sector is not Sector.OTHER and family(sector) in {family(s) for s in sectors}
    return finding(
        "FR-SEC-1",
        fits,
        Severity.INFO,
        {
            "partner_country": country.value,
            "sector": sector.value,
            "sector_family": family(sector).value,
            "partnership_sectors": ", ".join(s.value for s in sectors),
        },
        f"The {sector.value} sector is {'' if fits else 'not '}a sector of common interest of the "
        f"{partnership(country).name} Talent Partnership; this does not affect the placement.",
    )
