"""Sector equivalences and the sector an ISCO-08 occupation works in, to match a stay to home-country sectors."""

from contracts.types import Sector
from services.common.reference import sector_family as family

# The sector most jobs of an ISCO-08 group (ILO 2012 structure) belong to, by code prefix: this project's reading,
# deliberately short; occupations not listed match through the stay's own sector only.
OCCUPATION_SECTORS: dict[str, Sector] = {
    "22": Sector.CARE,  # health professionals (nurses, midwives)
    "25": Sector.ICT,  # ICT professionals
    "32": Sector.CARE,  # health associate professionals
    "35": Sector.ICT,  # ICT technicians
    "51": Sector.HOSPITALITY_TOURISM,  # personal service workers (cooks, waiters, travel attendants)
    "53": Sector.CARE,  # personal care workers
    "61": Sector.AGRICULTURE,
    "62": Sector.AGRICULTURE,
    "71": Sector.CONSTRUCTION,  # building trades
    "72": Sector.INDUSTRY_METALLURGIC,  # metal and machinery trades
    "74": Sector.INDUSTRY_ELECTRIC,  # electrical and electronics trades
    "753": Sector.TEXTILE,  # garment and related trades
    "815": Sector.TEXTILE,  # textile, fur and leather machine operators
    "83": Sector.TRANSPORT_LOGISTICS,  # drivers and mobile plant operators
    "92": Sector.AGRICULTURE,  # agricultural labourers
    "94": Sector.HOSPITALITY_TOURISM,  # food preparation assistants
}


def parse_sector(name: str) -> Sector:
    """The sector a summary names, or OTHER for a name this version does not know."""
    return Sector(name) if name in Sector._value2member_map_ else Sector.OTHER


def occupation_sector(isco: str) -> Sector | None:
    """The sector of an ISCO-08 unit group, by its longest listed prefix."""
    for length in (3, 2):
        if isco[:length] in OCCUPATION_SECTORS:
            return OCCUPATION_SECTORS[isco[:length]]
    return None


def matching_sectors(candidates: list[Sector], home_sectors: tuple[Sector, ...]) -> list[Sector]:
    """The home partnership's sectors (its own names) in the family of a candidate, candidates' order first."""
    wanted = [family(c) for c in candidates if c is not Sector.OTHER]
    return sorted((s for s in home_sectors if family(s) in wanted), key=lambda s: wanted.index(family(s)))
