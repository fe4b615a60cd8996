"""The watcher follows each group's commits on the partition of `__consumer_offsets` that Kafka gives the group:
`Utils.abs(groupId.hashCode()) % partitions`. The expected values were computed with Java 17's String.hashCode()
(jshell), so a wrong port of the hash shows here rather than as a settle that waits for its backstop."""

from functools import partial
from typing import cast

import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord

from mobility.commits import OFFSETS_TOPIC, CommitFeed, committing_group, java_string_hash, offsets_partition


@pytest.mark.parametrize(
    ("group", "java_hash", "partition"),
    [
        ("recognition", 440369079, 29),
        ("recruitment", 780783004, 4),
        ("integration", 1156347348, 48),
        ("reintegration", -2074371647, 47),
        ("insights", 545142747, 47),
        ("polygenelubricants", -(2**31), 0),  # Integer.MIN_VALUE: Utils.abs gives 0, not a negative number
        ("é€😀x", 519312306, 6),  # beyond Latin-1 and beyond the BMP: UTF-16 code units, as Java counts them
    ],
)
def test_a_groups_commits_are_on_the_partition_kafka_gives_it(group: str, java_hash: int, partition: int) -> None:
    assert java_string_hash(group) == java_hash
    assert offsets_partition(group, 50) == partition


def _string(text: str) -> bytes:
    encoded = text.encode()
    return len(encoded).to_bytes(2, "big") + encoded


def _offset_commit_key(group: str, version: int = 1) -> bytes:
    """An offset commit record's key as the group coordinator writes it: version, group, topic, partition."""
    return version.to_bytes(2, "big") + _string(group) + _string("mobility.participants") + (3).to_bytes(4, "big")


def test_the_group_of_an_offset_commit_is_read_from_its_key() -> None:
    assert committing_group(_offset_commit_key("integration")) == "integration"
    assert committing_group(_offset_commit_key("recognition", version=0)) == "recognition"
    assert committing_group((2).to_bytes(2, "big") + _string("integration")) is None  # the group's metadata
    assert committing_group(None) is None


def test_the_feed_times_only_the_commits_of_its_groups_since_its_mark() -> None:
    feed = CommitFeed(cast(AIOKafkaConsumer, object()), ["integration"])  # not started: fed by hand
    record = partial(ConsumerRecord, OFFSETS_TOPIC, 7, 0, timestamp_type=0, checksum=None, serialized_key_size=0,
                     serialized_value_size=0, headers=())  # fmt: skip
    feed._note([record(timestamp=1_000, key=_offset_commit_key("integration"), value=b"x")])
    feed.mark()
    feed._note([
        record(timestamp=2_000, key=_offset_commit_key("recruitment"), value=b"x"),  # another group, same partition
        record(timestamp=3_000, key=_offset_commit_key("integration"), value=b"x"),
        record(timestamp=4_000, key=_offset_commit_key("integration"), value=b"x"),
        record(timestamp=5_000, key=_offset_commit_key("integration"), value=None),  # its offsets expired
    ])  # fmt: skip
    assert (feed.first_commit, feed.last_commit) == (3.0, 4.0)
