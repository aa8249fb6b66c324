"""Threads inside one coding process: one per process, since the engines parallelise across processes.

torch's default intra-op pool (one thread per core) in every worker oversubscribes the machine
(W workers x W threads); on a busy 2-core machine it made the one-sentence encoder call 4-17x
slower, and a cold ``communique code`` 1.4 s slower. The encoder embeds one sentence per call,
whose small matrices gain little from threads. Results do not depend on the thread count
(checked bitwise for the encoder). Tokenizers' Rust pool is switched off for the same reason
(and because it warns in a process that forks after using it).
"""

from __future__ import annotations

import os
import sys

# Read by the libraries when they start their pools: set before they are imported (workers).
THREAD_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}


def pin_threads(threads: int = 1) -> None:
    """Limit this process to ``threads`` compute threads (torch, OpenMP, tokenizers)."""
    for key, value in THREAD_ENV.items():
        os.environ.setdefault(key, value if key == "TOKENIZERS_PARALLELISM" else str(threads))
    torch = sys.modules.get("torch")
    if torch is not None and torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


def pin_torch(threads: int = 1) -> None:
    """Set torch's intra-op threads once torch is imported (a no-op before)."""
    torch = sys.modules.get("torch")
    if torch is not None and torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
