"""The fast paths of ingest give exactly what the plain versions give: sentence splitting
(text.split.analyze against syntok's segmenter.analyze) and casing-lexicon counting."""

import random
import re

import pytest
import syntok.segmenter as segmenter
from syntok.tokenizer import Tokenizer

from storyline.text import casing
from storyline.text.split import _chunks, _tokens, analyze, split_prose

TRICKY = """\
PORT ELLIS (Reuters) - Mr. Ada Quint, the harbour master, said on Jan. 5 that No. 3 dock was shut. \
"We worked through the night." She added: "The U.S.-built cranes (two of them, made in 1998 \
by Holt & Sons Ltd. of Marrow Bay) are fine." Crews from J. K. Lorne Co. arrived at 4 p.m.

The port authority (which runs the docks, the ferry terminal, the grain silos, the fishing quay, \
the old customs house, the lighthouse, the marina and the two car parks near the station, as well \
as the small museum on the pier that opened in the spring of last year to much local interest) \
said repairs would take weeks. Really? Yes! Some said so... Others did not; they waited.

(The figures are provisional.) A spokesman --] said 2,000-3,000 tonnes were lost [see map]. \
What next?) The crews thanked the retired harbour pilot Mr . Hollis Vane and the old ferry \
captain Dr . Maren Holt for their help ( again ) today. "Nobody knows." 'Maybe.' \
Officials said e.g. the i.e. clause applies. It's done.
"""


def bounds(paragraphs) -> list[tuple[int, int]]:
    return [(s[0].offset, s[-1].offset + len(s[-1].value)) for p in paragraphs for s in p]


def same_as_syntok(text: str) -> bool:
    return bounds(analyze(text)) == bounds(segmenter.analyze(text))


def test_fast_splitter_matches_syntok_on_tricky_text():
    assert same_as_syntok(TRICKY)
    assert len(bounds(analyze(TRICKY))) > 12
    for cut in range(0, len(TRICKY), 37):  # every start and end position class
        assert same_as_syntok(TRICKY[cut:]), cut
        assert same_as_syntok(TRICKY[:cut]), cut


def test_a_title_before_a_name_does_not_end_a_sentence():
    text = (
        "The testimony, by Sgt. Rob Velde of the Tamsin police, came on Monday. Gov. Ana Prell spoke. "
        "Lt. Col. Hollis Vane met Rep. Maren Holt and Spc. Ida Quint. He thanked the Rev. The hearing ended."
    )
    assert [s for _, s in split_prose(text)] == [
        "The testimony, by Sgt. Rob Velde of the Tamsin police, came on Monday.",
        "Gov. Ana Prell spoke.",
        "Lt. Col. Hollis Vane met Rep. Maren Holt and Spc. Ida Quint.",
        "He thanked the Rev.",  # a sentence starter after a title still splits
        "The hearing ended.",
    ]


def test_a_month_a_lowercased_title_and_a_middle_initial_do_not_end_a_sentence():
    text = ("the levee broke on friday, aug. 9, 2031, near the tamsin quay. instead, valley republican rep. "
            "Ada Brook said no. \"It reminds people,\" said George A. Hay, a professor at Halvern.\n\n"
            "The plan is called Plan A. The rest failed. They met on Aug. 3. On Aug. 4 they left.")
    assert [s for _, s in split_prose(text)] == [
        "the levee broke on friday, aug. 9, 2031, near the tamsin quay. instead, valley republican rep. Ada Brook said no.",
        '"It reminds people," said George A. Hay, a professor at Halvern.',  # "George A." / "Hay, a ..." before
        "The plan is called Plan A.",  # a sentence opener after an initial: cut
        "The rest failed.",
        "They met on Aug. 3.",
        "On Aug. 4 they left.",
    ]


def test_a_name_or_company_suffix_does_not_end_a_sentence_cased_or_lowercased():
    text = ("The parade marks Ada Brook Jr. Day in Halvern. Halvern ferry co. Said on monday it would add "
            "crossings. The ferry was sold to Tamsin Marine Inc. The sale closed in May.")
    assert [s for _, s in split_prose(text)] == [
        "The parade marks Ada Brook Jr. Day in Halvern.",
        "Halvern ferry co. Said on monday it would add crossings.",
        "The ferry was sold to Tamsin Marine Inc.",  # a sentence starter after one still splits
        "The sale closed in May.",
    ]


def test_fast_splitter_matches_syntok_on_random_text():
    pieces = (
        "the a of Mr. Dr. Gov. Sgt. No. no 5 12 2,000 U.S. u.s. e.g. J. K. II. ( ) [ ] { } . .. ... ! ? ; : , ' \" ’ ” “ "
        "-- - — word Word The However And it's O'Brien al-Assad iPhone end.Next Jan. 1990 (Reuters) (AP) "
        "--] [- (( )) a)b x(y (1) ([ ]) .) ?) !\" .\" \"word word\" $5 … é Ökonomie \n \n\n \u200b"
    ).split(" ")
    plain = ["alpha", "beta", "gamma", "Delta", "one", "Two", "harbour", "crane"]
    rng = random.Random(11)
    for _ in range(300):
        loud = rng.choice([0.02, 0.1, 0.4])
        words = [rng.choice(pieces) if rng.random() < loud else rng.choice(plain) for _ in range(rng.randint(1, 250))]
        text = "".join(w + rng.choice([" ", " ", " ", "", "\n", "  "]) for w in words)
        assert same_as_syntok(text), text


def test_thousands_of_brackets_in_one_chunk_cost_linear_work(monkeypatch):
    """A feed entry of "(((...)))" with no space (a few KB from anyone whose feed is followed) took
    minutes: each opening bracket walked every later bracket and re-read the whole chunk for each."""
    from storyline.text import split

    calls = []
    real = split._own_token
    monkeypatch.setattr(split, "_own_token", lambda chunk, bracket: calls.append(len(chunk)) or real(chunk, bracket))
    text = "(" * 2000 + ")" * 2000 + " The levee held."
    assert same_as_syntok(text)
    assert len(calls) <= 2  # once per chunk and closing bracket
    rng = random.Random(5)
    for _ in range(200):  # dense brackets, few spaces: past the look-ahead cap the full reach is kept, as syntok reads
        text = "".join(rng.choice("(((()))[] .a") for _ in range(rng.randint(1, 1500)))
        assert same_as_syntok(text), text


def test_fast_splitter_feeds_fewer_tokens():
    text = " ".join(["the crane crews worked through the night on the north quay"] * 5) + ". Then they slept."
    assert len(_tokens(text)) < 12 < len(Tokenizer(replace_not_contraction=False).split(text))
    assert split_prose(text)[-1] == (0, "Then they slept.")


def test_chunks_are_syntoks_whitespace_split():
    rng = random.Random(3)
    chars = ["a", "b.", " ", "  ", "\n", "\t", "\u200b", "\u3000", "\x1c", "\xa0", "é"]
    for text in ["", " ", "a", " a ", "a b"] + ["".join(rng.choices(chars, k=rng.randint(0, 20))) for _ in range(3000)]:
        starts, ends = _chunks(text)
        assert list(zip(starts, ends)) == [m.span() for m in Tokenizer._spaces.finditer(text)], repr(text)


def test_casing_fast_paths_match_the_plain_ones():
    rng = random.Random(5)
    letters = ["a", "B", "'", "’", "s", "S", " ", "_", "1", "é", "\n", ".", "-", "t", "“", "—"]
    texts = [TRICKY, "Shi'ite O'Brien don't rock'n'roll 'quoted' it's JOHN'S l'Île"]
    texts += ["Big News For The World Today", "HARBOUR Cranes Back In “Service” Now", "Ünïcödé Cranes Back"]
    texts += ["".join(rng.choice(letters) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    flat = str.maketrans({c: " " for c in casing._FLAT_CHARS})
    capitalised = re.compile(r"(?<!\S)[\"“‘(]*[A-Z]")
    for text in texts:
        spans = [m.span() for m in casing._apostrophe_words(text)]
        assert spans == [m.span() for m in casing._APOSTROPHE_WORD.finditer(text)], text
        assert casing._flat(text) == text.translate(flat)
        for line in text.splitlines():
            line = line.strip()
            words = len(line.split()) - 1
            plain = bool(line) and not line.endswith(casing._HEADLINE_END) and words >= 3
            plain = plain and len(capitalised.findall(line)) - 1 > 0.6 * words
            assert casing._headline(line) == plain, line


def _looks_tokenized_reference(text: str) -> bool:
    """looks_tokenized as first written (character by character), for the fast version to match."""
    import re

    sample = text[:20_000]
    tokens = sample.split()
    if len(tokens) < 8 or not len(re.findall(r"(?:^| )[,.;:?!)(](?= |$)", sample)) / len(tokens) > 0.03:
        return False
    letters = [c for c in sample if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) < 0.01


@pytest.mark.parametrize(
    "text",
    [
        "beirut ( reuters ) - syria s army said on tuesday it had taken the town , residents said .",
        ". the first token is a stop , then words , words , and more words , here .",
        "Syria 's army said on Tuesday it had taken the town , residents said . It was quiet .",
        "Der Ämter Öffnung , sagte er , ist für die Bürger gut , und die Ämter sind offen .",
        "der ämter öffnung , sagte er , ist für die bürger gut , und die ämter sind offen .",
        "plain prose, with commas attached, the way people write it, and no tokens apart.",
        "a , b , c , d , e , f , g , h , i",
        "A , B , c , d , e , f , g , h , i",
        "too short , .",
        "",
    ],
)
def test_looks_tokenized_is_the_reference(text):
    from storyline.text.split import looks_tokenized

    assert looks_tokenized(text) == _looks_tokenized_reference(text)
    assert looks_tokenized(text * 700) == _looks_tokenized_reference(text * 700)  # past the 20,000 sample


def test_sentences_end_at_full_width_stops_the_danda_and_the_arabic_question_mark():
    from storyline.text.split import split_prose

    cases = {  # ours
        "东京发生强烈地震。造成多人伤亡。救援人员已赶到现场！": 3,
        "दिल्ली में बारिश हुई। सड़कें बंद रहीं। स्कूल खुले।": 3,
        "هل انتهت الأزمة؟ قال الوزير إنها انتهت.": 2,
    }
    for text, n in cases.items():
        assert len(split_prose(text)) == n, text  # one sentence each before (two for the Arabic)
    mixed = [s for _, s in split_prose("The minister spoke. 他说：“经济将继续增长。”The statement was welcomed.")]
    assert mixed == ["The minister spoke.", "他说：“经济将继续增长。”", "The statement was welcomed."]


def test_a_sentence_ends_inside_typewriter_quotes_before_a_capital():
    text = ("The mayor called the flooded hall a ``death trap.'' Engineers from Tamsin came on Monday. "
            "``It will hold,'' she said. He answered ``never.'' and left. ``Why?'' ``Because the river rose.''")  # fmt: skip
    assert [s for _, s in split_prose(text)] == [
        "The mayor called the flooded hall a ``death trap.''",
        "Engineers from Tamsin came on Monday.",
        "``It will hold,'' she said.",
        "He answered ``never.'' and left.",
        "``Why?''",
        "``Because the river rose.''",
    ]


def test_lowercased_copy_ends_a_sentence_at_a_stop_on_a_word_before_a_capital():
    """Lowercased copy that keeps each sentence's first capital (Multi-News' form) leaves its full
    stops on the words: the capital after one starts a sentence, unless a title or an initialism
    stands before it and a word that opens no sentence after it."""
    from storyline.text.split import split_sentences

    text = ("Port alder ( northgate press ) -- the ferry to tamsin was halted on monday after a fault in the "
            "harbour's radar ( halvern marine: hmx ). The operator sent out a series of notices about \" delays. \" "
            "in reply, the coastguard closed the channel at the request of gov. Ada quint. \" all crossings are "
            "off, \" said the u.s. Coastguard in a statement. The fault was fixed by evening, officials said! "
            "Services resume today at 9 a.m. The first ferry leaves at ten. [ updated with coastguard notice. ] read more: "
            "ferries back")  # fmt: skip
    assert [s for _, s in split_sentences(text, tokenized=True)] == [
        "Port alder ( northgate press ) -- the ferry to tamsin was halted on monday after a fault in the "
        "harbour's radar ( halvern marine: hmx ).",
        "The operator sent out a series of notices about \" delays. \" in reply, the coastguard closed the "
        "channel at the request of gov. Ada quint. \" all crossings are off, \" said the u.s. Coastguard in a statement.",
        "The fault was fixed by evening, officials said!",
        "Services resume today at 9 a.m.",
        "The first ferry leaves at ten. [ updated with coastguard notice. ] read more: ferries back",
    ]


def test_fully_lowercased_and_cased_line_per_sentence_text_keep_their_splits():
    """No capital: only standalone end marks cut (the Reuters samples' form). Cased text a sentence
    per line: "U.S. President" inside a line is no end."""
    from storyline.text.split import split_lines, split_sentences

    lower = "the ferry to tamsin was halted . services resume today , officials said . the fault was fixed"
    assert [s for _, s in split_sentences(lower)] == [
        "the ferry to tamsin was halted .", "services resume today , officials said .", "the fault was fixed"]
    cased = ("The U.S. President met Ada Quint in Port Alder on Monday .\n"
             "Talks on the ferry ended -LRB- officials said -RRB- . A deal is due .\n")  # fmt: skip
    assert [s for _, s in split_lines(cased)] == [
        "The U.S. President met Ada Quint in Port Alder on Monday .", "Talks on the ferry ended -LRB- officials said -RRB- .",
        "A deal is due ."]


def test_a_photo_credit_ends_its_caption_and_the_article_text_after_it_is_a_sentence():
    """A page's caption and credit run into the article's lead: the lead is a sentence of its own,
    lowercased copy or cased prose; a credit inside a sentence, or one that ends it, cuts nothing."""
    from storyline.ingest.build import build_article

    lowered = ("Ferry passengers queue at the pier in port alder, monday, march 3, 2031. ( photo: ada quint, northgate "
               "press ) ( kestrel bay times ) the ferry to tamsin was halted on monday after a fault in the harbour's "
               "radar, the operator said . services resume today , officials said .")  # fmt: skip
    assert [s.text for s in build_article(lowered, tokenized=True).sentences] == [
        "Ferry passengers queue at the pier in port alder, monday, march 3, 2031. ( photo: ada quint, northgate press ) "
        "( kestrel bay times )",
        "the ferry to tamsin was halted on monday after a fault in the harbour's radar, the operator said .",
        "services resume today , officials said .",
    ]
    cased = ("The ferry Halvern Star at the pier in Port Alder. (AP Photo/Kay Lund) The ferry to Tamsin was halted on "
             "Monday after a radar fault. Officials (AP Photo/Kay Lund) said it runs again today. The radar was "
             "mended by noon (Photo: Ada Quint)")  # fmt: skip
    assert [s.text for s in build_article(cased).sentences] == [
        "The ferry Halvern Star at the pier in Port Alder.",
        "(AP Photo/Kay Lund)",  # syntok ends the caption before its credit, which then stands alone
        "The ferry to Tamsin was halted on Monday after a radar fault.",
        "Officials (AP Photo/Kay Lund) said it runs again today.",
        "The radar was mended by noon (Photo: Ada Quint)",
    ]


def test_a_paragraph_denser_in_brackets_than_prose_is_split_with_its_brackets_read_as_plain_characters(monkeypatch):
    """syntok looks 50 tokens ahead of every opening bracket: a hostile text of brackets ("( a ( a ...",
    from a feed or an upload) cost it minutes a megabyte. Such a paragraph goes in with its brackets read
    as plain characters (none looked ahead of), its sentences cut from it as it is; prose with brackets
    (TRICKY, one every 22 characters and more) is split by syntok's rules as before."""
    from syntok._segmentation_states import State

    looked = []
    find_end = State._State__find_end_of_bracketed_text
    monkeypatch.setattr(State, "_State__find_end_of_bracketed_text", lambda self: looked.append(1) or find_end(self))
    hostile = "The port reopened. " + "( a " * 20_000 + "end. Crews went home."
    found = [s for _, s in split_prose(hostile)]
    assert not looked and found[0] == "The port reopened." and found[-1] == "Crews went home."
    assert "".join(found).replace(" ", "") == hostile.replace(" ", "")  # every character, brackets too
    dense = "Officials (who spoke) said the toll (now 40) rose. " * 60  # one in 25 characters
    assert same_as_syntok(dense)
    looked.clear()
    found = [s for _, s in split_prose(dense)]
    assert found == ["Officials (who spoke) said the toll (now 40) rose."] * 60 and looked  # by syntok's rules
