"""Value types shared by every event contract: codes, levels, money, findings."""

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ParticipantId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"),
    Field(description="Pseudonymous participant id; never a name or document number.", examples=["P-TN-0001"]),
]
IscoCode = Annotated[
    str, StringConstraints(pattern=r"^\d{4}$"), Field(description="ISCO-08 unit group code.", examples=["7212"])
]
EqfLevel = Annotated[int, Field(ge=1, le=8, description="European Qualifications Framework level, 1-8.")]
LanguageCode = Annotated[
    str, StringConstraints(pattern=r"^[a-z]{2}$"), Field(description="ISO 639-1 language code.", examples=["de"])
]
CountryCode = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{2}$"), Field(description="ISO 3166-1 alpha-2 country code.")
]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Hours = Annotated[Decimal, Field(ge=0, le=168, max_digits=6, decimal_places=2)]


class Contract(BaseModel):
    """Base of every contract model: immutable, and tolerant of fields it does not know."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class PartnerCountry(StrEnum):
    """Talent Partnership countries (European Commission, Talent Partnerships page)."""

    TN = "TN"
    MA = "MA"
    EG = "EG"
    PK = "PK"
    BD = "BD"


class MemberState(StrEnum):
    """EU Member States, ISO 3166-1 alpha-2 (Greece as GR, as Eurostat's minimum-wage table uses)."""

    AT = "AT"
    BE = "BE"
    BG = "BG"
    CY = "CY"
    CZ = "CZ"
    DE = "DE"
    DK = "DK"
    EE = "EE"
    ES = "ES"
    FI = "FI"
    FR = "FR"
    GR = "GR"
    HR = "HR"
    HU = "HU"
    IE = "IE"
    IT = "IT"
    LT = "LT"
    LU = "LU"
    LV = "LV"
    MT = "MT"
    NL = "NL"
    PL = "PL"
    PT = "PT"
    RO = "RO"
    SE = "SE"
    SI = "SI"
    SK = "SK"


class Cefr(StrEnum):
    """Common European Framework of Reference language levels, lowest first."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"

    @property
    def rank(self) -> int:
        return list(Cefr).index(self)


class Sector(StrEnum):
    """Sectors of common interest named in the Talent Partnerships (reference/partnerships.json)."""

    ICT = "ict"
    TOURISM = "tourism"
    HOSPITALITY = "hospitality"
    HOSPITALITY_TOURISM = "hospitality_tourism"
    TRANSPORT_LOGISTICS = "transport_logistics"
    TRANSPORTATION = "transportation"
    LORRY_DRIVERS = "lorry_drivers"
    CONSTRUCTION = "construction"
    AGRICULTURE = "agriculture"
    INDUSTRY_ELECTRIC = "industry_electric"
    INDUSTRY_METALLURGIC = "industry_metallurgic"
    MECHATRONICS = "mechatronics"
    CARE = "care"
    ENERGY = "energy"
    RENEWABLE_ENERGY = "renewable_energy"
    TEXTILE = "textile"
    TEXTILE_GARMENT = "textile_garment"
    SHIPBUILDING = "shipbuilding"
    SERVICES_PROFESSIONS = "services_professions"
    OTHER = "other"


CurrencyCode = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{3}$"), Field(description="ISO 4217 currency code.", examples=["EUR"])
]


class Money(Contract):
    """An amount of money: a non-negative Decimal and its ISO 4217 currency."""

    amount: Decimal = Field(ge=0, max_digits=14, decimal_places=2, examples=["2300.00"])
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(examples=["EUR"])


class ExchangeRate(Contract):
    """A dated exchange rate the sender vouches for: one unit of `from_currency` is worth `rate` units of
    `to_currency`. Used to compare a wage with a minimum stated in another currency."""

    from_currency: CurrencyCode = Field(description="The currency converted from.", examples=["PLN"])
    to_currency: CurrencyCode = Field(description="The currency converted into.", examples=["EUR"])
    rate: Decimal = Field(
        gt=0,
        max_digits=18,
        decimal_places=8,
        description="Units of `to_currency` for one unit of `from_currency`.",
        examples=["0.2340"],
    )
    rate_date: date = Field(description="The day the rate is for.", examples=["2025-03-03"])
    rate_source: str | None = Field(
        default=None,
        max_length=200,
        description="Who published the rate.",
        examples=["ECB euro foreign exchange reference rates"],
    )


class Severity(StrEnum):
    """How a finding weighs on the decision: `block` stops it; `pending` holds it until the missing fact or event
    the finding names is known (a violated pending finding is never a pass); `warn` and `info` let it go ahead."""

    BLOCK = "block"
    WARN = "warn"
    INFO = "info"
    PENDING = "pending"


class Finding(Contract):
    """One rule applied to one case: the rule, its verdict, what it looked at, and what it rests on."""

    rule_id: str = Field(description="Stable rule id.", examples=["FR-FEE-1"])
    passed: bool = Field(description="True when the rule is satisfied.")
    severity: Severity = Field(description="Weight of a violation: block, pending (a fact is missing), warn or info.")
    evidence: dict[str, str | int | bool | None] = Field(
        default_factory=dict, description="The field values the rule compared."
    )
    source: str = Field(description="The legal or policy source the rule rests on.")
    explanation: str = Field(description="One sentence a caseworker can read without the code.")
