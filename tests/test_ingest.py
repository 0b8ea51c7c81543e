"""Readers: tokenized and prose text, Markdown, JSON Lines, HTML, RSS/Atom, directories, stdin."""

import datetime as dt
import hashlib
import io
import json
import os
import sys
from pathlib import Path

import pytest

import storyline.ingest.build as build
import storyline.ingest.read as read
from storyline.ingest import ReadError, content_id, read_bytes, read_paths, read_text
from storyline.ingest.build import ascii_content_id
from storyline.model import Article
from storyline.text.tokens import words

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def articles(*paths, **options) -> list[Article]:
    items = list(read_paths([FIXTURES / p if isinstance(p, str) else p for p in paths], **options))
    errors = [str(i) for i in items if isinstance(i, ReadError)]
    assert not errors, errors
    return items


def test_samples(samples):
    items = list(read_paths([samples]))
    assert [len(a.sentences) for a in items] == [25, 33]
    assert {a.source for a in items} == {"Reuters"}
    assert {a.place for a in items} == {"Beirut"}
    assert all(a.tokenized and a.format == "tokenized" and a.published is None for a in items)
    assert items[0].sentences[0].text.startswith("beirut ( reuters ) - syrian government forces")
    assert [s.index for s in items[1].sentences] == list(range(33))


def test_tokenized_text():
    (a,) = articles("tokenized.txt")
    assert a.tokenized and a.format == "tokenized"
    assert (a.place, a.source, a.title, a.published) == ("Port Ellis", "Reuters", None, None)
    assert len(a.sentences) == 5
    second = a.sentences[1].text  # the original tokens are kept exactly
    assert "the authority s crews" in second and "u.n.-backed" in second and "2,000-3,000" in second
    assert a.text == (FIXTURES / "tokenized.txt").read_text()
    assert a.id == content_id(a.text)


def test_prose_with_typewriter_quotes_is_shown_with_curly_ones():
    text = "The mayor of Halvern called the flooded hall a ``death trap.'' Engineers from Tamsin came on Monday."
    article = build.build_article(text, id="q")
    assert article.sentences[0].display == "The mayor of Halvern called the flooded hall a \u201cdeath trap.\u201d"
    assert article.sentences[0].text.endswith("``death trap.''")  # the text itself is kept
    plain = build.build_article("The mayor's 'death trap' remark was quoted in Tamsin on Monday.", id="p")
    assert plain.sentences[0].display == plain.sentences[0].text


def test_tokenized_display_uses_display_sentence(monkeypatch):
    calls = []

    def fake(text, *, first=False, lexicon=None):
        calls.append((first, lexicon))
        return text.upper()

    monkeypatch.setattr(build, "_display_function", lambda: fake)
    lexicon = object()
    (a,) = articles("tokenized.txt", lexicon=lexicon)
    assert a.sentences[0].display == a.sentences[0].text.upper()
    assert calls == [(True, lexicon)] + [(False, lexicon)] * 4
    (prose,) = articles("prose.txt", lexicon=lexicon)
    assert all(s.display == s.text for s in prose.sentences)  # prose is shown as it is
    assert len(calls) == 5


def test_prose_text_with_title_and_paragraphs():
    (a,) = articles("prose.txt")
    assert not a.tokenized and a.format == "text"
    assert a.title == "Harbour reopens after storm"
    assert (a.place, a.source) == ("Port Ellis", "Reuters")
    assert [(s.paragraph, s.text[:20]) for s in a.sentences] == [
        (0, "PORT ELLIS (Reuters)"),
        (0, "Crews cleared 40 ton"),
        (1, "Ferries to the outer"),
        (1, '"We worked through t'),
    ]


def test_markdown():
    (a,) = articles("story.md")
    assert a.format == "markdown"
    assert a.title == "Council approves new tram line"
    assert (a.place, a.source) == ("Valden", "AFP")
    texts = [s.text for s in a.sentences]
    assert texts[0].startswith("VALDEN (AFP) - The city council of Valden approved a new tram line on Thursday after")
    assert "The line will link the old port with the university." in texts
    assert texts[-1] == "Work on the depot will begin first."
    body = " ".join(texts)
    for markup in ("**", "](", "`", "<script", "not text", "code is not text", "a tram", "#"):
        assert markup not in body
    assert a.meta["headings"] == ["What happens next"]
    assert len({s.paragraph for s in a.sentences}) == 5


def test_markdown_front_matter():
    text = "---\ntitle: Depot opens\ndate: 2025-06-09\nsource: reuters\n---\n\nThe depot opened on Monday. Trams rolled out.\n"
    (a,) = read_text(text, name="note.md")
    assert (a.title, a.published, a.source) == ("Depot opens", dt.date(2025, 6, 9), "Reuters")
    assert a.sentences[0].text == "The depot opened on Monday."


def test_json_lines():
    items = articles("articles.jsonl")
    assert [a.id for a in items[:1]] + [items[2].id] == ["ledger-1", "77"]
    first, second, third = items
    assert (first.title, first.source, first.place, first.published) == (
        "Bridge vote delayed", "AP", "Kestrel Bay", dt.date(2025, 5, 12)
    )
    assert first.url == "https://example.org/ledger-1"
    assert first.meta == {"section": "local", "tags": ["bridge", "council"]}  # unknown fields kept
    assert first.origin.endswith("articles.jsonl:1")
    assert second.id == content_id(second.text)
    assert (second.source, second.place, second.published) == ("Xinhua", "Nordvik", dt.date(2025, 5, 13))
    assert (third.source, third.published, third.origin[-16:]) == ("Kestrel Ledger", dt.date(2025, 5, 14), "articles.jsonl:4")


def test_json_file_with_one_object_or_a_list(tmp_path):
    one = {"title": "Quota", "text": "The quota rose. Boats sailed."}
    (tmp_path / "one.json").write_text(json.dumps(one))
    (tmp_path / "many.json").write_text(json.dumps([one, {**one, "text": "Nets were mended. Prices fell."}, 7]))
    items = list(read_paths([tmp_path / "many.json", tmp_path / "one.json"]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "ReadError", "Article"]
    assert str(items[2]).endswith("many.json: item 3: not a JSON object")
    assert items[3].title == "Quota"


def test_jsonl_html_body_and_tokenized_body(tmp_path):
    rows = [
        {"text": "<p>The ferry <b>sailed</b> at dawn.</p><p>It reached Oslo by noon.</p><script>alert(1)</script>"},
        {"text": "oslo ( reuters ) - the ferry sailed at dawn , the port said .\nit reached the city by noon ."},
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    html, tokens = articles(path)
    assert [s.text for s in html.sentences] == ["The ferry sailed at dawn.", "It reached Oslo by noon."]
    titled = {"title": "<b>Ferry</b> &amp; barge reach Oslo &#8211; port", "text": "The ferry sailed at dawn."}
    path.write_text(json.dumps(titled) + "\n" + json.dumps({**titled, "title": "AT&T buys the Oslo ferry line"}))
    assert [a.title for a in articles(path)] == ["Ferry & barge reach Oslo \u2013 port", "AT&T buys the Oslo ferry line"]
    assert tokens.tokenized and (tokens.place, tokens.source) == ("Oslo", "Reuters")


def test_html_page():
    (a,) = articles("page.html")
    assert a.format == "html"
    assert a.title == "Harbour reopens after storm"
    assert a.published == dt.date(2025, 3, 14)
    assert (a.place, a.source) == ("Port Ellis", "Reuters")
    assert a.url == "https://ledger.example.org/2025/03/14/harbour-reopens"
    assert a.sentences[0].text.startswith("PORT ELLIS (Reuters) - The harbour at Port Ellis reopened")
    assert "SCRIPT" not in a.text and "ONERROR" not in a.text and "color: red" not in a.text
    assert len({s.paragraph for s in a.sentences}) == 3


def test_rss_feed():
    first, second = articles("feed_rss.xml")
    assert (first.title, first.published, first.source) == ("Tram line approved", dt.date(2025, 6, 5), "Valden Courier")
    assert first.url == "https://courier.example.org/tram"
    assert [s.text for s in first.sentences] == [
        "The city council of Valden approved a new tram line on Thursday after a nine-hour debate.",
        "Construction will start in the spring, the council said.",
    ]  # content:encoded wins over the teaser; HTML and script stripped
    assert first.meta["guid"] == "https://courier.example.org/?p=101"
    assert (second.source, second.published) == ("Valden Wire", dt.date(2025, 6, 6))  # the item's <source>
    assert second.text == "Work on the tram depot will begin in March, the transport office said."


def test_atom_feed():
    first, second = articles("feed_atom.xml")
    assert (first.title, first.published, first.source) == ("Strike ends", dt.date(2025, 5, 14), "Kestrel Ledger")
    assert first.meta["author"] == "Ola Brand"
    assert [s.paragraph for s in first.sentences] == [0, 1]
    assert second.published == dt.date(2025, 5, 15)  # only <updated>
    assert second.sentences[0].text == "The council set the bridge vote for next Monday."


def test_format_found_by_content_whatever_the_extension(tmp_path):
    for name, fixture in (("feed.txt", "feed_rss.xml"), ("page", "page.html"), ("rows.data", "articles.jsonl")):
        (tmp_path / name).write_bytes((FIXTURES / fixture).read_bytes())
    formats = [a.format for a in articles(tmp_path / "feed.txt", tmp_path / "page", tmp_path / "rows.data")]
    assert formats == ["feed", "feed", "html", "jsonl", "jsonl", "jsonl"]


def test_date_and_source_arguments_fill_gaps():
    day = dt.date(2025, 1, 2)
    (tokens,) = articles("tokenized.txt", date=day, source="Desk")
    assert (tokens.published, tokens.source) == (day, "Reuters")  # the dateline names the agency
    rows = articles("articles.jsonl", date=day, source="Desk")
    assert [r.published for r in rows] == [dt.date(2025, 5, 12), dt.date(2025, 5, 13), dt.date(2025, 5, 14)]
    (plain,) = read_text("Rain fell all day. Rivers rose.", name="x.txt", date=day, source="Desk")
    assert (plain.published, plain.source) == (day, "Desk")


def test_never_the_file_modification_time(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Rain fell all day in the valley. Rivers rose by a metre.")
    os.utime(path, (1_500_000_000, 1_500_000_000))
    (a,) = articles(path)
    assert a.published is None


def test_directory_recursive_sorted_hidden_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second report here. It is short.")
    (tmp_path / "a.txt").write_text("First report here. It is short.")
    (tmp_path / ".secret.txt").write_text("Hidden report. Never read.")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden folder. Never read.")
    (tmp_path / "b" / "style.css").write_text("body { color: red }")
    items = articles(tmp_path)
    assert [Path(a.origin).name for a in items] == ["a.txt", "two.txt"]


def test_stdin(monkeypatch):
    data = (FIXTURES / "prose.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (a,) = list(read_paths(["-"]))
    assert a.origin == "<stdin>" and a.title == "Harbour reopens after storm"


def test_posted_content_without_files():
    page = (FIXTURES / "page.html").read_bytes()
    (a,) = read_bytes(page, name="upload.html")
    assert a.origin == "upload.html" and a.format == "html"
    (b,) = read_text("the ferry sailed at dawn , the port said .\nit came back at noon .", name="post")
    assert b.tokenized
    (c,) = read_text("# Title\n\nBody text here. More text.", name="post", format="markdown")
    assert c.title == "Title"
    (bad,) = read_text("text", name="post", format="pdf")
    assert isinstance(bad, ReadError) and "unknown format" in bad.reason


def test_character_references_and_typesetting_codes_in_plain_text():
    text = (
        "&UR; HARBOURVILLE _ The mill was sold to Pike, Moss &AMP; Reed on Monday, the owners said. "
        "The buyers paid &#36;4 million. &QL;\n\n&UR; (Distributed by Example Wire) &LR;"
    )
    (a,) = read_text(text, name="wire.txt")
    sentences = [s.text for s in a.sentences]
    assert sentences[0].endswith("Pike, Moss & Reed on Monday, the owners said.")  # one sentence, not cut at "&AMP;"
    assert sentences[1] == "The buyers paid $4 million."
    assert not any("&" in s and ";" in s for s in sentences)
    assert a.text == text  # the raw text is kept as read
    (line,) = read_text(json.dumps({"text": "Sales at Pike &amp; Reed rose. Profit fell."}), name="w.jsonl")
    assert [s.text for s in line.sentences] == ["Sales at Pike & Reed rose.", "Profit fell."]


def test_same_report_gets_the_same_id_from_any_format(tmp_path):
    body = "KESTREL BAY (AP) -- The vote on the new bridge was delayed. Residents objected."
    (tmp_path / "a.txt").write_text(body)
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": body, "title": "Vote delayed"}))
    first, second = articles(tmp_path / "a.txt", tmp_path / "b.jsonl")
    assert first.id == second.id == content_id(body)


def test_reports_in_other_scripts_get_ids_of_their_own(tmp_path):
    texts = [  # ours: two Cyrillic, one Greek, one Chinese report, and one of each with a digit
        "Паводок затопил три села на реке Ольше. Жителей вывезли на лодках.",
        "Мост через Ольшу закрыли на ремонт до весны.",
        "Η γέφυρα της Όλσας έκλεισε για επισκευή.",
        "奥尔沙河上的桥梁因维修关闭。",
        "Мост закрыли 3 марта.",
        "Паводок начался 3 марта.",
    ]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps({"text": t}) for t in texts))
    ids = [a.id for a in articles(tmp_path / "r.jsonl")]
    assert len(set(ids)) == len(texts)
    assert content_id("Мост через  Ольшу\nзакрыли на ремонт до весны.") == ids[1]  # spacing aside, one id
    assert content_id("МОСТ через Ольшу закрыли на ремонт до весны.") == ids[1]  # and case
    plain = "Divers reached the wreck on Monday. Two “survivors” were found."
    assert content_id(plain) == hashlib.sha1(" ".join(words(plain)).encode()).hexdigest()[:16]  # ids as before
    assert ascii_content_id(plain) is None and ascii_content_id(texts[0]) == hashlib.sha1(b"").hexdigest()[:16]


def test_parallel_reading_matches_serial(tmp_path, monkeypatch):
    rows = [{"id": f"r{i}", "text": f"Report number {i} came in. It said {i} boats sailed."} for i in range(300)]
    lines = [json.dumps(r) for r in rows]
    lines[150] = "{broken"
    (tmp_path / "many.jsonl").write_text("\n".join(lines))
    (tmp_path / "z.txt").write_text("A last report. It ends here.")
    monkeypatch.setattr(read, "PARALLEL_BYTES", 2_000)
    paths = [tmp_path / "many.jsonl", tmp_path / "missing.txt", tmp_path / "z.txt"]
    serial = [str(i) if isinstance(i, ReadError) else (i.id, i.origin) for i in read_paths(paths, workers=1)]
    parallel = [str(i) if isinstance(i, ReadError) else (i.id, i.origin) for i in read_paths(paths, workers=2)]
    assert parallel == serial
    assert len(serial) == 302 and serial[150].endswith("many.jsonl: line 151: not valid JSON (Expecting property name enclosed in double quotes at column 2)")
    assert serial[-2].endswith("missing.txt: no such file or directory")


@pytest.mark.parametrize("name", ["tokenized.txt", "prose.txt", "story.md", "articles.jsonl", "page.html", "feed_rss.xml"])
def test_sentence_indices_are_stable(name):
    found = articles(name)
    assert found
    for a in found:
        assert [s.index for s in a.sentences] == list(range(len(a.sentences)))
        assert all(s.text.strip() == s.text and s.text for s in a.sentences)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Harbour reopens\r\n\r\nThe harbour reopened on Friday. Boats sailed.", "Harbour reopens"),
        ("By Nell Ferris\n\nThe harbour reopened on Friday. Boats sailed.", None),
        ("WASHINGTON (AP) --\n\nThe Senate voted on Tuesday. It passed.", None),
        ("The harbour reopened on Friday.\n\nBoats sailed.", None),
        ("Harbour reopens", None),
    ],
)
def test_prose_title_only_for_a_headline_line(text, title):
    (a,) = read_text(text, name="x.txt")
    assert a.title == title


def test_feed_source_is_the_publisher_not_the_section():
    from storyline.ingest.feed import publisher

    assert publisher("Northgate Press - Top Stories") == "Northgate Press"
    assert publisher("Valden Courier | City") == "Valden Courier"
    assert publisher("Kestrel Ledger") == "Kestrel Ledger"
    assert publisher("Half-Moon Bay Times") == "Half-Moon Bay Times"  # a hyphen inside a name stays


def test_a_publication_date_may_be_given_as_an_iso_string_and_nothing_vaguer():
    text = "Ships waited outside the port on Monday as the strike went on."
    assert build.build_article(text, published="2031-03-03").published == dt.date(2031, 3, 3)
    assert build.build_article(text, published="2031-03-03T18:20:00+00:00").published == dt.date(2031, 3, 3)
    assert build.build_article(text, default_date=dt.datetime(2031, 3, 3, 9)).published == dt.date(2031, 3, 3)
    with pytest.raises(ValueError, match="published: not an ISO date"):
        build.build_article(text, published="March 3")
    with pytest.raises(TypeError, match="published must be a date"):
        build.build_article(text, published=20310303)


def test_parallel_articles_equal_serial_ones_and_hand_over_casing(tmp_path, monkeypatch):
    """Articles cross from the parse workers as tuples: every field comes back equal, and a cased
    article's casing counts arrive with it (text.casing.offer), equal to counting them here (the
    first job, read in this process while the workers start, has them counted when learned from)."""
    from storyline.text import casing

    rows = [
        {"id": f"c{i}", "title": "Ferry news", "published": f"2031-05-0{1 + i % 9}", "extra": {"n": i},
         "text": f"PORT ELLIS (Northgate Press) -- The Kestrel Line ferry {i} sailed.\n\nMayor O'Dell said the Kestrel Line was late."}
        for i in range(60)
    ] + [{"id": f"t{i}", "text": f"the ferry {i} sailed , officials said .\nit was late ."} for i in range(60)]
    (tmp_path / "mixed.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    monkeypatch.setattr(read, "PARALLEL_BYTES", 500)
    monkeypatch.setattr(read, "LINES_PER_JOB", 7)
    serial = articles(tmp_path / "mixed.jsonl", workers=1)
    casing._READY.clear()
    parallel = articles(tmp_path / "mixed.jsonl", workers=2)
    assert parallel == serial and len(serial) == 120
    cased = [a for a in serial if not a.tokenized]
    assert len(cased) == 60 and serial[-1].tokenized
    for a in cased[7:]:
        text = casing.learning_text(a.text)
        assert casing._READY.pop(text) == casing.prepare(text)
    assert not casing._READY  # nothing for the first job's articles, nor for tokenized ones
    monkeypatch.setattr(read, "CASING_AHEAD", 14)  # every one early in the read (see read.CASING_AHEAD),
    assert articles(tmp_path / "mixed.jsonl", workers=2) == serial
    later = [a for a in cased[14:] if casing.sampled(a.id)]  # then those a store samples
    assert 5 <= len(later) <= 30
    assert sorted(casing._READY) == sorted(casing.learning_text(a.text) for a in cased[7:14] + later)
    casing._READY.clear()
    assert articles(tmp_path / "mixed.jsonl", workers=2, casing_ahead=False) == serial  # (a store past its first)
    assert sorted(casing._READY) == sorted(casing.learning_text(a.text) for a in cased[7:] if casing.sampled(a.id))
    casing._READY.clear()
