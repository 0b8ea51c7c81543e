"""Fuzz every reader with hostile input: nothing may escape as an exception, every error is one printable
line, and every article read can be written to a real store."""

import dataclasses
import itertools
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest import (
    ReadError,
    read_bytes,
    read_feed,
    read_file,
    read_html,
    read_json,
    read_jsonl,
    read_markdown,
    read_plain,
)
from storyline.ingest.build import EARLIEST_DATE, LATEST_DATE
from storyline.ingest.jsonl import read_lines
from storyline.model import Article
from storyline.store import open_store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser")


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ODD = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[2J", "\x1f", "\x7f", "\x85", "\x9b", "\u2028", "\u202e",
    "\ud800", "\udfff", "\udc80", "\ufeff", "\ufffd", "\U0001f600", "&", "<", ">", "&#1;", "&#0;", "&#xD800;",
    "&#x110000;", "&#99999999999;", "&amp;", "&AMP;", "&UR;", "\n", "\r\n", "\n\n", "\t", " ", ".", "(AP) -- ", "_",
    "LONDON (Reuters) - ", "By JANE DOE\n", "<p>", "</p>", "<br>", "<script>", "<!--", "]]>", "[", "{", "\\",
]  # fmt: skip
NEWS = "The ferry to Kellerby sailed at dawn on Monday. It came back at noon."
WORDS = ["The", "ferry", "sailed", "at", "dawn", "said", "Kellerby", "officials", "on", "Monday", "Mr.", "U.S.", "3.5", "''", "``"]
DATES = [
    "9999-12-31", "0001-01-01", "1599-12-31", "1600-01-01", "2031-03-03", "2024-02-30", "Fri, 31 Dec 9999 23:59:59 +0000",
    "Mon, 01 Jan 0001 00:00:00 GMT", "March 3, 99999", "December 31, 9999", "2024-05-01T25:61:00Z", "", "1e999",
]  # fmt: skip

text = st.lists(st.one_of(st.sampled_from(ODD), st.sampled_from(WORDS), st.text(max_size=6), st.characters()), max_size=40).map(
    lambda parts: " ".join(parts) if len(parts) % 3 else "".join(parts)
)
surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
hostile = st.one_of(text, st.tuples(text, surrogates, text).map("".join))
dates = st.one_of(st.sampled_from(DATES), hostile)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile, inner, max_size=3),
    max_leaves=8,
)
records = st.fixed_dictionaries(
    {"text": hostile},
    optional={"id": st.one_of(hostile, st.integers()), "title": hostile, "source": hostile, "place": hostile,
              "url": hostile, "published": dates, "date": dates, "warnings": json_values, "extra": json_values},
)  # fmt: skip


def big_number(record: dict) -> str:
    return json.dumps(record)[:-1] + ', "n": ' + "7" * 5000 + "}"


def deep(record: dict) -> str:
    return json.dumps(record)[:-1] + ', "x": ' + "[" * 3000 + "]" * 3000 + "}"


json_lines = st.one_of(
    records.map(lambda r: json.dumps(r)),  # lone surrogates as \ud800 escapes
    records.map(lambda r: json.dumps(r, ensure_ascii=False)),
    records.map(big_number),
    records.map(deep),
    records.map(lambda r: json.dumps(r)[: len(json.dumps(r)) // 2]),
    json_values.map(json.dumps),
    hostile,
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = open_store(tmp_path_factory.mktemp("fuzz") / "x.db")
    yield db
    db.close()


_fresh = itertools.count()


def check(items, store) -> tuple[int, int]:
    """Every item is an Article that can be stored or a ReadError of one printable line; returns the
    count of items and of Articles."""
    n = articles = 0
    for item in items:
        n += 1
        if isinstance(item, ReadError):
            line = str(item)
            assert line.isprintable() and line.encode("utf-8")
            continue
        assert isinstance(item, Article)
        fields = [item.id, item.text, item.title, item.source, item.place, item.url, item.origin, item.format]
        fields += [s.text for s in item.sentences] + [s.display for s in item.sentences]
        for value in filter(None, fields):
            value.encode("utf-8")
            assert "\x00" not in value
        assert item.published is None or EARLIEST_DATE <= item.published <= LATEST_DATE
        assert all(isinstance(w, str) for w in item.meta.get("warnings", []))
        if store.has_article(item.id):
            item = dataclasses.replace(item, id=f"{item.id}~{next(_fresh)}")
        store.add_article(item)
        articles += 1
    return n, articles


@pytest.mark.slow
@fuzz(400)
@given(st.lists(json_lines, min_size=1, max_size=6))
def test_jsonl(store, lines):
    lines = [*lines, json.dumps({"text": NEWS})]  # a plain record among them is read whatever the others hold
    assert check(read_jsonl("\n".join(lines), origin="in.jsonl"), store)[1] >= 1
    raw = [line.encode("utf-8", "surrogatepass") + b"\n" for line in lines]
    assert check(read_lines(raw, origin="in.jsonl", max_bytes=20_000), store)[1] >= 1


@pytest.mark.slow
@fuzz(250)
@given(st.one_of(st.lists(records, max_size=4), records, json_values).map(json.dumps))
def test_json(store, data):
    check(read_json(data, origin="in.json"), store)


def page(title, head, body, tail, date) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title><meta name='date' content='{date}'>{head}</head>"
        f"<body><article><p>The ferry to Kellerby sailed at dawn on Monday, the port office said in a statement.</p>"
        f"<p>{body}</p><p>Crews {tail} cleared the coast road by noon, police said on Monday evening.</p></article></body></html>"
    )


@fuzz(250)
@given(hostile, hostile, hostile, hostile, dates, st.integers(0, 3000))
def test_html(store, title, head, body, tail, date, depth):
    # the page's first paragraph is news: it is read, unless markup before it (an unclosed "<script>" or
    # "<!--") takes in the rest of the page, as it would in a browser
    opened = "<" in title + head + date
    assert check(read_html(page(title, head, body, tail, date), origin="in.html"), store)[1] == 1 or opened
    if depth > 2000:
        assert check(read_html(page(title, "", "<div>" * depth + body, tail, date), origin="deep.html"), store)[1] == 1 or opened


def rss(title, body, date, cdata) -> str:
    body = f"<![CDATA[{body}]]>" if cdata else body
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{title}</title><description>{body}</description><pubDate>{date}</pubDate><guid>{title}</guid></item>"
        f"<item><title>Second</title><description>The ferry sailed. It came back.</description></item></channel></rss>"
    )


def atom(title, body, date, _) -> str:
    return (
        f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
        f'<entry><title type="html">{title}</title><updated>{date}</updated>'
        f'<content type="html">{body}</content><author><name>{title}</name></author></entry></feed>'
    )


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "ha ha ha ha ha ha ha ha ha ha">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + ']><rss version="2.0"><channel><title>&i;</title><item><description>&i; The end.</description></item></channel></rss>'
)


@fuzz(400)
@given(st.sampled_from([rss, atom]), hostile, hostile, dates, st.booleans())
def test_feeds(store, form, title, body, date, cdata):
    items, articles = check(read_feed(form(title, body, date, cdata), origin="in.xml"), store)
    if form is rss and "<" not in title + body + date and "]]>" not in body:  # (markup may take in the rest)
        assert articles >= 1  # its second item is plain news, read whatever the first holds


def test_feed_entity_expansion(store):
    got = list(read_feed(LAUGHS, origin="laughs.rss"))
    assert [type(x).__name__ for x in got] == ["ReadError"] and "entities" in str(got[0]), got
    check(read_feed(LAUGHS.replace("<!ENTITY", "<!ELEMENT x ANY><!ENTITY", 1), origin="laughs2.rss"), store)
    declared = LAUGHS.replace('version="1.0"', 'version="1.0" encoding="utf-16"', 1)  # as the file said before decoding
    assert "entities" in str(next(read_feed(declared, origin="laughs3.rss")))


@pytest.mark.parametrize("reference", ["&#xD800;", "&#xdfff;", "&#99999999999;", "&#1;", "&#" + "9" * 5000 + ";"])
def test_a_reference_to_no_character_costs_one_entry_at_most(reference):
    got = list(read_feed(rss("Dam opens", "The dam at Kellerby opened.", reference, False), origin="in.xml"))
    assert [a.title for a in got if isinstance(a, Article)] == ["Dam opens", "Second"]


@fuzz(400)
@given(hostile, st.booleans())
def test_plain_and_tokenized(store, body, tokenized):
    if tokenized:
        body = "\n".join(" ".join(line.lower().split()) for line in body.split("."))
    assert check(read_plain(f"{body}\n{NEWS.lower() if tokenized else NEWS}", origin="in.txt"), store)[1] == 1


@fuzz(300)
@given(hostile, hostile, dates, hostile)
def test_markdown(store, title, source, date, body):
    doc = f"---\ntitle: {title}\nsource: {source}\ndate: {date}\nauthor: {source}\n---\n# {title}\n\n{body}\n\n## {source}\n\n{body}"
    opened = "<" in title + source + date + body  # raw HTML such as "<script>" runs to the end, as CommonMark says
    assert check(read_markdown(f"{doc}\n\n{NEWS}", origin="in.md"), store)[1] == 1 or opened


PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"<rss version='2.0'>", b"<html>", b"{", b"[", b"# ", b"---\n", b"<?xml version='1.0'?>"]
EXTENSIONS = ["txt", "md", "jsonl", "json", "html", "xml", "rss", "bin", ""]


@fuzz(600)
@given(st.sampled_from(PREFIXES), st.one_of(st.binary(max_size=300), hostile.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       st.sampled_from(EXTENSIONS))  # fmt: skip
def test_format_detection_on_bytes(store, prefix, data, ext):
    check(read_bytes(prefix + data, name=f"in.{ext}"), store)


@fuzz(200)
@given(st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")),
       st.sampled_from(EXTENSIONS), st.sampled_from(PREFIXES), st.binary(max_size=200))  # fmt: skip
def test_files_with_hostile_names(store, tmp_path_factory, name, ext, prefix, data):
    path = os.path.join(os.fsencode(tmp_path_factory.getbasetemp()), name + (b"." + ext.encode() if ext else b""))
    with open(path, "wb") as f:
        f.write(prefix + data + b"\nThe ferry sailed. It came back.")
    try:
        assert check(read_file(os.fsdecode(path)), store)[0] >= 1
    finally:
        os.remove(path)
