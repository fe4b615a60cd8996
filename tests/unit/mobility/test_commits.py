"""The watcher follows each group's commits on the partition of `__consumer_offsets` that Kafka gives the group:
`Utils.abs(groupId.hashCode()) % partitions`. The expected values were computed with Java 17's String.hashCode()
(jshell), so a wrong port of the hash shows here rather than as a settle that waits for its backstop."""

import pytest

from mobility.commits import java_string_hash, offsets_partition


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
