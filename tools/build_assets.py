"""Copy the dashboard's third-party files from node_modules/ into the package (web/vendor/).

`npm ci` installs the versions pinned in package-lock.json; this script then copies the few
files the page loads into src/communique/surfaces/web/vendor/, which git ignores: third-party
code is never committed and never fetched by the page from another host. `make assets` runs
both. Each file's licence travels with it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODULES = REPO / "node_modules"
VENDOR = REPO / "src" / "communique" / "surfaces" / "web" / "vendor"

# (package, file inside it, name served under /static/vendor/)
FILES = [
    ("d3", "dist/d3.min.js", "d3.min.js"),
    ("d3", "LICENSE", "d3.LICENSE.txt"),
    ("topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"),
    ("topojson-client", "LICENSE", "topojson-client.LICENSE.txt"),
    ("world-atlas", "countries-110m.json", "countries-110m.json"),
    ("world-atlas", "LICENSE", "world-atlas.LICENSE.txt"),
]


def main() -> int:
    missing = [f"{pkg}/{path}" for pkg, path, _ in FILES if not (MODULES / pkg / path).is_file()]
    if missing:
        print(f"build_assets: missing in {MODULES}: {', '.join(missing)}; run `npm ci` first", file=sys.stderr)
        return 1
    VENDOR.mkdir(parents=True, exist_ok=True)
    for pkg, path, name in FILES:
        shutil.copyfile(MODULES / pkg / path, VENDOR / name)
    print(f"build_assets: {len(FILES)} files -> {VENDOR.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
