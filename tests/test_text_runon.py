"""A page's title or caption run into the lead is cut off at ingest (text.runon)."""

import datetime as dt
import json

import pytest

from storyline.cluster.headlines import headline
from storyline.ingest.build import build_article
from storyline.text.runon import MODEL_PATH
from storyline.timeline import timeline

BODY = """
The board said the repairs cost less than planned.
A spokesman for the board said the dam would be inspected again in the spring.
Residents of the valley had feared floods after the cracks were found in March."""
TITLED = "Halvern dam repairs finished ahead of winter rains A team of engineers finished repairs to the Halvern dam on Friday."
CAPTIONED = "Engineers at work on the dam wall in October The repairs to the Halvern dam were finished on Friday, the board said."
# the cut is the only place the article writes "The" after a lowercase word: that is no sign of a name ("The Hague")
WAITING = "Halvern ferry crews still waiting for fuel The harbour master says the ferries will sail again on Friday."


@pytest.mark.parametrize(
    "first, parts",
    [
        (TITLED, ["Halvern dam repairs finished ahead of winter rains",
                   "A team of engineers finished repairs to the Halvern dam on Friday."]),
        (CAPTIONED, ["Engineers at work on the dam wall in October",
                     "The repairs to the Halvern dam were finished on Friday, the board said."]),
        (WAITING, ["Halvern ferry crews still waiting for fuel",
                   "The harbour master says the ferries will sail again on Friday."]),
    ],
)  # fmt: skip
def test_a_title_or_caption_run_into_the_lead_is_a_sentence_of_its_own(first, parts):
    article = build_article(first + BODY)
    assert [s.text for s in article.sentences[:2]] == parts
    assert all(s.text in article.text for s in article.sentences)  # cut as written
    assert len(article.sentences) == 5


def test_a_title_repeated_before_the_lead_is_cut_twice():
    # the likeliest cut ("Engineers") leaves the title and its copy as one part, which is read again
    first = "NWC shares blame for dam delay NWC shares blame for dam delay Engineers say the work on the dam was finished."
    body = BODY.replace("A spokesman for the board", "A spokesman for the water company NWC")
    article = build_article(first + body)
    assert [s.text for s in article.sentences[:3]] == [
        "NWC shares blame for dam delay", "NWC shares blame for dam delay", "Engineers say the work on the dam was finished.",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "first",
    [
        "Kay Lund visited Halvern on Monday and met the mayor of Port Alder at the town hall.",
        "Residents of Halvern welcomed the news on Friday after the board said the dam was safe.",
        "HALVERN (Northgate Press) _ The water board finished repairs to the dam on Friday.",
        "The board of the Halvern Water Company met on Friday in The Hague with its Dutch partners.",
        "Council members in Tamsin warned the water board Monday against closing the dam road to Port Alder.",
        "The board met the families of three Britons and two Canadians who were evacuated from the valley.",
        "Image copyright Northgate Press image caption The dam wall at Halvern was finished on Friday.",
        # the lead repeats the dateline's place, which is no title
        "Port Alder (Northgate Press) - A ferry with ninety passengers ran aground outside Port Alder harbour on Friday.",
        "HALVERN | Fri Apr 24, 2031 7:50 pm EDT The water board said the dam was safe after the repairs.",
    ],
)
def test_a_lead_with_names_in_it_is_not_cut(first):
    article = build_article(first + BODY)
    assert article.sentences[0].text == first


def test_a_stamp_whose_clock_names_no_zone_opens_no_title():
    # the stamp is no part of the title: after it, the title runs into a lead that repeats it
    first = ("3 March 2031 Last updated at 06:28 Halvern ferry captain , Kay Lund , found guilty "
             "Halvern ferry captain Kay Lund has been found guilty of sailing without a licence .")
    article = build_article(first + BODY)
    assert article.sentences[1].text == "Halvern ferry captain Kay Lund has been found guilty of sailing without a licence ."
    assert headline([article])[0] == "Halvern ferry captain, Kay Lund, found guilty"
    from storyline.text.dateline import without_stamp

    told = "The timetable was updated at 06:28 by the harbour office ."  # a time the news tells, not a stamp
    assert without_stamp(told) == told


def test_a_crosshead_or_caption_run_into_a_later_paragraph_is_a_sentence_of_its_own():
    later = "Crews at Port Alder still wait for fuel The harbour master says the ferries will sail again on Friday."
    article = build_article(TITLED + BODY + "\n" + later)
    assert [s.text for s in article.sentences[-2:]] == [
        "Crews at Port Alder still wait for fuel", "The harbour master says the ferries will sail again on Friday."]
    dated = build_article(TITLED + BODY + "\nThe mayor denies any wrongdoing On 8 February 2031, the mayor appeared in court.")
    assert dated.sentences[-1].text == "On 8 February 2031, the mayor appeared in court."


# a title, then a caption longer than a title, run into the lead: the caption is cut off too
LONG_CAPTION = ("Halvern dam repairs finished ahead of winter rains Workers from the water board and engineers from "
                "Port Alder spent six weeks on the dam wall before the first storms of the season arrived in the valley "
                "The repairs to the Halvern dam were finished on Friday, the board said.")


def test_a_caption_longer_than_a_title_is_cut_off_before_an_opener():
    article = build_article(LONG_CAPTION + BODY)
    assert [s.text for s in article.sentences[:3]] == [
        "Halvern dam repairs finished ahead of winter rains",
        "Workers from the water board and engineers from Port Alder spent six weeks on the dam wall before the first "
        "storms of the season arrived in the valley",
        "The repairs to the Halvern dam were finished on Friday, the board said.",
    ]
    # the same caption run into a later paragraph, its opener past a title's length
    later = build_article(TITLED + BODY + "\n" + LONG_CAPTION.split(" ", 7)[-1])
    assert later.sentences[-1].text == "The repairs to the Halvern dam were finished on Friday, the board said."
    # pieces in a row: each opener that passes is a cut, not only the likeliest of them
    pieces = ["Crews from Port Alder waited on the quay for fuel all week",
              "The ferry board met the crews in Halvern that morning",
              "The harbour master says the ferries sail on Friday and the fares stay as they were this winter",
              "The first crossing leaves Kestrel Bay at dawn."]
    assert [s.text for s in build_article(TITLED + BODY + "\n" + " ".join(pieces)).sentences[-4:]] == pieces
    # a stamp that opens the article stays with the lead after it
    stamped = "Kay Lund | 17:45 UK time , Friday , 3 March 2031 The repairs to the Halvern dam were finished on Friday ."
    assert build_article(stamped + BODY).sentences[0].text == stamped


@pytest.mark.parametrize(
    "later",
    [
        "The first ferries of the line left from Port Said in Egypt for Kestrel Bay.",  # a name goes on
        "A week ago, when Ada Will raised the fares in her column, the board listened.",
        "The board met in May and the repairs began at once.",  # a month
        "The tests found an influenza A virus in two of the ferry crew, the board said.",
    ],
)
def test_a_later_sentence_is_not_cut_inside_a_name(later):
    article = build_article(TITLED + BODY + "\nThe crew were told of influenza A cases in Tamsin.\n" + later)
    assert article.sentences[-1].text == later


def test_a_tokenized_dateline_opens_no_line_that_runs_on():
    from storyline.text.runon import opening_words

    line = "PORT ALDER\\/HALVERN -LRB- Reuters -RRB- - A ferry with ninety passengers ran aground on Friday .".split()
    assert line[opening_words(line)] == "A"
    stamped = "HALVERN | Fri Apr 24 , 2031 7:50 pm EDT HALVERN -LRB- Reuters -RRB- - The water board met .".split()
    assert stamped[opening_words(stamped)] == "The"


def test_an_article_of_one_line_is_not_cut():
    # nothing else in the article tells whether "Ada" starts a name or a sentence
    line = "Ada Brook sang in Halvern on Saturday, and the film entitled Ada Brook sold out."
    assert [s.text for s in build_article(line).sentences] == [line]


def test_lowercased_tokenized_text_is_left_as_it_is():
    text = "halvern dam repairs finished ahead of winter rains a team of engineers finished repairs on friday .\n" + BODY.lower()
    assert build_article(text).sentences[0].text.startswith("halvern dam repairs finished ahead of winter rains a team")


def test_a_timeline_quotes_the_lead_without_the_title_run_into_it():
    found = "Cracks in the Halvern dam found by inspectors A team of inspectors found cracks in the Halvern dam on Monday."
    articles = [
        build_article(found + BODY, published=dt.date(2031, 3, 4), id="one"),
        build_article(TITLED + BODY, published=dt.date(2031, 3, 8), id="two"),
    ]
    shown = [s.text for entry in timeline(articles, dates=2) for s in entry.sentences]
    assert "A team of inspectors found cracks in the Halvern dam on Monday." in shown
    assert "A team of engineers finished repairs to the Halvern dam on Friday." in shown


def test_a_story_of_such_pages_is_still_named_by_the_title():
    articles = [build_article(TITLED + BODY, id="one"), build_article(TITLED + BODY + "\nMore rain is due.", id="two")]
    assert headline(articles)[0] == "Halvern dam repairs finished ahead of winter rains"


@pytest.mark.slow
def test_shipped_model_is_the_fit_scripts(shared_data, bench_script):
    fitted, _ = bench_script("fit_run_on").build(shared_data / "dev")
    assert fitted == json.loads(MODEL_PATH.read_text(encoding="utf-8"))
