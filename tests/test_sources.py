import io
import json

import pytest

from communique.core.article import Article
from communique.core.errors import InputError
from communique.io.sources import ReadOptions, read_inputs, read_stream


def _read(paths, **kw):
    return list(read_inputs([str(p) for p in paths], ReadOptions(**kw)))


def test_sources_txt_seed_format_strips_header(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("  date 2024-08-28  Ministers met in Ankara.\n\nSecond paragraph.")
    [a] = _read([f])
    assert isinstance(a, Article)
    assert a.date == "2024-08-28"
    assert a.text == "Ministers met in Ankara.\n\nSecond paragraph."
    assert a.origin == str(f)


def test_sources_txt_header_on_its_own_line(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("date 2024-01-02\n\nText here.")
    [a] = _read([f])
    assert (a.date, a.text) == ("2024-01-02", "\nText here.")


def test_sources_plain_txt_takes_date_option(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Just text.")
    [a] = _read([f], date="2024-03-04")
    assert a.date == "2024-03-04"


def test_sources_jsonl_and_csv_records(tmp_path):
    j = tmp_path / "a.jsonl"
    j.write_text(json.dumps({"id": "x1", "date": "2024-01-01T10:00:00Z", "text": "T", "title": "Hi"}) + "\n\n")
    c = tmp_path / "b.csv"
    c.write_text('id,date,title,text\nc1,2024-02-02,"A, title","Line one\nline two"\n')
    a, b = _read([j, c])
    assert (a.id, a.date, a.title) == ("x1", "2024-01-01", "Hi")
    assert (b.id, b.title, b.text) == ("c1", "A, title", "Line one\nline two")


def test_sources_html_main_text_and_date(tmp_path):
    f = tmp_path / "p.html"
    body = " ".join(["The foreign ministers of Kenya and Uganda met in Kampala on Tuesday to discuss trade."] * 4)
    f.write_text(
        "<html><head><title>Talks</title><meta property='article:published_time' content='2024-05-06'></head>"
        f"<body><nav>Home | World</nav><article><h1>Talks in Kampala</h1><p>{body}</p></article></body></html>"
    )
    [a] = _read([f])
    assert isinstance(a, Article), a
    assert a.date == "2024-05-06"
    assert "met in Kampala" in a.text and "Home | World" not in a.text


def test_sources_directory_is_read_recursively_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("date 2024-01-01\nB")
    (tmp_path / "a.txt").write_text("date 2024-01-01\nA")
    (tmp_path / "README.md").write_text("docs, not an article")
    got = _read([tmp_path])
    assert [a.text.strip() for a in got] == ["A", "B"]


def test_sources_stdin_jsonl():
    stream = io.StringIO('{"date": "2024-01-01", "text": "x"}\nnot json\n')
    a, e = list(read_stream(stream, "<stdin>", ReadOptions()))
    assert a.text == "x"
    assert e.origin == "<stdin>:2"


BAD = [
    ("bad.jsonl", b'{"date": "2024-01-01", "text": "ok"}\n{"date": "2024-01-01", "text": \n', "bad.jsonl:2",
     "malformed JSON (Expecting value at column 32)"),
    ("nodate.txt", b"Text without a date.", "nodate.txt",
     "no date: add a 'date' (YYYY-MM-DD) to the article or pass --date"),
    ("baddate.jsonl", b'{"date": "28/08/2024", "text": "x"}\n', "baddate.jsonl:1",
     "invalid date '28/08/2024': expected YYYY-MM-DD"),
    ("feb30.txt", b"date 2024-02-30\nText", "feb30.txt", "invalid date '2024-02-30': no such day in the calendar"),
    ("empty.txt", b"", "empty.txt", "empty text: nothing to code"),
    ("blank.jsonl", b'{"date": "2024-01-01", "text": "   "}\n', "blank.jsonl:1", "empty text: nothing to code"),
    ("latin1.txt", b"date 2024-01-01\nCaf\xe9 talks", "latin1.txt:2",
     "invalid UTF-8 (byte 0xe9 at offset 19): re-save the file as UTF-8"),
    ("blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "blob.txt",
     "binary file (contains NUL bytes), not text: expected UTF-8 text"),
    ("notes.docx", b"whatever", "notes.docx",
     "unknown extension '.docx': expected one of .txt, .jsonl, .csv, .html, .htm, or pass --format"),
    ("list.jsonl", b'["a"]\n', "list.jsonl:1", "expected a JSON object per line, got list"),
    ("notext.jsonl", b'{"date": "2024-01-01"}\n', "notext.jsonl:1", "no 'text' field: every article needs its text"),
    ("nocol.csv", b"date,body\n2024-01-01,x\n", "nocol.csv:1", "CSV header has no 'text' column (found: date, body)"),
    ("header.txt", b"date: yesterday\nText", "header.txt:1", "malformed date line 'date: yesterday': expected 'date YYYY-MM-DD'"),
]


@pytest.mark.parametrize("name, content, where, reason", BAD, ids=[b[0] for b in BAD])
def test_sources_bad_input_names_file_line_and_reason(tmp_path, name, content, where, reason):
    f = tmp_path / name
    f.write_bytes(content)
    errors = [x for x in _read([f]) if isinstance(x, InputError)]
    assert len(errors) == 1
    assert errors[0].origin == str(tmp_path / where)
    assert errors[0].reason == reason


def test_sources_oversized_article_is_rejected(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("date 2024-01-01\n" + "x" * 50)
    [e] = _read([f], max_chars=10)
    assert e.reason == "article is 50 characters, over the cap of 10 (split it, or raise [sources] max_chars in your config)"


def test_sources_missing_and_broken_link_are_reported(tmp_path):
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    [e1] = _read([tmp_path / "absent.txt"])
    [e2] = _read([tmp_path])
    assert e1.reason == "no such file" and e2.reason == "no such file"
    assert e2.origin == str(tmp_path / "link.txt")


def test_sources_bad_line_does_not_lose_neighbours(tmp_path):
    f = tmp_path / "mixed.jsonl"
    f.write_text('{"date":"2024-01-01","text":"a"}\n{oops\n{"date":"2024-01-01","text":"c"}\n')
    got = _read([f])
    assert [type(x).__name__ for x in got] == ["Article", "InputError", "Article"]
