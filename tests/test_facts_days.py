"""Facts over a story's days (fictional fixtures): a toll that rises is a development with its
dates, a conflict is between reports of the same day, aliases merge, entities are names."""

import datetime as dt

from storyline.facts import story_facts
from storyline.ingest.build import build_article

D = dt.date


def report(aid, day, text, source="Valley Wire"):
    return build_article(text, id=aid, source=source, published=day)


def rising_toll():
    return [
        report("a", D(2031, 1, 13), "The flood in the Tamsin valley has killed nine people, officials said. "
                                    "On Monday, President Maren Okafor toured the valley."),
        report("b", D(2031, 1, 14), "The flood in the Tamsin valley has killed 14 people, officials said on Tuesday. "
                                    "Later, President Maren Okafor flew over the valley. Residents cheered Okafor at the levee."),
        report("c", D(2031, 1, 15), "The flood has killed 23 people, the Velmora Relief Agency said. "
                                    "The agency would get more boats, said Okafor. The agency opened shelters."),
    ]  # fmt: skip


def killed(facts):
    return next(g for g in facts.groups if "killed" in g.label)


def test_a_rising_toll_is_a_development_with_its_dates():
    group = killed(story_facts(rising_toll()))
    assert group.status == "developing"
    assert [q.date for q in group.quantities] == [D(2031, 1, 13), D(2031, 1, 14), D(2031, 1, 15)]
    assert group.label.endswith("9 (13 Jan) -> 14 (14 Jan) -> 23 (15 Jan)")


def test_two_reports_of_the_same_day_that_differ_conflict():
    articles = [
        *rising_toll(),
        report("d", D(2031, 1, 15), "The flood has killed 31 people, a hospital official said.", source="Coast Times"),
    ]
    assert killed(story_facts(articles)).status == "conflicting"


def test_a_surname_merges_with_the_full_name():
    facts = story_facts(rising_toll())
    okafor = facts.entity("okafor")
    assert okafor is not None and okafor.display == "President Maren Okafor"
    assert "okafor" in okafor.aliases and okafor.mentions == 4


def test_no_entity_is_a_lone_common_noun():
    phrases = [e.phrase for e in story_facts(rising_toll()).entities]
    assert "agency" not in phrases and "flood" not in phrases and "valley" not in phrases
    assert all(len(p.split()) > 1 or p in {"okafor", "tamsin", "velmora"} for p in phrases)


def test_quoted_spans_and_labels_are_display_text():
    tokenized = build_article(
        "the epicentre was about 15 km ( 10 miles ) from the town , officials said .\n"
        "the epicentre lay some 16 km from halvern , a second report said .",
        id="t", published=D(2031, 1, 13),
    )
    facts = story_facts([tokenized])
    texts = [q.text for g in facts.groups for q in g.quantities]
    assert "about 15 km (10 miles)" in texts
    assert all(" )" not in t and "( " not in t for t in texts)
    assert all("epicentr" not in g.label or "epicentre" in g.label for g in facts.groups)
