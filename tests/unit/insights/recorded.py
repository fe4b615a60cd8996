"""The recorded stream and its expected outputs as one stream of consumed records, for insights without a broker."""

import json

from services.common.incoming import Incoming
from tests.streams.scenarios import EXPECTED, STREAM


def records() -> list[Incoming]:
    """Agency events and the services' outputs merged by event time, a cause before what it caused."""
    inbound = [("inbound", json.loads(line)) for line in STREAM.read_text().splitlines()]
    outputs = [(o["topic"], o["event"]) for o in map(json.loads, EXPECTED.read_text().splitlines())]
    merged = sorted(enumerate([*inbound, *outputs]), key=lambda item: (item[1][1]["time"], item[1][0] != "inbound",
                                                                        item[0]))  # fmt: skip
    return [Incoming(topic, 0, i, event["subject"].encode(), json.dumps(event).encode())
            for i, (_, (topic, event)) in enumerate(merged)]  # fmt: skip
