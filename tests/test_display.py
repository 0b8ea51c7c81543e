"""Readable display of tokenized text (text/display.py) and the casing lexicon (text/casing.py)."""

import json

import pytest

from storyline.text.casing import CasingLexicon, _phrase_like, key_of
from storyline.text.display import display_sentence, readable

# -- punctuation, clitics, quotes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "tokens, shown",
    [
        ("the plan , drafted last week , failed .", "The plan, drafted last week, failed."),
        ("rain fell ( about 10 cm ) overnight ; roads closed .", "Rain fell (about 10 cm) overnight; roads closed."),
        ("the fund paid $ 37 million , up 40 % [ sic ] .", "The fund paid $37 million, up 40% [sic]."),
        ("he paused ... then spoke : no deal !", "He paused... then spoke: no deal!"),
        ("is it over ?", "Is it over?"),
        ("the vote closes at 7 : 30 pm .", "The vote closes at 7:30 pm."),
        ("the vote ( held on friday ( late ) ) passed .", "The vote (held on Friday (late)) passed."),
        ("-lrb- see above -rrb- tom &amp; jerry .", "(See above) tom & jerry."),
    ],
)
def test_punctuation_spacing(tokens, shown):
    assert display_sentence(tokens) == shown


@pytest.mark.parametrize(
    "tokens, shown",
    [
        ("syria s army advanced .", "Syria's army advanced."),
        ("the twins borrowed each other s bikes .", "The twins borrowed each other's bikes."),
        ("don t go , i m sure they ll say she d gone and we ve won .",
         "Don't go, I'm sure they'll say she'd gone and we've won."),
        ("the mayor ' s office and the plan 's cost do n't match .",
         "The mayor's office and the plan's cost don't match."),
        ("the farmers ' union met .", "The farmers' union met."),
        ("the 1990 s were calm .", "The 1990's were calm."),
        ("a 100 m sprint and john d smith .", "A 100 m sprint and john d smith."),
        ("the u.s. s envoy left .", "The U.S.'s envoy left."),
    ],
)
def test_clitics(tokens, shown):
    assert display_sentence(tokens) == shown


@pytest.mark.parametrize(
    "tokens, shown",
    [
        ('" we will stay , " the mayor said .', '"We will stay," the mayor said.'),
        ('the mayor said , " we will stay . "', 'The mayor said, "We will stay."'),
        ('we will stay , " the mayor said .', 'We will stay," the mayor said.'),  # the quote began earlier
        ("`` no comment , '' she said .", '"No comment," she said.'),
        ("it was called ' the long night ' by locals .", "It was called 'the long night' by locals."),
    ],
)
def test_quotes(tokens, shown):
    assert display_sentence(tokens) == shown


def test_sentence_starts():
    assert display_sentence("no . we stay .") == "No. We stay."
    assert display_sentence("why ? he asked .") == "Why? he asked."  # a speech tag stays lowercase
    assert display_sentence("17 people died .") == "17 people died."
    assert display_sentence("( the old bridge ) fell .") == "(The old bridge) fell."
    assert display_sentence("") == ""


def test_unknown_words_stay_lowercase():
    plain = CasingLexicon.builtin(rare_zipf=None)  # (no word a name for its rarity alone)
    assert display_sentence("the shi ite militia met o brien .", lexicon=plain) == "The shi ite militia met o brien."
    lexicon = plain.merge(CasingLexicon(["Shi'ite", "O'Brien"]))
    assert display_sentence("the shi ite militia met o brien .", lexicon=lexicon) == "The Shi'ite militia met O'Brien."
    assert display_sentence("iran-backed shi'ite groups", lexicon=lexicon) == "Iran-backed Shi'ite groups"


def test_a_rare_word_the_lexicon_does_not_know_is_shown_as_a_name():
    tokens = "two people died near dunmere , provincial governor aldous fenwright said ."
    assert display_sentence(tokens) == "Two people died near Dunmere, provincial governor Aldous Fenwright said."
    assert display_sentence(tokens, lexicon=CasingLexicon.builtin(rare_zipf=None)) == (
        "Two people died near dunmere, provincial governor aldous fenwright said."
    )
    # an acronym defined in brackets after the words it spells
    assert display_sentence("the national civil protection office ( ncpo ) said .") == (
        "The national civil protection office (NCPO) said."
    )
    assert display_sentence("the office of port affairs ( opa ) and the ( zorb ) met .") == (
        "The office of port affairs (OPA) and the (Zorb) met."
    )
    # a rare word that cased text writes in lowercase is no name
    assert display_sentence("the spillway held .") == "The Spillway held."
    cased = ["Engineers said the spillway of the Brennick Dam held, and the spillway gates stayed open."] * 2
    assert display_sentence("the spillway held .", lexicon=CasingLexicon.builtin().learn(cased)) == "The spillway held."


# -- datelines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tokens, shown",
    [
        ("beirut ( reuters ) - the army said .", "Beirut (Reuters) - The army said."),
        ("washington ( ap ) -- officials met .", "Washington (AP) -- Officials met."),
        ("london , march 3 ( reuters ) - rates held .", "London, March 3 (Reuters) - Rates held."),
        ("paris ( afp ) - a strike began .", "Paris (AFP) - A strike began."),
        ("nairobi ( xinhua ) - rain fell .", "Nairobi (Xinhua) - Rain fell."),
        ("port vila ( upi ) - a ship docked .", "Port Vila (UPI) - A ship docked."),
        ("berlin ( dpa ) - trains ran late .", "Berlin (DPA) - Trains ran late."),
        ("new york ( bloomberg ) - stocks rose .", "New York (Bloomberg) - Stocks rose."),
        ("deir al-zor ( reuters ) - shelling stopped .", "Deir al-Zor (Reuters) - Shelling stopped."),
    ],
)
def test_datelines(tokens, shown):
    assert display_sentence(tokens, first=True) == shown


def test_dateline_with_unknown_agency_only_in_first_sentence():
    tokens = "brightwater ( coast wire ) - the dam held ."
    assert display_sentence(tokens, first=True) == "Brightwater (Coast Wire) - The dam held."
    assert display_sentence(tokens) == "Brightwater (coast wire) - the dam held."
    # a known agency is a dateline anywhere
    assert display_sentence("beirut ( reuters ) - calm .") == "Beirut (Reuters) - Calm."


# -- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tokens, shown",
    [
        ("syrian and iranian forces met hezbollah in iran .", "Syrian and Iranian forces met Hezbollah in Iran."),
        ("the islamic state fled the united nations team .", "The Islamic State fled the United Nations team."),
        ("u.s.-backed and iran-backed militias clashed .", "U.S.-backed and Iran-backed militias clashed."),
        ("the u.s. and the u.n. asked nato and the eu .", "The U.S. and the U.N. asked NATO and the EU."),
        ("fighting near the deir al-zor-damascus highway .", "Fighting near the Deir al-Zor-Damascus highway."),
        ("talks in new york and buenos aires on monday .", "Talks in New York and Buenos Aires on Monday."),
        ("pro-islamic state fighters ran islamic state-run media .",
         "Pro-Islamic State fighters ran Islamic State-run media."),
        ("mr. kowalczyk said .", "Mr. Kowalczyk said."),
    ],
)
def test_names_from_the_builtin_lexicon(tokens, shown):
    assert display_sentence(tokens) == shown


def test_acronyms_and_names_only_when_the_lexicon_says():
    tokens = "the kvr and bashar al-assad met ."
    plain = CasingLexicon.builtin(rare_zipf=None)  # (no word a name for its rarity alone)
    assert display_sentence(tokens, lexicon=plain) == "The kvr and bashar al-assad met."
    assert display_sentence(tokens) == "The Kvr and Bashar al-Assad met."  # rare words: a name's
    lexicon = plain.merge(CasingLexicon(["KVR", "Bashar al-Assad"]))
    assert display_sentence(tokens, lexicon=lexicon) == "The KVR and Bashar al-Assad met."
    assert display_sentence("the sdf held .") == "The SDF held."  # a builtin acronym
    assert display_sentence("pro-assad units", lexicon=lexicon) == "Pro-assad units"  # only the phrase is known


@pytest.mark.parametrize(
    "tokens, shown",
    [
        ("they told us it will rain .", "They told us it will rain."),
        ("the us may act and the march may grow .", "The us may act and the march may grow."),
        ("in may the talks resumed .", "In May the talks resumed."),
        ("on march 3 and in mid-march and since august .", "On March 3 and in mid-March and since August."),
        ("the un-american panel met un staff .", "The un-American panel met UN staff."),
        ("turkey and china and jordan met .", "Turkey and China and Jordan met."),
    ],
)
def test_ambiguous_words(tokens, shown):
    assert display_sentence(tokens) == shown


def test_treebank_escapes_are_undone():
    assert display_sentence("the halvern\\/tamsin line closed after the 9\\/11 drill .") == "The halvern/tamsin line closed after the 9/11 drill."


def test_empty_lexicon_restores_spacing_only():
    empty = CasingLexicon(rare_zipf=None)
    assert display_sentence("syria s army , backed by iran .", lexicon=empty) == "Syria's army, backed by iran."


def test_samples_first_sentence(samples):
    path = sorted(samples.glob("000_*.txt"))
    assert path, f"no 000_*.txt in {samples}"
    first = path[0].read_text(encoding="utf-8").splitlines()[0]
    shown = display_sentence(first, first=True)
    # cased as written: the first word opens with a capital, and so do names further on
    assert shown.split()[0] == first.split()[0].capitalize()
    assert sum(w[:1].isupper() for w in shown.split()[1:]) >= 2
    assert shown.lower().split() != first.split()  # readable, yet
    assert "".join(shown.lower().split()).replace("(", "") == "".join(first.split()).replace("(", "")  # same text


# -- the lexicon ----------------------------------------------------------------------------------

CASED = """
The harbour board of Port Ellery met on Tuesday. Its chair, Amara Quist, said the Ellery Tide
Authority would dredge the channel. Residents asked Quist about the cost. A week later Quist
told reporters that the Ellery Tide Authority had found the money. Critics said Quist moved too
fast, and the Ellery Tide Authority denied it.
Later the tide rose. The board said the tide was normal. Tide tables were posted. The tide fell.
Officials from the Kestrel Group visited. The Kestrel Group is based in Port Ellery, and the
Kestrel Group owns ships. Its boss said the group had grown; the group expects more work.
"""


def test_learn_words_and_phrases():
    lexicon = CasingLexicon().learn([CASED])
    assert lexicon.get("quist") == "Quist"  # 4 of 4 mid-sentence occurrences
    assert lexicon.get("tide") is None  # capitalised in a name, lowercase elsewhere
    assert lexicon.get("ellery tide authority") == "Ellery Tide Authority"
    assert lexicon.get("kestrel group") == "Kestrel Group"
    assert lexicon.get("amara") is None  # one occurrence is not enough
    assert lexicon.get("later") is None  # only ever at a sentence start
    shown = display_sentence("quist said the ellery tide authority and the kestrel group will pay .", lexicon=lexicon)
    assert shown == "Quist said the Ellery Tide Authority and the Kestrel Group will pay."


def test_learn_dominance_threshold():
    texts = ["We met Bravo there.", "We met Bravo again.", "We met Bravo once more.", "We met bravo too."]
    assert CasingLexicon().learn(texts[:3]).get("bravo") == "Bravo"
    assert CasingLexicon().learn(texts).get("bravo") is None  # 3 of 4 is under 80%



def test_a_name_that_often_opens_a_sentence_is_learned_from_its_other_occurrences():
    texts = [
        "Ships queued off Brisk Harbour on Monday. Brisk Harbour Authority said the queue would grow.",
        "Workers at Brisk Harbour walked out. Brisk Harbour handles most of the trade.",
        "Talks over Brisk Harbour failed. Brisk Harbour stayed shut, and Brisk Harbour may lose ships.",
        "Brisk Harbour reopened on Friday, and the harbour was full; the old harbour and the new harbour filled.",
    ]
    lexicon = CasingLexicon().learn(texts)  # 4 of 4 mid-sentence, 4 more at sentence starts
    assert lexicon.get("harbour") is None  # the name is the phrase, not its words
    assert lexicon.get("brisk harbour") == "Brisk Harbour"
    shown = display_sentence("cranes moved again at brisk harbour .", lexicon=lexicon)
    assert shown == "Cranes moved again at Brisk Harbour."
    opening = CasingLexicon().learn(["In Lisvane it rained.", "In Lisvane it snowed.", "In Lisvane it cleared."])
    assert opening.get("in lisvane") is None  # only ever at a sentence start: nothing says "In" is part of it
    lowered = CasingLexicon().learn([*texts, "They sailed from brisk harbour and brisk harbour again."])
    assert lowered.get("brisk harbour") is None  # 4 of 6 mid-sentence occurrences is under 80%


def test_date_stamps_and_shouted_lines_are_not_learned_as_names():
    plain = "The new sun may warm the haven, and a new day may come to the haven in the sun."
    stamps = [f"Posted Sun May {n}, 10:02 EDT NEW HAVEN by the desk. {plain}" for n in range(4)]
    lexicon = CasingLexicon.builtin().learn(stamps)
    assert lexicon.get("sun may") is None and lexicon.get("edt new haven") is None
    assert display_sentence("the new sun may warm the haven .", lexicon=lexicon) == "The new sun may warm the haven."
    assert _phrase_like(("TNK", "BP"), ("", "-")) and not _phrase_like(("VAN", "SUSTEREN"), ("", " "))


def test_learned_lowercase_overrides_builtin_and_learned_wins_merge():
    kitchen = CasingLexicon().learn(["We roast turkey. Slice the turkey thin. Serve turkey warm. Eat turkey."])
    assert kitchen.get("turkey") == "turkey"
    merged = CasingLexicon.builtin().merge(kitchen)
    assert display_sentence("we roast turkey .", lexicon=merged) == "We roast turkey."
    assert display_sentence("we roast turkey .") == "We roast Turkey."


def test_ambiguous_words_are_not_learned_into_display():
    lexicon = CasingLexicon.builtin().learn(["Ask May now.", "Ask May later.", "Ask May again."])
    assert display_sentence("it may rain .", lexicon=lexicon) == "It may rain."


def test_json_round_trip():
    lexicon = CasingLexicon(["Kestrel Group", "SDF", "Shi'ite"]).learn([CASED])
    again = CasingLexicon.from_json(lexicon.to_json())
    assert again.forms() == lexicon.forms()
    assert again.get("shi ite") == "Shi'ite"
    assert json.loads(lexicon.to_json())["version"] == 1
    tokens = "the sdf and quist met the kestrel group ."
    assert display_sentence(tokens, lexicon=again) == display_sentence(tokens, lexicon=lexicon)


def test_builtin_lists():
    lexicon = CasingLexicon.builtin()
    for phrase, form in [
        ("syrian", "Syrian"), ("syrians", "Syrians"), ("u.s.", "U.S."), ("nato", "NATO"),
        ("united nations", "United Nations"), ("reuters", "Reuters"), ("xinhua", "Xinhua"),
        ("sunday", "Sunday"), ("africa", "Africa"), ("beirut", "Beirut"), ("deir al-zor", "Deir al-Zor"),
    ]:  # fmt: skip
        assert lexicon.get(phrase) == form
    assert lexicon.get("may") is None and "may" in lexicon.ambiguous
    assert key_of("Deir al-Zor") == key_of("deir al zor") == "deir al zor"
    assert len(lexicon) > 1000


@pytest.mark.parametrize(
    "tokenized, shown",
    [
        ("The epicentre was about 15 km -LRB- 10 miles -RRB- from Halvern .", "The epicentre was about 15 km (10 miles) from Halvern."),
        ("Velmora 's mayor said : `` We do n't have boats . ''", 'Velmora\'s mayor said: "We don\'t have boats."'),
        ("It 's 50 % higher , the agency said -- and rising !", "It's 50% higher, the agency said -- and rising!"),
        ("The workers ' union met at 7 : 15 pm .", "The workers' union met at 7:15 pm."),
        ("Plain prose stays as it is, (even this).", "Plain prose stays as it is, (even this)."),
        ("The Halvern\\/Tamsin line shut in a 9\\/11 drill .", "The Halvern/Tamsin line shut in a 9/11 drill."),
        ("\\* Sales at Velmora Mills rose 4 %", "* Sales at Velmora Mills rose 4%"),
    ],
)
def test_cased_tokenized_text_is_rebuilt(tokenized, shown):
    assert readable(tokenized) == shown


def test_timeline_shows_cased_tokenized_text_rebuilt():
    import datetime as dt

    from storyline.ingest.build import build_article
    from storyline.timeline import timeline

    text = "The Tamsin dam broke on Monday , officials said -LRB- Valley Wire -RRB- .\nIt 's the worst flood in Velmora 's history ."
    article = build_article(text, id="v", published=dt.date(2031, 1, 14))
    shown = [s.text for e in timeline([article], dates=2) for s in e.sentences]
    assert "The Tamsin dam broke on Monday, officials said (Valley Wire)." in shown


CASED_LINES = """\
Floodwater reached the old bridge at Tamsin on Monday , officials said -LRB- Valley Wire -RRB- .
The mayor told reporters : `` We do n't have enough boats .
''
Crews from three towns worked through the night ; they said the levee would hold .
It 's the worst flood in Velmora 's history . Rain is due to ease on Friday .
"""


def test_cased_tokenized_lines_are_split_by_line():
    from storyline.ingest.build import build_article
    from storyline.text.split import sentence_lines

    assert sentence_lines(CASED_LINES)
    article = build_article(CASED_LINES, id="t")
    assert not article.tokenized  # not the lowercased kind: no re-casing
    assert [s.text for s in article.sentences] == [
        "Floodwater reached the old bridge at Tamsin on Monday , officials said -LRB- Valley Wire -RRB- .",
        "The mayor told reporters : `` We do n't have enough boats . ''",  # the closing quote goes back
        "Crews from three towns worked through the night ; they said the levee would hold .",
        "It 's the worst flood in Velmora 's history .",
        "Rain is due to ease on Friday .",
    ]


def test_a_parenthesis_broken_across_lines_is_one_sentence():
    # the source's splitter broke Reuters' instrument codes at their full stop ("BP.L" as "BP ." / "L -RRB-")
    from storyline.ingest.build import build_article

    lines = (
        "TAMSIN , March 3 -LRB- Reuters -RRB- - Shares of Velmora Power -LRB- VLP .\nL -RRB- -LRB- VLP .\n"
        "N -RRB- fell 3 percent after the levee failed .\nThe utility -LRB- founded in 1921 .\n"
        "sold -RRB- said repairs would take a month .\nBus doors bleep -LRB- or worse .\nThe river fell on Friday .\n"
    )
    article = build_article(lines, id="r")
    assert [s.display for s in article.sentences] == [
        "TAMSIN, March 3 (Reuters) - Shares of Velmora Power (VLP.L) (VLP.N) fell 3 percent after the levee failed.",
        "The utility (founded in 1921. sold) said repairs would take a month.",  # not a code: a space
        "Bus doors bleep (or worse.",  # a parenthesis never closed stays as written
        "The river fell on Friday.",
    ]


def test_a_short_cased_tokenized_article_is_rebuilt():
    # one or two lines: too few to count their ends, but the treebank's tokens say what the text is
    from storyline.ingest.build import build_article

    one = "The ferry docked at 0915 -LRB- 1415 GMT -RRB- , about 40km north-east of Tamsin . It 's the first since spring ."
    assert [s.display for s in build_article(one, id="a").sentences] == [
        "The ferry docked at 0915 (1415 GMT), about 40km north-east of Tamsin.", "It's the first since spring."
    ]
    two = "Velmora 's mayor spoke , officials said .\nThe levee held on Monday and the river fell ."
    assert [s.display for s in build_article(two, id="b").sentences] == [
        "Velmora's mayor spoke, officials said.", "The levee held on Monday and the river fell."
    ]
    prose = "The mayor spoke, officials said. The levee held on Monday and the river fell."
    assert [s.display for s in build_article(prose, id="c").sentences] == [
        "The mayor spoke, officials said.", "The levee held on Monday and the river fell."
    ]


def test_cased_lines_whose_only_split_marks_end_the_lines_are_sentence_lines():
    # the marks stand before a line break, not a space: they count as tokens all the same
    from storyline.text.split import sentence_lines, split_sentences

    lines = [
        "Floodwater reached the old bridge at Tamsin on Monday after three days of heavy rain .",
        "The mayor of Tamsin asked the valley towns for boats and for volunteers to fill sandbags .",
        "Crews from three towns worked through the night to raise the levee by half a metre .",
        "Engineers from the river authority said on Tuesday morning that the levee would hold .",
        "Schools in the lower town stay closed until the water falls below the warning mark .",
    ]
    text = "\n".join(lines) + "\n"
    assert sentence_lines(text)
    assert [s for _, s in split_sentences(text)] == lines


@pytest.mark.parametrize(
    "text",
    [
        "Plain prose. It has sentences.\nAnd lines that end like prose.\nNot tokens.\n",
        "Cased tokens , but wrapped\nin the middle of sentences , so that\nno line ends a sentence and\nsyntok reads it .\n",
        "Too short , one line .\n",
    ],
)
def test_other_text_is_not_taken_for_sentence_lines(text):
    from storyline.text.split import sentence_lines

    assert not sentence_lines(text)


def test_cased_tokenized_articles_are_stored_and_shown_rebuilt(tmp_path):
    import datetime as dt

    import storyline
    from storyline.ingest.build import build_article

    article = build_article(CASED_LINES, id="cased-lines", published=dt.date(2031, 5, 5), source="Valley Wire")
    with storyline.open(str(tmp_path / "s.db")) as engine:
        engine.add_articles([article])
        shown = [s.display for s in engine.article("cased-lines").sentences]
        assert shown[:2] == [
            "Floodwater reached the old bridge at Tamsin on Monday, officials said (Valley Wire).",
            'The mayor told reporters: "We don\'t have enough boats."',
        ]
        ((_, found),) = engine.search("levee")
        assert found == "Crews from three towns worked through the night; they said the levee would hold."


def test_prose_in_lowercase_but_for_its_sentence_starts_is_displayed_recased():
    from storyline.ingest.build import build_article

    text = ("The ferry from halvern to the tamsin islands will stop running on monday, the council said. "
            "Officials in london and paris were told of the plan last week, and the union said it would "
            "meet the council on tuesday to talk about the jobs of the crews who work on the ferry. "
            "Residents of the islands said they had not been asked, and a petition to keep the ferry has "
            "been signed by more than two thousand people since the plan was made public in march.")  # fmt: skip
    article = build_article(text)
    assert not article.tokenized and article.sentences[0].text.startswith("The ferry from halvern")
    shown = " ".join(s.display for s in article.sentences)
    assert "on Monday" in shown and "in London and Paris" in shown and "on Tuesday" in shown
    cased = build_article(text.replace("london", "London").replace("paris", "Paris").replace("halvern", "Halvern"))
    assert all(s.display == s.text for s in cased.sentences)  # cased prose is shown as written


def test_a_name_that_opens_a_sentence_of_lowercased_prose_is_recased_whole():
    from storyline.text.display import display_prose

    # the sentence start capitalises the name's first word only: looked up in lowercase, it is found
    assert display_prose("New zealand's ferries stopped on monday.") == "New Zealand's ferries stopped on Monday."
    assert display_prose('"New zealand is ready," she said.') == '"New Zealand is ready," she said.'
    assert display_prose("-- He left Tamsin.") == "-- He left Tamsin."  # no name: as written


def test_an_empty_quotation_leaves_no_mark_behind():
    for text in ('" " yes , " she said .', "' ' no , ' he said .", '" " " .'):
        shown = display_sentence(text)
        assert not any(ord(c) < 32 for c in shown), repr(shown)
