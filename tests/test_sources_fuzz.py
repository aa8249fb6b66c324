"""The readers fuzzed: any bytes under any reader become Articles or named rejections, never an exception.

Each example writes one fuzzed file between two good ones and reads the three in one call: the
fuzzed file may give articles or InputErrors (with a registered E1xx code), and the good files'
articles are still read. The example budget is small and derandomized, so the suite stays
seconds long and gives the same examples on every run.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.core.article import Article
from communique.core.errors import CODES, InputError
from communique.io.sources import ReadOptions, read_inputs

FUZZ = settings(max_examples=60, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MAX_CHARS = 2_000  # small, so that over-long articles are easy to make
GOOD = {"date": "2024-05-06", "text": "Kenyan police arrested twelve protesters in Nairobi."}
NOT_TEXT = re.compile("[\x00\ud800-\udfff]")

# Pieces that break readers: byte-order marks, NULs, bytes that are not UTF-8 (a lone
# continuation byte, a truncated sequence, an encoded surrogate, an overlong form), every
# newline convention, quotes and separators, a long line.
NASTY = [b"\xef\xbb\xbf", b"\x00", b"\xff", b"\x80", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf",
         b"\r", b"\n", b"\r\n", b"\n\r", b"\x0b", b"\x0c", b"\xe2\x80\xa8", b"\xc2\x85", b'"', b"'", b",", b";",
         b"\t", b"{", b"}", b"[", b"]", b"\\", b"\\u0000", b"\\ud800", b"date ", b"date:", b"2024-02-30",
         b"2024-05-06", b"text", b"<html>", b"<body>", b"</body>", b"<p>", b"<!--", b"&#0;", b"x" * 3_000]
pieces = st.one_of(st.sampled_from(NASTY), st.binary(max_size=40),
                   st.text(max_size=40).map(lambda s: s.encode("utf-8", "surrogatepass")))
nasty_bytes = st.lists(pieces, max_size=30).map(b"".join)

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
# Records near the input contract: the known fields with values of any JSON type.
records = st.fixed_dictionaries({}, optional={
    "id": json_values, "date": st.one_of(json_values, st.sampled_from(["2024-05-06", "2024-13-01", "1987-03-10T10:00Z"])),
    "text": st.one_of(json_values, st.text(min_size=1, max_size=60)), "title": json_values, "url": json_values,
    "source": json_values, "language": json_values,
})


def _jsonl_line(draw_record) -> bytes:
    return json.dumps(draw_record, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


jsonl_files = st.lists(st.one_of(
    records.map(_jsonl_line),
    json_values.map(lambda v: json.dumps(v).encode()),  # not an object
    nasty_bytes,
    st.integers(1, 5_000).map(lambda depth: b"[" * depth + b"]" * depth),  # deep JSON
    st.integers(1, 5_000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
    st.just(b"1" * 5_000),  # more digits than Python converts to an int
), max_size=8).flatmap(lambda lines: st.sampled_from([b"\n", b"\r\n", b"\r"]).map(lambda nl: nl.join(lines)))

csv_cells = st.one_of(st.text(max_size=30), st.sampled_from(['"', '""', '"a,b"', "a\nb", "\r", "x" * 3_000, ""]))
csv_files = st.tuples(
    st.lists(st.sampled_from(["text", "date", "id", "title", "body", "", '"text"', "text "]), max_size=5),
    st.lists(st.lists(csv_cells, max_size=7), max_size=6),  # ragged rows
    st.sampled_from(["\n", "\r\n", "\r"]),
).map(lambda t: t[2].join([",".join(t[0])] + [",".join(r) for r in t[1]]).encode("utf-8", "surrogatepass"))

txt_files = st.tuples(
    st.sampled_from(["", "date 2024-05-06\n", "date 2024-05-06 ", "date 2024-05-06\r", "date 2024-05-06",
                     "  date 2024-02-30\n", "date: today\n", "Date 2024-05-06\n", "date\n", "Dateline: ",
                     "\ufeffdate 2024-05-06\n"]),
    st.one_of(st.text(max_size=200), st.sampled_from(["", " \n\t ", "x" * 3_000])),
).map(lambda t: (t[0] + t[1]).encode("utf-8", "surrogatepass"))

html_files = st.one_of(
    st.tuples(st.sampled_from(["", "<html>", "<html><head><title>T</title></head>", "<!DOCTYPE html>", "<?xml?>"]),
              st.sampled_from(["", "<body>", "<body><article><p>", "<p>", "<div>"]),
              st.text(max_size=300),
              st.sampled_from(["", "</p></article></body></html>", "</div>", "<script>", "<!--"]))
    .map(lambda t: "".join(t).encode("utf-8", "surrogatepass")),
    nasty_bytes,
)


def _check(items: list, fuzzed: Path) -> None:
    """Assert the three-file contract: good, then articles or named rejections of the fuzzed file, then good."""
    assert isinstance(items[0], Article) and items[0].text == GOOD["text"], items[0]
    assert isinstance(items[-1], Article) and items[-1].text == GOOD["text"], items[-1]
    for item in items[1:-1]:
        if isinstance(item, InputError):
            assert item.code in CODES and item.code.startswith("E1"), item
            assert item.origin.startswith(str(fuzzed)), item
            str(item).encode("utf-8")  # printable, storable
        else:
            assert isinstance(item, Article), item
            assert item.text.strip() and len(item.text) <= MAX_CHARS
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item.date)
            record = item.to_dict()
            assert not any(NOT_TEXT.search(v) for v in record.values() if isinstance(v, str)), record
            json.dumps(record, ensure_ascii=False).encode("utf-8")


def _read_between_good(name: str, content: bytes, **options) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        before, fuzzed, after = Path(tmp, "0-good.jsonl"), Path(tmp, name), Path(tmp, "9-good.jsonl")
        for good in (before, after):
            good.write_text(json.dumps(GOOD) + "\n")
        fuzzed.write_bytes(content)
        opts = ReadOptions(max_chars=MAX_CHARS, **options)
        _check(list(read_inputs([str(before), str(fuzzed), str(after)], opts)), fuzzed)
        # read as a folder too: the walk finds the same three files, in name order
        _check(list(read_inputs([tmp], opts)), fuzzed)


@FUZZ
@given(content=st.one_of(jsonl_files, nasty_bytes), date=st.sampled_from([None, "2024-01-01"]))
def test_fuzz_jsonl(content, date):
    _read_between_good("5-fuzzed.jsonl", content, date=date)


@FUZZ
@given(content=st.one_of(csv_files, nasty_bytes), date=st.sampled_from([None, "2024-01-01"]))
def test_fuzz_csv(content, date):
    _read_between_good("5-fuzzed.csv", content, date=date)


@FUZZ
@given(content=st.one_of(txt_files, nasty_bytes), date=st.sampled_from([None, "2024-01-01"]))
def test_fuzz_txt(content, date):
    _read_between_good("5-fuzzed.txt", content, date=date)


@settings(FUZZ, max_examples=30)
@given(content=html_files, date=st.sampled_from([None, "2024-01-01"]))
def test_fuzz_html(content, date):
    _read_between_good("5-fuzzed.html", content, date=date)


def _read_stdin(data: bytes) -> list:
    """Return what ``read_inputs(["-"])`` reads from ``data`` given as stdin, as the CLI reads it."""
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    try:
        return list(read_inputs(["-"], ReadOptions(max_chars=MAX_CHARS)))
    finally:
        sys.stdin = saved


@FUZZ
@given(content=st.one_of(jsonl_files, nasty_bytes))
def test_fuzz_stdin(content):
    items = _read_stdin(content + b"\n" + json.dumps(GOOD).encode() + b"\n")
    assert isinstance(items[-1], Article) and items[-1].text == GOOD["text"]
    for item in items:
        assert isinstance(item, (Article, InputError)), item
        if isinstance(item, InputError):
            assert item.code in CODES and item.origin.startswith("<stdin>:"), item
            str(item).encode("utf-8")


def test_fuzz_readers_name_what_they_reject(tmp_path):
    """The cases the fuzzing found, pinned with their exact rejection."""
    cases = {
        "deep.jsonl": (b"[" * 100_000 + b"]" * 100_000 + b"\n", ":1", "E106",
                       "malformed JSON (nested too deeply to read)"),
        "digits.jsonl": (b'{"text": "x", "date": "2024-01-01", "id": ' + b"1" * 5_000 + b"}\n", ":1", "E106",
                         "malformed JSON (Exceeds the limit (4300 digits) for integer string conversion: "
                         "value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit)"),
        "surrogate.jsonl": (b'{"text": "a\\ud800b", "date": "2024-01-01"}\n', ":1", "E120",
                            "'text' holds a lone surrogate (\\ud800) at position 1, which is not text"),
        "nul.jsonl": (b'{"text": "a\\u0000b", "date": "2024-01-01"}\n', ":1", "E120",
                      "'text' holds a NUL character at position 1, which is not text"),
        "object-title.jsonl": (b'{"text": "a", "date": "2024-01-01", "title": {"x": 1}}\n', ":1", "E109",
                               "'title' must be a string, got dict"),
        "zero-date.jsonl": (b'{"text": "a", "date": 0}\n', ":1", "E113",
                            "invalid date 0: expected a string YYYY-MM-DD"),
        "late-nul.txt": (b"date 2024-01-01\n" + b"x" * 10_000 + b"\x00", "", "E104",
                         "binary file (contains NUL bytes), not text: expected UTF-8 text"),
        "bad-line.csv": (b"date,text\n2024-01-01,fine\n2024-01-01,caf\xe9\n2024-01-01,lost\n", ":3", "E105",
                         "invalid UTF-8 (byte 0xe9 at offset 40): re-save the file as UTF-8"),
    }
    for name, (content, line, code, reason) in cases.items():
        (tmp_path / name).write_bytes(content)
        errors = [x for x in read_inputs([str(tmp_path / name)]) if isinstance(x, InputError)]
        assert [(e.origin, e.code, e.reason) for e in errors] == [(f"{tmp_path / name}{line}", code, reason)], name


def test_fuzz_jsonl_line_not_utf8_loses_only_itself(tmp_path):
    f = tmp_path / "mixed.jsonl"
    good = json.dumps(GOOD).encode()
    f.write_bytes(good + b"\n" + b'{"text": "caf\xe9", "date": "2024-01-01"}\n' + good + b"\n")
    got = list(read_inputs([str(f)]))
    assert [type(x).__name__ for x in got] == ["Article", "InputError", "Article"]
    assert (got[1].origin, got[1].code) == (f"{f}:2", "E105")


def test_fuzz_old_mac_newlines_and_long_csv_field(tmp_path):
    f = tmp_path / "mac.csv"
    long_text = "word " * 40_000  # 200,000 characters: over the csv module's own field cap of 131,072
    f.write_bytes(f'date,text\r2024-01-01,one\r2024-01-02,"{long_text}"\r'.encode())
    got = list(read_inputs([str(f)]))
    assert [(type(x).__name__, getattr(x, "date", None)) for x in got] == [("Article", "2024-01-01"),
                                                                            ("Article", "2024-01-02")]
    assert got[1].text == long_text
    t = tmp_path / "mac.txt"
    t.write_bytes(b"date 2024-03-04\rMinisters met.\r")
    [a] = read_inputs([str(t)])
    assert (a.date, a.text) == ("2024-03-04", "Ministers met.\r")


def test_fuzz_txt_starting_with_the_word_date_is_an_article(tmp_path):
    f = tmp_path / "palms.txt"
    f.write_text("Date palms were planted along the Nile.")
    [a] = read_inputs([str(f)], ReadOptions(date="2024-01-01"))
    assert isinstance(a, Article) and a.text.startswith("Date palms")


def test_fuzz_file_name_not_utf8_is_stored_escaped(tmp_path):
    path = tmp_path / b"caf\xe9.txt".decode("utf-8", "surrogateescape")  # as os.walk hands it over
    path.write_bytes(b"date 2024-01-01\nMinisters met.")
    [a] = read_inputs([str(tmp_path)])
    assert a.origin == f"{tmp_path}/caf\\udce9.txt"
    a.origin.encode("utf-8")

