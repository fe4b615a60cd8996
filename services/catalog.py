"""The four services' specifications in one place, for tools that look at all of them."""

from typing import Any

from services.common.service import ServiceSpec
from services.integration.app import SPEC as INTEGRATION
from services.recognition.app import SPEC as RECOGNITION
from services.recruitment.app import SPEC as RECRUITMENT
from services.reintegration.app import SPEC as REINTEGRATION

SPECS: tuple[ServiceSpec[Any], ...] = (RECOGNITION, RECRUITMENT, INTEGRATION, REINTEGRATION)
