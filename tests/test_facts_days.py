"""Facts over a story's days (fictional fixtures): a toll that rises is a development with its
dates, a conflict is between reports of the same day, aliases merge, entities are names."""

import datetime as dt

import storyline
from storyline.facts import story_facts
from storyline.facts.quantities import extract
from storyline.ingest.build import build_article

D = dt.date


def report(aid, day, text, source="Valley Wire"):
    return build_article(text, id=aid, source=source, published=day)


def daily(prefix, first, texts):
    """The facts of one report a day from `first` on, one text each."""
    return story_facts([report(f"{prefix}{i}", first + dt.timedelta(days=i), t) for i, t in enumerate(texts)])


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


def test_a_toll_counted_as_deaths_is_a_development_named_once():
    facts = daily("d", D(2031, 1, 13), [f"The flood in the Tamsin valley has caused {n} deaths, officials said." for n in (9, 14, 23)])
    group = next(g for g in facts.groups if g.key == "people||killed")  # deaths are people killed
    assert group.status == "developing"
    assert group.label == "deaths: 9 (13 Jan) -> 14 (14 Jan) -> 23 (15 Jan)"  # not "deaths, killed"


def test_a_toll_told_in_other_words_is_one_development():
    # "the toll at nine", "14 were killed", "23 deaths", "31 dead": one count of the people the flood killed
    facts = daily("w", D(2031, 1, 13), [
        "Officials in Tamsin put the death toll from the flood at nine on Monday.",
        "At least 14 were killed when the Tamsin river broke its banks, officials said on Tuesday.",
        "The Tamsin flood has caused 23 deaths, the Velmora Relief Agency said.",
        "Hospitals in Tamsin counted 31 dead after the flood, the agency said.",
    ])  # fmt: skip
    (group,) = [g for g in facts.groups if g.key.startswith("people||killed")]
    assert group.status == "developing"
    assert group.label == "people, killed: 9 (13 Jan) -> 14 (14 Jan) -> 23 (15 Jan) -> 31 (16 Jan)"
    assert [q.text for q in group.quantities] == ["death toll from the flood at nine", "At least 14 were killed", "23 deaths", "31 dead"]


def test_a_toll_is_read_only_where_its_figure_is_the_tolls():
    from storyline.facts.quantities import extract

    assert [(q.value, q.key) for q in extract("The Velmora death toll rose to 12,000 .")] == [(12_000, "people||killed")]
    assert [q.value for q in extract("The toll road has 4 lanes and opened in May .")] == [4]  # lanes, not a toll
    assert not [q for q in extract("The war took its toll on the town and its 3,000 people .") if "killed" in q.key]
    assert not [q for q in extract("He was 14 when he was arrested .") if q.key.startswith("people")]  # an age


def test_a_rising_toll_is_a_development_with_its_dates():
    group = killed(story_facts(rising_toll()))
    assert group.status == "developing"
    assert [q.date for q in group.quantities] == [D(2031, 1, 13), D(2031, 1, 14), D(2031, 1, 15)]
    assert group.label.endswith("9 (13 Jan) -> 14 (14 Jan) -> 23 (15 Jan)")


def test_a_rising_toll_whose_reports_of_one_day_differ_is_a_development_that_says_so():
    articles = [
        *rising_toll(),
        report("d", D(2031, 1, 15), "The flood has killed 31 people, a hospital official said.", source="Coast Times"),
    ]
    group = killed(story_facts(articles))
    assert group.status == "developing"  # "conflicting" before: one day's difference hid the rise
    assert group.label.endswith("9 (13 Jan) -> 14 (14 Jan) -> 23-31 (15 Jan)")


def test_a_later_report_restating_an_earlier_figure_leaves_the_days_new_figure_alone():
    articles = [
        *rising_toll(),
        report("d", D(2031, 1, 16), "The flood has killed 23 people, the Velmora Relief Agency said again."),
        report("e", D(2031, 1, 16), "The flood has killed 30 people, a hospital official said.", source="Coast Times"),
    ]
    group = killed(story_facts(articles))
    assert group.status == "developing"
    assert group.label.endswith("9 (13 Jan) -> 14 (14 Jan) -> 23 (15 Jan) -> 30 (16 Jan)")  # not "23-30 (16 Jan)"


def test_two_reports_of_the_same_day_that_differ_conflict():
    articles = [
        report("a", D(2031, 1, 15), "The flood has killed 23 people, the Velmora Relief Agency said."),
        report("b", D(2031, 1, 15), "The flood has killed 31 people, a hospital official said.", source="Coast Times"),
    ]
    assert killed(story_facts(articles)).status == "conflicting"
    falls = [*articles, report("c", D(2031, 1, 16), "The flood has killed 19 people, police said.", source="Brenna Post")]
    assert killed(story_facts(falls)).status == "conflicting"  # no rise to show


def test_a_figure_of_history_joins_no_group_of_the_story():
    # "12 April 1998, when": a year before a comma is a year ("1,998" is not)
    texts = ["The flood in Velmora has killed 12 people, officials said. The city was last flooded on 12 April 1998,"
             " when 300 people died.",
             "The flood in Velmora has killed 27 people. The city was last flooded on 12 April 1998, when 300 people died."]
    facts = daily("v", D(2031, 3, 2), texts)
    group = killed(facts)
    assert {q.value for q in group.quantities} == {12, 27} and group.status == "developing"
    past = [g for g in facts.groups if any(q.value == 300 for q in g.quantities)]
    assert len(past) == 1 and {q.value for q in past[0].quantities} == {300}


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
    cased = build_article("The fire at the Korvath docks caused damage of $ 40m , the port said .\n"
                          "Insurers put the damage at $ 55m on Tuesday .", id="k", published=D(2031, 1, 13))
    assert {q.text for g in story_facts([cased]).groups for q in g.quantities} == {"$40m", "$55m"}  # "$ 40m"


def test_a_quoted_span_of_lowercased_text_writes_names_as_its_sentence_shows_them():
    tokenized = build_article(
        "the river left half of new orleans without power on monday , the utility said .\n"
        "the storm flooded half of the old town , officials said .",
        id="n", published=D(2031, 1, 13),
    )
    texts = {q.text for g in story_facts([tokenized]).groups for q in g.quantities}
    assert texts == {"half of New Orleans", "half of the old town"}
    opening = build_article("half of new orleans lost power on monday , the utility said .\n"
                            "twelve boats sank in the harbour , officials said .\n"
                            "six-year-old twins were rescued from a roof , officials said .", id="o", published=D(2031, 1, 13))
    texts = {q.text for g in story_facts([opening]).groups for q in g.quantities}
    assert {"half of New Orleans", "twelve boats"} <= texts  # no capital for opening the sentence
    assert not any(t.startswith("Six") for t in texts)


def harbour_story(n):
    """n short fictional reports: names and the day's toll lead, a name of the tail sits in sentence 7."""
    out = []
    for i in range(n):
        day = D(2031, 3, 1) + dt.timedelta(days=i // 10)
        verb, tail = ("visited", "toured", "inspected", "reached")[i % 4], ("keeps", "publishes", "checks")[i % 3]
        text = (f"Harbour Minister Tova Lindqvist {verb} the Brenna docks after the storm. "
                f"The storm has damaged {10 + i // 10} ships, the Brenna Port Office said. "
                "Crews cleared the quays. Traders waited. Ferries stayed in port. Schools closed early. "
                f"Report {i} was filed late. Archive note: the Quillon Bay Authority {tail} the tide tables.")  # fmt: skip
        out.append(report(f"h{i}", day, text))
    return out


def test_a_big_story_is_read_by_its_leads():
    small, big = story_facts(harbour_story(40)), story_facts(harbour_story(60))
    assert small.entity("quillon bay authority") is not None
    assert big.entity("quillon bay authority") is None  # past 50 articles, facts read each lead
    assert any("lindqvist" in e.phrase for e in big.entities)
    assert len(big.article_ids) == 60
    ships = next(g for g in big.groups if "ships" in g.label)
    assert ships.status == "developing" and len({q.date for q in ships.quantities}) == 6


def test_a_title_and_a_demonym_merge_into_the_name():
    texts = [
        "Velmoran President Darius al-Kessan rejected the ceasefire plan on Monday, his office said.",
        "President Darius al-Kessan met the envoy in Dorvale on Tuesday. Kessan said the talks had failed.",
        "Rebels in Dorvale accused Kessan of shelling the old market. The envoy left Dorvale on Wednesday.",
        "Velmoran President Darius al-Kessan addressed parliament. Kessan promised elections next year.",
    ]
    facts = daily("k", D(2031, 2, 2), texts)
    names = [e for e in facts.entities if "kessan" in e.phrase]
    assert len(names) == 1 and names[0].display == "President Darius al-Kessan"
    assert {"kessan", "velmoran president darius al-kessan"} <= set(names[0].aliases)
    assert names[0].mentions == 6


def test_other_figures_of_the_same_noun_are_no_conflict_or_development():
    # "people" with no event: a crowd one day, a population the next are two facts, not a revision
    articles = [
        report("p1", D(2031, 4, 2), "Some 250 people gathered on the Brenna quay to watch the ferry leave."),
        report("p2", D(2031, 4, 3), "The island of Quillon has 40,000 people and one ferry.", source="Coast Times"),
        report("p3", D(2031, 4, 3), "About 250 people waited for the ferry at the Brenna quay."),
    ]
    facts = story_facts(articles)
    assert not facts.conflicting and not facts.developing
    crowd = next(g for g in facts.groups if any(q.value == 250 for q in g.quantities))
    assert crowd.status == "agreed" and {q.value for q in crowd.quantities} == {250}
    island = next(g for g in facts.groups if any(q.value == 40_000 for q in g.quantities))
    assert island.status == "single-source"


def test_a_count_one_lower_the_next_day_is_no_development_and_an_about_is_no_fall():
    lower = daily("i", D(2031, 5, 26), ["Tamsin has 44 infections, the health office said.",
                                         "In Brenna, 43 people were infected, the clinic said."])  # fmt: skip
    assert not lower.developing  # "44 (26 May) -> 43 (27 May)" before: within 5% read as no fall
    about = daily("a", D(2031, 5, 26), ["The flood killed about 150 people, officials said.",
                                         "The flood killed 148 people, officials said.",
                                         "The flood killed 160 people, officials said."])  # fmt: skip
    assert [g.label for g in about.developing] == ["people, killed: 150 (26 May) -> 160 (28 May)"]


def test_a_toll_that_falls_back_is_not_a_development():
    articles = [
        *rising_toll(),
        report("d", D(2031, 1, 16), "A landslide near the valley has killed four people, police said."),
    ]
    facts = story_facts(articles)
    assert not facts.developing
    assert {q.value for g in facts.groups if "killed" in g.label for q in g.quantities} == {9, 14, 23, 4}


def test_figures_ten_times_apart_are_other_figures_not_a_development_or_a_conflict():
    # a valley's toll on two days, a region's over a decade on the third: the toll still rises, and
    # the region's figure is a fact of its own
    articles = [
        *rising_toll()[:2],
        report("d", D(2031, 1, 15), "Floods in the region have killed 4,000 people in ten years, the agency said."),
    ]
    facts = story_facts(articles)
    assert [g.label for g in facts.developing] == ["people, killed: 9 (13 Jan) -> 14 (14 Jan)"]
    region = next(g for g in facts.groups if any(q.value == 4000 for q in g.quantities))
    assert region.status == "single-source" and len(region.quantities) == 1
    # on one day, a flood's toll beside a yearly average
    same_day = [
        report("a", D(2031, 1, 15), "The flood has killed 23 people, the Velmora Relief Agency said."),
        report("b", D(2031, 1, 15), "Floods kill about 900 people in Velmora in an average year, the agency said.",
               source="Coast Times"),
    ]  # fmt: skip
    assert not story_facts(same_day).conflicting


def test_a_development_across_new_year_shows_the_years():
    articles = [
        report("y1", D(2031, 12, 30), "The storm has damaged 40 homes in Brenna, the council said."),
        report("y2", D(2032, 1, 2), "The storm has damaged 65 homes in Brenna, the council said."),
    ]
    homes = next(g for g in story_facts(articles).groups if "homes" in g.label)
    assert homes.status == "developing"
    assert homes.label == "homes, damaged: 40 (30 Dec 2031) -> 65 (2 Jan 2032)"


def test_a_number_split_by_a_tokenizer_is_read_whole():
    article = build_article(
        "The council says 45,000-50 ,000 people live in the valley .\n"
        "Relief crews counted 3,400 tents , 1 ,200 of them new .",
        id="n", published=D(2031, 1, 13),
    )
    people = next(q for g in story_facts([article]).groups for q in g.quantities if q.counts == "people")
    assert (people.low, people.high, people.text) == (45_000, 50_000, "45,000-50,000 people")



def test_a_range_whose_first_figure_leaves_out_the_thousands_is_read_in_thousands():
    article = build_article(
        "Some 9-10 ,000 volunteers came, and 45-50,000 people left the valley. The score was 3-2. "
        "Between 2 and 3,000 people stayed.",
        id="r", published=D(2031, 1, 13),
    )
    found = {q.text: (q.low, q.high) for g in story_facts([article]).groups for q in g.quantities}
    assert found["Some 9-10,000 volunteers"] == (9_000, 10_000)
    assert found["45-50,000 people"] == (45_000, 50_000)
    assert found["Between 2 and 3,000 people"] == (2, 3_000)  # written out: no shared thousands


def test_an_event_is_what_happened_to_the_counted_thing_not_to_a_figure_beside_it():
    facts = daily("m", D(2031, 1, 13), [
        "Survivors of the 6.1-magnitude quake waited. The clinic has 30 deaths and 1,200 people reported sick.",
        "The 6.1-magnitude quake, which killed 40 people, cut the road. Some 1,200 people were reported sick.",
    ])  # fmt: skip
    labels = {g.label.split(":")[0]: sorted({q.text for q in g.quantities}) for g in facts.groups}
    assert labels["magnitude"] == ["6.1-magnitude"]  # a measure of the quake: nothing was done to it
    assert "1,200 people" in labels["people"] and not any("1,200" in q for k, v in labels.items() if "killed" in k for q in v)

def test_entities_are_names_not_common_phrases_or_page_stamps():
    texts = [
        "Wed Apr 29, 2031 7:50pm EDT\nThe death toll in the Tamsin valley rose on Tuesday, Mayor Ada Brook said. "
        "Officials said the death toll could rise again.",
        "Thu Apr 30, 2031 9:10am EDT\nMayor Ada Brook said the death toll had reached nine. "
        "Crews said the death toll was expected to climb in the Tamsin valley.",
        "Fri May 1, 2031 8:00am EDT\nThe death toll stood at nine, Mayor Ada Brook told reporters in the Tamsin valley.",
    ]
    facts = daily("e", D(2031, 4, 29), texts)
    phrases = [e.phrase for e in facts.entities]
    assert any("ada brook" in p for p in phrases)
    assert "death toll" not in phrases  # cased reports write it in lowercase: no name
    stamp = {"wed", "thu", "fri", "apr", "edt", "pm", "am"}
    assert not any(set(p.split()) & stamp for p in phrases), phrases




def test_each_figure_takes_the_event_of_its_own_predicate():
    article = report("p", D(2031, 3, 2), (
        "The blast killed 30 people and wounded 50 others. The fever has infected 1,320 people in 14 villages "
        "and killed 9. Some 12 people fell ill and died. Nine people and 12 soldiers were killed. "
        "The fever kills up to 500 people a year. The 1998 floods killed 2,000 people in the valley."
    ))  # fmt: skip
    context = {q.text: q.context for g in story_facts([article]).groups for q in g.quantities}
    assert context["30 people"] == "killed" and context["50 others"] == "wounded"
    assert context["1,320 people"] == "infected" and context["14 villages"] is None
    assert context["Some 12 people"] == context["Nine people"] == context["12 soldiers"] == "killed"
    assert context["up to 500 people"] is None  # a rate, not what this story's event did
    assert context["2,000 people"] is None  # history: the year before last or earlier

def test_names_are_not_shouted_nor_run_into_a_dateline():
    texts = [
        "By Ada Brook , Health and Science Editor GENEVA | Mon Mar 2 , 2031 4:23 pm EST GENEVA (Valley Wire) - "
        "The TAMSIN RELIEF AGENCY said the NASA team would help in GENEVA.",
        "By Ada Brook , Health and Science Editor GENEVA | Tue Mar 3 , 2031 9:10 am EST GENEVA (Valley Wire) - "
        "Envoys of the TAMSIN RELIEF AGENCY met the NASA team in GENEVA.",
        "By Ada Brook , Health and Science Editor GENEVA | Wed Mar 4 , 2031 8:00 am EST GENEVA (Valley Wire) - "
        "The TAMSIN RELIEF AGENCY and the NASA team left GENEVA.",
    ]
    facts = daily("s", D(2031, 3, 2), texts)
    shown = {e.phrase: e.display for e in facts.entities}
    assert not any("editor geneva" in p for p in shown), shown  # a byline run into the dateline
    assert shown.get("tamsin relief agency") == "Tamsin Relief Agency", shown  # shouted: in title case
    assert shown.get("nasa team") == "NASA team", shown  # an acronym keeps its capitals

def test_lowercased_text_names_come_from_the_lexicon():
    # lowercased but for sentence starts: capitals tell nothing, the casing lexicon names places
    texts = [
        "Talks between north korea and japan resumed on monday in a hotel near the border.",
        "Envoys from north korea and japan met again on tuesday, officials said.",
        "The talks between north korea and japan ended on wednesday without a deal.",
    ]
    facts = daily("l", D(2031, 5, 5), texts)
    korea = facts.entity("north korea")
    assert korea is not None and korea.display == "North Korea"


def test_the_cli_lists_a_few_statements_of_a_much_repeated_figure():
    from storyline.cli.facts import SHOWN, render_text

    articles = [report(f"r{i}", D(2031, 6, 1), f"Report {i}: the storm damaged 12 ships in Brenna, the port office said.")
                for i in range(SHOWN + 3)]  # fmt: skip
    text = render_text(story_facts(articles))
    assert text.count("    12 ships  [r") == SHOWN and "... 3 more statements (--json lists them all)" in text
    one = render_text(story_facts(articles[: SHOWN + 1]))
    assert "... 1 more statement (--json lists them all)" in one


def test_the_demo_floods_toll_is_a_development(tmp_path, capsys):
    """The bundled demo's flood story tells its toll as "two people", "the death toll rose to five",
    "the toll to nine" and "14 people had died": one count, rising day by day."""
    from storyline.cli.main import main

    db = str(tmp_path / "demo.db")
    assert main(["--db", db, "demo"]) == 0
    with storyline.open(db, readonly=True) as eng:
        (story,) = [s for s in eng.stories() if "Brennick Dam" in s.key_phrases]
        killed = [g for g in eng.facts(story.id).groups if g.key.startswith("people||killed")]
    assert [(g.status, g.label) for g in killed] == [
        ("developing", "people, killed: 2 (9 Mar) -> 5 (10 Mar) -> 9 (11 Mar) -> 14 (12 Mar)")]


def test_names_are_whole_and_places_keep_their_own_name():
    reports = """\
Port Minister Tova Lindqvist said the Brenna Harbour Authority had paid $2bn for the quay. Rear Adm Ivo Sand agreed.
The Brenna Harbour Authority will spend $3bn more, Port Minister Tova Lindqvist said in Velmora. Lindqvist left.
Velmora Radio reported that prices had risen. Port Minister Tova Lindqvist thanked the Brenna Harbour Authority.
Rear Adm Ivo Sand met Port Minister Tova Lindqvist in Velmora, where prices have risen, Velmora Radio said."""
    facts = daily("w", D(2031, 7, 1), reports.splitlines())
    phrases = {e.phrase: e for e in facts.entities}
    assert "brenna harbour authority" in phrases and "harbour authority" not in phrases and "brenna harbour" not in phrases
    assert "port minister tova lindqvist" in phrases or "tova lindqvist" in phrases
    assert not any(p.startswith(("port minister tova", "minister tova")) and not p.endswith("lindqvist") for p in phrases)
    assert not any(p.split()[0] in {"rear", "adm"} or p.split()[-1] == "adm" for p in phrases), phrases
    assert "velmora" in phrases and "velmora" not in phrases.get("velmora radio", facts.entities[0]).aliases
    aliases = {a for e in facts.entities for a in e.aliases}
    assert "bn" not in aliases and "risen" not in aliases, aliases


def test_a_word_before_a_name_is_no_alias_of_it():
    reports = """\
Fans of the singer Ada Brook gathered in Halvern. A film entitled Ada Brook opens on Friday.
The singer Ada Brook thanked her fans. Critics praised the film entitled Ada Brook.
Ada Brook sang in Halvern on Saturday, and the film entitled Ada Brook sold out."""
    brook = daily("b", D(2031, 8, 1), reports.splitlines()).entity("ada brook")
    assert brook is not None and brook.mentions == 5
    assert not any("entitled" in a or "singer" in a for a in brook.aliases), brook.aliases


def test_figures_split_apart_are_each_agreed_or_single_source():
    # 70 miles is 110 km and 112 km (converted, roughly), which are not one figure: the split by
    # figure must not leave a "development" of the damage
    reports = """\
The storm has damaged some 70 miles of the coast road, officials said.
The storm has damaged 110 km of the coast road, the council said.
The storm has damaged 112 km of the coast road, the transport office said."""
    facts = daily("r", D(2031, 9, 1), reports.splitlines())
    assert not facts.developing and not facts.conflicting
    assert {g.status for g in facts.groups} == {"agreed"}


def test_a_report_that_agrees_on_one_figure_does_not_make_its_other_figure_agreed():
    # figures of the past with no noun: two reports give the 48 hours of a flood in 2019; one of them
    # also gives the five years of a repair, a figure of its own, stated once
    facts = daily("h", D(2031, 3, 10), [
        "Storms in 2019 flooded the valley within 48 hours, officials recalled.",
        "An inspection report from 2019 recommended repairs to the spillway within five years. "
        "Storms in 2019 flooded the valley within 48 hours.",
    ])  # fmt: skip
    by_value = {q.text: g.status for g in facts.groups for q in g.quantities}
    assert by_value == {"48 hours": "agreed", "five years": "single-source"}, by_value


def test_a_figure_under_a_number_and_one_over_it_are_not_the_same_figure():
    texts = ["The storm left almost half of Brenna island without power, the utility said.",
             "The storm left more than half of Brenna island without power, the utility said."]
    facts = daily("h", D(2031, 2, 3), texts)
    halves = [g for g in facts.groups if any(q.value == 50 for q in g.quantities)]  # per cent
    assert halves and all(g.status != "agreed" for g in halves)
    assert sorted(q.qualifier for g in halves for q in g.quantities) == ["more than", "nearly"]
    # over a lower number is no contradiction: "nearly 40" and "more than 39" may both hold
    texts = ["Nearly 40 homes were flooded in Port Alder, the council said.",
             "More than 39 homes were flooded in Port Alder, the council said."]
    facts = daily("k", D(2031, 2, 3), texts)
    homes = [g for g in facts.groups if any(q.value == 40 for q in g.quantities)]
    assert len(homes) == 1 and {q.value for q in homes[0].quantities} == {40, 39}
    assert homes[0].status == "agreed"


def test_an_approximate_figure_with_no_event_joins_no_toll():
    facts = story_facts([
        report("a", D(2031, 4, 2), "Officials said more than 100 villagers were killed by the fever in Kestrel Bay."),
        report("b", D(2031, 4, 3), "Halvern sent a plane to Kestrel Bay to fly home about 100 of its citizens."),
        report("c", D(2031, 4, 3), "The health ministry said 104 villagers had been killed by the fever."),
    ])  # fmt: skip
    toll = killed(facts)
    assert [q.text for q in toll.quantities] == ["more than 100 villagers", "104 villagers"]
    assert "citizens" not in toll.label
    flown = next(g for g in facts.groups if any(q.counts == "citizens" for q in g.quantities))
    assert flown.status == "single-source" and flown.articles == ["b"]


def test_lowercased_text_lists_no_phrase_of_everyday_words_as_an_entity():
    facts = story_facts([
        report("a", D(2031, 5, 2), "crews led by ada quint worked in extremely difficult conditions at kestrel bay , "
                                   "ada quint said .\nthe crews at kestrel bay dug through the night ."),
        report("b", D(2031, 5, 3), "in extremely difficult conditions , crews at kestrel bay reached the last house , "
                                   "ada quint told reporters ."),
    ])  # fmt: skip
    phrases = [e.phrase for e in facts.entities]
    assert "ada quint" in phrases and "kestrel bay" in phrases
    assert "extremely difficult conditions" not in phrases
    # rare words only are a name's, shown in title case; a phrase with a common word stays as written
    shown = {e.phrase: e.display for e in facts.entities}
    assert shown["ada quint"] == "Ada Quint" and shown["kestrel bay"] == "kestrel bay"


def test_lowercased_text_shows_a_titled_name_of_rare_words_in_title_case():
    facts = story_facts([
        report("a", D(2031, 5, 2), "president maren okafor visited the flooded towns on monday , officials said ."),
        report("b", D(2031, 5, 3), "crews worked through the night , president maren okafor told reporters ."),
    ])  # fmt: skip
    assert {e.display for e in facts.entities} >= {"President Maren Okafor"}


def test_each_countrys_toll_is_a_fact_of_its_own_not_a_conflict():
    # two reports a day apart of an outbreak counted in two countries, as a wire would word them
    facts = story_facts([
        report("a", D(2031, 3, 2), "In Chile, 40 people have died of the fever, while in Peru 12 people have died."),
        report("b", D(2031, 3, 3), "The fever has killed 55 people in Chile and 12 people in Peru, officials said."),
        report("c", D(2031, 3, 3), "The fever has killed 55 people, the Chilean health office said."),
    ])  # fmt: skip
    groups = {g.label: g for g in facts.groups if "killed" in g.key}
    assert not facts.conflicting
    chile = groups["people, killed, in Chile: 40 (2 Mar) -> 55 (3 Mar)"]
    assert chile.status == "developing" and {q.citation.article_id for q in chile.quantities} == {"a", "b", "c"}
    assert groups["people, killed, in Peru"].status == "agreed"


def test_a_figure_for_the_world_stands_beside_the_one_country_the_story_is_about():
    facts = story_facts([
        report("a", D(2031, 3, 2), "The fever has killed 40 people, officials said."),
        report("b", D(2031, 3, 3), "Worldwide, 41 people have died of the fever."),
        report("c", D(2031, 3, 4), "In Chile, 52 people have died of the fever."),
    ])  # fmt: skip
    labels = {g.label: g.status for g in facts.groups if "killed" in g.key}
    assert labels == {"people, killed, in Chile: 40 (2 Mar) -> 52 (4 Mar)": "developing",
                      "people, killed, worldwide": "single-source"}  # fmt: skip


def test_a_clause_names_the_place_of_its_own_figure_only():
    found = extract("In Chile, 40 people have died, while in the U.S. 20 people were infected, health officials in Geneva said.")
    assert [(f.text, f.place) for f in found] == [("40 people", "Chile"), ("20 people", "United States")]
    (world_body,) = extract("The World Health Organization said 30 people had died, citing the world health body's count.")
    assert world_body.place is None
    # the figure's own words name the place; the phrase right after a figure is its place or none
    (toll,) = extract("A woman died in Santiago last week, bringing the toll in Chile to three.")
    assert toll.place == "Chile"
    found = extract("The tally holds 45 deaths in the worst-hit region, Chile, and one each in Peru and Brazil.")
    assert [f.place for f in found] == [None]
    # where officials spoke is not where the figure was counted
    (spoken,) = extract("Health officials in Geneva said 30 people had died.")
    assert spoken.place is None
    # a clause opened by "where" counts in the place before it; a place that reports a figure holds it
    (where,) = extract("A child died of the fever in Peru - the first death outside Chile, where it has killed 40 people.")
    assert where.place == "Chile"
    assert [f.place for f in extract("Peru has reported 310 cases, including 12 deaths.")] == ["Peru", "Peru"]
    (relative,) = extract("Officials said 65 people have died of the fever, which is most common in South America.")
    assert relative.place is None


def test_captured_animals_are_no_arrests():
    (turtles,) = extract("Rangers said 120 sea turtles were captured by the trawlers.")
    assert turtles.context == "captured"


def test_a_figure_with_no_place_joins_a_place_only_when_it_restates_that_days_figure():
    facts = story_facts([
        report("a", D(2031, 3, 2), "In Chile, 40 people have died of the fever."),
        report("b", D(2031, 3, 2), "In Peru, 12 people have died of the fever."),
        report("c", D(2031, 3, 3), "The fever has killed 12 people, officials said."),
        report("d", D(2031, 3, 20), "Twelve more people have died of the fever, officials said."),
    ])  # fmt: skip
    peru = next(g for g in facts.groups if g.label.startswith("people, killed, in Peru"))
    assert peru.articles == ["b", "c"]
    assert not any("d" in g.articles and "in " in g.label for g in facts.groups)
