"""Whether an offer's sector is a sector of common interest of the participant's Talent Partnership (FR-SEC-1)."""

from functools import cache

from contracts.types import Finding, PartnerCountry, Sector, Severity
from services.common.reference import partnership
from services.common.reference import sector_family as family
from services.recruitment.rules.findings import finding


@cache  # a hundred pairs at most, and every offer and contract asks (the finding is immutable)
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
