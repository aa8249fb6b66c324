"""Train the event-type classifier head: ``python -m communique.stages.events.train``.

Embeds ``data/training.tsv`` with MiniLM, fits a multinomial logistic regression
(deterministic: lbfgs, fixed C), reports 5-fold cross-validated accuracy, and writes
``data/classifier.npz`` with the training file's SHA-256.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from communique.stages.events.classifier import (
    HEAD_FILE,
    TypeClassifier,
    data_path,
    embed,
    read_training,
    training_hash,
)


def fit(x: np.ndarray, y: list[str], c: float) -> tuple[np.ndarray, np.ndarray, list[str]]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, y)
    return model.coef_, model.intercept_, [str(k) for k in model.classes_]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--training", type=Path, default=data_path("training.tsv"))
    ap.add_argument("--out", type=Path, default=data_path(HEAD_FILE))
    ap.add_argument("--C", type=float, default=8.0, help="inverse regularisation strength")
    ap.add_argument("--cv", type=int, default=5, help="folds for the accuracy report (0: skip)")
    args = ap.parse_args(argv)

    rows = read_training(args.training)
    texts = [t for _, _, t in rows]
    labels = [ty for ty, _, _ in rows]
    x = embed(texts)
    if args.cv:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_score

        folds = StratifiedKFold(args.cv, shuffle=True, random_state=0)
        acc = cross_val_score(LogisticRegression(C=args.C, max_iter=2000), x, labels, cv=folds)
        print(f"{args.cv}-fold accuracy: {acc.mean():.3f} (+/- {acc.std():.3f}) on {len(rows)} sentences")
    w, b, classes = fit(x, labels, args.C)
    sha = training_hash(args.training)
    TypeClassifier(w, b, classes, sha).save(args.out)
    print(f"wrote {args.out} ({len(classes)} classes, training sha256 {sha[:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
