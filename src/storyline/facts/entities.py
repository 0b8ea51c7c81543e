"""Key entities and phrases of a story, mined from lowercase tokens.

Candidates are word n-grams (hyphens kept inside: "deir al - zor") that do not cross punctuation
and do not start or end with a stopword. They are scored by how many of the story's sentences
mention them against how many background articles (other stories) do, so a store-wide word such
as "government" sinks. A shorter phrase that only ever occurs inside a longer one ("deir" in
"deir al-zor") is dropped. Aliases come from the text: an acronym in parentheses after its long
form ("syrian democratic forces alliance of ... ( sdf )"), an acronym elsewhere whose letters are
the initials of a phrase of the story ("un" for "united nations"), and a stopword-looking acronym
("is" for "islamic state") only where it stands as a noun: after a preposition ("surrounded by
is") or before a possessive or a noun it qualifies ("is fighters"). A name with a title or a
demonym in front ("syrian president bashar al-assad") merges into the shorter name it ends with
("president bashar al-assad"), and a surname ("assad") into that name.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.facts.model import Entity
from storyline.facts.numbers import NUMBER_WORDS
from storyline.model import Article, Citation
from storyline.text.calendar import TIME_ZONES, WEEKDAY_ABBREVIATIONS, WEEKDAYS
from storyline.text.casing import ACRONYM_LETTERS, CONNECTORS, CasingLexicon
from storyline.text.common import COMMON_ZIPF, NAME_ZIPF, everyday, rare
from storyline.text.dateline import title_case
from storyline.text.display import display_sentence
from storyline.text.lex import is_word, tokenize
from storyline.text.lists import TITLES, place_names
from storyline.text.tokens import STOPWORDS, fold_one

MAX_WORDS = 5
MAX_ENTITIES = 30
NESTED = 0.7  # share of a phrase's mentions inside a longer phrase that makes it a part of that phrase
CASE_SAMPLE = 12  # sentences of an article read to tell cased text from lowercased
_MID_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z]")
BACKGROUND_CHARS = 3000  # of each background article: its lead, where its story's names are
# words that may sit inside a phrase but never start or end one
_INNER = {"of", "for", "al", "el", "de", "bin", "van", "von", "da", "-", "on"}
_PRONOUNS = {"us", "it", "we", "me", "he", "i", "you", "him", "her", "them", "they", "she", "who"}
_NOUN_BEFORE = {"by", "against", "of", "from", "with", "on", "at", "for", "near", "under", "fighting",
                "fight", "versus", "vs", "toward", "towards", "between", "and", "to", "into"}  # fmt: skip
_NOUN_AFTER = {"s", "-", "fighters", "militants", "jihadists", "group", "positions", "stronghold", "territory",
               "control", "forces", "attack", "attacks", "leader", "leaders", "militia", "members"}  # fmt: skip
# page stamps' words ("Wed Apr 29, 7:50 pm EDT"): months that are not also names or words ("May",
# "March", "August", "Jan", "Mar-a-Lago", the acronym "DEC"), weekday abbreviations and time zones
_STAMP_WORDS = set(
    "january february april june july september october november december feb apr jun jul aug sept oct nov pm".split()
) | (set(WEEKDAY_ABBREVIATIONS) - {"sat", "sun"}) | set(TIME_ZONES)  # ("sat", "sun": words)
# abbreviated titles, never in a name ("Rear Adm Thad Allen" is "Thad Allen"), and units written
# after a number ("$7bn"), never an acronym of the story's phrases
_TITLES = set("adm gen col lt sgt capt maj cmdr cpl gov sen rep rev prof".split())
_UNIT_WORDS = set("bn mn tn km kg ft mph mw gw kw sq hrs yrs mins".split())
_EXCLUDED = set(WEEKDAYS) | _STAMP_WORDS | set(
    "said mr mrs ms dr today yesterday tomorrow "
    "near across along toward towards including inside outside despite beyond behind meanwhile several many "
    "much another whose every whether already even less least although though unless like using later "
    "earlier well back away including nearly almost just often never ever".split()
)  # fmt: skip
# Common news vocabulary: a phrase made only of these is weighted down (names and rare terms rise).
GENERIC = set(
    """
    year years month months week weeks day days time times people person man men woman women child children
    government forces force army military troops soldiers police officials official group groups city cities
    country countries state states area areas region province town village capital world nation national
    president minister leader leaders party police report reports news media statement spokesman spokeswoman
    war fighting fight fighters attack attacks battle battles control support allies ally alliance advance
    advances offensive operation operations siege campaign side sides power powers talks deal plan plans
    new old first last second third major latest recent former senior top high low main big small large
    long short early late next whole full part parts half most other others number percent million billion
    thousand hundred dozens public local foreign international security political economic health home
    water road roads highway border borders north south east west northern southern eastern western center
    central case cases issue issues problem law court house office company companies market business money
    cost costs price prices service system program life family families members member member source sources
    officer officers residents civilians victims killed dead death deaths wounded injured held control rights
    help risk risks end start way place point level lines line ground air sea land base bases unit units
    week weekend morning night evening afternoon hours hour minutes
    """.split()
)

_NO_ACRONYMS = STOPWORDS | GENERIC | _UNIT_WORDS  # words never read as an acronym of a phrase


@dataclass(slots=True)
class _Phrase:
    words: tuple[str, ...]
    sentences: list[tuple[int, Article, int]] = field(default_factory=list)  # (story order, article, index)


def _ngrams(tokens: list[str]) -> set[tuple[str, ...]]:
    """Candidate phrases of one sentence."""
    out: set[tuple[str, ...]] = set()
    n = len(tokens)
    edge = [_edge_ok(t) for t in tokens]
    inner = [t == "-" or (is_word(t) and t not in NUMBER_WORDS and t not in _TITLES and (t not in STOPWORDS or t in _INNER))
             for t in tokens]  # fmt: skip
    for i in range(n):
        if not edge[i]:
            continue
        count = 0
        for j in range(i, min(n, i + 2 * MAX_WORDS)):
            if not inner[j]:
                break
            if tokens[j] != "-":
                count += 1
                if count > MAX_WORDS:
                    break
            if edge[j] and (j + 2 >= n or tokens[j + 1] != "-" or _compound_tail(tokens[j + 2])):
                out.add(tuple(tokens[i : j + 1]))
    return out


def _compound_tail(t: str) -> bool:
    """The second half of "iran-backed", "hezbollah-run": the first half is a phrase of its own."""
    return t.endswith(("ed", "ing")) or t in {"run", "led", "held", "born", "made", "style", "era", "based", "bound"}


@lru_cache(maxsize=100_000)
def _edge_ok(t: str) -> bool:
    return is_word(t) and t not in STOPWORDS and t not in _INNER and t not in _EXCLUDED and len(t) > 1 and not t.isdigit()


def mine_entities(
    articles: Sequence[Article],
    background: Sequence[Article] = (),
    common_zipf: float | None = COMMON_ZIPF,
    name_zipf: float | None = NAME_ZIPF,
) -> list[Entity]:
    """The story's key entities. ``common_zipf``: with no cased text to show how a phrase is written,
    a phrase whose words are everyday words, at this mean Zipf frequency or more (text.common), is no
    name ("extremely difficult conditions"); None keeps such phrases. ``name_zipf``: nor any casing
    lexicon, a phrase whose every word is rarer than this is a name, shown in title case ("kay lund"
    is "Kay Lund"); None shows it as written."""
    sentence_tokens: list[tuple[Article, int, list[str]]] = [
        (a, s.index, tokenize(s.text)) for a in articles for s in a.sentences
    ]
    phrases: dict[tuple[str, ...], _Phrase] = {}
    for order, (article, index, tokens) in enumerate(sentence_tokens):
        for g in _ngrams(tokens):
            found = phrases.get(g)
            if found is None:
                found = phrases[g] = _Phrase(g)
            found.sentences.append((order, article, index))
    aliases = _aliases(sentence_tokens, phrases)
    background_df = _background_df(background, phrases)
    n_background = len(background)

    truncated = _truncated(phrases)
    for short, long in list(aliases.items()):  # "hpa" of "health protection agency", not of "protection agency"
        if long in truncated:
            if "".join(w[0] for w in truncated[long] if w not in _INNER) == short:
                aliases[short] = truncated[long]
            else:
                del aliases[short]
    whole = {h for g, h in truncated.items() if _sticky(g, phrases)}  # a name cut short stands for the name
    scores: dict[tuple[str, ...], float] = {}
    for g, p in phrases.items():
        freq = len(p.sentences)
        defined = g in aliases.values()
        if freq < 2 and not defined or g in truncated and not defined:
            continue
        if len(g) > 1 and not defined and g not in whole and not _sticky(g, phrases):
            continue
        idf = math.log((n_background + 1) / (background_df.get(g, 0) + 0.5))
        words_ = [t for t in g if t != "-"]
        weight = 1 + 0.5 * (len(words_) - 1)
        if all(w in GENERIC or w.endswith(("ed", "ing")) for w in (words_[0], words_[-1])):
            weight *= 0.25
        scores[g] = freq * max(idf, 0.1) * weight
    kept = _drop_nested(scores, phrases)
    ending: dict[str, list[tuple[str, ...]]] = defaultdict(list)  # last word -> kept longer phrases
    for h in kept:
        if len(h) > 1:
            ending[h[-1]].append(h)
    for g in kept:  # "assad" is "president bashar al-assad": a lone name ending a longer kept one
        # a place ending a longer name ("Connexion Haiti", a programme) is not its short form, as a surname is
        if len(g) == 1 and g[0] not in aliases and g[0] not in GENERIC and g[0] not in place_names():
            longer = [h for h in ending.get(g[0], ()) if _capitalised(h, phrases)]
            uses = [(a, i) for _, a, i in phrases[g].sentences[:20]]
            if longer and _name(g[0], uses):
                aliases[g[0]] = max(longer, key=lambda h: len(phrases[h].sentences))
    return _entities(kept, scores, phrases, aliases, sentence_tokens, _longer_forms(kept), common_zipf, name_zipf)


def _longer_forms(kept: list[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """A kept phrase that ends with a shorter kept name of two words or more is that name with a
    title in front ("syrian president bashar al-assad" is "president bashar al-assad")."""
    names = {g for g in kept if sum(w != "-" for w in g) >= 2}
    out = {}
    for g in kept:
        for k in range(1, len(g) - 1):
            if g[k:] in names and g[k] != "-":
                out[g] = g[k:]
                break
    return out


def _truncated(phrases: dict[tuple[str, ...], _Phrase]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Multiword phrases that are mostly part of one longer phrase, one word longer, and that phrase
    ("president barack" of "president barack obama", "protection agency" of "health protection
    agency"): a name cut short is no name."""
    longer: dict[tuple[str, ...], tuple[str, ...]] = {}
    for h, p in phrases.items():
        if len(h) >= 3 and len(p.sentences) >= 2:
            for part in (h[:-1], h[1:]):
                best = longer.get(part)
                if best is None or (len(p.sentences), h) > (len(phrases[best].sentences), best):
                    longer[part] = h
    return {
        g: h for g, h in longer.items()
        if g in phrases and is_word(g[0]) and is_word(g[-1]) and len(phrases[h].sentences) >= NESTED * len(phrases[g].sentences)
    }  # fmt: skip


def _sticky(g: tuple[str, ...], phrases: dict[tuple[str, ...], _Phrase]) -> bool:
    """A multiword phrase is a unit when one of its end words seldom occurs outside it
    ("islamic" in "islamic state"); "parts of deir al-zor" is a chance sequence."""
    freq = len(phrases[g].sentences)
    return any(freq >= NESTED * len(phrases[(w,)].sentences) for w in (g[0], g[-1]) if (w,) in phrases)


def _background_df(background: Sequence[Article], phrases: dict[tuple[str, ...], _Phrase]) -> Counter:
    """Background articles that contain each candidate phrase seen twice in the story."""
    df: Counter = Counter()
    lengths: dict[str, set[int]] = defaultdict(set)  # first token -> phrase lengths
    wanted = {g for g, p in phrases.items() if len(p.sentences) >= 2}
    for g in wanted:
        lengths[g[0]].add(len(g))
    for article in background:
        tokens, at = _lead_tokens(article.text[:BACKGROUND_CHARS])
        found = set()
        for t in lengths.keys() & at.keys():
            for i in at[t]:
                for n in lengths[t]:
                    g = tokens[i : i + n]
                    if g in wanted:
                        found.add(g)
        df.update(found)
    return df


@lru_cache(maxsize=256)  # (Engine.facts reads a background of 200)
def _lead_tokens(lead: str) -> tuple[tuple[str, ...], dict[str, list[int]]]:
    """A background article's lead as tokens, and where each token stands. A store's background
    is much the same few hundred articles for each of its stories (Store.background_ids), so a
    process reads each lead once."""
    tokens = tuple(sys.intern(t) for t in tokenize(lead))
    at: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        at.setdefault(t, []).append(i)
    return tokens, at


def _drop_nested(scores: dict[tuple[str, ...], float], phrases: dict[tuple[str, ...], _Phrase]) -> list[tuple[str, ...]]:
    """Drop a phrase whose mentions mostly sit inside one longer phrase kept; drop a longer phrase
    that is seen only as often as a kept shorter phrase would explain (weak collocations)."""
    ordered = sorted(scores, key=lambda g: (-len(g), -scores[g], g))  # ties by name, not set order
    kept: list[tuple[str, ...]] = []
    inside: dict[tuple[str, ...], int] = {}  # sub-phrase -> most mentions of a kept phrase holding it
    for g in ordered:
        freq = len(phrases[g].sentences)
        if inside.get(g, 0) >= NESTED * freq:
            continue
        kept.append(g)
        for a in range(len(g)):
            for b in range(a + 1, len(g) + 1):
                if b - a < len(g):
                    sub = g[a:b]
                    inside[sub] = max(inside.get(sub, 0), freq)
    # a long phrase seen twice whose parts are each far more frequent is a chance sequence
    out = []
    for g in kept:
        freq = len(phrases[g].sentences)
        parts = [(w,) for w in g if w != "-" and (w,) in phrases]
        if len(g) > 1 and freq < 3 and parts and all(len(phrases[p].sentences) >= 4 * freq for p in parts):
            continue
        out.append(g)
    return out


def _aliases(sentence_tokens, phrases) -> dict[str, tuple[str, ...]]:
    """Short form -> long form, as the text defines them."""
    out: dict[str, tuple[str, ...]] = {}
    for _, _, tokens in sentence_tokens:
        for i, t in enumerate(tokens):
            if t == "(" and i + 2 < len(tokens) and tokens[i + 2] == ")" and _acronym_like(tokens[i + 1]):
                long = _expansion(tokens[:i], tokens[i + 1])
                if long:
                    out.setdefault(tokens[i + 1], long)
    # acronyms used without a definition: letters equal to a multiword phrase's initials
    initials: dict[str, tuple[str, ...]] = {}  # of two phrases with the same initials, the more frequent
    for g in phrases:  # (in a set's order, which the hash seed changes: the choice may not depend on it)
        words_ = [w for w in g if w not in _INNER]
        if len(words_) >= 2 and _sticky(g, phrases):
            short, rank = "".join(w[0] for w in words_), (-len(phrases[g].sentences), g)
            if short not in initials or rank < (-len(phrases[initials[short]].sentences), initials[short]):
                initials[short] = g
    singles = {g[0] for g in phrases if len(g) == 1}
    for w in sorted(singles):  # in name order: a set's order changes with the hash seed
        if w not in out and w in initials and _acronym_like(w) and w not in _NO_ACRONYMS:
            out[w] = initials[w]
        base = _demonym_base(w, singles)
        if base and w not in out:
            out[w] = (base,)
    # stopword-looking acronyms ("is") used as nouns after the long form has appeared
    noun_uses = _noun_uses(sentence_tokens, {w for w in initials if w in STOPWORDS and w not in _PRONOUNS})
    for short, long in initials.items():
        if short in noun_uses and short not in out and len(short) >= 2:
            first_long = min(order for order, _, _ in phrases[long].sentences)
            if max(noun_uses[short]) >= first_long:
                out[short] = long
    return out


def _demonym_base(word: str, singles: set[str]) -> str | None:
    """'russian' -> 'russia', 'iranian' -> 'iran', 'iraqi' -> 'iraq' when the base is in the story too
    (a bare "n" only after an "a": "korean", not "risen")."""
    for suffix in ("ian", "an", "n", "i"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 4 and base in singles and base not in GENERIC:
            if suffix != "n" or base.endswith("a"):
                return base
    return None


def _acronym_like(t: str) -> bool:
    return bool(re.fullmatch(r"[a-z]{2,6}", t))


def _expansion(before: list[str], acronym: str) -> tuple[str, ...] | None:
    """The nearest words before the parenthesis whose initials spell the acronym (inner words skipped)."""
    letters = list(acronym)
    for end in range(len(before), 0, -1):
        if not is_word(before[end - 1]) or before[end - 1] in _INNER:
            continue
        for start in range(end - 1, max(-1, end - 12), -1):
            words_ = [w for w in before[start:end] if w not in _INNER and w != "-"]
            if len(words_) > len(letters):
                break
            if [w[0] for w in words_] == letters and before[start] not in _INNER:
                return tuple(before[start:end])
        if len(before) - end > 12:
            break
    return None


def _noun_uses(sentence_tokens, shorts: set[str]) -> dict[str, list[int]]:
    """Sentence orders where each short form stands as a noun ("surrounded by is since 2014")."""
    out: dict[str, list[int]] = defaultdict(list)
    for order, (_, _, tokens) in enumerate(sentence_tokens):
        for k, t in enumerate(tokens):
            if t in shorts and _noun_context(tokens, k):
                out[t].append(order)
    return out


def _noun_context(tokens: list[str], i: int) -> bool:
    prev = tokens[i - 1] if i > 0 else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    return prev in _NOUN_BEFORE and (nxt in _NOUN_AFTER or not is_word(nxt) or nxt in ("since", "in", "and")) or (
        nxt in _NOUN_AFTER and prev in ("the", "by", "of", "against", "with")
    )


def _entities(
    kept, scores, phrases, aliases, sentence_tokens, longer_forms=None, common_zipf=None, name_zipf=None
) -> list[Entity]:
    longer_forms = longer_forms or {}
    articles = list({id(a): a for a, _, _ in sentence_tokens}.values())
    by_long: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for short, long in aliases.items():
        by_long[long].append(short)
    merged: dict[tuple[str, ...], float] = {}
    for g in kept:
        target = aliases.get(" ".join(g), g) if len(g) == 1 else longer_forms.get(g, g)
        merged[target] = merged.get(target, 0.0) + scores[g]
    for long in by_long:
        if long in phrases:
            merged.setdefault(long, scores.get(long, 0.0))
    ranked = sorted(merged, key=lambda g: (-merged[g], g))[:MAX_ENTITIES]  # ties by name
    out: list[Entity] = []
    for g in ranked:
        names = by_long.get(g, [])
        mentions = list(phrases[g].sentences) if g in phrases else []
        for short in names:
            mentions += _short_mentions(phrases, short, sentence_tokens)
        forms = [f for f, t in longer_forms.items() if t == g]
        for f in forms:
            mentions += phrases[f].sentences
        # a longer form is an alias when a title opens it ("Velmoran President ..."), not a word
        # before the name ("entitled Michael Jackson"), whose mentions still count
        names = names + [_join(f) for f in forms if _titled(f, phrases)]
        mentions = sorted(set((o, a.id, i) for o, a, i in mentions))
        if not mentions:
            continue
        by_id = {a.id: a for a in articles}
        ids = list(dict.fromkeys(aid for _, aid, _ in mentions))
        sources = list(dict.fromkeys(by_id[a].source for a in ids if by_id[a].source))
        phrase = _join(g)
        first = Citation(mentions[0][1], mentions[0][2])
        uses = [(by_id[aid], i) for _, aid, i in mentions[:20]]
        forms = _cased_forms(phrase, uses)
        shown = display_name(phrase, uses, forms)
        if forms and _into_dateline(forms.most_common(1)[0][0]):
            continue  # "Science Editor WASHINGTON": a byline run into the dateline's place
        if len(g) == 1 and not names and not _name(phrase, uses):
            continue  # a common noun ("stronghold", "government"), not a name
        if len(g) > 1 and forms and not _name_form(shown):
            continue  # cased reports write it in lowercase: "death toll", "tested positive"
        if len(g) > 1 and not forms and common_zipf is not None and not _name_form(shown) and _everyday(g, common_zipf):
            continue  # only lowercased text, and only everyday words: "extremely difficult conditions"
        if len(g) > 1 and not forms and name_zipf is not None and not _name_form(shown) and _rare(g, name_zipf):
            shown = title_case(phrase, CONNECTORS)  # only lowercased text, and only rare words: "kay lund"
        out.append(
            Entity(
                phrase=phrase,
                display=shown,
                aliases=names,
                mentions=len(mentions),
                articles=ids,
                sources=sources,
                first=first,
                score=round(merged[g], 3),
            )
        )
    return out


def _short_mentions(phrases, short: str, sentence_tokens):
    """Sentences using the short form; a stopword-looking one ("is") only where it stands as a noun."""
    if short not in STOPWORDS:
        return phrases[(short,)].sentences if (short,) in phrases else []
    return [
        (order, article, index)
        for order, (article, index, tokens) in enumerate(sentence_tokens)
        if any(t == short and _noun_context(tokens, k) for k, t in enumerate(tokens))
    ]


_SHOUTED = re.compile(r"\b[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*\b")  # a run of words in capitals


def _everyday(g: tuple[str, ...], threshold: float) -> bool:
    """Whether a phrase's words but its connectors and stopwords are everyday words (text.common)."""
    return everyday(_words(g), threshold)


def _rare(g: tuple[str, ...], threshold: float) -> bool:
    """Whether a phrase's words but its connectors, stopwords and the titles it opens with (two words
    left at least: "president bashar al-assad") are all rare words (text.common)."""
    k = 0
    while len(g) - k > 2 and g[k] in TITLES:
        k += 1
    return rare(_words(g[k:]), threshold)


def _words(g: tuple[str, ...]) -> list[str]:
    return [w for w in g if w != "-" and w not in CONNECTORS and w not in STOPWORDS]


def _join(g: tuple[str, ...]) -> str:
    return " ".join(g).replace(" - ", "-")


def _cased_forms(phrase: str, mentions: list[tuple[Article, int]]) -> Counter:
    """How cased text writes the phrase, not at a sentence start: form -> count."""
    parts = (r"\s+".join(map(re.escape, part.split())) for part in phrase.split("-"))
    pattern = re.compile(r"\b" + r"\s*-\s*".join(parts) + r"\b", re.IGNORECASE)
    forms: Counter = Counter()
    for article, index in mentions:
        if not _cased(article):
            continue
        text = article.sentences[index].text
        for m in pattern.finditer(fold_one(text)):  # the phrase's words are folded ("goncalves")
            if m.start() > 0:
                forms[re.sub(r"\s*-\s*", "-", text[m.start() : m.end()])] += 1
    return forms


def _cased(article: Article) -> bool:
    """Whether an article keeps its capitals: some word inside a sentence is capitalised. Text
    lowercased but for its sentence starts ("ada brook took the ferry to kestrel bay") tells nothing
    of how names are written."""
    return not article.tokenized and any(_MID_CAPITAL.search(s.text) for s in article.sentences[:CASE_SAMPLE])


def _name_form(shown: str) -> bool:
    """A name's written form opens with a capital, or with a connector before one ("al-Qaeda")."""
    pieces = re.split(r"[\s-]+", shown)
    while len(pieces) > 1 and pieces[0] in CONNECTORS:
        pieces = pieces[1:]
    return pieces[0][:1].isupper() or pieces[0][:1].isdigit()


def display_name(phrase: str, mentions: list[tuple[Article, int]], forms: Counter | None = None) -> str:
    """The phrase as cased text writes it most often (not at a sentence start; in capitals, as a
    dateline or a headline shouts it, only when nothing else writes it and it is short enough to be
    an acronym), else as the casing lexicon renders it, else in capitals only: in title case; else as is."""
    forms = _cased_forms(phrase, mentions) if forms is None else forms
    if all(len(w) <= ACRONYM_LETTERS for w in re.split(r"[\s-]+", phrase)):
        quiet = forms  # "BBC", "TNK-BP": written in capitals as often as not
    else:
        quiet = Counter({f: n for f, n in forms.items() if not _shouting(f)})
    if quiet:
        return quiet.most_common(1)[0][0]
    # after a word, so that display_sentence does not capitalise a sentence start: "north korea" is
    # "North Korea" (the lexicon knows it), "government" stays lowercase
    shown = display_sentence(f"x {phrase}", first=False, lexicon=_lexicon())[2:]
    if shown.lower() == phrase and shown != phrase:
        return shown
    if forms:  # "CENTERS FOR DISEASE CONTROL"
        return title_case(phrase, CONNECTORS)
    return phrase


def _shouting(form: str) -> bool:
    """Every word in capitals but the connectors ("CENTERS for DISEASE CONTROL")."""
    return all(w.isupper() for w in re.split(r"[\s-]+", form) if w.lower() not in CONNECTORS)


def _into_dateline(form: str) -> bool:
    """A phrase written with a dateline's place in capitals after other words ("Science Editor WASHINGTON")."""
    return any(run.lower() in place_names() and run != form for run in _SHOUTED.findall(form))


def _titled(g: tuple[str, ...], phrases: dict[tuple[str, ...], _Phrase]) -> bool:
    """Whether cased text writes the phrase as a name (see _name_form); with no cased text, whether
    it is defined or known as one is unknown, and it is listed."""
    uses = [(a, i) for _, a, i in phrases[g].sentences[:20]]
    forms = _cased_forms(_join(g), uses)
    return not forms or _name_form(forms.most_common(1)[0][0])


def _capitalised(g: tuple[str, ...], phrases: dict[tuple[str, ...], _Phrase]) -> bool:
    """Whether a phrase is written as a name ("President Bashar al-Assad", not "understand Haiti")."""
    return display_name(_join(g), [(a, i) for _, a, i in phrases[g].sentences[:20]])[:1].isupper()


def _name(word: str, mentions: list[tuple[Article, int]]) -> bool:
    """Whether a lone word is a name: cased text capitalises it inside a sentence more often than
    not ("the agency said" is a common noun; a sentence start or a longer name like "Relief Agency" or
    "the Coast Guard" proves nothing), or, with no cased text, the casing lexicon knows it."""
    pattern = re.compile(rf"(?:^|(?<=\s))(\S*)\s+({re.escape(word)})\b(?:\s+(\S+))?", re.IGNORECASE)
    forms: Counter = Counter()
    for a, i in mentions:
        if _cased(a):
            for m in pattern.finditer(a.sentences[i].text):
                # after a word, not a sentence start, a dateline or "Relief Agency", nor opening "Coast Guard"
                if m[1][:1].islower() and not (m[2].istitle() and (m[3] or "")[:1].isupper()):
                    forms[m[2].islower()] += 1
    if forms:
        return forms[False] > forms[True]
    return display_sentence(f"x {word}", first=False, lexicon=_lexicon())[2:] != word


@lru_cache(maxsize=1)
def _lexicon() -> CasingLexicon:
    return CasingLexicon.builtin(rare_zipf=None)  # what the lists know (a name for its rarity is judged here)
