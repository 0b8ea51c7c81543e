"""Datelines, agency names and publication dates stated in text."""

import datetime as dt

import pytest

from storyline.ingest import build_article, normalize_agency, parse_date, parse_dateline, stated_date
from storyline.model import Sentence
from storyline.text.dateline import quoted, without_dateline, without_note


@pytest.mark.parametrize(
    ("sentence", "tokenized", "place", "agency", "date"),
    [
        ("beirut ( reuters ) - syrian government forces advanced .", True, "Beirut", "Reuters", None),
        ("WASHINGTON (AP) -- The Senate voted on Tuesday.", False, "Washington", "AP", None),
        ("LONDON, March 3 (Reuters) - Shares fell.", False, "London", "Reuters", None),
        ("LONDON, March 3, 2017 (Reuters) - Shares fell.", False, "London", "Reuters", dt.date(2017, 3, 3)),
        ("BRUSSELS, January 22 (Xinhua) -- EU ministers met.", False, "Brussels", "Xinhua", None),
        ("LONDON (AP) _ An influential lawmaker spoke.", False, "London", "AP", None),
        ("NEW YORK (Reuters) - Stocks rose.", False, "New York", "Reuters", None),
        ("PORT-AU-PRINCE, Haiti (AP) — Rescuers dug.", False, "Port-au-Prince", "AP", None),
        ("BEIJING, Jan. 22 (Xinhua) -- China said so.", False, "Beijing", "Xinhua", None),
        ("PARIS, 3 March 2017 (Agence France-Presse) - x", False, "Paris", "AFP", dt.date(2017, 3, 3)),
        ("Sharm el-Sheikh (Reuters) - Talks began.", False, "Sharm el-Sheikh", "Reuters", None),
        ("WASHINGTON — The president spoke.", False, "Washington", None, None),
        ("NEW YORK, March 3 -- Stocks fell.", False, "New York", None, None),
        ("NEW YORK, May 5, 2019 — 3 men were held.", False, "New York", None, dt.date(2019, 5, 5)),
        ("HUE, Vietnam — Floods rose.", False, "Hue", None, None),
        ("london , march 3 , 2017 ( reuters ) - the bank said .", True, "London", "Reuters", dt.date(2017, 3, 3)),
        ("deir al-zor ( reuters ) - fighting went on .", True, "Deir al-Zor", "Reuters", None),
        ("oslo ( upi ) - a ship sank .", True, "Oslo", "UPI", None),
        # the place left out, as after a web page's stamp
        ("Jan 11 (Reuters) - The levee held.", False, None, "Reuters", None),
        ("march 3 , 2031 ( ap ) -- crews worked .", True, None, "AP", dt.date(2031, 3, 3)),
        ("(Reuters) - The levee held.", False, None, "Reuters", None),
        ("(CNN) Crews worked through the night.", False, None, "CNN", None),  # no date: no dash either
        ("(CNN)Crews worked through the night.", False, None, "CNN", None),
        # a report filed from two places
        ("PORT ALDER/HALVERN (Reuters) - The levee held.", False, "Port Alder/Halvern", "Reuters", None),
        ("KESTREL BAY/HALVERN, Tamsin (Reuters) - x", False, "Kestrel Bay/Halvern", "Reuters", None),
        ("port alder\\/halvern ( reuters ) - the levee held .", True, "Port Alder/Halvern", "Reuters", None),
        # a place of the lists alone before a dash, in lowercased or tokenized text
        ("Washington — the levee held .", True, "Washington", None, None),
        ("port-au-prince -- the levee held .", True, "Port-au-Prince", None, None),
        ("PORT ALDER/HALVERN — The levee held.", False, "Port Alder/Halvern", None, None),
    ],
)
def test_datelines(sentence, tokenized, place, agency, date):
    found = parse_dateline(sentence, tokenized=tokenized)
    assert found is not None
    assert (found.place, found.agency, found.date) == (place, agency, date)


@pytest.mark.parametrize(
    ("sentence", "tokenized"),
    [
        ("the syrian democratic forces ( sdf ) said it advanced .", True),
        ("The U.S.-backed Halvern Coast Guard (HCG) said it advanced.", False),
        ("He said (AP) - nothing.", False),
        ("I — we went home.", False),
        ("U.S. - China talks resumed on Monday.", False),
        ("NATO - led forces entered the town.", False),
        ("UN - Peacekeepers arrived.", False),
        ("EXCLUSIVE - The bank will cut jobs.", False),
        ("Officials met on Monday.", False),
        ("Jan 11 (Valley Wire) - The levee held.", False),  # no agency known
        ("halvern -- the levee held .", True),  # a place no list knows
        ("the levee -- held by crews -- stood .", True),
        ("March 3 (Reuters) The levee held.", False),  # no dash
        ("June 14, 2031 - Flood and landslide at the quarry.", False),  # a timeline's entry
        ("EDT HALVERN (Reuters) - The museum reopened.", False),  # the end of a page's stamp is no place
    ],
)
def test_not_datelines(sentence, tokenized):
    assert parse_dateline(sentence, tokenized=tokenized) is None


def test_agency_names_normalised():
    assert normalize_agency("associated press") == "AP"
    assert normalize_agency("The Associated Press") == "AP"
    assert normalize_agency("reuters", tokenized=True) == "Reuters"
    assert normalize_agency("xinhua news agency") == "Xinhua"
    assert normalize_agency("Valden Wire") == "Valden Wire"  # unknown names kept as written
    assert normalize_agency("kvtn and ap") == "KVTN and AP"
    assert normalize_agency("kvtn/kvtx", tokenized=True) == "KVTN/KVTX"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Tom Reed | 07:45 UK time , Wednesday , 12 March 2031 Engineers are uneasy .", dt.date(2031, 3, 12)),
        ("LONDON, March 3, 2017 (Reuters) - The bank raised rates.", dt.date(2017, 3, 3)),
        ("Published 2024-02-29 by the desk. Rain fell.", dt.date(2024, 2, 29)),
        ("sept. 4 , 2016 the council met .", dt.date(2016, 9, 4)),
        ("Posted 5:39 pm october 15, 2013 the fire spread .", dt.date(2013, 10, 15)),
        ("Tuesday, october 16, 2018 ( news desk ) a boy was hurt .", dt.date(2018, 10, 16)),
        ("The firm said on March 3, 2017 it would close.", None),  # event dates, not bylines
        ("OSLO, August 17 (Xinhua) -- Survivors of the August 17, 1999 quake met.", None),
        ("Oil floats off the coast April 22 , 2010 , in this photo .", None),
        ("Divers began a second survey Thursday , May 8 , 2031 .", None),
        ("Feb. 30, 2017 is not a day.", None),
        ("Nothing here is dated.", None),
    ],
)
def test_stated_dates(text, date):
    assert stated_date(text) == date


def test_date_precedence_metadata_then_argument_then_text():
    text = "LONDON, March 3, 2017 (Reuters) - The bank raised rates. Markets fell."
    given, argument = dt.date(2017, 3, 4), dt.date(2017, 3, 9)
    assert build_article(text, published=given, default_date=argument).published == given
    assert build_article(text, default_date=argument).published == argument
    assert build_article(text).published == dt.date(2017, 3, 3)
    assert build_article("LONDON (Reuters) - The bank raised rates. Markets fell.").published is None


def test_source_precedence_metadata_then_dateline_then_argument():
    text = "OSLO (AFP) - Fishermen protested. Police watched."
    assert build_article(text, source="reuters").source == "Reuters"
    assert build_article(text, source="Valden Courier").meta["agency"] == "AFP"
    assert build_article(text, default_source="Desk").source == "AFP"
    assert build_article("Fishermen protested. Police watched.", default_source="Desk").source == "Desk"


def test_dateline_cut_off_by_the_splitter_is_glued_back():
    article = build_article("LONDON (AP) _ An influential lawmaker spoke on Saturday. He was heard.")
    assert [s.text for s in article.sentences] == [
        "LONDON (AP) _ An influential lawmaker spoke on Saturday.",
        "He was heard.",
    ]
    assert (article.place, article.source) == ("London", "AP")
    on_its_own_line = build_article("beirut ( reuters ) -\nforces advanced on sunday , officials said .\nthey held .")
    assert on_its_own_line.sentences[0].text == "beirut ( reuters ) - forces advanced on sunday , officials said ."
    assert on_its_own_line.place == "Beirut"
    unknown_agency = build_article("HALVERN (Northgate Press) -- The museum reopened on Saturday. Visitors queued.")
    assert unknown_agency.sentences[0].text == "HALVERN (Northgate Press) -- The museum reopened on Saturday."
    assert (unknown_agency.place, unknown_agency.source) == ("Halvern", "Northgate Press")
    state_abbreviation = build_article("BRINDLE, Wyo. (AP) -- The county fair opened on Friday. Crowds came.")
    assert state_abbreviation.sentences[0].text == "BRINDLE, Wyo. (AP) -- The county fair opened on Friday."
    assert (state_abbreviation.place, state_abbreviation.source) == ("Brindle", "AP")
    tokenized = build_article("brindle , wyo . ( ap ) - the county fair opened on friday .\ncrowds came .\n")
    assert tokenized.sentences[0].text == "brindle , wyo . ( ap ) - the county fair opened on friday ."
    assert (tokenized.place, tokenized.source) == ("Brindle", "AP")


def test_a_quoted_sentence_leaves_its_dateline_to_the_citation():
    article = build_article("HALVERN (Northgate Press) -- The museum reopened on Saturday. Visitors queued for hours.")
    assert quoted(article, article.sentences[0]) == ("The museum reopened on Saturday.",) * 2
    assert quoted(article, article.sentences[1]) == ("Visitors queued for hours.",) * 2
    tokenized = build_article("brindle , wyo . ( ap ) - the county fair opened on friday .\ncrowds came .\n")
    text, display = quoted(tokenized, tokenized.sentences[0])
    assert text == "the county fair opened on friday ."
    assert display == "The county fair opened on Friday."
    assert article.headline == "The museum reopened on Saturday."
    assert build_article("WESTMARK _ The bridge opened on Friday. Cars crossed.").headline == "The bridge opened on Friday."
    assert without_dateline("WESTMARK _ the bridge opened.") == "The bridge opened."
    assert without_dateline("WESTMARK _") == "WESTMARK _"  # nothing after it: kept whole
    assert without_dateline("The mayor (a lawyer) - spoke.") == "The mayor (a lawyer) - spoke."
    # only the opening sentences may carry a dateline
    late = Sentence(index=3, text="HALVERN (AP) -- More came later.")
    assert quoted(article, late) == (late.text, late.text)


def test_a_digest_item_is_quoted_without_its_slug_or_bullet():
    budget = build_article(
        "The Harbor News Service will file the following stories for Thursday.\n\n"
        "CITY NEWS\n\n"
        "FERRY-STRIKE (Undated) _ Ferry crews walk out for a second day as talks with the port authority stall.\n\n"
        "TUNNEL-VOTE (Port Alder) _ The council approves the harbour tunnel by seven votes to two.\n\n"
        "Briefs:\n\n"
        "-- The old lighthouse reopens to visitors after a two-year repair.\n\n"
        "— Fishermen report the largest herring catch in a decade.\n\n"
        "The council chair (a former pilot) _ quoted in the minutes _ called it a fair vote."
    )
    quotes = {s.text: quoted(budget, s)[1] for s in budget.sentences}
    assert quotes["FERRY-STRIKE (Undated) _ Ferry crews walk out for a second day as talks with the port authority stall."] == (
        "Ferry crews walk out for a second day as talks with the port authority stall."
    )
    assert quotes["TUNNEL-VOTE (Port Alder) _ The council approves the harbour tunnel by seven votes to two."] == (
        "The council approves the harbour tunnel by seven votes to two."
    )
    assert quotes["-- The old lighthouse reopens to visitors after a two-year repair."] == (
        "The old lighthouse reopens to visitors after a two-year repair."
    )
    assert quotes["— Fishermen report the largest herring catch in a decade."] == (
        "Fishermen report the largest herring catch in a decade."
    )
    aside = "The council chair (a former pilot) _ quoted in the minutes _ called it a fair vote."
    assert quotes[aside] == aside  # an underscore aside in a sentence is no slug line
    tokenized = build_article("the port reopened on monday .\ncrews returned .\nboats sailed .\n-- the ferry runs again .\n")
    assert quoted(tokenized, tokenized.sentences[3]) == ("the ferry runs again .", "The ferry runs again.")


def test_a_parenthesis_after_an_ordinary_sentence_is_not_a_dateline():
    article = build_article("The mayor met Sen. Harlow. (He was late) -- aides said. Talks went on.")
    assert "(He was late)" not in article.sentences[0].text
    assert article.source is None


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2025-05-13", dt.date(2025, 5, 13)),
        ("2025-05-13T09:30:00Z", dt.date(2025, 5, 13)),
        ("Wed, 14 May 2025 10:00:00 +0000", dt.date(2025, 5, 14)),
        ("May 14, 2025", dt.date(2025, 5, 14)),
        ("soon", None),
        (None, None),
        (20250513, None),
    ],
)
def test_metadata_dates(value, date):
    assert parse_date(value) == date


@pytest.mark.parametrize(
    ("first", "shown"),
    [
        ("HALVERN | Fri Apr 24, 2031 7:50 pm EDT HALVERN (Reuters) - The museum reopened.", "The museum reopened."),
        ("Ada Brook | 16:05 UK time, Tuesday, 3 June 2031 Readers react to the reopening.", "Readers react to the reopening."),
        ("Page last updated at 14:22 GMT, Sunday, 7 September 2031 15:22 UK The museum reopened.", "The museum reopened."),
        ("Ada Brook | 12:16 PM, Thursday, 28 May 2031 The museum reopened.", "The museum reopened."),
        ("2031 06 13 00:11 JST HALVERN (Reuters) - The museum reopened.", "The museum reopened."),
        ("Published: Wednesday, 9 July, 2031, 08:14 GMT 09:14 UK Added: Thursday, 10 July, 2031, 21:47 GMT 22:47 UK "
         "The museum reopened.", "The museum reopened."),
        ("The museum reopened at 7:30 pm EDT on Saturday.", None),  # news, no stamp
        ("At 4:27 pm on 18 Sep 2031, a reader wrote: the museum is lovely.", None),  # a comment, not a stamp
    ],
)
def test_a_quoted_sentence_leaves_a_web_page_stamp_out(first, shown):
    article = build_article(f"{first}\n\nVisitors queued for hours.")
    assert quoted(article, article.sentences[0])[1] == (shown or first)


def test_a_dateline_of_prose_that_came_lowercased_is_read_and_left_out_of_its_quote():
    body = " ".join(f"crews on the {n} shift said the levee held through the night and the river fell by morning ." for n in
                    ("first", "second", "third", "fourth", "fifth"))  # fmt: skip
    article = build_article(f"Port alder, tamsin (AP) — the levee held on monday , crews said . {body}")
    assert (article.source, article.place) == ("AP", "Port Alder")
    assert quoted(article, article.sentences[0])[1].startswith("The levee held on Monday")
    cnn = build_article(f"(CNN) the levee held on monday , crews said . {body}")
    assert cnn.source == "CNN" and quoted(cnn, cnn.sentences[0])[1].startswith("The levee held")


@pytest.mark.parametrize(
    ("first", "shown"),
    [
        ("Close Ferry crews at Port Alder walked out on Monday over pay.", "Ferry crews at Port Alder walked out on Monday over pay."),
        ("Close ferry crews at port alder walked out on monday over pay.", "Ferry crews at port alder walked out on monday over pay."),
        ("Close 'kestrel', a harbour seal, was freed from a net on monday.", "'kestrel', a harbour seal, was freed from a net on monday."),
        # lowercased text capitalised after an abbreviation's stop
        ("Close kestrel bay ferry co. Is adding a late boat on friday.", "Kestrel bay ferry co. Is adding a late boat on friday."),
        ("Close to 300 ferry crews walked out at Port Alder on Monday.", None),  # the lead's own "Close"
        ("Close aides to Mayor Ada Quint said on Monday that talks went on.", None),
        ("Close aides to mayor ada quint said on monday that talks went on.", None),
        ("Close friends of the crew gathered at the dock on monday.", None),
    ],
)
def test_a_quoted_sentence_leaves_a_video_players_close_out(first, shown):
    article = build_article(f"{first}\n\nVisitors queued for hours at the dock.")
    text, display = quoted(article, article.sentences[0])
    assert display == (shown or first)
    assert text.startswith("Close ") == (shown is None)
    assert article.headline.split()[:4] == display.split()[:4]
    later = build_article(f"Visitors queued for hours at the dock.\n\n{first}")  # a later sentence is left as written
    assert quoted(later, later.sentences[1])[1] == first


@pytest.mark.parametrize(
    ("first", "shown"),
    [
        ("By Ada Brook BBC News, Halvern The museum reopened on Monday after a flood.", "Halvern The museum reopened on Monday after a flood."),
        ("By Ada Brook Arts correspondent, BBC News, Paris The museum reopened on Monday.", "The museum reopened on Monday."),
        ("By Ada Brook and Tom Reed The museum reopened on Monday after a flood.", "The museum reopened on Monday after a flood."),
        ("By ADA BROOK Associated Press Writer HALVERN (AP) - The museum reopened on Monday.", "The museum reopened on Monday."),
        ("By Monday The museum had reopened after the flood.", None),  # a day, no byline
        ("By Tuesday Morning Star readers had sent in letters about it.", None),
    ],
)
def test_a_quoted_sentence_leaves_a_byline_out(first, shown):
    article = build_article(f"{first}\n\nVisitors queued for hours.")
    assert quoted(article, article.sentences[0])[1] == (shown or first)


@pytest.mark.parametrize(
    "first",
    [
        "-LRB- Recasts ; adds quotes -RRB- HALVERN , May 19 -LRB- Reuters -RRB- - The museum reopened on Monday .",
        "-LRB- For a factbox on the floods , click -LRB- ID : nHAL12 -RRB- -RRB- The museum reopened on Monday .",
    ],
)
def test_a_quoted_sentence_leaves_a_wire_editors_note_out(first):
    # cased tokenized wire copy, a sentence a line: the editor's note runs into the lead
    article = build_article(f"{first}\nVisitors queued for hours at the gate .\nThe mayor said it would stay open .")
    assert quoted(article, article.sentences[0])[1] == "The museum reopened on Monday."
    assert without_note("(The museum reopened on Monday.) Visitors queued at dawn to see it.").startswith("(The")


def test_a_dash_a_dateline_leaves_is_not_shown():
    article = build_article("HALVERN, November 27 (Xinhua) --The council said the levee held on Friday.", id="w")
    assert quoted(article, article.sentences[0])[1] == "The council said the levee held on Friday."  # "--The" before


def test_cased_tokenized_wire_copy_has_its_dateline_read():
    # the bracket tokens are read as brackets: the place and the agency are the article's
    text = "PORT ALDER -LRB- Reuters -RRB- - The museum reopened on Monday .\nVisitors queued for hours at the gate .\n"
    article = build_article(text + "The mayor said it would stay open .")
    assert (article.place, article.source) == ("Port Alder", "Reuters")
    assert quoted(article, article.sentences[0])[1] == "The museum reopened on Monday."


def test_a_dateline_after_a_web_page_stamp_is_read():
    article = build_article("HALVERN | Fri Apr 24, 2031 7:50 pm EDT HALVERN (Reuters) - The museum reopened.\n\nVisitors queued.")
    assert (article.place, article.source) == ("Halvern", "Reuters")
    article = build_article("Fri Apr 24, 2031 7:50 pm EDT (Reuters) - The museum reopened.\n\nVisitors queued.")
    assert (article.place, article.source) == (None, "Reuters")
    assert quoted(article, article.sentences[0])[1] == "The museum reopened."


def test_a_dateline_after_a_stamp_and_a_byline_is_read():
    text = "2031 04 25 08:50 JST By Ada Brook and Tamsin Reed PORT ALDER\\/HALVERN -LRB- Reuters -RRB- - The levee held .\n"
    article = build_article(text + "Crews worked through the night .\nThe river fell by Sunday .")
    assert (article.place, article.source) == ("Port Alder/Halvern", "Reuters")
    assert quoted(article, article.sentences[0])[1] == "The levee held."


def test_title_case_capitalises_after_mc_and_initials():
    from storyline.text.dateline import title_case

    assert title_case("MCALLEN") == "McAllen" and title_case("port-au-prince") == "Port-au-Prince"
    assert title_case("defiance of u.n. rules", frozenset({"of"})) == "Defiance of U.N. Rules"
    assert title_case("mcc") == "Mcc"  # too short for a name after "Mc"


@pytest.mark.parametrize(
    ("first", "shown"),
    [
        ("-LRB- AP Photo -RRB- Mayor Ada Quint said on Sunday that the levee would hold .",
         "Mayor Ada Quint said on Sunday that the levee would hold."),
        ("-LRB- Reuters Photo/Kay Lund -RRB- Crews worked on the Tamsin levee through the night .",
         "Crews worked on the Tamsin levee through the night."),
        ("-LRB- Kestrel Bay Photo -RRB- Crews worked on the Tamsin levee through the night .", None),  # no agency
        ("-LRB- AP Photo -RRB- Crews worked .", None),  # little follows
    ],
)
def test_a_quoted_sentence_leaves_an_agencys_photo_credit_out_of_its_display(first, shown):
    article = build_article(f"{first}\nThe river fell by morning , officials said .")
    text, display = quoted(article, article.sentences[0])
    assert display == (shown or article.sentences[0].display)
    assert "Photo" in text  # the text analysed keeps it, as it keeps a byline
