import datetime as dt

from conftest import assert_quoted

from storyline.ingest.build import build_article
from storyline.model import Article, Sentence
from storyline.text.tokens import word_count
from storyline.timeline import TimelineBuilder, default_dates, timeline

D = dt.date
MON, WED, FRI, SAT = D(2021, 3, 1), D(2021, 3, 3), D(2021, 3, 5), D(2021, 3, 6)

# A fictional flood story in three reports; the dam breach on Monday is what the later reports recall.
FIRST = """Rivermouth (Wire) - The old Kessel dam breached on Monday, flooding the lower town of Rivermouth.

Rescue boats pulled dozens of residents from rooftops as the water rose through the evening.
The regional governor declared an emergency and asked the army for help.
Engineers had warned about cracks in the Kessel dam for years, local officials said.
Schools and the main bridge of Rivermouth will stay closed until further notice."""

SECOND = """Rivermouth (Wire) - Army engineers began sealing the breached Kessel dam on Wednesday, two days after it failed.

The flood that followed the breach on Monday destroyed more than 300 homes in Rivermouth.
Residents returned to the lower town on Wednesday to find mud up to the windows.
The governor promised compensation for every family that lost a home in the flood.
Weather forecasters expect more rain in the hills above Rivermouth this week."""

THIRD = """Rivermouth (Wire) - Engineers finished sealing the Kessel dam on Friday and the river fell back into its bed.

The breach on Monday was the worst disaster in Rivermouth for half a century, the governor said.
Prosecutors opened an inquiry into the dam operator over the warnings about cracks.
The main bridge of Rivermouth reopened to traffic on Friday afternoon.
Volunteers from across the region have cleared mud from the lower town since Wednesday."""


def story() -> list[Article]:
    return [
        build_article(FIRST, id="first", published=MON),
        build_article(SECOND, id="second", published=WED),
        build_article(THIRD, id="third", published=SAT),
    ]


def test_key_dates_in_date_order_with_cited_sentences():
    articles = story()
    entries = timeline(articles, dates=3)
    assert [e.date for e in entries] == [MON, WED, FRI]
    by_id = {a.id: a for a in articles}
    for e in entries:
        assert e.granularity == "day"
        assert len(e.sentences) == 1
        for s in e.sentences:
            source = by_id[s.article_id].sentences[s.sentence_index]
            assert_quoted(s, source)
            assert s.date == e.date
    # the most mentioned day comes with a sentence about it
    assert "Monday" in entries[0].sentences[0].text or entries[0].sentences[0].article_id == "first"


def test_most_mentioned_day_survives_a_short_timeline():
    # Monday is mentioned by all three reports; Saturday (a publication day only) is not a key date
    assert [e.date for e in timeline(story(), dates=1)] == [MON]
    assert SAT not in {e.date for e in timeline(story(), dates=3)}


def test_next_days_are_separate_news_in_a_story_of_a_few_days():
    # a strike over four days: Monday (three reports), Tuesday (two), Thursday (one); asked for
    # two dates, Tuesday is not passed over for being next to Monday, as it is in a long story
    mon, tue, thu = D(2031, 5, 5), D(2031, 5, 6), D(2031, 5, 8)
    reports = [
        ("a", mon, "Dock workers at Port Alder walked out on Monday over pay and automation."),
        ("b", tue, "Talks between the union and the port broke down on Tuesday after nine hours.\n\n"
                   "The strike at Port Alder began on Monday morning with a walkout by 3,000 workers."),
        ("c", thu, "Forty ships were waiting outside Port Alder on Thursday as the strike went on.\n\n"
                   "The union said talks broke down on Tuesday over the new automated terminal.\n\n"
                   "Dock workers have been on strike since they walked out on Monday morning."),
    ]  # fmt: skip
    articles = [build_article(text, id=i, published=day) for i, day, text in reports]
    ranked = TimelineBuilder(latest=False)  # (the ranking alone: the default keeps the last place for the latest news)
    assert [e.date for e in ranked.build(articles, dates=2)] == [mon, tue]
    # with a report months later the story is long: with a neighbour damping below 1 (bench/fit_dates.py
    # chose none for the default), the day after a chosen one counts for less
    inquiry = "An inquiry into the Port Alder strike opened in Halvern with evidence from the union."
    later = build_article(inquiry, id="d", published=D(2031, 9, 8))
    damped = TimelineBuilder(neighbour=0.5, published_weight=0.5, latest=False)  # (Thursday: one mention and its report)
    assert [e.date for e in damped.build([*articles, later], dates=2)] == [mon, thu]
    assert [e.date for e in ranked.build([*articles, later], dates=2)] == [mon, tue]


def test_a_timeline_reaches_the_latest_development():
    # a dam story over ten days: its first days are recalled by the later reports, the newest report
    # opens with Thursday's news (it came out on Friday); asked for three dates, the third is Thursday's
    days = [D(2031, 4, d) for d in (1, 2, 3, 6, 8, 11)]
    texts = [
        "Osk (Wire) - Heavy rain flooded the lower town of Osk on Tuesday, and the Brennick Dam filled to the brim.",
        "Osk (Wire) - Engineers found a crack in the Brennick Dam on Wednesday after the floods of Tuesday.",
        "Osk (Wire) - About 900 soldiers shored up the Brennick Dam on Thursday, two days after the floods of Tuesday.",
        "Osk (Wire) - The dam crack found on April 2 is stable, engineers said, after soldiers worked on it on April 3.",
        "Osk (Wire) - Families back in Osk since the floods of April 1 asked for help with the cost of repairs.",
        "Osk (Wire) - Residents returned to the lower town of Osk on Thursday, nine days after the floods of April 1.\n\n"
        "The reservoir fell to half its capacity, the operator of the Brennick Dam said.",
    ]  # fmt: skip
    articles = [build_article(t, id=f"r{k}", published=d) for k, (d, t) in enumerate(zip(days, texts))]
    assert [e.date for e in timeline(articles, dates=3)][-1] == D(2031, 4, 10)
    assert D(2031, 4, 10) not in [e.date for e in TimelineBuilder(latest=False).build(articles, dates=3)]
    assert [e.date for e in timeline(articles, dates=1)] == [D(2031, 4, 1)]  # one date: the most mentioned


def test_a_days_entry_prefers_the_report_that_opens_with_it():
    # Saturday is spoken of by Friday's report (talks called for that day, in its fifth sentence)
    # and by Sunday's, which opens with the deal reached that day: the opening is the news
    fri, sat, sun = D(2031, 5, 9), D(2031, 5, 10), D(2031, 5, 11)
    called = "\n\n".join([
        "Halvern (Wire) - The government said on Friday it was weighing emergency powers to move food "
        "through the strike-bound port.",
        "Ministers will decide next week whether to use the powers.",
        "Pharmacies reported shortages of some medicines as the strike went on.",
        "Industry groups said the strike was costing millions of crowns a day.",
        "The state mediator called the union and the port operator to new talks on Saturday.",
    ])  # fmt: skip
    deal = "\n\n".join([
        "Port Alder (Wire) - Striking dock workers reached a tentative pay agreement with the port operator "
        "late on Saturday after twenty hours of talks.",
        "Members will vote on the agreement next week.",
        "Ships were still waiting outside the harbour on Sunday.",
        "The strike is the first at the port in fifteen years.",
        "The mediator said the union and the operator had moved a long way since the talks began on Saturday.",
    ])  # fmt: skip
    articles = [build_article(called, id="fri", published=fri), build_article(deal, id="sun", published=sun)]
    (saturday,) = [e for e in timeline(articles, dates=3) if e.date == sat]
    assert [(s.article_id, s.sentence_index) for s in saturday.sentences] == [("sun", 0)]


def test_an_announced_day_after_the_latest_report_is_no_development():
    # every report repeats the swearing-in date; it has not happened when the last one is filed
    sworn = "The new president will be sworn in on April 1, the electoral commission said."
    reports = [
        ("Tessaro (Wire) - Voters chose a new president in a runoff on Sunday.", D(2031, 3, 9)),
        ("Tessaro (Wire) - The electoral commission confirmed the runoff result on Tuesday.", D(2031, 3, 11)),
        ("Tessaro (Wire) - The losing candidate went to court on Thursday over the runoff.", D(2031, 3, 13)),
    ]
    articles = [build_article(f"{text}\n\n{sworn}", id=str(i), published=day) for i, (text, day) in enumerate(reports)]
    days = [e.date for e in timeline(articles, dates=4)]
    assert D(2031, 4, 1) not in days
    assert days == [D(2031, 3, 9), D(2031, 3, 11), D(2031, 3, 13)]


def test_per_date_and_no_repeats():
    entries = timeline(story(), dates=3, per_date=3)
    seen = [(s.article_id, s.sentence_index) for e in entries for s in e.sentences]
    assert len(seen) == len(set(seen))
    assert any(len(e.sentences) > 1 for e in entries)
    assert all(len(e.sentences) <= 3 for e in entries)


def test_near_duplicate_sentences_are_not_both_chosen():
    copy = build_article(THIRD.replace("Rivermouth (Wire) - ", "Rivermouth (Post) - "), id="copy", published=SAT)
    entries = timeline([*story(), copy], dates=4, per_date=2)
    texts = [s.text.split(" - ")[-1] for e in entries for s in e.sentences]
    assert len(texts) == len(set(texts))


def test_word_budget_caps_the_timeline():
    entries = timeline(story(), dates=3, per_date=3, words=45)
    total = sum(word_count(s.text) for e in entries for s in e.sentences)
    assert 0 < total <= 45
    # the budget goes to more dates before more sentences per date
    assert len(entries) >= 2


def test_span_keeps_only_days_inside():
    entries = timeline(story(), dates=5, span=(WED, SAT))
    assert entries and all(WED <= e.date <= SAT for e in entries)


def test_default_number_of_dates_grows_with_the_story():
    assert default_dates(2) == 3
    assert default_dates(100) == 20
    assert default_dates(10_000) == 30
    assert len(timeline(story())) <= default_dates(3)


def test_undated_and_empty_input():
    assert timeline([]) == []
    undated = build_article("The dam held. Nobody knows when it was built.", id="undated")
    assert timeline([undated]) == []
    # an explicit date needs no publication date
    dated = build_article("The Kessel dam was finished on May 4, 1931, after six years of work.", id="old")
    assert [e.date for e in timeline([dated])] == [D(1931, 5, 4)]


def test_samples_timeline_has_both_days(samples):
    tuesday = build_article((samples / "001_828e56b59061e042.txt").read_text(), published=D(2017, 9, 5))
    sunday = build_article((samples / "000_8a753033448a762c.txt").read_text(), published=D(2017, 9, 10))
    entries = timeline([tuesday, sunday])
    days = [e.date for e in entries]
    assert D(2017, 9, 5) in days and D(2017, 9, 10) in days
    assert days == sorted(days)
    tue = next(e for e in entries if e.date == D(2017, 9, 5))
    assert tue.sentences[0].article_id == tuesday.id and "on tuesday" in tue.sentences[0].original


def test_a_datelines_date_is_no_mention_of_that_day():
    # filed on the 4th by the dateline, published on the 5th; the breach it reports was on Monday the 1st
    filed = build_article(
        "RIVERMOUTH, March 4 (Wire) -- Divers inspected the Kessel dam that breached on Monday.\n\n"
        "The river fell back into its bed overnight.",
        id="filed",
        published=FRI,
    )
    entries = timeline([filed], dates=3)
    assert D(2021, 3, 4) not in {e.date for e in entries}
    monday = next(e for e in entries if e.date == MON)
    assert monday.sentences[0].text == "Divers inspected the Kessel dam that breached on Monday."


def test_a_readers_comment_and_a_page_stamp_make_no_entry():
    report = build_article(
        "RIVERMOUTH | Fri Mar 5, 2021 7:50 pm EDT RIVERMOUTH (Wire) - Divers inspected the Kessel dam on Friday.\n\n"
        "At 1:13 pm on 5 Mar 2021, riverwatcher wrote: I saw the dam crack on Wednesday.\n\n"
        "The river fell back into its bed overnight, engineers said.",
        id="report",
        published=FRI,
    )
    shown = [s.text for e in timeline([report], dates=3) for s in e.sentences]
    assert shown and shown[0] == "Divers inspected the Kessel dam on Friday."
    assert not any("wrote" in text or "EDT" in text for text in shown), shown
    # a page's comments on one tokenized line: the stamp follows the comment before it
    tokenized = build_article("Divers inspected the Kessel dam on Friday .\n"
                              "The bridge is gone , will the levee hold ??? At 8:14 pm on 2 Mar 2021 , crikey wrote : Help .\n"
                              "The river fell back into its bed overnight , engineers said .", id="t", published=FRI)
    shown = [s.text for e in timeline([tokenized], dates=3) for s in e.sentences]
    assert shown == ["Divers inspected the Kessel dam on Friday."]


def test_a_big_story_is_read_from_the_top_of_each_report():
    # A fictional harbour story: every report recalls, far down, that the harbour wall was finished
    # on 2 May. Past 50 reports only each report's first 25 sentences are read, and that recollection
    # deep in the reports no longer makes 2 May the story's key date.
    def reports(n):
        out = []
        for i in range(n):
            lines = [f"Harbour crews in Lenwick worked through shift {i} number {k} without a break today." for k in range(27)]
            lines[0] = f"Cranes at the Lenwick harbour lifted cargo number {i} onto the quay this morning."
            lines[26] = "The old harbour wall of Lenwick was finished on May 2 after years of delay."
            sentences = [Sentence(k, t) for k, t in enumerate(lines)]
            out.append(Article(f"r{i}", " ".join(lines), sentences, published=D(2031, 6, 1) + dt.timedelta(days=i % 20)))
        return out

    assert [e.date for e in timeline(reports(30), dates=1)] == [D(2031, 5, 2)]
    big = {e.date for e in timeline(reports(60), dates=5)}
    assert len(big) == 5 and D(2031, 5, 2) not in big


def test_a_timeline_built_again_resolves_only_the_sentences_it_has_not_read(monkeypatch):
    """A story's timeline is built again after each report it takes in: the older reports' date
    mentions come from the process's cache, the same as resolved the first time."""
    from storyline.timeline import build

    calls = []
    real = build.resolve_dates
    monkeypatch.setattr(build, "resolve_dates", lambda text, published: calls.append(text) or real(text, published))
    build._resolve.cache_clear()
    first = timeline(story()[:2], dates=3)
    read = len(calls)
    again = timeline(story()[:2], dates=3)
    assert read > 0 and len(calls) == read and again == first
    grown = timeline(story(), dates=3)
    assert len(calls) > read and {e.date for e in grown} == {MON, WED, FRI}
    assert all(text in THIRD for text in calls[read:])  # only the new report's sentences
