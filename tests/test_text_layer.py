"""The text layer: what it shares (analysis, calendar, agencies, speech verbs) and that it stands
below every stage (no import cycles, text/ imports nothing outside text/)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.model import Article, Sentence, to_jsonable
from storyline.summarize.units import make_unit
from storyline.text import analyse, content_stems, stems, words
from storyline.text.calendar import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTHS, WEEKDAYS
from storyline.text.casing import builtin_list
from storyline.text.dateline import AGENCIES, canonical_source, normalize_agency, parse_date
from storyline.text.speech import ATTRIBUTION, DISPLAY_SPEECH, REPORTED, SAID, SPEECH_VERBS

SRC = Path(__file__).resolve().parents[1] / "src"


# -- imports --------------------------------------------------------------------------------------


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted((SRC / "storyline").rglob("*.py")):
        parts = p.relative_to(SRC).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    return out


def _imports(nodes, top_only: bool):
    """Import statements, leaving out `if TYPE_CHECKING:` blocks (and, when top_only, function bodies)."""
    for n in nodes:
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            yield n
        elif isinstance(n, ast.If):
            if not (isinstance(n.test, ast.Name) and n.test.id == "TYPE_CHECKING"):
                yield from _imports(n.body, top_only)
            yield from _imports(n.orelse, top_only)
        elif isinstance(n, ast.Try):
            for block in (n.body, n.orelse, n.finalbody, *(h.body for h in n.handlers)):
                yield from _imports(block, top_only)
        elif not top_only and hasattr(n, "body"):
            yield from _imports(n.body, top_only)
            yield from _imports(getattr(n, "orelse", []), top_only)


def _targets(mods: dict[str, Path], node: ast.Import | ast.ImportFrom) -> set[str]:
    """The storyline modules an import statement loads (a submodule named in `from pkg import sub`
    counts as that submodule, the package only for other names)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in mods}
    assert node.level == 0, "storyline uses absolute imports"
    subs = {f"{node.module}.{a.name}" for a in node.names} & mods.keys()
    return subs | ({node.module} if len(subs) < len(node.names) and node.module in mods else set())


def _graph(top_only: bool = True) -> dict[str, set[str]]:
    mods = _modules()
    graph = {}
    for name, path in mods.items():
        nodes = _imports(ast.parse(path.read_text(encoding="utf-8")).body, top_only)
        graph[name] = set().union(*(_targets(mods, n) for n in nodes)) - {name}
    return graph


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for nxt in sorted(graph[name]):
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*path[path.index(nxt) :], nxt]))
            if nxt not in state:
                visit(nxt, [*path, nxt])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_text_and_model_import_no_stage():
    """text/ builds on nothing else of storyline; the model builds only on text/ (even in functions)."""
    graph = _graph(top_only=False)
    for name, deps in graph.items():
        if name.startswith("storyline.text") or name == "storyline.model":
            assert {d for d in deps if not d.startswith("storyline.text")} == set(), name


@pytest.mark.parametrize("module", sorted(m for m in _modules() if m.startswith("storyline.text")) + ["storyline.model"])
def test_imports_alone(module):
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)


# -- one analysis per sentence --------------------------------------------------------------------

TEXTS = [
    "BEIRUT (Reuters) - Syria's army, backed by Iran, said on Monday it took 3 towns.",
    "beirut ( reuters ) - syria s army , backed by iran , said ...",
    "-- A fourth mine was found , officials said .",
    "",
    "The U.S. and the UN: 93,000 people fled in 2017.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_analysis_is_the_tokens_of_the_text(text):
    a = analyse(text)
    assert a.words == words(text)
    assert a.stems == stems(text)
    assert a.content_stems == content_stems(text)
    assert len(a.kept) == len(a.words)


def test_sentence_analysis_is_computed_once_and_kept_out_of_data():
    s = Sentence(0, TEXTS[0], "shown", 0)
    assert s.analysis is s.analysis
    assert s.analysis.words == words(TEXTS[0])
    assert s == Sentence(0, TEXTS[0], "shown", 0)  # compare ignores the cache
    assert "analysis" not in repr(s)
    assert to_jsonable(s) == {"index": 0, "text": TEXTS[0], "display": "shown", "paragraph": 0}


@pytest.mark.parametrize("tokenized", [False, True])
def test_units_tokenize_the_quoted_text(tokenized):
    """A unit's tokens are those of the text it quotes: without the dateline of an opening sentence."""
    text = TEXTS[1] if tokenized else TEXTS[0]
    later = "and the army said it would stay ."
    article = Article("a", text, [Sentence(0, text), Sentence(5, later)], tokenized=tokenized)
    first, second = (make_unit(0, article, s) for s in article.sentences)
    assert first.tokens[:3] == ["syria", "s", "army"]
    assert second.tokens is article.sentences[1].analysis.words
    assert first.content == frozenset(content_stems(text)) - {"beirut", "reuter"}


# -- shared lists ---------------------------------------------------------------------------------


def test_calendar():
    assert [MONTHS[m] for m in MONTH_NAMES] == list(range(1, 13))
    assert MONTHS["sept"] == MONTHS["sep"] == 9 and "may" not in MONTH_ABBREVIATIONS
    assert all(MONTHS[m[:3]] == MONTHS[m] for m in MONTH_NAMES)  # datelines look months up by three letters
    assert list(WEEKDAYS) == ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    assert parse_date("Sept. 5, 2017").isoformat() == "2017-09-05"


def test_one_agency_list_two_uses():
    written = builtin_list("agencies")  # casing: written forms in running text
    assert written["associated press"] == "Associated Press" and written["dpa"] == "DPA"
    assert "aa" not in written and "cp" not in written and "the associated press" not in written  # [source]
    assert written["sputnik"] == "Sputnik" and written["usa today"] == "USA Today"
    assert AGENCIES["associated press"] == AGENCIES["the associated press"] == "AP"  # sources
    assert AGENCIES["dpa"] == "dpa" and AGENCIES["itar-tass"] == "TASS" and AGENCIES["aa"] == "Anadolu"
    assert "sputnik" not in AGENCIES and "new york times" not in AGENCIES  # [casing]
    assert normalize_agency("xinhua news agency") == "Xinhua" and canonical_source("ria") == "RIA Novosti"


def test_speech_verbs_share_a_base():
    assert SAID <= REPORTED and SAID <= SPEECH_VERBS <= DISPLAY_SPEECH and SPEECH_VERBS <= ATTRIBUTION
    assert "saying" in DISPLAY_SPEECH and "saying" not in ATTRIBUTION
    assert REPORTED - SAID == {"announced", "reported", "confirmed"}


def test_latin_letters_with_marks_are_the_words_of_their_plain_letters():
    from storyline.text.tokens import fold_one, rouge_words

    assert words("Erdoğan met Dvořák in Łódź and São Paulo") == ["erdogan", "met", "dvorak", "in", "lodz", "and", "sao", "paulo"]
    assert words("Erdogan met Dvorak in Lodz and Sao Paulo") == words("Erdoğan met Dvořák in Łódź and São Paulo")
    assert words("cafe\u0301 stra\u00dfe str\u00adike work\u200bers \uff34\uff4f\uff4b\uff59\uff4f \ufb01nancial") == [
        "cafe", "strasse", "strike", "workers", "tokyo", "financial"]  # fmt: skip
    assert words("“Syria’s” — ½ km² × Ελλάδα") == ["syria", "s", "km"]  # other text as it was
    assert rouge_words("Erdoğan") == ["erdo", "an"]  # evaluation tokenizes as ROUGE does
    text = "Police in İstanbul and Zürich, said Gonçalves."
    assert len(fold_one(text)) == len(text) and fold_one(text) == "Police in Istanbul and Zurich, said Goncalves."
