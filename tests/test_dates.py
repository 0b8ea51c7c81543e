import datetime as dt

import pytest

from storyline.ingest.build import build_article
from storyline.timeline import resolve_dates

D = dt.date
SUN = D(2017, 9, 10)  # a Sunday
TUE = D(2017, 9, 5)  # a Tuesday


def found(text: str, published: dt.date | None = SUN) -> list[tuple[str, dt.date, str]]:
    return [(m.expression, m.date, m.granularity) for m in resolve_dates(text, published)]


@pytest.mark.parametrize(
    "text, published, expected",
    [
        # explicit days, cased and tokenized
        ("The dam failed on September 5, 2016, officials said.", SUN, ("September 5, 2016", D(2016, 9, 5), "day")),
        ("the dam failed on september 5 , 2016 .", SUN, ("september 5 , 2016", D(2016, 9, 5), "day")),
        ("the pier closed on sept . 5 after the storm .", SUN, ("sept . 5", D(2017, 9, 5), "day")),
        ("The pier closed on Sept. 5 after the storm.", SUN, ("Sept. 5", D(2017, 9, 5), "day")),
        ("Voting began on 5 April 2009 in the north.", SUN, ("5 April 2009", D(2009, 4, 5), "day")),
        ("The filing is dated 2017-09-05.", None, ("2017-09-05", D(2017, 9, 5), "day")),
        ("The fair opened on the 3rd of June.", SUN, ("3rd of June", D(2017, 6, 3), "day")),
        # months and years
        ("in june a patrol boat ran aground near the port .", SUN, ("in june", D(2017, 6, 1), "month")),
        ("The bridge was closed in February 2015.", SUN, ("February 2015", D(2015, 2, 1), "month")),
        ("the valley has been cut off since 2013 .", SUN, ("since 2013", D(2013, 1, 1), "year")),
        ("The mill shut down in 1998 and never reopened.", None, ("in 1998", D(1998, 1, 1), "year")),
        # relative to the publication date
        ("rescuers on sunday reached the village .", SUN, ("on sunday", SUN, "day")),
        ("rescuers on tuesday reached the village .", TUE, ("on tuesday", TUE, "day")),
        ("The council met on Tuesday.", SUN, ("on Tuesday", D(2017, 9, 5), "day")),
        ("The council will meet on Tuesday.", SUN, ("on Tuesday", D(2017, 9, 12), "day")),
        ("On Friday, the council will vote on the plan.", SUN, ("On Friday", D(2017, 9, 15), "day")),
        ("The mayor said on Friday he will step down.", SUN, ("on Friday", D(2017, 9, 8), "day")),
        ("The storm is to blame for the blackout on Friday.", SUN, ("on Friday", D(2017, 9, 8), "day")),
        ("Saturday's vote was close.", SUN, ("Saturday", D(2017, 9, 9), "day")),
        ("The ferry sank last Sunday.", SUN, ("last Sunday", D(2017, 9, 3), "day")),
        ("The ferry sails next Sunday.", SUN, ("next Sunday", D(2017, 9, 17), "day")),
        ("Yesterday the ferry sank.", SUN, ("Yesterday", D(2017, 9, 9), "day")),
        ("the ferry is expected to dock today .", SUN, ("today", SUN, "day")),
        ("the ferry docks tonight .", SUN, ("tonight", SUN, "day")),
        ("The ferry docks tomorrow.", SUN, ("tomorrow", D(2017, 9, 11), "day")),
        ("The strike ended three days ago.", SUN, ("three days ago", D(2017, 9, 7), "day")),
        ("the army this week broke the siege .", SUN, ("this week", D(2017, 9, 4), "week")),
        ("Talks resume next week.", SUN, ("next week", D(2017, 9, 11), "week")),
        ("Prices rose last month.", SUN, ("last month", D(2017, 8, 1), "month")),
        ("Prices rose last year.", SUN, ("last year", D(2016, 1, 1), "year")),
        ("Prices rose earlier this year.", SUN, ("earlier this year", D(2017, 1, 1), "year")),
    ],
)
def test_expression_kinds(text, published, expected):
    assert found(text, published) == [expected]


def test_month_without_year_takes_the_nearest_year():
    # published in January: "in December" is last month, not eleven months ahead
    assert found("The levee broke in December.", D(2018, 1, 15)) == [("in December", D(2017, 12, 1), "month")]
    # the past wins a tie; the future when the clause says so
    assert found("Elections were held in March.", D(2017, 9, 10))[0][1] == D(2017, 3, 1)
    assert found("Elections will be held in June.", D(2017, 9, 10))[0][1] == D(2018, 6, 1)
    assert found("The rig exploded on April 20.", D(2010, 5, 30))[0][1] == D(2010, 4, 20)


def test_an_invitation_names_a_day_to_come():
    fri, wed = D(2026, 3, 13), D(2026, 3, 11)
    called = "The mediator called both sides to a new round of talks on Saturday morning."
    assert found(called, fri)[0][1] == D(2026, 3, 14)  # tomorrow, not six days ago
    invited = "the minister invited both sides to talks at his ministry on thursday ."
    assert found(invited, wed)[0][1] == D(2026, 3, 12)
    # a passive "called to" and "called on" report the past
    assert found("Police were called to the scene on Sunday.", fri)[0][1] == D(2026, 3, 8)
    assert found("He called on Sunday for calm.", fri)[0][1] == D(2026, 3, 8)


def test_a_day_of_what_did_not_happen_is_no_date():
    fri = D(2026, 3, 13)
    assert found("Without the delay, the rescue team would have reached Halvern on Saturday.", fri) == []
    assert found("Sadly that meant we'd have landed in Tamsin on Sunday, too late to help.", fri) == []
    # what happened, or will, keeps its day
    assert found("The rescue team reached Halvern on Saturday.", fri)[0][1] == D(2026, 3, 7)
    assert found("The rescue team would reach Halvern on Saturday, its leader said.", fri)[0][1] == D(2026, 3, 14)


@pytest.mark.parametrize(
    "text",
    [
        "some 2,000 troops and 1,000 police took part .",
        "The agency counted 2014 cases of the disease.",
        "They may 5 times ask for more.",
        "Protesters may march through the square.",
        "Protesters march 5 miles to the square.",
        "This may be the last chance for a deal.",
        "they plan to march on the capital .",
        "The index rose 2.5 percent to 2015.7 points.",
        "Sundays are quiet in the old town.",
        "The fund holds $2016 million.",
        "In 2000 people fled the valley.",
        "The deaths of 1800 miners shocked the country.",
    ],
)
def test_false_positive_traps(text):
    assert found(text) == []


def test_offsets_point_at_the_expression():
    text = "Officials said on Monday that the road, closed since 2013, reopens next week."
    for m in resolve_dates(text, SUN):
        assert text[m.start : m.end] == m.expression
    assert [m.expression for m in resolve_dates(text, SUN)] == ["on Monday", "since 2013", "next week"]


def test_weekday_beside_an_explicit_date_is_one_date():
    assert found("Saturday , 25 April 2009 : the first case was confirmed .") == [
        ("25 April 2009", D(2009, 4, 25), "day")
    ]
    assert found("Tuesday, Sept. 5, 2017") == [("Sept. 5, 2017", D(2017, 9, 5), "day")]


def test_relative_expressions_need_a_publication_date():
    assert found("The council met on Tuesday and again yesterday, in June.", None) == []
    assert found("The council met on June 3, 2016.", None) == [("June 3, 2016", D(2016, 6, 3), "day")]


def test_written_article_resolves_sentence_by_sentence():
    text = (
        "harbour town ( wire ) - rescuers on tuesday reached fishermen stranded since 2015 on the reef .\n"
        "the coast guard said on sunday it had found the boat .\n"
    )
    article = build_article(text, published=TUE)
    assert article.tokenized
    first, second = (resolve_dates(s.text, article.published) for s in article.sentences)
    assert [(m.expression, m.date) for m in first] == [("on tuesday", TUE), ("since 2015", D(2015, 1, 1))]
    assert [(m.expression, m.date) for m in second] == [("on sunday", D(2017, 9, 3))]


def test_samples_weekdays_resolve_to_their_days(samples):
    tuesday = build_article((samples / "001_828e56b59061e042.txt").read_text(), published=TUE)
    sunday = build_article((samples / "000_8a753033448a762c.txt").read_text(), published=SUN)
    tue_days = {m.date for s in tuesday.sentences for m in resolve_dates(s.text, TUE) if m.expression == "on tuesday"}
    sun_days = {m.date for s in sunday.sentences for m in resolve_dates(s.text, SUN) if m.expression == "on sunday"}
    assert tue_days == {TUE}
    assert sun_days == {SUN}


@pytest.mark.parametrize(
    "text, newest, expected",
    [
        ("Union members will vote on the deal on Monday and Tuesday.", D(2017, 9, 14), True),
        ("Union members will vote on the deal on Monday and Tuesday.", D(2017, 9, 11), False),  # not yet held
        ("Union members voted on the deal on Friday.", D(2017, 9, 14), False),  # a report, not a plan
        ("The hearing is scheduled for Sept. 12 in the capital.", D(2017, 9, 14), True),
        ("The hearing is scheduled for Sept. 12 in the capital.", D(2017, 9, 12), False),  # the day itself
        ("The new terminal will open in 2029.", D(2017, 9, 14), False),  # a year is not a day gone by
    ],
)
def test_an_announcement_is_overtaken_once_its_day_has_passed(text, newest, expected):
    from storyline.timeline.dates import overtaken

    assert overtaken(text, SUN, newest) is expected
    assert overtaken(text, None, newest) is False and overtaken(text, SUN, None) is False


def test_mentions_that_overlap_are_left_out_as_trying_each_chosen_one_would():
    """resolve_dates keeps, in order of priority and length, each mention that overlaps none kept before:
    found among the kept spans in order (a sentence of thousands of dates was quadratic), the same
    mentions as trying every one kept."""
    import datetime as dt
    import random

    from storyline.timeline import dates

    def tried_one_by_one(text, published):
        cues, digits = set(dates._CUES.findall(text.lower())), dates._DIGIT.search(text) is not None
        found = [(p, m) for p, (needs_digit, words, finder) in enumerate(dates._FINDERS)
                 if not (needs_digit and not digits) and not (words and not cues & words)
                 for m in finder(text, published)]  # fmt: skip
        chosen = []
        for _, m in sorted(found, key=lambda pm: (pm[0], pm[1].start - pm[1].end)):
            if all(m.end <= c.start or m.start >= c.end for c in chosen):
                chosen.append(m)
        return dates._drop_weekdays_beside_dates(text, sorted(chosen, key=lambda m: m.start))

    rng = random.Random(8)
    phrases = ["on Monday", "March 3, 2031", "3 March", "from 1990 to 1995", "last week", "next Friday", "in 2029",
               "2031-03-04", "the 1990s", "yesterday", "March", "early April 2030", "Tuesday, March 4", "since 2001"]  # fmt: skip
    for _ in range(200):
        text = "Officials said " + " and ".join(rng.choice(phrases) for _ in range(rng.randrange(1, 12))) + "."
        assert dates.resolve_dates(text, dt.date(2031, 3, 5)) == tried_one_by_one(text, dt.date(2031, 3, 5)), text


def test_a_clock_stamp_is_looked_for_just_before_each_date(monkeypatch):
    """A dated clock time stamps a page ("9:05 pm EDT, Wednesday, March 4, 2031"): looked for in the
    characters just before each date, not from the sentence's start for each of thousands of dates."""
    import datetime as dt

    from counted import CountedSearch

    from storyline.ingest import build_article
    from storyline.timeline import build

    counted = CountedSearch(build._CLOCK_BEFORE)
    monkeypatch.setattr(build, "_CLOCK_BEFORE", counted)
    years = "The dam was built " + ", ".join(f"from {1900 + k % 90} to {1901 + k % 90}" for k in range(2000)) + "."
    build.timeline([build_article(years, id="y", published=dt.date(2031, 3, 4))])
    assert 0 < counted.read <= 2 * 2000 * build._CLOCK_REACH  # (about a 37-million-character read before)
    stamped = "Posted by the water board at 9:05 pm, Wednesday, March 4, 2031"
    (mention,) = [m for m in resolve_dates(stamped, dt.date(2031, 3, 4)) if "2031" in m.expression]
    assert build._timestamp(stamped, mention) and not build._timestamp(stamped.replace("9:05 pm", "noon"), mention)
