"""The bundled demo news (src/storyline/demo): inventory, formats, sidecar, facts, originality.

The files are read here with the standard library only, so these checks do not depend on the
ingest readers they are meant to exercise.
"""

from __future__ import annotations

import datetime as dt
import difflib
import email.utils
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

from storyline.ingest.build import content_id
from storyline.text.split import looks_tokenized, split_sentences
from storyline.text.tokens import words

DEMO = Path(str(resources.files("storyline") / "demo"))
NOT_ARTICLES = {"README.md", "dates.json"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class DemoArticle:
    file: str  # path relative to the demo folder
    format: str  # wire, prose, jsonl, html, feed
    text: str  # body, paragraphs separated by blank lines
    source: str | None
    published: dt.date | None
    title: str | None = None

    @property
    def sentences(self) -> list[str]:
        return [s for _, s in split_sentences(self.text)]

    @property
    def normalized(self) -> str:
        return " ".join(words(self.text))


class _PageParser(HTMLParser):
    """Collects title, meta tags and the classless <p>s of <article>; checks that tags balance."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self.paragraphs: list[str] = []
        self._in: str | None = None  # "title" or "p" while collecting text

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content") or ""
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "title":
            self._in = "title"
        elif tag == "p" and "article" in self.stack and "class" not in a:
            self._in = "p"
            self.paragraphs.append("")

    def handle_startendtag(self, tag, attrs):
        if tag in VOID:
            self.handle_starttag(tag, attrs)
        else:
            self.errors.append(f"self-closed <{tag}/>")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            return
        self.stack.pop()
        if tag in ("title", "p"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "p":
            self.paragraphs[-1] += data


def _strip_tags(html: str) -> str:
    parser = _PageParser()
    parser.feed(f"<article>{html}</article>")
    return "\n\n".join(p.strip() for p in parser.paragraphs)


def _sidecar() -> dict[str, dict]:
    return json.loads((DEMO / "dates.json").read_text(encoding="utf-8"))


def _text_files() -> list[Path]:
    return sorted(p for p in DEMO.rglob("*") if p.suffix in (".txt", ".md") and p.name not in NOT_ARTICLES)


def _read_text_file(path: Path, sidecar: dict[str, dict]) -> DemoArticle:
    text = path.read_text(encoding="utf-8")
    title = None
    if text.startswith("# "):
        first, _, text = text.partition("\n")
        title = first[2:].strip()
    meta = sidecar.get(path.name, {})
    published = dt.date.fromisoformat(meta["published"]) if "published" in meta else None
    fmt = "wire" if looks_tokenized(text) else "prose"
    return DemoArticle(str(path.relative_to(DEMO)), fmt, text.strip(), meta.get("source"), published, title)


def _read_jsonl(path: Path) -> list[DemoArticle]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        published = dt.date.fromisoformat(r["published"])
        name = f"{path.relative_to(DEMO)}#{r['id']}"
        out.append(DemoArticle(name, "jsonl", r["text"], r["source"], published, r["title"]))
    return out


def _read_html(path: Path) -> DemoArticle:
    page = _PageParser()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    published = dt.datetime.fromisoformat(page.meta["article:published_time"]).date()
    text = "\n\n".join(p.strip() for p in page.paragraphs)
    source = page.meta.get("og:site_name")
    return DemoArticle(str(path.relative_to(DEMO)), "html", text, source, published, page.title)


def _read_feed(path: Path) -> list[DemoArticle]:
    out = []
    for item in ET.parse(path).getroot().iter("item"):
        published = email.utils.parsedate_to_datetime(item.findtext("pubDate")).date()
        source = item.findtext("{http://purl.org/dc/elements/1.1/}creator")
        text = _strip_tags(item.findtext("description") or "")
        name = f"{path.relative_to(DEMO)}#{item.findtext('link')}"
        out.append(DemoArticle(name, "feed", text, source, published, item.findtext("title")))
    return out


def demo_articles() -> list[DemoArticle]:
    sidecar = _sidecar()
    out = [_read_text_file(p, sidecar) for p in _text_files()]
    for p in sorted(DEMO.rglob("*.jsonl")):
        out += _read_jsonl(p)
    out += [_read_html(p) for p in sorted(DEMO.rglob("*.html"))]
    for p in sorted(DEMO.rglob("*.xml")):
        out += _read_feed(p)
    return out


@pytest.fixture(scope="module")
def articles() -> list[DemoArticle]:
    return demo_articles()


def _agency_of(article: DemoArticle) -> str:
    """The agency named in the dateline, e.g. `PORT ALDER (Coastal News Service) -`."""
    m = re.search(r"\(\s*([^()]+?)\s*\)\s*-", article.text[:200])
    assert m, f"{article.file}: no dateline"
    return m.group(1).lower()


# -- inventory -------------------------------------------------------------------------
def test_inventory(articles):
    assert len(articles) >= 15
    suffixes = {p.suffix for p in DEMO.rglob("*") if p.is_file() and p.name not in NOT_ARTICLES}
    assert {".txt", ".md", ".jsonl", ".html", ".xml"} <= suffixes
    assert {a.format for a in articles} == {"wire", "prose", "jsonl", "html", "feed"}
    agencies = {_agency_of(a) for a in articles}
    assert {"meridian wire", "northgate press", "coastal news service"} <= agencies
    assert "reuters" not in agencies
    dates = [a.published for a in articles]
    assert all(d is not None and d.year == 2026 for d in dates)
    assert 6 <= (max(dates) - min(dates)).days + 1 <= 10
    assert len(set(dates)) >= 6


def test_every_article_is_wire_length_with_a_dateline(articles):
    for a in articles:
        assert 8 <= len(a.sentences) <= 25, (a.file, len(a.sentences))
        assert re.match(r"^[A-Za-z .,]+?(?:, [A-Za-z]+(?: \d+)?)? \( ?[A-Za-z ]+ ?\) --? ", a.text), a.file


def test_sidecar_matches_text_files(articles):
    sidecar = _sidecar()
    names = [p.name for p in _text_files()]
    assert len(names) == len(set(names)), "sidecar keys are file names, so names must be unique"
    assert set(sidecar) == set(names)
    for a in articles:
        if a.format in ("wire", "prose"):
            assert a.source.lower() == _agency_of(a), a.file


def test_wire_files_are_tokenized_like_the_samples():
    files = sorted((DEMO / "wire").glob("*.txt"))
    assert len(files) >= 6
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert looks_tokenized(text), path.name
        lines = text.splitlines()
        assert re.match(r"^[a-z ]+ \( [a-z ]+ \) - [a-z0-9]", lines[0]), path.name
        for line in lines:
            assert line == line.lower() and line.endswith(" .") and "  " not in line, (path.name, line)
            assert not re.search(r"['\"`]|\w,\s|\w\)|\(\w", line), (path.name, line)
    all_text = " ".join(p.read_text(encoding="utf-8") for p in files)
    for form in (" s ", "6,000-8,000", "u.n.-backed", " , "):
        assert form in all_text, form


def test_jsonl_records_follow_the_schema():
    lines = (DEMO / "export" / "newsdesk.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) >= 4
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        for key in ("id", "title", "text", "published", "source", "url"):
            assert isinstance(r[key], str) and r[key], key
        dt.date.fromisoformat(r["published"])
        assert set(r) - {"id", "title", "text", "published", "source", "url"}, "an extra field (metadata)"


@pytest.mark.parametrize("path", sorted((DEMO / "web").glob("*.html")), ids=lambda p: p.name)
def test_html_pages_are_well_formed(path):
    page = _PageParser()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    assert not page.errors and not page.stack, (page.errors, page.stack)
    assert page.title.strip()
    dt.datetime.fromisoformat(page.meta["article:published_time"])
    assert len(page.paragraphs) >= 8


def test_feed_is_rss_2():
    root = ET.parse(DEMO / "feeds" / "northgate-top-stories.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("channel/item")
    assert 2 <= len(items) <= 4
    for item in items:
        assert item.findtext("title") and item.findtext("link", "").startswith("https://")
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).year == 2026
        assert len(_strip_tags(item.findtext("description"))) > 500


# -- the overlaps real wire copy has ---------------------------------------------------
def test_near_duplicate_republished_copy(articles):
    by_file = {a.file: a for a in articles}
    original = by_file["prose/corvessa-recount-0312-coastal.md"]
    copy = by_file["web/corvessa-recount-0312-alder-ledger.html"]
    a, b = original.normalized.split(), copy.normalized.split()
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    changed = [op for op in opcodes if op[0] != "equal"]
    assert 1 <= len(changed) <= 2 and all(op[2] - op[1] <= 2 for op in changed)
    assert original.title != copy.title.split(" - ")[0]
    assert content_id(original.text) != content_id(copy.text)


# (phrase, minimum number of agencies reporting it): figures that agree across agencies.
AGREE = [
    ("12,400", 3), ("212 mm", 3), ("84-metre earth-fill dam", 3), ("3,200", 3),
    ("4.1 million containers", 3), ("58,900 votes", 2), ("61.4 percent", 3), ("april 1", 3),
]
# (phrase, phrase): figures for one quantity that disagree, each present somewhere.
CONFLICT = [
    ("toll at nine", "14 people had died"),
    ("61.4 percent", "about 58 percent"),
    ("crowd at 4,000", "more than 20,000"),
    ("38 ships", "44 vessels"),
    ("17 people were detained", "police detained 21 people"),
]


def _reporting(articles, phrase: str) -> set[str]:
    needle = " ".join(words(phrase))
    return {_agency_of(a) for a in articles if f" {needle} " in f" {a.normalized} "}


@pytest.mark.parametrize("phrase,agencies", AGREE)
def test_figures_agree_across_agencies(articles, phrase, agencies):
    assert len(_reporting(articles, phrase)) >= agencies


@pytest.mark.parametrize("one,other", CONFLICT)
def test_conflicting_figures_are_both_reported(articles, one, other):
    assert _reporting(articles, one) and _reporting(articles, other)


def test_dates_relative_and_explicit(articles):
    text = " ".join(a.normalized for a in articles)
    phrases = ("on tuesday", "yesterday", "last month", "next week", "last year", "march 8", "since 1921")
    for phrase in phrases:
        assert f" {' '.join(words(phrase))} " in f" {text} ", phrase


# -- originality -----------------------------------------------------------------------
def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture(scope="module")
def shared_texts(shared_data) -> list[str]:
    """Every text of the shared data, as its words (text.words) joined by spaces."""
    chunks = []
    for path in sorted(shared_data.rglob("*")):
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                chunks += _strings(json.loads(line))
        elif path.is_file():
            chunks.append(path.read_text(encoding="utf-8", errors="replace"))
    return [" ".join(words(c)) for c in chunks]


def test_no_demo_sentence_comes_from_the_shared_data(articles, shared_texts):
    long_sentences = {" ".join(words(s)) for a in articles for s in a.sentences if len(s) >= 70}
    assert len(long_sentences) > 100
    corpus = " | ".join(shared_texts)
    assert len(corpus) > 1000
    copied = [s for s in long_sentences if s in corpus]
    assert not copied, copied[:3]


RUN = 7  # words in a row that a line of ours may not share with the shared data


def test_no_line_of_the_repository_comes_from_the_shared_data(shared_texts):
    runs = set()
    for text in shared_texts:
        w = text.split()
        runs.update(hash(tuple(w[i : i + RUN])) for i in range(len(w) - RUN + 1))
    root = Path(__file__).resolve().parents[1]
    files = [root / "README.md", *(p for d in ("src", "tests", "docs", "bench", "scripts") for p in (root / d).rglob("*")
                                   if p.suffix in (".py", ".md", ".txt", ".html", ".xml", ".json", ".jsonl", ".sh"))]
    assert len(files) > 100
    copied = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            w = words(line)
            if any(hash(tuple(w[i : i + RUN])) in runs for i in range(len(w) - RUN + 1)):
                copied.append(f"{path.relative_to(root)}:{number}: {line.strip()[:80]}")
    assert not copied, copied[:5]
