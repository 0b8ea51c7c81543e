"""Story names on the dev streams: the headline comes from the story's own articles (its majority
gold story) and is never a byline, a timestamp or tokenizer markup."""

from collections import Counter

import pytest

from storyline.cluster import StoryTracker
from storyline.cluster.headlines import _StoryWords, clean, headline, key_phrases, untitled, with_names
from storyline.eval.cluster import load
from storyline.ingest import build_article
from storyline.text.boilerplate import boilerplate

# The share of stories of 3+ articles named by an article of their majority gold story (any of
# those tied for the most articles), the 95% on every stream: Multi-News 149 of 156. The
# stories it misses mix two or three gold stories; by closeness to the core alone (no votes) a pair of
# near copies from another story won one more of them (148 of 156).
STREAMS = {"duc2003_tdt.jsonl": 0.95, "multiling2011_en_stories.jsonl": 0.95, "duc2007_update.jsonl": 0.95,
           "multinews_dev_stream.jsonl": 0.95}  # DUC 2007 update: its sets read as a dated stream (eval.cluster.load)


def test_clean_drops_markup_bylines_and_timestamps():
    assert clean("-LRB- AlertNet -RRB-") == ""
    assert clean("By Richard Galpin BBC News , Adana ...") == ""
    assert clean("Updated 10:32 GMT , Libya talks resume") == "Libya talks resume"  # the stamp cut off
    aside = "(For a factbox see ID: nAB12) TAMSIN, June 3 (Reuters) - The levee at Tamsin held"
    assert clean(aside) == "The levee at Tamsin held"
    assert clean("Kestrel Bay, Ore.") == clean("Elk river, minn.") == ""
    assert clean("\\* MADRID\\/GENEVA talks on a flu vaccine resume") == "MADRID/GENEVA talks on a flu vaccine resume"
    assert clean("-LRB- Reuters -RRB- Rebels take the port of Brega , officials say") == (
        "Rebels take the port of Brega, officials say"
    )


def test_a_page_stamp_leaves_the_title_around_it():
    # a stamp between the title and the lead, or before the lead: the title, else what follows the stamp
    assert clean("14 March 2031 Last updated at 17:05 Dr Kestrel found guilty of ferry deaths") == (
        "Dr Kestrel found guilty of ferry deaths"
    )
    assert clean("Ferry captain was ` paid to sail ' , says sister Page last updated at 11:42 GMT , Friday , "
                 "3 July 2031 12:42 UK The captain was paid") == "Ferry captain was ` paid to sail ', says sister"
    assert clean("Levee holds as Tamsin river peaks TAMSIN | Fri Aug 22 , 2031 4:10 pm EDT TAMSIN -LRB- Reuters -RRB- - "
                 "The levee held") == "Levee holds as Tamsin river peaks"
    assert clean("Flood map helps Tamsin By Ada Brook , Science Editor TAMSIN | Mon Feb 2 , 2031 8:55 am EST "
                 "TAMSIN -LRB- Reuters -RRB- - A map") == "Flood map helps Tamsin"
    assert clean("Ada Brook | 07:15 UK time , Sunday , 9 March 2031 Engineers are worried about the Tamsin levee") == (
        "Engineers are worried about the Tamsin levee"
    )
    assert clean("Tue Jun 3 , 2031 9:41 am EDT TAMSIN June 3 -LRB- Reuters -RRB- - Engineers raised the levee") == (
        "Engineers raised the levee"
    )
    assert clean("Ferry docks at 4:17 pm as crowds cheer") == ""  # a time in a title is no stamp: refused as before


def test_a_site_name_after_the_title_is_cut_off():
    assert clean("Ferry runs aground off Kestrel Bay | Halvern Wire") == "Ferry runs aground off Kestrel Bay"
    assert clean("Ferry runs aground off Kestrel Bay - Halvern News") == "Ferry runs aground off Kestrel Bay"
    assert clean("World | Ferry runs aground off Kestrel Bay") == "Ferry runs aground off Kestrel Bay"
    assert clean("Streamwell subscribers jump as price rises bite") == "Streamwell subscribers jump as price rises bite"
    assert clean("Breaking News") == clean("Live updates:") == ""  # a page's label names no story
    assert clean("Pictures: Ada Brook, Reporter: Tom Reed") == ""  # a credit line names no story
    assert clean("By: Ada Brook The coastguard said the ferry was safe") == ""
    assert clean("Ferry runs aground off Kestrel Bay * Boats took 212 passengers ashore") == "Ferry runs aground off Kestrel Bay"


def test_a_long_headline_is_not_cut_on_a_function_word():
    from storyline.text.tokens import shorten

    long = "Dr Kestrel was with the ferry captain on the night the ship ran into the rocks off Tamsin Bay"
    assert clean(long) == "Dr Kestrel was with the ferry captain on the night the ship ran…"  # not "ran into…"
    assert shorten("Ferry runs aground", 16) == "Ferry runs aground"
    assert build_article(long + " .", id="a").headline == "Dr Kestrel was with the ferry captain on the night the ship ran…"


def test_a_title_run_into_its_lead_is_cut_at_the_lead():
    # a web page's title and lead in one line, with no stop between them
    assert clean("Ferry runs aground off Kestrel Bay A coastguard boat took 212 passengers ashore on Monday") == (
        "Ferry runs aground off Kestrel Bay"
    )
    assert clean("Tamsin floods: Your pictures Friday 15 January Up to 300 homes were flooded") == "Tamsin floods: Your pictures"
    assert clean("Tamsin levee holds as river peaks The levee was raised by two metres in May") == "Tamsin levee holds as river peaks"
    # an opener after a stopword is a name's ("The Hague"), and a short title is left whole
    assert clean("Envoys say the talks in The Hague ended without a deal") == "Envoys say the talks in The Hague ended without a deal"
    assert clean("Levee holds The river fell overnight") == "Levee holds The river fell overnight"
    # a Title Case title goes on past an opener before a capital; its lead starts after one before lowercase
    assert clean("Ferryman Held By Police In Tamsin") == "Ferryman Held By Police In Tamsin"
    assert clean("Tamsin Levee Holds As River Peaks A crew of 40 raised it by two metres") == "Tamsin Levee Holds As River Peaks"


def test_a_title_run_into_a_lead_that_repeats_it_is_cut_before_the_repeat():
    line = "Kay Lund 's ferry firm goes to court Kay Lund 's ferry firm has gone to court in Tamsin over unpaid fees ."
    assert clean(line) == "Kay Lund's ferry firm goes to court"
    # a name mentioned again, or words repeated in lowercase or after a stopword, go on
    line = "NWC 's shares fell in Tamsin as traders waited to see whether NWC 's new plan would work"
    assert clean(line).startswith("NWC's shares fell in Tamsin as traders waited to see whether NWC's")
    line = "Wind farm near Halvern opens as the wind farm near Halvern starts"
    assert clean(line) == line


def test_a_title_run_into_its_lead_at_a_common_word_is_cut_there():
    # the page's title and lead on one line; "scientists" is a common word (the article writes it in
    # lowercase), capitalised to open the lead
    line = "Kestrel Bay levee report released Scientists say the river will crest on Friday"
    text = f"{line}\nThe report was written by scientists at the Tamsin institute .\nThe gulf of the bay froze ."
    assert headline([build_article(text, id="a")])[0] == "Kestrel Bay levee report released"
    # a name is not cut: "Gulf" of "the vast Gulf of Tamsin" is written in lowercase elsewhere, but "of" follows
    line = "Crews searched for stranded seals in the vast Gulf of Tamsin on Monday"
    assert headline([build_article(f"{line}\nThe gulf froze early this year .", id="b")])[0] == line
    # nor a name the article writes capitalised more often than not ("the Harbour board", "at the Harbour")
    line = "Ferry talks stall despite Harbour strike , union says"
    text = f"{line}\nThe Harbour board met the union .\nWorkers at the Harbour walked out .\nBoats waited in the harbour ."
    assert headline([build_article(text, id="c")])[0] == "Ferry talks stall despite Harbour strike, union says"


def test_a_title_run_into_its_lead_is_cut_at_a_word_the_story_writes_in_lowercase():
    # the article itself never writes "violence" but in its title; the other reports of the story do
    lines = ["Looting in Halvern after Tamsin flood Violence flared overnight in two Halvern districts , police said .",
             "Massive Floodwater Washes Over the Tamsin Levee Millions of litres spilled into the lower town ."]  # fmt: skip
    others = [build_article(f"Police said the violence in Halvern ended on day {k} , as millions of litres drained away .", id=f"o{k}")
              for k in range(2)]  # fmt: skip
    for line, title in zip(lines, ["Looting in Halvern after Tamsin flood", "Massive Floodwater Washes Over the Tamsin Levee"]):
        story = [build_article(line, id="t"), *others]
        assert clean(line, _StoryWords(story)) == title
        assert clean(line, _StoryWords(story[:1])) != title  # the article alone says nothing of the word
    # a name the story writes capitalised after a capitalised word goes on, and a short Title Case
    # title is no title ("Residents of the Gulf" before "Coast")
    line = "Residents of the Tamsin Coast worked through Sunday to shore up the dunes ."
    story = [build_article(line, id="r"), build_article("Waves hit the coast near Halvern .", id="s")]
    assert clean(line, _StoryWords(story)).startswith("Residents of the Tamsin Coast worked")
    # nor is a lowercased story any evidence: every word of it is in lowercase
    lowered = [build_article("police said the violence in halvern ended , as millions of litres drained away .", id=f"l{k}") for k in range(2)]
    assert clean(lines[0], _StoryWords(lowered)) != "Looting in Halvern after Tamsin flood"


def test_a_title_run_into_its_lead_is_cut_at_a_common_word_followed_by_of_but_not_at_a_weekday():
    # "Thousands of people": the word after "of" is lowercase, so no name goes on ("Gulf of Tamsin" does)
    line = "Halvern hit by worst flood in decades Thousands of people fled the lower town on Monday ."
    others = [build_article(f"Police in Halvern said thousands of people were safe on day {k}.", id=f"o{k}") for k in range(2)]
    assert clean(line, _StoryWords([build_article(line, id="t"), *others])) == "Halvern hit by worst flood in decades"
    # a weekday is a name however lowercased text writes it: no lead starts at it
    line = "the levee board approved the repairs late Monday after a long debate in halvern ."
    lowered = build_article(f"{line}\non monday the board met again .", id="w")
    assert headline([lowered])[0].startswith("The levee board approved the repairs late Monday after")
    # nor at a name the casing lexicon capitalised in text that came lowercased, where every word is lowercase
    lowered = build_article("like so many eager halvern volunteers before him, the boatman misjudged the tide near the levee .", id="h")
    lowered.sentences[0].display = "Like so many eager Halvern volunteers before him, the boatman misjudged the tide near the levee."
    assert headline([lowered])[0].startswith("Like so many eager Halvern volunteers")


def test_a_storys_articles_are_shown_without_a_title_run_into_their_lead():
    # a page's title run into its lead at a common word: the story's sentences show the lead alone,
    # the text analysed keeps the title; a title of words the story writes as names stays
    lead = "Engineers say the river will crest at Halvern on Friday."
    opening = f"Kestrel Bay levee works delayed {lead}"
    story = [
        build_article(f"{opening}\nThe work was meant to end in May .", id="t"),
        build_article("The engineers at Halvern said the levee held.\nWater fell overnight.", id="o"),
        build_article("Crews searched the vast Gulf of Tamsin on Monday for stranded seals.\nThe gulf froze.", id="g"),
    ]
    shown = {a.id: a.sentences[0].display for a in untitled(story)}
    assert shown["t"] == "Engineers say the river will crest at Halvern on Friday."
    assert story[0].sentences[0].text.startswith("Kestrel Bay levee works delayed Engineers")
    assert shown["g"].startswith("Crews searched the vast Gulf of Tamsin")
    # beyond a title's length no cut is made: "... the story Engineers ..." deep in a sentence is prose
    long = "Halvern " + "flood " * 20 + "levee talks Engineers say the river will crest."
    assert untitled([build_article(long, id="l"), story[1]])[0].sentences[0].display.startswith("Halvern flood")
    # lowercased text is left to the casing of its names (engine.stories.named)
    low = build_article("kestrel bay levee works delayed engineers say the river will crest.", id="x")
    assert untitled([low, story[1]])[0].sentences[0].display == low.sentences[0].display


def test_a_photo_caption_never_names_a_story():
    # untitled web copy whose first sentence is the page's caption: the next sentence names it
    caption = "Image copyright Harbour Press image caption The ferry Aurelia left Kestrel Bay at dawn ."
    lead = "The ferry Aurelia ran aground off Kestrel Bay on Monday with 212 passengers on board ."
    rest = "Coastguard boats took every passenger ashore by evening , the harbour master said ."
    articles = [build_article(f"{lead} {rest}", id="a"), build_article(f"{caption} {lead} {rest}", id="b")]
    assert boilerplate(caption) and clean(caption) == ""
    text, source = headline(articles)
    assert text == "The ferry Aurelia ran aground off Kestrel Bay on Monday with 212 passengers on board."
    assert source.id == "b"  # the later of equals, named by the sentence after its caption



@pytest.mark.parametrize(
    "caption",
    [
        "In this aerial photo taken on Monday , the ferry Aurelia lies on its side off Kestrel Bay .",
        "This undated handout photo provided by the Kestrel Bay coastguard shows the ferry Aurelia .",
        "This image made from video filmed by a Harbour Press drone shows the ferry Aurelia on the rocks .",
        "Mar. 9 : The ferry Aurelia lies on its side off Kestrel Bay as coastguard boats circle .",
        "March 9 , 2031 : Coastguard boats circle the ferry Aurelia off Kestrel Bay .",
    ],
)
def test_a_caption_written_as_a_sentence_never_names_a_story(caption):
    # a wire photo's caption, or a slideshow's date-stamped one, titling a page: its lead names the story
    lead = "The ferry Aurelia ran aground off Kestrel Bay on Monday with 212 passengers on board ."
    article = build_article(f"{lead} Coastguard boats took every passenger ashore .", id="a", title=caption)
    assert clean(caption) == "" and not boilerplate(caption)  # summaries may still quote it
    assert headline([article])[0] == "The ferry Aurelia ran aground off Kestrel Bay on Monday with 212 passengers on board."
    assert clean("March of the harbour seals: a film about Kestrel Bay in winter") != ""  # a month's name, no stamp

def test_key_phrases_keep_hyphenated_place_names_whole():
    articles = [
        build_article(f"Aid reached Port-au-Prince and Deir al-Zor on {day}, the Velmora Red Cross said .", id=day)
        for day in ("Monday", "Tuesday")
    ]
    assert sorted(key_phrases(articles)) == ["Deir al-Zor", "Port-au-Prince", "Velmora Red Cross"]
    # a page that runs one sentence into the next: the capital's "The" is no part of the name
    articles = [build_article(f"Aid reached Port-au-Prince The {day} flights brought water .", id=day) for day in ("first", "second")]
    assert key_phrases(articles) == ["Port-au-Prince"]


def test_key_phrases_keep_names_with_marks_whole():
    articles = [
        build_article(f"President Recep Erdoğan met João Gonçalves in São Paulo on {day}, and Łódź sent aid .", id=day)
        for day in ("Monday", "Tuesday")
    ]
    assert sorted(key_phrases(articles)) == ["João Gonçalves", "President Recep Erdoğan", "São Paulo", "Łódź"]  # "Erdo"


def test_key_phrases_name_a_person_once():
    texts = ["Kay Lund said on Monday the Aurelia would sail, and Kay Lund met the crew .",
             "Kay Lund told the Tamsin council the Aurelia was safe .",
             "The ferry company's Chief Executive Kay Lund met Dr Ada Brook and the Aurelia crew .",
             "Chief Executive Kay Lund and Dr Ada Brook toured the Aurelia ."]
    articles = [build_article(t, id=f"k{k}") for k, t in enumerate(texts)]
    phrases = key_phrases(articles)
    assert "Kay Lund" in phrases and "Chief Executive Kay Lund" not in phrases and "Aurelia" in phrases
    notice = "To play this content the latest Flash Player must be installed, Kay Lund said ."
    assert "Flash Player" not in key_phrases([build_article(notice, id=f"n{k}") for k in range(2)])  # furniture
    credited = "Kay Lund toured the Aurelia in Tamsin on Monday , the Associated Press reported ."
    assert "Associated Press" not in key_phrases([build_article(credited, id=f"c{k}") for k in range(2)])  # who reported


def test_key_phrases_keep_a_name_joined_by_and_or_for_whole_and_two_names_apart():
    texts = ["The Harbour Safety and Pilotage Authority told the Centre for Ferry Research on Monday that Kay Lund and Ada Quint would meet in Texas and Ohio .",
             "The Harbour Safety and Pilotage Authority and the Centre for Ferry Research met Kay Lund and Ada Quint in Texas and Ohio on Tuesday .",
             "Kay Lund and Ada Quint spoke for the Harbour Safety and Pilotage Authority on Wednesday ."]  # fmt: skip
    phrases = key_phrases([build_article(t, id=f"j{k}") for k, t in enumerate(texts)])
    assert {"Harbour Safety and Pilotage Authority", "Centre for Ferry Research", "Kay Lund", "Ada Quint"} <= set(phrases)
    assert not any(" and " in p for p in phrases if p != "Harbour Safety and Pilotage Authority")  # two people, two states
    assert "Texas and Ohio" not in key_phrases([build_article(t, id=f"t{k}") for k, t in enumerate(texts[1:2] * 2)])
    # a part written alone elsewhere in the story or the article is a name of its own
    texts = ["On Monday crews of Halvern Ferries and Tamsin Pilots walked out .", "On Tuesday crews of Halvern Ferries and Tamsin Pilots met .",
             "The crews said on Wednesday that Tamsin Pilots would talk ."]  # fmt: skip
    assert {"Halvern Ferries", "Tamsin Pilots"} <= set(key_phrases([build_article(t, id=f"p{k}") for k, t in enumerate(texts)]))


def test_key_phrases_leave_a_reporters_job_and_a_datelines_month_out():
    texts = [f"By Ada Brook Harbour and Science Editor , Tamsin Ferry Board members met on {day} ." for day in ("Monday", "Tuesday")]
    texts += [f"HALVERN , Kestrel Bay April {n} ( Northgate Press ) - The Tamsin Ferry Board met ." for n in (3, 4)]
    phrases = key_phrases([build_article(t, id=f"r{k}") for k, t in enumerate(texts)])
    assert "Tamsin Ferry Board" in phrases and "Kestrel Bay" in phrases
    assert not any(p.endswith(("Editor", "April")) for p in phrases)


def test_key_phrases_count_a_name_spelled_two_ways_once():
    texts = ["The Kestrel Harbour Organisation closed the quay on Monday .", "The Kestrel Harbour Organization reopened the quay .",
             "The Kestrel Harbour Organisation said the quay was safe .", "The Kestrel Harbour Organization thanked the crews ."]  # fmt: skip
    assert key_phrases([build_article(t, id=f"o{k}") for k, t in enumerate(texts)]) == ["Kestrel Harbour Organization"]
    assert key_phrases([build_article(t, id=f"o{k}") for k, t in enumerate(texts[:3])]) == ["Kestrel Harbour Organisation"]


def test_key_phrases_count_a_title_and_surname_as_the_full_name():
    texts = ["Dr Ada Brook said the Aurelia was safe .", "Ada Brook toured the Aurelia in Tamsin .",
             "Ada Brook met the crew .", "Dr Brook told the council the Aurelia would sail .",
             "Dr Brook and Mayor Quint met at Tamsin harbour .", "Mayor Quint closed the harbour to the Aurelia ."]
    phrases = key_phrases([build_article(t, id=f"b{k}") for k, t in enumerate(texts)])
    assert "Ada Brook" in phrases and "Dr Brook" not in phrases
    assert "Mayor Quint" in phrases  # no full name of hers: as written


def test_key_phrases_of_lowercased_text_hold_names_of_rare_words():
    texts = ["crews led by ada quint reached the ferry at the harbour on monday .",
             "the ferry was towed to port by crews under ada quint 's command .",
             "mayor ada quint thanked the crews ."]
    assert "Ada Quint" in key_phrases([build_article(t, id=f"q{k}") for k, t in enumerate(texts)])
    # cased text writes its names in capitals: rare words in lowercase are no name there
    cased = "Doctors found colorectal tumours in two of the Aurelia crew , Ada Quint said ."
    assert not any("olorectal" in p for p in key_phrases([build_article(cased, id=f"c{k}") for k in range(3)]))


def test_a_headline_writes_the_storys_names_as_names():
    names = ["Ada Quint", "Kestrel Bay", "Tamsin"]
    assert with_names("Mayor ada quint reopens kestrel bay ferry", names) == "Mayor Ada Quint reopens Kestrel Bay ferry"
    assert with_names("Kestrel bay ferry sails", names) == "Kestrel Bay ferry sails"  # a sentence's first capital
    assert with_names("KESTREL BAY FERRY SAILS to tamsin", names) == "KESTREL BAY FERRY SAILS to tamsin"  # as written


@pytest.mark.parametrize("name", STREAMS)
def test_headlines_come_from_the_story_on_dev_streams(name, shared_data):
    share = STREAMS[name]
    articles, gold = load(str(shared_data / "dev" / name))
    stories: dict[int, list] = {}
    for article, found in zip(articles, StoryTracker().add_many(articles)):
        stories.setdefault(found.story_id, []).append(article)
    big = [s for s in stories.values() if len(s) >= 3]
    good = 0
    for members in big:
        count = Counter(c for a in members for c in gold[a.id])
        majority = {c for c, n in count.items() if n == max(count.values())}
        text, source = headline(members)
        assert "-LRB-" not in text and "``" not in text and not text.lower().startswith("by ")
        assert not boilerplate(text), text
        good += source is not None and bool(majority & gold[source.id])
    assert good >= share * len(big), (good, len(big))


@pytest.mark.slow
def test_shipped_constants_are_the_fit_scripts_choice(shared_data, bench_script):
    from storyline.cluster import headlines

    fit = bench_script("fit_headlines")
    chosen = fit.best(fit.scored(shared_data / "dev"), list(fit.STREAMS))
    assert chosen == (headlines.CORE_SHARE, headlines.NEAR, headlines.CORE_WORDS, headlines.BY_VOTES)


def test_a_story_in_another_script_is_named_by_its_title():
    for title, text in [("Снег в Москве", "Снег выпал в Москве в понедельник. Дороги закрыты."),
                        ("東京で地震", "東京で地震があった。けが人はいない。")]:  # fmt: skip
        articles = [build_article(text, title=title, id=f"{title}{k}") for k in range(2)]
        assert headline(articles)[0] == title  # "story N" before
    assert clean("By Иван Петров") == "" and clean("Снег") == ""  # a byline, a lone word: no name


def test_the_trackers_words_are_spelled_as_the_story_writes_them(samples, tmp_path):
    from storyline.cluster.headlines import spelled

    texts = [
        "The president of Velmora, Darius Kessan, met FDA officials in Dorvale on Monday. The president said the "
        "vaccine would be ready by May.",
        "Velmora's president told FDA inspectors that the presidential palace would host the talks.",
    ]
    articles = [build_article(t, id=f"v{k}") for k, t in enumerate(texts)]
    # the tracker keeps a stem's shortest form ("presides" of "president"), and lowercase for an acronym
    assert spelled(["presides", "Kessan", "fda", "zebra"], articles) == ["president", "Kessan", "FDA", "zebra"]
    # a stem the story writes only as a first word takes that form, not the one the tracker met elsewhere
    openers = [build_article("Revelations about the harbour fund worry Port Alder. Kay Lund spoke.", id="r0",
                             title="Revelations at the harbour")]  # fmt: skip
    assert spelled(["revels", "Lund"], openers) == ["revelations", "Lund"]

    import storyline

    with storyline.open(str(tmp_path / "s.db")) as eng:  # lowercased wire copy: its words as it is shown
        eng.ingest([str(samples)])
        (story,) = eng.stories()
        assert "Syrian" in story.key_phrases and "syrian" not in story.key_phrases


def test_a_name_with_a_middle_initial_is_one_name():
    from storyline.cluster.headlines import as_names

    texts = ["Attorney General Tobin R. Vale Jr. said on Monday the Tamsin inquiry would go on .",
             "Tobin Vale told the Tamsin council the inquiry into the ferry Aurelia was open .",
             "Vice President Ada J. Brook and Attorney General Tobin R. Vale Jr. met the Aurelia crew ."]
    articles = [build_article(t, id=f"e{k}") for k, t in enumerate(texts)]
    phrases = key_phrases(articles)
    # not "Attorney General Tobin" and "Vale Jr": the initial cut the name in two
    assert "Tobin Vale" in phrases and not [p for p in phrases if "Jr" in p or p.endswith("Tobin")]
    assert as_names(["Tobin", "Vale", "Brook", "inquiry"], articles) == ["Tobin Vale", "Ada Brook", "inquiry"]


def test_a_title_inside_a_run_of_capitals_opens_the_name_after_it():
    from storyline.cluster.headlines import as_names

    texts = ["Finance Minister Tobin Vale told University of Halvern students the Tamsin port levy would rise .",
             "Harbour and Coastal Affairs Secretary Ada Quintero Brook backed the Tamsin levy .",
             "Tamsin traders met Finance Minister Tobin Vale and Harbour and Coastal Affairs Secretary "
             "Ada Quintero Brook , and University of Halvern President Maren Osk ."]  # fmt: skip
    articles = [build_article(t, id=f"t{k}") for k, t in enumerate(texts)]
    phrases = key_phrases(articles)
    # not "Finance Minister Tobin Vale", nor "Coastal Affairs Secretary Ada", four words cut off before "Brook"
    assert {"Tobin Vale", "Ada Quintero Brook"} <= set(phrases)
    assert not [p for p in phrases if "Minister" in p or "Secretary" in p or p == "Finance"]
    assert as_names(["Vale", "Brook", "Osk", "levy"], articles) == ["Tobin Vale", "Ada Quintero Brook", "Maren Osk", "levy"]
    # the words before the title stay a name when they are one ("University of Halvern"); a title with
    # one word after it cuts nothing
    assert "University of Halvern" in key_phrases(articles, n=10)
    assert as_names(["Corp"], [build_article("Burger King Corp opened a Tamsin shop.", id="b")]) == ["Burger King Corp"]


def test_a_trackers_word_written_inside_a_longer_name_is_shown_as_that_name(tmp_path):
    from storyline.cluster.headlines import as_names

    texts = [
        "The Grey Heron, a schooner built in 1874, reopened at the museum in Halvern on Saturday. "
        "Visitors came from Calla Point and Halvern.",
        "Halvern's museum shows the Grey Heron again. The schooner sailed from Halvern in 1902.",
    ]
    articles = [build_article(t, id=f"h{k}", title="Museum reopens") for k, t in enumerate(texts)]
    # "Grey" and "Heron" are one name; "Halvern", written alone more often than in a name, stays a word;
    # a lowercase word and one no name holds are kept as given
    assert as_names(["Heron", "Grey", "Halvern", "Calla", "schooner", "Lisbon"], articles) == [
        "Grey Heron", "Halvern", "Calla Point", "schooner", "Lisbon"]  # fmt: skip
    assert as_names(["Saturday"], [build_article("The Museum Saturday Club met.", id="x")]) == ["Museum Saturday Club"]
    assert as_names(["Press"], [build_article("HALVERN (Northgate Press) - The museum opened.", id="y")]) == ["Press"]

    import storyline

    report = build_article("The maritime museum of Halvern reopened on Saturday after four years of work. The Grey Heron, "
                           "a schooner built in 1874, stands in its new hall. The Grey Heron sailed the Osk coast until "
                           "1950.", id="m", title="Museum reopens")  # fmt: skip
    with storyline.open(str(tmp_path / "s.db")) as eng:  # as a story's key phrases (not of its title and lead)
        eng.add_articles([report])
        (story,) = eng.stories()
        assert "Grey Heron" in story.key_phrases and "Heron" not in story.key_phrases
        assert "Saturday" not in story.key_phrases  # a weekday names no story


def test_a_pair_of_near_copies_from_another_story_does_not_name_the_story():
    """Three reports of the Tamsin levee, each telling it its own way, took in two near copies of a
    ferry report: the ferry pair is closer to each other than any levee report is to another, but
    each levee report has another levee report as its nearest, so a levee report names the story."""
    levee = [
        "The Tamsin levee held overnight as river water rose past the flood mark, engineers said.",
        "Engineers at Tamsin spent the night pumping water back over the levee wall near the flooded river mill.",
        "Residents of Tamsin returned home after the river fell and the levee engineers left the town.",
    ]
    ferry = [
        "The Port Alder ferry to Kestrel Bay halted after a river radar fault at the Tamsin pier, officials said.",
        "The Port Alder ferry to Kestrel Bay halted on Monday after a radar fault at the Tamsin pier, officials said.",
    ]
    articles = [build_article(text, id=f"a{k}", title=text.split(",")[0]) for k, text in enumerate(levee[:2] + ferry + levee[2:])]
    text, source = headline(articles)
    assert source is not None and source.id in {"a0", "a1", "a4"}, text
    _, by_closeness = headline(articles, by_votes=False)  # summed closeness alone: the pair's
    assert by_closeness is not None and by_closeness.id in {"a2", "a3"}


def test_a_marked_word_is_counted_as_the_pattern_counts_it():
    """_StoryWords counts a word with a mark ("violence,") by scanning for it, not with a regular
    expression over the story's text, which took seconds for a story of thousands of articles."""
    import random
    import re

    from storyline.cluster.headlines import _occurrences

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(["a", "b", "A", ".", ",", "-", "_", " ", "é", "1", "\n", "x "]) for _ in range(rng.randint(0, 40)))
        word = "".join(rng.choice(["a", ".", ",", "A", "-", "é"]) for _ in range(rng.randint(1, 3)))
        assert _occurrences(text, word) == len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)), (text, word)
        assert _occurrences(text, word, True) == len(re.findall(rf"(?<=[a-z] ){re.escape(word)}(?![\w-])", text)), (text, word)


def test_a_titles_case_is_read_in_one_pass_as_word_by_word():
    """headlines._title_cased gives, for every k, whether the first k words are a title in Title Case,
    as reading those k words again for each k would (which made a title of hundreds of capitalised
    words cost a story page seconds: quadratic in its words)."""
    import random

    from storyline.cluster import headlines
    from storyline.text.tokens import STOPWORDS

    def title_cased(words):
        content = [w for w in words if any(c.isalpha() for c in w) and w.lower() not in STOPWORDS]
        return len(content) >= headlines.RUN_ON_WORDS and all(w[:1].isupper() for w in content)

    rng = random.Random(4)
    pool = ["Oil", "Washes", "the", "of", "in", "Gulf", "ashore", "2031", "--", "Kestrel", "Bay's", "e.g.", "A", "x"]
    for _ in range(300):
        words = [rng.choice(pool) for _ in range(rng.randrange(0, 14))]
        assert headlines._title_cased(words) == [title_cased(words[:k]) for k in range(len(words) + 1)], words
    title = ["Ab"] * 5000 + ["Thousands", "of", "people", "fled"]
    assert headlines.title_words(title, {"thousands"}) == 5000  # at once (a few seconds before)


def test_the_case_before_each_word_of_an_opening_is_read_in_the_two_characters_before_it(monkeypatch):
    """headlines.spelled asks, for each word of a story's openings, whether a lowercase letter and a space
    come before it: read in those two characters, not from the opening's start for each word (an opening
    of 8,000 capitalised words took a story's headline 4 s); the key phrases are spelled as before."""
    import datetime as dt

    from counted import CountedSearch

    from storyline.cluster import headlines

    counted = CountedSearch(headlines._AFTER_LOWER)
    monkeypatch.setattr(headlines, "_AFTER_LOWER", counted)
    days = " and ".join(["Monday", "Tuesday", "next week", "last month"] * 2000)
    articles = [build_article(f"The Kestrel Bay ferry sailed on Monday. Officials met {days}. The Ferry held.", id="a",
                              published=dt.date(2031, 3, 3)),
                build_article("The Kestrel Bay ferry sailed again on Tuesday, its Crew said.", id="b")]  # fmt: skip
    assert headlines.spelled(["Kestrel", "Tuesday", "crew", "Ferry"], articles) == ["Kestrel", "Tuesday", "crew", "Ferry"]
    assert 0 < counted.read <= 2 * 8000
