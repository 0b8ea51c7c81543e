"""The summarizer on a story written for these tests: citations, budget, redundancy, methods, rendering."""

import datetime as dt
import itertools
import json
import subprocess
import sys

import pytest
from conftest import assert_quoted

from storyline.cli.main import main
from storyline.ingest import build_article
from storyline.summarize import METHODS, ConceptILP, Rules, concepts, filters, ilp, near_duplicate, summarize, to_json, to_text
from storyline.summarize.filters import fills, leans_back, standalone
from storyline.summarize.units import make_units
from storyline.text.tokens import stem, word_count

MONDAY = """\
Floodwater from the swollen Varna river broke through the old dam above the town of Kellerby on Monday, forcing about 4,000 residents to leave their homes.

The regional governor, Ilse Marten, declared an emergency for the whole valley and asked the army for boats and helicopters.

Rescue crews pulled at least 60 people from rooftops in the lower town, the fire service said.

The dam, built in 1931, had been listed for repairs since 2015, according to a report by the regional water authority.

Why did nobody act sooner?

Schools and the main hospital in Kellerby were closed and patients were moved to the city of Drossen by bus.
"""

WEDNESDAY = """\
Two people were found dead in a flooded farmhouse near Kellerby on Wednesday, the first deaths since the Varna river broke through the old dam, police said.

Floodwater from the swollen Varna river broke through the old dam above Kellerby on Monday, forcing about 4,000 residents to leave their homes.

Engineers began closing the breach with sandbags and rock on Wednesday and expect the water to fall by the weekend, the regional water authority said.

The regional governor, Ilse Marten, declared an emergency for the whole valley on Monday and asked the army for help.

The national government promised 20 million euros in aid for farmers whose harvest was destroyed.

By Anna Kovac
"""

FRIDAY = """\
Floodwater from the swollen Varna river broke through the old dam above the town of Kellerby on Monday, forcing about 4,000 residents to leave.

The regional governor Ilse Marten declared an emergency for the whole valley and asked the army for boats and helicopters.

Rescue crews pulled at least 60 people from rooftops in the lower town, the fire service said on Monday.
"""


@pytest.fixture
def story():
    return [
        build_article(MONDAY, id="mon", title="Dam breaks above Kellerby", source="Valley News",
                      published=dt.date(2031, 3, 3)),
        build_article(WEDNESDAY, id="wed", title="Two found dead as Kellerby flood spreads", source="Valley News",
                      published=dt.date(2031, 3, 5)),
    ]  # fmt: skip


def _check(summary, articles, words):
    by_id = {a.id: a for a in articles}
    for s in summary.sentences:
        source = by_id[s.article_id].sentences[s.sentence_index]
        assert_quoted(s, source)
    assert sum(word_count(s.text) for s in summary.sentences) <= words
    units = {(u.article.id, u.position): u for u in make_units(articles)}
    chosen = [units[(s.article_id, s.sentence_index)] for s in summary.sentences]
    for a, b in itertools.combinations(chosen, 2):
        assert not near_duplicate(a.content, b.content)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("words", [15, 40, 100])
def test_every_method_cites_verbatim_within_budget(story, method, words):
    summary = summarize(story, words=words, method=method)
    _check(summary, story, words)
    assert summary.method == method and summary.words == words
    if method != "lead" and words >= 40:
        assert summary.sentences


def test_default_covers_both_reports_in_date_order(story):
    summary = summarize(list(reversed(story)), words=100)
    assert set(summary.article_ids) == {"mon", "wed"}
    order = [(s.article_id != "mon", s.sentence_index) for s in summary.sentences]
    assert order == sorted(order)
    assert summary.article_ids == list(dict.fromkeys(s.article_id for s in summary.sentences))


QUESTION = "Will the toll bridge at Tamsin reopen before the spring ferry season begins there?"
CAPTION = "Image caption Cracks run along the toll bridge at Tamsin, closed since the storm on Friday."
BRIDGE = [
    ("The toll bridge at Tamsin was closed on Friday after a storm cracked two of its piers, the county said.",
     QUESTION, "Traffic was sent along the coast road, adding an hour to trips into Tamsin."),
    ("Engineers inspected the toll bridge at Tamsin on Saturday and found cracks in two piers after the storm.",
     CAPTION, "The county said repairs to the bridge would cost about 2 million pounds."),
    ("Ferry operators in Tamsin said bookings rose after the toll bridge closed on Friday.",
     "The county said the toll bridge at Tamsin would stay closed until the piers are repaired.",
     "Shops near the bridge in Tamsin said trade fell by half over the weekend."),
]


def test_filtered_sentences_are_never_chosen(story):
    for method in METHODS:
        texts = [s.text for s in summarize(story, words=200, method=method).sentences]
        assert "Why did nobody act sooner?" not in texts
        assert "By Anna Kovac" not in texts
    # as long as news sentences and full of the story's words: only the filters keep them out
    bridge = [build_article("\n\n".join(p), id=f"b{i}", published=dt.date(2031, 3, 3 + i)) for i, p in enumerate(BRIDGE)]
    for method in METHODS:
        texts = [s.text for s in summarize(bridge, words=60, method=method).sentences]
        assert texts and QUESTION not in texts and CAPTION not in texts, method


# A page of the story's site that is mostly web chrome: its sentences speak of the flood, but the
# page is the archive's and the sharing tools', not a report.
WEB_PAGE = """\
The Kellerby dam page of the Valley News website was archived by the web archive on Monday, with its photos and video of the flood.

Readers can share the Kellerby flood video on Facebook and Twitter and comment on the dam photos online.

The Valley News app shows the Kellerby flood photos and a video gallery of the dam, updated online every hour.
"""


def test_a_page_of_web_chrome_gives_no_summary_sentence_unless_the_story_is_only_such_pages(story):
    page = build_article(WEB_PAGE, id="web", published=dt.date(2031, 3, 4))
    for method in METHODS:
        summary = summarize([*story, page], words=400, method=method)
        assert summary.sentences and "web" not in summary.article_ids, method
    kept = ConceptILP(chrome_share=1.01).summarize([*story, page], words=400)
    assert "web" in kept.article_ids  # the rule, not the filters, keeps the page out
    assert summarize([page], words=100).article_ids == ["web"]


def test_the_repeated_dam_sentence_appears_once(story):
    friday = build_article(FRIDAY, id="fri", source="Valley News", published=dt.date(2031, 3, 7))
    for words in (100, 300):  # 300: room enough for every copy of it (the words per sentence count too)
        for method in METHODS:
            texts = " ".join(s.text for s in summarize([*story, friday], words=words, method=method).sentences)
            assert texts.count("broke through the old dam above") == 1, (method, words)


def test_unknown_method_is_refused(story):
    with pytest.raises(ValueError, match="unknown method"):
        summarize(story, method="magic")


def test_empty_input_gives_empty_summary():
    summary = summarize([], words=100)
    assert summary.sentences == [] and not summary.nothing_new


def test_render_text_and_json(story):
    summary = summarize(story, words=100)
    text = to_text(summary, story)
    assert "[1]" in text and "[2]" in text
    assert "Sources:" in text and "Dam breaks above Kellerby — Valley News, 2031-03-03" in text
    data = json.loads(json.dumps(to_json(summary, story)))
    assert [a["id"] for a in data["articles"]] == summary.article_ids
    first = data["sentences"][0]
    assert set(first) >= {"text", "original", "article_id", "sentence_index"}
    assert data["articles"][0]["published"] in ("2031-03-03", "2031-03-05")


def test_branch_and_bound_matches_highs():
    import random

    rng = random.Random(7)
    for _ in range(40):
        n, m = rng.randint(2, 18), rng.randint(6, 30)
        concepts = [rng.sample(range(m), rng.randint(1, 5)) for _ in range(n)]
        weights = [rng.choice([0.5, 1.0, 2.0, 3.5]) for _ in range(m)]
        lengths = [rng.randint(5, 30) for _ in range(n)]
        clashes = [(i, k) for i in range(n) for k in range(i + 1, n) if rng.random() < 0.1]
        model = ilp.build(weights, concepts, lengths, 50, clashes)
        ours, proved = ilp.branch_and_bound(model)
        assert proved
        assert sum(lengths[i] for i in ours) <= 50
        assert not any(i in ours and k in ours for i, k in clashes)
        assert model.value(ours) == pytest.approx(model.value(ilp.solve_highs(model)))


def test_highs_stops_at_a_number_of_nodes_not_at_a_time():
    # a model branch and bound cannot prove in its nodes: HiGHS's answer is the same whatever the
    # clock allows (it was cut by a 10 s wall-clock limit alone, so a busy machine summarized otherwise)
    import numpy as np

    rng = np.random.default_rng(7)
    concepts = [list(np.flatnonzero(rng.random(300) < 0.05)) for _ in range(80)]
    model = ilp.build(rng.integers(1, 10, 300).astype(float), concepts, rng.integers(8, 40, 80), 400)
    start, proved = ilp.branch_and_bound(model, 50)
    assert not proved
    answers = {tuple(ilp.solve_highs(model, start, time_limit=limit, max_nodes=3)) for limit in (30.0, 1e6)}
    assert len(answers) == 1 and model.value(answers.pop()) >= model.value(start)
    assert ConceptILP().highs_nodes == ilp.HIGHS_NODES and ilp.TIME_LIMIT >= 30


def test_cli_summarize_files(tmp_path, capsys):
    (tmp_path / "mon.txt").write_text(MONDAY)
    (tmp_path / "wed.txt").write_text(WEDNESDAY)
    assert main(["summarize", str(tmp_path / "mon.txt"), str(tmp_path / "wed.txt"), "--words", "60"]) == 0
    out = capsys.readouterr().out
    assert "[1]" in out and "Sources:" in out
    assert main(["summarize", str(tmp_path), "--json", "--method", "lexrank"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "lexrank" and data["sentences"]
    assert sum(word_count(s["text"]) for s in data["sentences"]) <= 100


def test_cli_summarize_needs_input(capsys):
    assert main(["summarize"]) == 2
    assert "nothing to summarize" in capsys.readouterr().err


def test_candidates_come_from_the_lead_and_for_an_update_a_little_further():
    line = "Inspectors at pier {} counted {} crates of grain on the morning shift."
    text = "\n\n".join(line.format(i, i + 3) for i in range(40))
    units = make_units([build_article(text, id="piers")])
    seen = make_units([build_article("The harbour opened a new customs office in March.", id="seen")])
    assert len(units) == 40
    ilp_method = ConceptILP()
    plain = ilp_method.candidates(units, 100)
    update = ilp_method.candidates(units, 100, seen)
    assert [u.position for u in plain] == list(range(ilp_method.lead_reach))
    assert [u.position for u in update] == list(range(ilp_method.update_reach))
    assert ilp_method.lead_reach < ilp_method.update_reach < 40


WIRE = """\
KELLERBY (Valley Wire) -- Floodwater broke through the old dam above the town of Kellerby on Monday, forcing about 4,000 residents from their homes.

(STORY MAY BE CUT HERE. MORE DETAIL BELOW)

_ Schools in the lower town of Kellerby stay closed until the floodwater has gone, the council said.

The regional governor declared an emergency for the whole valley and asked the army for boats.
"""


def test_concepts_have_no_empty_stems():
    assert stem("s") == "s" and stem("forces") == "forc"
    (unit,) = make_units([build_article("The U.S. army's forces left.")])
    assert all(all(part for part in c.split(" ")) for c in unit.bigrams)
    assert "armi s" in unit.bigrams


def test_summary_sentences_leave_the_dateline_to_the_citation():
    article = build_article(WIRE, id="wire", published=dt.date(2031, 3, 3))
    lead, note, item, governor = article.sentences
    assert lead.text.startswith("KELLERBY (Valley Wire) --") and note.text.startswith("(STORY")
    # the budget counts the words shown: the lead without its dateline and the governor fit in 36
    shown = word_count(lead.text) - 3 + word_count(governor.text)
    assert shown == 36
    summary = summarize([article], words=shown)
    assert [s.sentence_index for s in summary.sentences] == [0, 3]
    first = summary.sentences[0]
    assert first.text.startswith("Floodwater broke") and first.original == lead.text
    assert summary.word_count == shown
    # the source list names the article by its lead without the dateline, and carries what the dateline said
    assert "[1] Floodwater broke through the old dam" in to_text(summary, [article])
    assert "— Valley Wire, Kellerby, 2031-03-03" in to_text(summary, [article])
    assert to_json(summary, [article])["articles"][0]["place"] == "Kellerby"


def test_editors_notes_and_list_items_do_not_stand_alone():
    units = make_units([build_article(WIRE, id="wire")])
    assert [standalone(u) for u in units] == [True, False, False, True]


LEANING = (
    "Floodwater broke through the old dam above Kellerby on Monday and flooded the lower town.\n\n"
    "It also cut the railway line to Marrowby and the power station that serves the valley.\n\n"
    "The council opened the school hall on the hill above the harbour to families from the lower town on Monday night."
)
QUOTED = (
    "The harbour master, Jonas Webb, spoke to reporters at the landing stage on Tuesday morning.\n\n"
    '"We will have the ferry to Marrowby running again within a week if the weather holds."\n\n'
    "The council opened the school hall on the hill above the harbour to families from the lower town on Monday night."
)


@pytest.mark.parametrize("text", [LEANING, QUOTED], ids=["pointing back", "quotation without its speaker"])
def test_a_sentence_that_leans_back_comes_only_after_the_sentence_it_leans_on(text):
    article = build_article(text, id="lean")
    first, leaning, hall = make_units([article])
    assert standalone(first) and standalone(hall) and not leans_back(first)
    assert not standalone(leaning) and leans_back(leaning) and not fills(leaning)
    # room for the first sentence and one more: only the one that leans on it fits
    both = first.length + leaning.length
    assert first.length + hall.length > both
    assert [s.sentence_index for s in summarize([article], words=both).sentences] == [0, 1]
    # room for one: the leaning sentence is never taken without the one before it
    assert [s.sentence_index for s in summarize([article], words=leaning.length).sentences] == [0]


LONG = (
    "The storm that closed the Marrowby ferry on Monday also brought down power lines across the "
    "northern half of the valley, flooded the cellars of more than two hundred houses along the "
    "harbour road, cut the coast railway between Kellerby and Drossen for most of the day and left "
    "the fishing fleet at anchor in the outer bay until the wind dropped late in the evening."
)
SHORT_STORY = "The ferry to Marrowby stopped running on Monday after the storm damaged its landing stage.\n\n" + LONG
BRIEFS = "\n\n".join(
    f"The {name} council met on Monday to count the cost of the storm to its {thing}."
    for name, thing in [("Kellerby", "roads"), ("Drossen", "schools"), ("Marrowby", "harbour"),
                        ("Saltcote", "farms"), ("Fenmarch", "bridges"), ("Halvern", "parks"),
                        ("Ravensholt", "clinics"), ("Tessaro", "markets"), ("Alder", "docks")]
)  # fmt: skip


def test_a_short_story_fills_its_budget_with_sentences_too_long_to_stand_in_a_longer_one():
    article = build_article(SHORT_STORY, id="storm")
    first, long = make_units([article])
    assert standalone(first) and not standalone(long) and fills(long)
    assert long.length > Rules().max_words and first.length + long.length <= 100
    assert [s.sentence_index for s in summarize([article], words=100).sentences] == [0, 1]
    # with standalone sentences enough to fill the budget the long one is no candidate, unless they
    # hold less than two budgets (pairs_below): a short story's summary keeps most of it
    story = build_article(BRIEFS + "\n\n" + LONG, id="briefs")
    units = make_units([story])
    assert 100 <= sum(u.length for u in units if standalone(u)) < 200
    assert units[-1] not in ConceptILP(pairs_below=1.0).candidates(units, 100)
    assert units[-1] not in ConceptILP(anchorless=False).candidates(units, 100)
    assert units[-1] in ConceptILP().candidates(units, 100)
    assert len(story.sentences) - 1 not in [s.sentence_index for s in ConceptILP(pairs_below=1.0).summarize([story], words=100).sentences]


def test_lowercased_wire_copy_cut_off_mid_sentence_gives_no_fragment():
    lines = [
        "tamsin ( valley wire ) - the harbour authority of tamsin reopened the north pier on monday after a week of repairs .",
        "about 40 fishing boats had waited outside the harbour since the storm damaged the pier last sunday .",
        "the authority said the south pier would stay shut until the engineers of port alder had checked its",
    ]  # a feed or a data set cut the last line short
    article = build_article("\n".join(lines), id="pier")
    assert article.tokenized
    *whole, cut = make_units([article])
    assert all(standalone(u) for u in whole) and not standalone(cut) and not fills(cut)
    assert [s.sentence_index for s in summarize([article], words=100).sentences] == [0, 1]  # [0, 1, 2] before


def test_the_solver_prints_nothing_to_stdout():
    # HiGHS's Python wrapper prints a banner on stdout when it is made; `--json` output must stay JSON
    code = (
        "from storyline.summarize import ilp\n"
        "model = ilp.build([1.0, 2.0], [[0], [1]], [5, 5], 8, [])\n"
        "print(ilp.solve_highs(model))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[1]\n"


def test_a_sentence_that_mostly_quotes_is_no_standalone_sentence_but_may_fill():
    text = "\n\n".join([
        "Halvern (Wire) - The city council voted on Monday to close the old Quay Street bridge to cars.",
        '"We cannot keep patching a bridge that was built for horses and carts," council leader Ida Marsh said.',
        'The council said the bridge would stay open to people on foot and would be "looked at again" next year.',
    ])  # fmt: skip
    lead, quote, reported = make_units([build_article(text, id="bridge")])
    assert filters.mostly_quoted(quote.shown) and not filters.mostly_quoted(reported.shown)
    assert standalone(lead) and standalone(reported) and not standalone(quote)
    assert fills(quote)  # a story too short for its budget may still take it
    assert quote in ConceptILP().candidates([lead, quote, reported], 100)
    assert quote not in ConceptILP(pairs_below=1.0).candidates([lead, quote, reported], 30)
    assert quote in ConceptILP().candidates([lead, quote, reported], 30)  # standalone: under two budgets


def test_a_story_in_another_script_says_why_it_has_no_summary():
    articles = [build_article("Снег выпал в Москве в понедельник. Дороги закрыты до вечера.", id="r1"),
                build_article("Снег выпал в Москве во вторник. Дороги снова закрыты.", id="r2")]
    assert to_text(summarize(articles, words=100), articles) == (
        "No summary: storyline summarizes text in the Latin alphabet (by English rules), and these articles have none."
    )  # "no sentence could stand on its own" before



# each report's news: no two share a concept, nor any with the background
LEVEE_NEWS = [
    "Pumps brought from Port Alder cleared a flooded rail yard on Tuesday.",
    "Classes will resume in an old mill building next week, teachers said.",
    "Insurers opened a claims office beside the market square on Thursday morning.",
    "Volunteers sealed a second breach near the brewery before dawn.",
    "Soldiers drove forty trucks of sand and gravel up from Kestrel Bay.",
    "Electricity came back to most homes late on Saturday, engineers said.",
]
LEVEE_BACKGROUND = (
    "The Halvern levee broke a week ago after three days of heavy rain on the hills above the town.",
    "About 2,000 residents of the lower town have spent the week in shelters and with relatives.",
    "The river has fallen steadily since the weekend, the water board said on its website.",
)


def test_each_reports_news_counts_when_the_budget_has_room_for_every_lead():
    # six reports, each opening with news no other report carries, then the background they share
    articles = [
        build_article("\n\n".join([lead, *LEVEE_BACKGROUND[i % 3 :], *LEVEE_BACKGROUND[: i % 3]]), id=f"r{i}",
                      published=dt.date(2031, 5, 3 + i))
        for i, lead in enumerate(LEVEE_NEWS)
    ]  # fmt: skip
    units = make_units(articles)
    assert sum(u.length for u in units if u.position == 0) <= ConceptILP().lead_room * 100
    assert ConceptILP().has_room(units, 100) and not ConceptILP().has_room(units, 30)
    first = concepts.spread(units)
    news = set().union(*(u.bigrams for u in units if u.position == 0))
    assert news <= set(concepts.weigh(first, 2, leads=True)) and news.isdisjoint(concepts.weigh(first, 2))

    def leads(**params):
        summary = ConceptILP(fill=False, **params).summarize(articles, words=100)
        return {s.article_id for s in summary.sentences if s.sentence_index == 0}

    # the ILP itself (no fill after it) takes reports' news only when they weigh
    assert len(leads()) >= 3 and leads(lead_room=0.0) == set()
    # with the fill, the summary quotes each report's news it has room for, the background once
    summary = summarize(articles, words=100)
    _check(summary, articles, 100)
    assert len({s.article_id for s in summary.sentences if s.sentence_index == 0}) >= 3
