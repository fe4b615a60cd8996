"""A service's memory as the allocator sees it: what it uses, apart from what malloc freed and keeps."""

from services.common.allocator import memory
from services.common.metrics import ServiceMetrics


def test_memory_in_use_follows_what_is_allocated_and_freed() -> None:
    before = memory()
    blocks = [bytes(64 * 1024) for _ in range(512)]  # 32 MiB in blocks too large for Python's small-object allocator
    held = memory()
    del blocks
    after = memory()
    assert held.malloc_in_use - before.malloc_in_use >= 30 * 2**20
    assert held.malloc_in_use - after.malloc_in_use >= 30 * 2**20
    assert held.resident >= 32 * 2**20 and before.python_blocks > 0


def test_the_metrics_show_each_kind_of_memory() -> None:
    text = ServiceMetrics("recognition", backlog=lambda: 0).exposition().decode()
    for kind in ("resident", "malloc_in_use", "malloc_free_held", "python_blocks"):
        assert f'mobility_memory{{kind="{kind}",service="recognition"}}' in text
