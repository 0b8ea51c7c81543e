"""Facts across sources: quantity reading, grouping across articles, entities, the samples, the CLI."""

import json
from pathlib import Path

import pytest

import storyline
from storyline.cli.main import main
from storyline.facts import story_facts
from storyline.facts.numbers import may_hold_number
from storyline.facts.quantities import extract
from storyline.ingest.build import build_article

FIXTURES = Path(__file__).parent / "fixtures" / "facts"


def one(sentence: str):
    found = extract(sentence)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "value", "low", "high", "qualifier", "unit", "counts"),
    [
        ("at least 23 hikers had been rescued .", 23, 23, None, "at least", None, "hikers"),
        ("it still employs 3,000-5,000 miners there .", 4000, 3000, 5000, None, None, "miners"),
        ("they broke a three-year siege .", 3, None, None, None, "year", "siege"),
        ("divided by about 40 km ( 25 miles ) of marsh .", 40, None, None, "about", "km", "marsh"),
        ("Some 1.5 million people fled the city.", 1.5e6, None, None, "about", None, "people"),
        ("between two and three thousand homes burned .", 2500, 2000, 3000, None, None, "homes"),
        ("twenty-five villagers were rescued .", 25, None, None, None, None, "villagers"),
        ("Twenty six people have died in Tamsin .", 26, None, None, None, None, "people"),
        ("thirty ferries and a tug left Port Alder .", 30, None, None, None, None, "ferries"),
        ("the group lost nearly half of its territory .", 50, None, None, "nearly", "%", "territory"),
        ("more than 150 people were injured .", 150, 150, None, "more than", None, "people"),
        ("up to 14 planes are searching .", 14, None, 14, "up to", None, "planes"),
        ("the fund holds $ 20bn .", 2e10, None, None, None, "usd", None),
        ("turnout was 61.5 percent .", 61.5, None, None, None, "%", None),
        ("a convoy of a dozen trucks arrived .", 12, None, None, None, None, "trucks"),
    ],
)
def test_quantities_are_read_and_normalised(sentence, value, low, high, qualifier, unit, counts):
    q = one(sentence)
    assert q.value == pytest.approx(value)
    assert (q.low, q.high, q.qualifier, q.unit, q.counts) == (low, high, qualifier, unit, counts)


def test_a_share_of_a_figure_counts_the_figures_noun_and_leaves_the_figure_read():
    found = extract("More than half the estimated 5,000 residents of Brenna had left by Monday.")
    assert [(f.value, f.unit, f.counts) for f in found] == [(50, "%", "residents"), (5000, None, "residents")]
    found = extract("Half of the 300 ferries at Port Alder were idle.")
    assert [(f.value, f.unit, f.counts) for f in found] == [(50, "%", "ferries"), (300, None, "ferries")]


@pytest.mark.parametrize(
    "sentence",
    [
        "the city has been cut off since 2013 .",  # a year
        "it was the second phase of the operation .",  # ordinal word
        "he finished 5th in the 1990s .",  # ordinal, decade
        "the meeting starts at 10:30 on june 4 .",  # time, date
        "call 555-1234 for details .",  # phone-like
        "flight 103 crashed over the town .",  # identifier
        "the f-16 jets flew low .",  # model name
        "john smith , 45 , said he was leaving .",  # an age, nothing counted
        "a 32-year-old man was arrested .",  # a person's age
        "the 50-year-old was arrested on monday .",  # a person named by the age
        "the 50-year-old pop star died in june .",
        "two weeks ago the talks failed .",  # a relative date
        "one official said the talks failed .",  # "one" as a determiner
        "they won 3-2 after extra time .",  # a score
        "one in 10 babies was born early .",  # a ratio
    ],
)
def test_not_quantities(sentence):
    assert extract(sentence) == []


def test_a_sentence_without_digits_or_number_words_is_not_read():
    assert not may_hold_number("The levee at Tamsin held overnight, the mayor said.")
    for text in ("A hundred homes flooded.", "Half the town left.", "TWENTY boats", "2,000 people", "a third of it"):
        assert may_hold_number(text), text
    # the test is only a shortcut: every sentence it passes over holds no quantity
    for sentence in ("Twenty-five villagers were rescued.", "A convoy of a dozen trucks arrived.", "The group lost nearly half of its territory."):
        assert may_hold_number(sentence) and extract(sentence)


@pytest.mark.parametrize(
    ("sentence", "contexts"),
    [
        ("The landslide left 40 dead and 100 injured in Tamsin .", ["killed", "wounded"]),
        ("There were 12 deaths and 300 people infected in Velmora .", ["killed", "infected"]),
        ("The storm caused 5 deaths and damaged 300 homes .", ["killed", "damaged"]),
        ("Rebels freed 12 hostages and killed 3 guards .", ["held", "killed"]),
        ("Police made 20 arrests after 3 people were killed .", ["arrested", "killed"]),
        ("12 people and 3 soldiers were killed .", ["killed", "killed"]),  # a shared verb still reaches both
        ("The flu causes 500,000 deaths a year .", [None]),  # a rate, not this story's toll
    ],
)
def test_a_counted_noun_that_names_an_event_is_that_event(sentence, contexts):
    assert [q.context for q in extract(sentence)] == contexts


def test_age_of_a_thing_is_a_duration():
    q = one("the six-year-old syrian conflict goes on .")
    assert (q.value, q.unit, q.counts) == (6, "year", "conflict")


def test_context_separates_the_dead_from_the_living():
    killed, living = extract("17 civilians were killed and 93,000 civilians were living there .")
    assert killed.context == "killed" and living.context == "living"
    assert killed.key != living.key


def velmora():
    data = json.loads((FIXTURES / "velmora_floods.json").read_text())
    return [build_article(a["text"], id=a["id"], source=a["source"]) for a in data["articles"]]


def group_with(facts, text):
    return next(g for g in facts.groups if any(q.text == text for q in g.quantities))


def test_fixture_conflicts_are_found_with_both_citations():
    facts = story_facts(velmora())
    conflicts = {g.label: g for g in facts.conflicting}
    assert set(conflicts) == {"people, killed", "people, wounded", "helicopters, rescued"}
    killed = conflicts["people, killed"]
    assert [(q.value, q.citation.article_id, q.citation.sentence_index) for q in killed.quantities] == [
        (23, "northwire-1", 0),
        (31, "coastal-2", 0),
        (23, "ledger-3", 0),
    ]
    wounded = conflicts["people, wounded"]
    assert {q.citation.article_id for q in wounded.quantities} == {"northwire-1", "ledger-3"}
    assert {q.source for q in wounded.quantities} == {"Northwire", "Daily Ledger"}


def test_fixture_agreements_conversions_ranges_and_number_words():
    facts = story_facts(velmora())
    displaced = group_with(facts, "forty thousand residents")
    assert displaced.status == "agreed" and len(displaced.articles) == 3  # words, "about", "some"
    assert group_with(facts, "about 13 feet").status == "agreed"  # 4 metres
    assert group_with(facts, "46 square miles").status == "agreed"  # 120 square km
    assert group_with(facts, "twenty years").status == "agreed"  # two decades
    assert group_with(facts, "1.5 million dollars").status == "agreed"  # $1.5 million
    homes = group_with(facts, "between 5,000 and 6,000 homes")
    assert homes.status == "agreed" and {q.value for q in homes.quantities} == {5500}  # range holds the figure
    assert group_with(facts, "twelve trucks").status == "single-source"


def test_fixture_entities_and_defined_alias():
    facts = story_facts(velmora())
    agency = facts.entity("vra")
    assert agency is not None and agency.phrase == "velmora relief agency"
    assert agency.display == "Velmora Relief Agency"  # from the cased report
    assert agency.articles == ["northwire-1", "coastal-2", "ledger-3"]
    assert agency.first.article_id == "northwire-1" and agency.first.sentence_index == 1
    assert facts.entity("tamsin river") is not None


def test_treebank_brackets_join_no_words():
    # cased tokenized reports: "-RRB- Mayor Ada Brook" is no name "rrb-mayor ada brook"
    text = (
        "Mayor Ada Brook -LRB- pictured -RRB- said the Tamsin levee held on Monday .\n"
        "The levee -LRB- built in 1931 -RRB- Mayor Ada Brook said , would be raised by 2 metres .\n"
        "Crews from three towns worked through the night on the Tamsin levee .\n"
    )
    articles = [build_article(text, id=f"levee-{k}") for k in range(3)]
    facts = story_facts(articles)
    names = [e.phrase for e in facts.entities] + [a for e in facts.entities for a in e.aliases]
    assert "mayor ada brook" in names or "ada brook" in names
    assert not any("rrb" in n or "lrb" in n for n in names), names


def test_background_sinks_store_wide_words():
    articles = velmora()
    other = build_article(
        "Officials in Velmora said the river rose after the storm. Velmora sent helicopters to the villages.",
        id="other",
    )
    alone = [e.phrase for e in story_facts(articles).entities]
    contrasted = [e.phrase for e in story_facts(articles, background=[other] * 5).entities]
    assert alone.index("velmora") < alone.index("tamsin river")
    assert "velmora" not in contrasted[: contrasted.index("tamsin river") + 1]
    assert "agency" not in alone  # "the agency said": a lone common noun is not an entity


def test_a_word_capitalised_only_inside_a_longer_name_is_not_an_entity():
    # "Coast" is capitalised in "the Coast Guard" only: that proves "Coast Guard" a name, not "Coast"
    texts = [
        "Boats of the Coast Guard reached the Aurelia off Tamsin , said the Coast Guard . Oil fouled the Gulf Coast .",
        "Divers from the Coast Guard and the NTSB searched the Aurelia . Tamsin Coast beaches closed on Tuesday .",
        "Pilots of the Coast Guard flew over Tamsin , the NTSB said . Oil reached the coast by evening .",
    ]
    articles = [build_article(t, id=f"c{k}") for k, t in enumerate(texts)]
    shown = [e.display for e in story_facts(articles).entities]
    assert "Coast Guard" in shown and "NTSB" in shown and "Tamsin" in shown
    assert "Coast" not in shown, shown


def test_to_dict_is_json():
    facts = story_facts(velmora())
    data = json.loads(json.dumps(facts.to_dict()))
    assert data["article_ids"] == ["northwire-1", "coastal-2", "ledger-3"]
    group = data["groups"][0]
    assert {"key", "label", "status", "quantities", "articles"} <= set(group)
    assert group["quantities"][0]["citation"] == {"article_id": "northwire-1", "sentence_index": 0}


def sample_articles(samples):
    return [
        build_article(path.read_text(encoding="utf-8"), id=path.name[:3], source="Reuters")
        for path in sorted(samples.glob("*.txt"), reverse=True)  # the Tuesday report 001 came first
    ]


def test_samples_acceptance(samples):
    articles = sample_articles(samples)
    facts = story_facts(articles)
    people = group_with(facts, "some 93,000 people")
    assert people.status == "agreed" and people.articles == ["001", "000"]
    assert {q.counts for q in people.quantities} == {"civilians", "people"}
    killed = group_with(facts, "at least 17 civilians")
    assert killed.status == "single-source" and killed.quantities[0].citation.article_id == "000"
    fighters = group_with(facts, "6,000-8,000 fighters")
    assert fighters.status == "single-source" and (fighters.quantities[0].low, fighters.quantities[0].high) == (6000, 8000)
    assert not facts.conflicting
    for name in ("deir al-zor", "islamic state", "hezbollah", "russia", "iran"):
        assert facts.entity(name) is not None, name
    sdf = facts.entity("sdf")
    assert sdf is not None and sdf.phrase == "syrian democratic forces"
    state = facts.entity("islamic state")
    assert "is" in state.aliases
    # "is" joins only where it names the group ("under siege by is"), never as the verb
    named = {(a.id, s.index) for a in articles for s in a.sentences if " islamic state " in f" {s.text} " or " by is " in s.text}
    assert state.mentions == len(named)


def test_cli_facts(db_url, capsys):
    db = db_url
    with storyline.open(db, cluster=False) as eng:
        eng.add_articles(velmora())
        with eng.store.transaction():
            for article_id in ("northwire-1", "coastal-2", "ledger-3"):
                eng.store.assign(article_id, 7)
    assert main(["--db", db, "facts", "7"]) == 0
    out = capsys.readouterr().out
    sections = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert [s.split(" (")[0] for s in sections[1:]] == ["Agreed", "Conflicting", "Developing", "Single-source", "Entities"]
    assert "31 people  [coastal-2, 0] Coastal Times" in out
    assert "Velmora Relief Agency (vra)" in out
    assert main(["--db", db, "facts", "7", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {g["status"] for g in data["groups"]} == {"agreed", "conflicting", "single-source"}
    assert main(["--db", db, "facts", "99"]) == 2


@pytest.mark.slow
def test_facts_do_not_depend_on_the_hash_seed(tmp_path):
    """Ties among entities break by name, not by the order of a set (which PYTHONHASHSEED changes):
    the demo's satellite story has two phrases of equal weight."""
    import os
    import subprocess
    import sys

    db = str(tmp_path / "demo.db")
    cli = [sys.executable, "-m", "storyline.cli.main", "--db", db]
    subprocess.run([*cli, "demo"], capture_output=True, check=True)
    with storyline.open(db, readonly=True) as eng:
        ids = [str(s.id) for s in eng.stories()]

    def facts(seed: str) -> list[str]:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return [subprocess.run([*cli, "facts", i, "--json"], capture_output=True, text=True, check=True, env=env).stdout
                for i in ids]

    assert facts("1") == facts("2") == facts("3")


def test_an_acronym_is_read_the_same_whatever_the_hash_seed():
    """Two phrases with the initials "sf": the more frequent one is what "SF" stands for, in every process."""
    import os
    import subprocess
    import sys

    code = (
        "from storyline.facts import story_facts; from storyline.ingest.build import build_article; "
        "t = ['Crews in San Ferro fought a small fire. The silver fox ran. SF crews said the silver fox hid.', "
        "'San Ferro firefighters rested. A silver fox was seen in San Ferro. SF officials said so.']; "
        "f = story_facts([build_article(x, id=str(i)) for i, x in enumerate(t)]); "
        "print(sorted((e.phrase, e.aliases) for e in f.entities))"
    )
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in "123456"}  # fmt: skip
    assert len(runs) == 1, runs
    assert "('san ferro', ['sf'])" in runs.pop()


def test_names_with_marks_are_entities_shown_as_written():
    texts = [
        "Mayor João Gonçalves of São Paulo opened the new Tietê river bridge on Monday, the city said.",
        "The bridge cost 40 million reais, Mayor João Gonçalves of São Paulo told reporters on Monday.",
        "Traffic on the bridge was heavy, Mayor João Gonçalves of São Paulo said on Tuesday.",
    ]
    facts = story_facts([build_article(t, id=f"b{k}") for k, t in enumerate(texts)])
    shown = [e.display for e in facts.entities]
    assert "João Gonçalves of São Paulo" in shown, shown  # "gon ç alves", "jo ã o" before
    assert not any(len(w) == 1 for s in shown for w in s.split())


def test_a_capital_that_lowercases_to_two_characters_moves_no_quantity():
    sentence = "Police in İstanbul and İzmir detained 45 people on Monday."  # "İ".lower() is "i" and a dot
    assert [f.text for f in extract(sentence)] == ["45 people"]  # " people o" before
