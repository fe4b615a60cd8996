"""The services' specifications in one place, for tools that look at all of them: the four that decide, and
insights, the read model that publishes nothing."""

from typing import Any

from services.common.service import ServiceSpec
from services.insights.app import SPEC as INSIGHTS
from services.integration.app import SPEC as INTEGRATION
from services.recognition.app import SPEC as RECOGNITION
from services.recruitment.app import SPEC as RECRUITMENT
from services.reintegration.app import SPEC as REINTEGRATION

# The services that decide and publish; replays and tests settle on their consumer groups.
DECIDING: tuple[ServiceSpec[Any], ...] = (RECOGNITION, RECRUITMENT, INTEGRATION, REINTEGRATION)
SPECS: tuple[ServiceSpec[Any], ...] = (*DECIDING, INSIGHTS)
