"""What a process's memory holds, as the C allocator sees it: to tell memory in use from memory freed but kept.

Resident memory alone cannot tell a leak from an allocator that keeps what was freed: glibc's malloc returns memory
to the system only from the top of a heap (and from each thread's arena separately), so a process whose largest
batch once needed 100 MiB may keep most of it resident though it uses far less."""

import ctypes
import ctypes.util
import resource
import sys
from pathlib import Path
from typing import NamedTuple


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost",
    )]  # fmt: skip


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "mallinfo2") else None  # glibc 2.33 and later


_LIBC = _libc()
if _LIBC is not None:
    _LIBC.mallinfo2.restype = _Mallinfo2


class Memory(NamedTuple):
    """Bytes: resident; malloc's in use (heaps and mmapped blocks) and freed but held; Python's blocks in use (a
    count: what pymalloc and Python objects hold, not the C libraries)."""

    resident: int
    malloc_in_use: int
    malloc_free_held: int
    python_blocks: int

    def mib(self) -> dict[str, float]:
        """The byte figures in MiB (the count as it is)."""
        return {kind: in_mib(kind, value) for kind, value in self._asdict().items()}


def in_mib(kind: str, value: float) -> float:
    """A figure of `Memory` (a field's name and its value) in MiB; Python's blocks, a count, as they are."""
    return value if kind == "python_blocks" else value / 2**20


def memory() -> Memory:
    """This process's memory now; malloc's figures 0 where the C library cannot say (not glibc)."""
    in_use = free = 0
    if _LIBC is not None:
        info = _LIBC.mallinfo2()  # walks every arena: cheap enough for a scrape, not for every batch
        in_use, free = info.uordblks + info.hblkhd, info.fordblks
    return Memory(_resident(), in_use, free, sys.getallocatedblocks())


def _resident() -> int:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * resource.getpagesize()
