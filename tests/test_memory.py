"""Freed heap memory is handed back between batches where the C library allows it (glibc)."""

import platform

from communique.runtime.memory import release_free_memory


def test_memory_release_works_on_glibc_and_is_harmless_elsewhere():
    blocks = [bytearray(100_000) for _ in range(200)]  # 20 MB of mid-sized blocks, then freed
    del blocks
    assert release_free_memory() is (platform.libc_ver()[0] == "glibc")
