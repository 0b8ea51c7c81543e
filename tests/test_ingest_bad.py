"""Bad input: one clear line per bad file, naming it and the reason; the rest of the batch goes on."""

import codecs
import json
import os

import pytest

from storyline.ingest import ReadError, read_bytes, read_paths, read_text
from storyline.ingest.decode import decode
from storyline.model import Article

GOOD = "The ferry sailed at dawn, the port said. It came back at noon."


def read_all(*paths, **options) -> tuple[list[Article], list[ReadError]]:
    items = list(read_paths(list(paths), **options))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ReadError)]


def one_error(path, **options) -> str:
    found, errors = read_all(path, **options)
    assert not found and len(errors) == 1
    line = str(errors[0])
    assert "\n" not in line and line.startswith(f"{path}: ")
    return line[len(str(path)) + 2 :]


def test_read_error_is_one_line():
    error = ReadError("news/a.txt", "empty file")
    assert str(error) == "news/a.txt: empty file"


def test_binary_files(tmp_path):
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02 binary \x00 data " * 50)
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" * 20)
    (tmp_path / "noise.txt").write_bytes(bytes(range(128, 256)) * 40)
    assert one_error(tmp_path / "blob.bin") == "binary file (NUL bytes)"
    assert one_error(tmp_path / "report.pdf") == "binary file (PDF)"
    assert one_error(tmp_path / "noise.txt") == "not text (mostly undecodable bytes)"


def test_empty_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n\t\n")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "heading_only.md").write_text("# Just a title\n")
    assert one_error(tmp_path / "empty.txt") == "empty file"
    assert one_error(tmp_path / "blank.md") == "empty file"
    assert one_error(tmp_path / "empty.jsonl") == "empty file"
    assert one_error(tmp_path / "heading_only.md") == "no text in the Markdown"
    assert [str(e) for e in read_text(" \n", name="post")] == ["post: no text"]
    assert [str(e) for e in read_bytes(b"", name="upload")] == ["upload: empty file"]


def test_invalid_utf8_is_read_with_a_warning(tmp_path):
    path = tmp_path / "broken.txt"  # UTF-8 with one bad byte
    path.write_bytes("Le caf\u00e9 a rouvert lundi, a dit le maire.".encode() + b" \xff Les clients sont revenus.")
    (a,), errors = read_all(path)
    assert not errors
    assert "caf\u00e9 a rouvert" in a.text and "\ufffd Les clients" in a.text
    assert a.meta["warnings"] == ["invalid UTF-8: 1 undecodable byte sequence replaced"]


def test_undeclared_western_text_that_is_not_utf8_is_read_as_windows_1252(tmp_path):
    text = "Le caf\u00e9 a rouvert lundi \u2013 \u201cenfin\u201d, a dit le maire. Les clients sont revenus."
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    (a,), errors = read_all(tmp_path / "latin.txt")
    assert not errors and a.text == text  # "caf\ufffd" before
    assert a.meta["warnings"] == ["not UTF-8 and no charset declared: read as Windows-1252"]
    cyrillic = "\u041f\u0430\u0432\u043e\u0434\u043e\u043a \u0437\u0430\u0442\u043e\u043f\u0438\u043b \u0441\u0435\u043b\u0430."
    (tmp_path / "cp1251.txt").write_bytes(cyrillic.encode("cp1251"))
    assert one_error(tmp_path / "cp1251.txt") == "not text (mostly undecodable bytes)"  # not read as mojibake


def test_invalid_utf8_in_one_json_line(tmp_path):
    path = tmp_path / "rows.jsonl"
    good = json.dumps({"text": GOOD}).encode()
    bad = json.dumps({"text": "Le caf\u00e9 a rouvert. Les clients sont revenus."}, ensure_ascii=False).encode("latin-1")
    path.write_bytes(good + b"\n" + bad + b"\n")
    (first, second), errors = read_all(path)
    assert not errors and "warnings" not in first.meta and "caf\u00e9" in second.text
    assert second.meta["warnings"] == ["not UTF-8 and no charset declared: read as Windows-1252"]


def test_declared_charset_is_honoured(tmp_path):
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\u00e9 news</title></head><body><article>'
        "<p>Le caf\u00e9 du port a rouvert ses portes lundi matin apr\u00e8s trois semaines de travaux, a dit le maire.</p>"
        "<p>Les clients sont revenus d\u00e8s l'ouverture et la terrasse \u00e9tait pleine \u00e0 midi.</p>"
        "</article></body></html>"
    ).encode("latin-1")
    (tmp_path / "page.html").write_bytes(page)
    (a,), errors = read_all(tmp_path / "page.html")
    assert not errors and "caf\u00e9" in a.text and "warnings" not in a.meta


def test_a_declared_latin_1_is_read_as_windows_1252(tmp_path):
    # as browsers read it: most pages that say iso-8859-1 are windows-1252, with its quotes and dashes at 0x80-0x9F
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><article><p>\u201cThe caf\u00e9 reopened\u201d \u2013 '
        "the mayor said on Monday that the port caf\u00e9 of Kellerby had reopened after three weeks.</p></article></body></html>"
    ).encode("cp1252")
    (tmp_path / "page.html").write_bytes(page)
    (a,), errors = read_all(tmp_path / "page.html")
    assert not errors and a.text.startswith("\u201cThe caf\u00e9 reopened\u201d \u2013 the mayor") and "warnings" not in a.meta


def test_charset_labels_are_read_as_browsers_read_them():
    pages = {  # a character only the Windows superset has, under the label pages use
        "shift_jis": "\u2460 \u9ad9\u6a4b\u3055\u3093\u304c\u6765\u305f\u3002",  # circled 1, the ladder "taka"
        "gb2312": "\u6731\u9555\u57fa\u603b\u7406\u8bf4\u3002",  # Zhu Rongji: GBK
        "euc-kr": "\ub620\uc591\uafcd \uc2dd\ub2f9\uc774 \ubb38\uc744 \uc5f4\uc5c8\ub2e4.",  # cp949
    }
    superset = {"shift_jis": "cp932", "gb2312": "gbk", "euc-kr": "cp949"}
    for label, text in pages.items():
        html = f'<html><head><meta charset="{label}"></head><body><p>{text}</p></body></html>'
        assert decode(html.encode(superset[label])) == (html, []), label  # went to UTF-8 with replacements before
    cyrillic = "\u041f\u0430\u0432\u043e\u0434\u043e\u043a \u0437\u0430\u0442\u043e\u043f\u0438\u043b \u0442\u0440\u0438 \u0441\u0435\u043b\u0430."
    assert decode(cyrillic.encode("cp1251"), "windows-1251") == (cyrillic, [])  # an HTTP header's label
    assert decode(cyrillic.encode(), "iso-8859-1") == (cyrillic, [])  # UTF-8 stays UTF-8 whatever the label says
    text, warnings = decode(codecs.BOM_UTF8 + f"{GOOD} Caf".encode() + b"\xff")
    assert text == f"{GOOD} Caf\ufffd" and warnings == ["invalid UTF-8: 1 undecodable byte sequence replaced"]  # silent before


def test_a_charset_label_that_names_no_text_encoding_is_no_label():
    """Python's codecs that transform bytes (zlib, base64, rot13), encode host names or escapes, fail
    on every byte, or are UTF-7: a label naming one is read as no label, whether an HTTP header gives
    it or the page declares it (a LookupError or UnicodeError went up to the caller before)."""
    body = "Caf\u00e9 owners in Kellerby reopened on Monday after the floods."
    for label in ("rot13", "zlib", "base64", "hex", "uu", "undefined", "punycode", "idna", "unicode_escape", "utf-7"):
        page = f'<html><head><meta charset="{label}"></head><body><p>{body}</p></body></html>'
        text, warnings = decode(page.encode("cp1252"))
        assert text == page and warnings == ["not UTF-8 and no charset declared: read as Windows-1252"], label
        assert decode(body.encode("cp1252"), label) == (body, ["not UTF-8 and no charset declared: read as Windows-1252"]), label


def test_a_json_lines_file_in_utf_16_is_read_record_by_record(tmp_path):
    rows = [json.dumps({"id": f"u{k}", "text": f"Das Wasser stieg in Z\u00fcrich am Tag {k}. {GOOD}"}, ensure_ascii=False) for k in range(3)]
    for codec, end in (("utf-16", "\n"), ("utf-32", "\r\n")):
        (tmp_path / f"{codec}.jsonl").write_bytes((end.join(rows) + end).encode(codec))
        found, errors = read_all(tmp_path / f"{codec}.jsonl")
        assert not errors and [a.id for a in found] == ["u0", "u1", "u2"] and "Z\u00fcrich" in found[2].text, codec


def test_files_above_the_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(GOOD * 100)
    assert one_error(big, max_bytes=1000) == f"file is {big.stat().st_size:,} bytes, above the size limit of 1,000"
    rows = tmp_path / "rows.jsonl"  # JSON Lines: the limit applies to each record
    rows.write_text("\n".join([json.dumps({"text": GOOD}), json.dumps({"text": GOOD * 50}), json.dumps({"text": GOOD})]))
    found, errors = read_all(rows, max_bytes=1000)
    assert len(found) == 2
    assert [str(e) for e in errors] == [f"{rows}: line 2: record is above the size limit of 1,000 bytes"]
    (bad,) = read_bytes(b"x" * 2000, name="upload", max_bytes=1000)
    assert str(bad) == "upload: input is 2,000 bytes, above the size limit of 1,000"


def test_malformed_json_lines_name_the_line(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": GOOD}),
                '{"id": "b", "text": "unterminated',
                "[1, 2]",
                json.dumps({"id": "d", "title": "no body"}),
                "",
                json.dumps({"id": "f", "text": GOOD, "published": "someday", "title": {"x": 1}, "source": ["A", "B"]}),
                json.dumps({"id": True, "text": GOOD.replace(".", "!"), "url": 7, "place": "  "}),
            ]
        )
    )
    found, errors = read_all(path)
    assert [a.id for a in found][:2] == ["a", "f"] and len(found) == 3
    assert [str(e)[len(str(path)) + 2 :] for e in errors] == [
        "line 2: not valid JSON (Unterminated string starting at column 21)",
        "line 3: not a JSON object",
        'line 4: no text (expected a non-empty "text" field)',
    ]
    assert found[1].published is None
    assert found[1].origin.endswith(":6") and found[1].title is None and found[1].source is None
    assert found[1].meta["warnings"] == [
        "unrecognised publication date 'someday'", "title left out: not text (a JSON object)",
        "source left out: not text (a JSON list)",
    ]  # fmt: skip
    assert found[2].meta["warnings"] == ["id left out: not text (a JSON boolean)", "url left out: not text (a JSON number)"]
    assert found[2].id not in ("True", "true")  # the content's id


def test_malformed_json_file(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{"text": "no end"')
    assert one_error(path).startswith("not valid JSON (")


def test_unreadable_paths(tmp_path):
    file = tmp_path / "a.txt"
    file.write_text(GOOD)
    assert one_error(tmp_path / "missing.txt") == "no such file or directory"
    assert one_error(file / "inside.txt") == "not a directory"  # a file used as a directory
    assert one_error(tmp_path / "missing.jsonl") == "no such file or directory"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert one_error(fifo) == "not a regular file"  # never blocks on a pipe


def test_directory_given_where_a_file_is_expected(tmp_path):
    from storyline.ingest import read_file

    folder = tmp_path / "folder.txt"
    folder.mkdir()
    (error,) = read_file(folder)
    assert str(error) == f"{folder}: is a directory"


HOSTILE = """<!DOCTYPE html><html><head><title>Storm update</title>
<script>var x = "SCRIPT-HEAD";</script><style>body{}</style>
<meta http-equiv="refresh" content="0;url=javascript:alert('META-REFRESH')"></head>
<body onload="alert('BODY-ONLOAD')">
<img src=x onerror="alert('ONERROR')">
<div title="{huge}">
<article><p>The storm weakened overnight and moved out to sea, the weather office said on Sunday morning.</p>
<p>Power was restored to most homes by noon, and schools will open as usual on Monday, officials said.</p>
<script>document.write('SCRIPT-BODY')</script><noscript>NOSCRIPT-TEXT</noscript>
<a href="javascript:alert('JS-LINK')">more</a>
<p>Crews were still clearing fallen trees from the coast road late in the afternoon, police said.</p>
<iframe srcdoc="<p>IFRAME-TEXT</p>"></iframe><svg><script>alert('SVG-SCRIPT')</script></svg>
</article></div>{nested}<p unclosed>tail
</body></html>"""


def test_hostile_html(tmp_path):
    page = HOSTILE.replace("{huge}", "A" * 5_000_000).replace("{nested}", "<div>" * 3000 + "</div>" * 3000)
    (tmp_path / "hostile.html").write_text(page)
    (tmp_path / "after.txt").write_text(GOOD)
    found, errors = read_all(tmp_path / "hostile.html", tmp_path / "after.txt")
    assert len(found) + len(errors) == 2 and found[-1].origin.endswith("after.txt")  # the batch goes on
    if errors:  # refusing the page is acceptable; it must not raise or leak script text
        assert len(errors) == 1 and "hostile.html" in str(errors[0])
        return
    page_article = found[0]
    assert "The storm weakened overnight" in page_article.text
    for marker in ("SCRIPT", "ONLOAD", "ONERROR", "NOSCRIPT", "JS-LINK", "IFRAME", "META-REFRESH", "alert", "AAAA"):
        assert marker not in page_article.text


def test_hostile_feed_content_is_stripped():
    feed = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Storm &lt;script&gt;alert(1)&lt;/script&gt; passes</title>
<description>&lt;p onclick="alert('CLICK')"&gt;The storm passed.&lt;/p&gt;&lt;script&gt;alert('FEED-SCRIPT')&lt;/script&gt;&lt;style&gt;p{}&lt;/style&gt;</description>
</item></channel></rss>"""
    (a,) = read_text(feed, name="wire.xml")
    assert a.text == "The storm passed."
    assert "script" not in a.title and "alert" not in a.title


def test_not_a_feed(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text('<?xml version="1.0"?><inventory><item>bolts</item></inventory>')
    assert one_error(path) == "not an RSS or Atom feed"
    empty = tmp_path / "empty_feed.rss"
    empty.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert one_error(empty) == "feed has no entries"


@pytest.mark.parametrize("text", ["<html><body><script>alert(1)</script></body></html>", "<html></html>"])
def test_html_without_article_text(text):
    (error,) = read_text(text, name="empty.html")
    assert str(error) == "empty.html: no article text found in the HTML"


def test_a_bad_batch_still_reads_the_good_files(tmp_path):
    (tmp_path / "1.txt").write_text(GOOD)
    (tmp_path / "2.bin").write_bytes(b"\x00" * 100)
    (tmp_path / "3.txt").write_bytes(b"")
    (tmp_path / "4.jsonl").write_text('{"text": "A good row. It reads."}\nnot json\n')
    (tmp_path / "5.txt").write_text("Another good report. It reads too.")
    found, errors = read_all(tmp_path, tmp_path / "nope.txt")
    assert [a.origin.rsplit("/", 1)[-1] for a in found] == ["1.txt", "4.jsonl:1", "5.txt"]
    assert [str(e).rsplit("/", 1)[-1] for e in errors] == [
        "2.bin: binary file (NUL bytes)",
        "3.txt: empty file",
        "4.jsonl: line 2: not valid JSON (Expecting value at column 1)",
        "nope.txt: no such file or directory",
    ]


def test_a_reader_bug_becomes_a_read_error(tmp_path, monkeypatch):
    import storyline.ingest.read as read

    def broken(text, **options):
        raise RuntimeError("boom")

    monkeypatch.setitem(read.READERS, "markdown", broken)
    (tmp_path / "a.md").write_text("# T\n\nBody. More.")
    (tmp_path / "b.txt").write_text(GOOD)
    found, errors = read_all(tmp_path)
    assert [str(e).rsplit("/", 1)[-1] for e in errors] == ["a.md: could not be read (RuntimeError: boom)"]
    assert len(found) == 1


def test_html_with_noncharacters_reads():
    # lxml refuses U+FFFE / U+FFFF as element text (hypothesis found it in a feed title: "&\ud800\ufffe")
    from storyline.ingest.html import html_to_text

    assert html_to_text("&\ud800\ufffe") == "&\ufffd\ufffd"
    assert html_to_text("<p>a\uffffb</p>x<br>\ufffe") == "a\ufffdb\n\nx \ufffd"


def test_marks_stacked_on_a_letter_are_cut_to_three_with_a_warning():
    zalgo = "Z" + "\u0302\u0303\u0304\u0305\u0306\u0307" * 40 + "algo reports flooded the Osk valley. Boats came."
    (a,) = read_text(zalgo, name="z.txt")
    assert a.sentences[0].text == "\u1e90\u0303\u0304\u0305algo reports flooded the Osk valley."  # Z and ^ composed
    assert a.meta["warnings"] == ["236 stacked combining marks removed"]
    (v,) = read_text("Nguye\u0302\u0303n Van An said the Osk valley flooded.", name="v.txt")  # Vietnamese keeps both
    assert v.text.startswith("Nguy\u1ec5n Van An") and "warnings" not in v.meta


def test_a_huge_word_and_a_long_run_of_credits_are_read_in_one_pass():
    """Lowercased copy holding a word of 900,000 letters, and a line of 13,000 photo credits (each
    under build.MAX_TEXT): the sentence split reads each word and each credit once (a split that
    went back over the line for every end mark or credit took hours on these)."""
    from storyline.ingest.build import build_article

    lowered = "the ferry , said officials . " * 200 + "A" + "b" * 900_000 + " was seen . it sailed gov. Ada quint said ."
    article = build_article(lowered, tokenized=True)
    assert len(article.sentences) == 202
    assert article.sentences[-2].text.startswith("Abbb") and article.sentences[-2].text.endswith(" was seen .")
    assert article.sentences[-1].text == "it sailed gov. Ada quint said ."
    credits = "The ferry left. (Photo: Ada Quint) the ferry left port alder at noon today " * 13_000
    article = build_article(credits)
    assert sum(s.text.endswith("(Photo: Ada Quint)") for s in article.sentences) >= 12_900 and "warnings" not in article.meta


def test_a_body_of_megabytes_is_cut_at_a_space_with_a_warning():
    """A news report runs to a few hundred thousand characters at most (a live page); megabytes are a
    book or input gone wrong, and would cost every stage seconds: cut at build.MAX_TEXT, at a space."""
    from storyline.ingest.build import MAX_TEXT, build_article

    report = "The ferry from Port Alder reached Kestrel Bay at noon, two hours late after a storm. "
    full = report * 30_000
    article = build_article(full, id="long")
    assert MAX_TEXT - 20 < len(article.text) <= MAX_TEXT and full.startswith(article.text) and full[len(article.text)] == " "
    assert article.meta["warnings"] == [f"text of {len(full):,} characters cut to {MAX_TEXT:,}"]
    assert article.sentences[-2].text == report.strip() and len(article.sentences) == len(article.text) // len(report) + 1
    word = build_article("A" + "b" * 2 * MAX_TEXT, id="word")  # no space in reach: cut where the limit falls
    assert len(word.text) == MAX_TEXT and word.meta["warnings"]


def test_an_article_made_without_a_sentence_is_reported_and_the_rest_stored(db_url):
    import storyline
    from storyline.ingest.build import build_article

    empty = Article(id="empty-1", text="")  # as an API caller might make one
    good = build_article(GOOD, id="good-1")
    seen = []
    with storyline.open(db_url) as engine:
        result = engine.add_articles([empty, good], progress=seen.append)
        assert result.added == ["good-1"]
        assert result.failed == ["empty-1: no text (an article needs a sentence)"]
        assert [str(i) for i in seen if isinstance(i, ReadError)] == result.failed
        assert not engine.has_article("empty-1") and len(engine.stories()) == 1
