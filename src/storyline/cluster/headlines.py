"""A story's name: the headline of its most representative article, cleaned, and its key phrases
as names in display form.

The most representative article is found among those that the most articles have as their nearest
other (by the cosine of content stem counts of their openings: title and first CORE_WORDS words) and
the nearest of those, as the one closest to the centre of the story's coherent core: the CORE_SHARE
of its articles left after dropping, one at a time, the article least similar to the rest kept. A
story that took in a few articles of other stories is named by its own articles, not by an article
between them, nor by its newest, nor by a pair of near copies from another story. Its headline is
its title, else the first of its first OPENING sentences that can name a story, with markup of
tokenized text (-LRB-, ``) turned back into punctuation: a candidate that is a byline, a timestamp,
page furniture such as a photo caption (text.boilerplate) or has fewer than two content words after
cleaning is passed over for the next. Of the articles about as central as the most central one
(``NEAR``), one with a title is preferred, and then the later (members come in date order): a
developing story is named by where it stands now, and never by an article far from its centre.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Container, Sequence
from functools import lru_cache

import numpy as np

from storyline.cluster.features import body_text
from storyline.model import Article
from storyline.text.boilerplate import boilerplate, caption
from storyline.text.calendar import MONTHS, TIME_ZONES, WEEKDAY_ABBREVIATIONS, WEEKDAYS
from storyline.text.casing import ACRONYM_LETTERS, CONNECTORS, builtin_list, key_of, listed, lowercased
from storyline.text.common import rare
from storyline.text.dateline import AGENCIES, quoted, title_case, without_dateline
from storyline.text.lists import NEWSROOM, TITLES
from storyline.text.runon import OPENERS
from storyline.text.runon import model as runon_model
from storyline.text.tokens import STOPWORDS, content_stems, fold, fold_one, shorten
from storyline.text.tokens import stem as stem_of

_MARKUP = {
    "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}", "``": '"', "''": '"',
    "\\/": "/", "\\*": "*",
}  # fmt: skip
_MARKUP_RE = re.compile("|".join(re.escape(k) for k in _MARKUP))
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?%)\]}]|'s\b|n't\b)")
_SPACE_AFTER = re.compile(r"([(\[{$])\s+")
_BYLINE = re.compile(r"^\s*(by|posted by|written by)\s*:?\s+[A-Z]", re.I)
# a credit line ("Pictures: ..., Reporter: ..."): summaries may quote a lead run into one, no story is named by it
_CREDIT = re.compile(r"^\W*(?:pictures?|photos?|images?|words|reporter|graphics?)\s*:", re.I)
_TIME = re.compile(
    r"\b\d{1,2}:\s?\d{2}\b|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)|^(updated|posted|published|last modified)\b|\b(updated|posted):", re.I
)
# a slideshow caption's or a timeline entry's date stamp ("Mar. 9: A ferry is towed off Kestrel Bay ...")
_STAMP = re.compile(rf"^(?:{'|'.join(MONTHS)})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?\s*:", re.I)
# a page's date-and-time stamp, which may stand between a title and its lead ("... says sister Page last
# updated at 11:42 GMT, Friday, 3 July 2031 The captain ...", "TAMSIN | Fri Aug 22, 2031 4:10 pm EDT TAMSIN ...")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = "|".join(sorted([*WEEKDAYS, *WEEKDAY_ABBREVIATIONS], key=len, reverse=True))
# a dateline the text layer does not take ("THE HAGUE, Netherlands (AP) _ ", "LONDON May 11 (Reuters) - ")
_DATELINE = re.compile(rf"^[A-Z][A-Z .'\\/-]+(?:,\s*[A-Z][\w.' ]*)?(?:,?\s*(?i:{_MONTH})\.?\s+\d{{1,2}})?\s*"
                       r"(?:\([^)]*\)\s*(?:-|_|--|—)|_|--|—)\s+")
_DATE = (rf"(?:(?:{_DAY})\.?\s*,?\s*)?(?:(?:{_MONTH})\.?\s+\d{{1,2}}(?:\s*,\s*\d{{4}})?"
         rf"|\d{{1,2}}\s+(?:{_MONTH})\.?\s*,?\s*\d{{4}}|\d{{4}}\s+\d{{1,2}}\s+\d{{1,2}})")  # fmt: skip
_ZONE = f"(?:{'|'.join([*TIME_ZONES, 'mdt', 'mst', 'et', 'uk time', 'uk'])})"
_PAGE_STAMP = re.compile(
    rf"(?:{_DATE}\s*[;,-]?\s*)?(?:(?:page\s+)?(?:last\s+)?(?:updated|posted|published)(?:\s+at|\s+on)?\s*:?\s*)?"
    rf"(?:{_DATE}\s*[;,-]?\s*)?\b\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+{_ZONE}\b)?"
    rf"(?:\s*,?\s*(?:{_DAY})\s*,\s*{_DATE}(?:\s+\d{{1,2}}:\d{{2}}(?:\s+uk\b)?)?)?",
    re.I,
)
_PLACE_BAR = re.compile(  # "TAMSIN |", "KESTREL BAY, June 3 |", "Ada Brook |" before a stamp
    r"\s*(?:[A-Z][A-Z.'\\/ -]*[A-Z](?:\s*,\s*[A-Z][\w.]*(?:\s+[\w.]+)?)?|[A-Z]\w+(?:\s+[A-Z]\w+){0,2})?\s*,?\s*\|\s*$"
)
_BYLINE_AFTER = re.compile(r"\s+By\s+[A-Z]\w+(?:\s+[A-Z]\.)?\s+[A-Z][\w'-]+(?:\s+and\s+[A-Z]\w+\s+[A-Z][\w'-]+)?\s*(?:,.*)?$")
# what makes a time a page's stamp rather than a time in a title ("lands at 4:17 pm")
_STAMP_PART = re.compile(rf"\b(?:{_MONTH}|{_DAY}|updated|posted|published|{_ZONE[3:-1]})\b|\b\d{{4}}\b", re.I)
# a news site's name after the title ("... - BBC News", "... | Reuters")
_SITE = re.compile(
    r"\s+[-–—]\s+(?:The\s+)?(?:[A-Z][\w.&']*\s+){0,3}(?:News|Times|Post|Journal|Guardian|Telegraph|Reuters|Herald|"
    r"Tribune|Independent|Mail|Online|Bloomberg|CNN|BBC|AP|Gazette|Chronicle|Express|Mirror)\s*$"
)
# a page's label for its title, which names no story
_LABELS = frozenset({"breaking news", "latest news", "top stories", "live updates", "live coverage", "news update",
                     "world news", "news in brief", "untitled", "untitled document", "home page"})
_PARENS = re.compile(r"^\s*\([^)]*\)\s*")  # a leading "(AlertNet)"
_PLACE_ONLY = re.compile(r"^[A-Z][\w .'-]{0,40}, [A-Za-z]{2,5}\.$")  # a dateline split off as a sentence: "Sisters, Ore."
# a name's next word: after "of" and the like or a middle initial ("Tobin R. Vale"), not a "Jr" after it
_NEXT = r"(?:[ -](?:of |de |al-|au-|en-|[A-Z]\. )?(?!(?:Jr|Sr)\b)[A-Z][a-z]+)"
_NAME = re.compile(rf"\b[A-Z][a-z]+{_NEXT}{{0,3}}\b")  # "Port-au-Prince"
_INITIAL = re.compile(r"(?<= )[A-Z]\. ")  # shown without: "Tobin Vale", as a story writes it most
# names joined by "and" or "for": one name ("Food and Drug Administration") or two ("Texas and Ohio")
_JOINED = re.compile(rf"\b[A-Z][a-z]+(?:{_NEXT}|[ -](?:and|for) [A-Z][a-z]+){{0,7}}\b")
_JOINS = re.compile(r" (?:and|for) ")
# a page's title run into its lead with no stop between ("... for Halvern A ten-year-old girl was",
# "... reader photos Tuesday 4 March Up to"): a sentence opener, or a page's date, after a
# lowercase word other than a stopword; the title before it is the headline when it keeps RUN_ON_WORDS words
_RUN_ON = re.compile(
    rf"(?<=[a-z0-9,'’)]) (?:(?:{'|'.join(OPENERS)}) (?=[a-z0-9$£#]|[A-Z][a-z])"
    rf"|(?:{'|'.join(d.title() for d in WEEKDAYS)}),? \d{{1,2}} (?:{'|'.join(m.title() for m in MONTHS if len(m) > 3)})\b)"
)
_LATIN = re.compile(r"[A-Za-z]")
_ANY_WORD = re.compile(r"[^\W\d_]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
RUN_ON_WORDS = 4
REPEAT_WORDS = 3  # the opening words of a title that its lead repeats (_before_repeat)
MAX_WORDS = 16
CLEAN_CHARS = 2000  # of a title or sentence read for a headline of MAX_WORDS words
STORY_CHARS = 2000  # of each article read for the words its story writes in lowercase (_StoryWords)
# These four are chosen by bench/fit_headlines.py (the dev streams' stories named from their majority
# gold story, leave-one-stream-out reported).
CORE_WORDS = 30  # of each article's body read for its place in the story (about a lead)
CORE_SHARE = 0.7  # of a story's articles kept in its core
NEAR = 0.8  # share of the best centrality within which articles count as equally central
BY_VOTES = True  # the most central of the articles most others have as their nearest (and of theirs)
OPENING = 3  # sentences of an untitled article that may name its story: a caption or credit may come first
_NOT_NAMES = STOPWORDS | set(MONTHS) | set(WEEKDAYS)  # "Sunday", "July": every story has them
_MONTHS = frozenset(MONTHS)
CALENDAR = frozenset(WEEKDAYS) | {m for m in MONTHS if len(m) > 3}  # names, however lowercased text writes them


def clean(text: str, lowercase: Container[str] = frozenset()) -> str:
    """Tokenized markup back to punctuation, spaces closed up, a leading parenthesis dropped, cut to
    about MAX_WORDS words; "" when what is left is a byline, a timestamp, a place alone, page
    furniture or under two content words. ``lowercase``: words the article or its story writes in
    lowercase (a capitalised one of them after a lowercase word, and before one, starts the lead run
    into a title)."""
    text = _MARKUP_RE.sub(lambda m: _MARKUP[m.group()], text[:CLEAN_CHARS])
    text = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", " ".join(text.split())))
    stamp = _PAGE_STAMP.search(text)
    if stamp and (stamp.start() == 0 or _STAMP_PART.search(stamp.group())):
        # the title before the stamp, if there is one, else what follows it
        before = _BYLINE_AFTER.sub("", _PLACE_BAR.sub("", text[: stamp.start()])).strip()
        found = clean(before, lowercase) if len(before.split()) >= RUN_ON_WORDS else ""
        return found or clean(text[stamp.end() :].lstrip(" ,;:-|"), lowercase)
    if " | " in text:  # "Title | Site", "Site | Section | Title": the part with the most words
        text = max(text.split(" | "), key=lambda part: len(part.split()))
    first, bullet, _ = text.partition(" * ")  # a wire story's title, then its bullet points
    if bullet and len(first.split()) >= RUN_ON_WORDS:
        text = first
    text = _SITE.sub("", text)
    for _ in range(2):  # a leading aside may stand before the dateline ("(For a factbox ...) BEIJING (Reuters) -")
        text = _PARENS.sub("", _DATELINE.sub("", without_dateline(text))).strip(" -_:|*")
    refused = _BYLINE.match(text) or _CREDIT.match(text) or _TIME.search(text) or _STAMP.match(text) or _PLACE_ONLY.match(text)
    refused = refused or boilerplate(text) or caption(text) or text.lower().strip(" .!:") in _LABELS
    if refused or not _enough_words(text):
        return ""
    text = text[0].upper() + text[1:]
    for run_on in _RUN_ON.finditer(text):
        title = text[: run_on.start()].split()
        if _title_case(title) and text[run_on.end() :][:1].isupper():
            continue  # a Title Case title goes on: "Man Held By Police In Tamsin"
        if len(title) >= RUN_ON_WORDS and title[-1].lower() not in STOPWORDS:  # not "talks in The Hague"
            text = " ".join(title)
            break
    else:
        text = _cut_at_common_word(_before_repeat(text), lowercase)
    return shorten(text, MAX_WORDS)


def _before_repeat(text: str) -> str:
    """A title run into a lead that opens by repeating it ("Halvern dam works to start Halvern dam works
    will start on Friday ..."): the words before its first REPEAT_WORDS come again, capitalised, after
    a word other than a stopword with no stop between, and RUN_ON_WORDS words at least stand before
    them. Fewer repeated words are most often a name mentioned again ("NWC's shares ... NWC's chief")."""
    words = text.split()
    opening = [w.lower() for w in words[:REPEAT_WORDS]]
    for k in range(RUN_ON_WORDS, len(words) - REPEAT_WORDS + 1):
        before = words[k - 1]
        if (
            words[k][:1].isupper() and before[-1:].isalnum() and before.lower() not in STOPWORDS
            and [w.lower() for w in words[k : k + REPEAT_WORDS]] == opening
        ):  # fmt: skip
            return " ".join(words[:k])
    return text


_BEFORE_NAMES = TITLES | {"the"}  # words before a name that make no other name of it ("Dr Kay Lund" is "Kay Lund")


def _untitled(seen: Counter) -> Counter:
    """The names with a title or "The" in front ("Chief Executive Kay Lund") counted as the name of
    two words or more they end with, where the story writes that name alone too; a title and a
    surname ("Dr Lund") as the one full name that the story writes twice or more and that ends with
    the surname ("Kay Lund")."""
    out = Counter(seen)
    full: dict[str, list[str]] = {}  # surname -> the untitled names of two words or more ending with it
    for name, n in seen.items():
        words = name.split()
        if n > 1 and len(words) > 1 and words[0].lower().rstrip(".") not in _BEFORE_NAMES:  # once: no name kept
            full.setdefault(words[-1], []).append(name)
    for name, n in seen.items():
        words = name.split()
        k = 0
        while k < len(words) - 1 and words[k].lower().rstrip(".") in _BEFORE_NAMES:
            k += 1
        core = " ".join(words[k:])
        if len(words) - k == 1:  # a title and a surname: the one full name, else left as written
            core = full[core][0] if len(full.get(core, ())) == 1 else ""
        if k and core in seen:
            out[core] += n
            del out[name]
    return out


def _title_case(words: list[str]) -> bool:
    """Every word with a letter capitalised: a title written in Title Case."""
    return all(w[:1].isupper() for w in words if any(c.isalpha() for c in w))


def _enough_words(text: str) -> bool:
    """Two content words at least; in a script without Latin letters, where no word is a content stem,
    two words (Cyrillic, Greek, Arabic) or four characters of a script written without spaces (Chinese,
    Japanese)."""
    if len(content_stems(text)) >= 2:
        return True
    return not _LATIN.search(text) and (len(_ANY_WORD.findall(text)) >= 2 or len(_CJK.findall(text)) >= 4)


def _cut_at_common_word(text: str, lowercase: Container[str]) -> str:
    """The title of a title run into its lead at a common word capitalised to start the lead
    ("... blamed for levee delay Engineers say it was ..."): not a name, since the article or its
    story writes it in lowercase, with a lowercase word after it (not a name's connector: "Gulf of"),
    and before it a lowercase word, or a title in Title Case ("... Ferry Runs Aground off Kestrel Bay
    Hundreds of passengers ...", its lowercase word coming after "of")."""
    words = text.split()
    k = title_words(words, lowercase)
    return " ".join(words[:k]) if k else text


def title_words(words: Sequence[str], lowercase: Container[str], most: int | None = None) -> int:
    """How many of the words are a title run into the lead at a common word (_cut_at_common_word),
    at most ``most``; 0 when they are not."""
    cased: list[bool] | None = None  # _title_cased of each first k words, found when first asked
    for k in range(RUN_ON_WORDS, min(len(words) - 1, len(words) if most is None else most + 1)):
        w, before, after = words[k], words[k - 1], words[k + 1]
        if not (w[:1].isupper() and w[1:].islower() and before[-1:].isalnum()):
            continue
        if before.islower():
            # a name's connector goes on with a capital: "the vast Gulf of Mexico", not "Thousands of people"
            going_on = words[k + 2] if k + 2 < len(words) else ""
            named = after in CONNECTORS and not going_on.islower()
            starts = before not in STOPWORDS and after[:1].islower() and not named
        else:
            rest = [x for x in words[k + 1 : k + 4] if x.lower() not in STOPWORDS]
            cased = cased or _title_cased(words)
            starts = cased[k] and bool(rest) and rest[0].isalpha() and rest[0].islower()
        if starts and w.lower() in lowercase and w.lower() not in CALENDAR:  # "a reward Thursday for ..."
            return k
    return 0


def untitled(articles: Sequence[Article]) -> list[Article]:
    """The articles, the first sentence of each that came cased shown without a title run into it at
    a common word (title_words, within a title's length: text.runon's "most"; with the article's
    and the story's lowercase words as a headline reads them): "Marenland dam bursts after record rain
    Hundreds of homes were flooded ..." shows from "Hundreds". The text analysed keeps the
    title, as it keeps a byline left out of the display."""
    story = _StoryWords(articles)
    most = runon_model()["most"]
    for article in articles:
        if not article.sentences or lowercased(article.text, words=1):
            continue
        first = article.sentences[0]
        words = quoted(article, first)[1].split()  # after a dateline, a byline, a page stamp
        k = title_words(words, _Either(_ArticleWords(article), story), most) if len(words) > RUN_ON_WORDS + 1 else 0
        if k:
            first.display = " ".join(words[k:])
    return articles


def _title_cased(words: Sequence[str]) -> list[bool]:
    """Whether the first k words are a title in Title Case, for each k: every word with a letter but
    the small ones (stopwords) capitalised, and RUN_ON_WORDS of them at least ("Ferry Runs Aground off
    Kestrel Bay", not "Residents of Kestrel Bay"). (In one pass: a title may hold thousands of words.)"""
    out, content, capitalised = [False], 0, True
    for w in words:
        if any(c.isalpha() for c in w) and w.lower() not in STOPWORDS:
            content += 1
            capitalised = capitalised and w[:1].isupper()
        out.append(content >= RUN_ON_WORDS and capitalised)
    return out


class _StoryWords:
    """The words a story writes in lowercase at least as often as capitalised after a lowercase word
    (as _lowercase_words counts them in one article), counted over the first STORY_CHARS characters
    of all its articles that came cased, in one pass when first asked: a short article may never
    write "violence" but in its title."""

    def __init__(self, articles: Sequence[Article]):
        self.articles = articles
        self.tokens: Counter | None = None  # every word as written
        self.after_lower: Counter = Counter()  # ... right after a lowercase word and a space
        self.text = ""

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if self.tokens is None:
            self.text = "\n".join(a.text[:STORY_CHARS] for a in self.articles if not lowercased(a.text, words=1))
            self.tokens = Counter(_WORD.findall(self.text))
            self.after_lower = Counter(_WORD_AFTER_LOWER.findall(self.text))
        if _WORD.fullmatch(word):
            low, capital = self.tokens[word], self.after_lower[word.capitalize()]
        else:  # a word with a mark in it ("violence,"): counted where it stands alone
            low, capital = _occurrences(self.text, word), _occurrences(self.text, word.capitalize(), after_lower=True)
        return low > 0 and low >= capital


def _occurrences(text: str, word: str, after_lower: bool = False) -> int:
    r"""Occurrences of ``word`` in ``text`` with no word character or hyphen on either side (with
    ``after_lower``: right after a lowercase ASCII letter and a space instead of before), counted as
    re.findall would count (?<![\w-])word(?![\w-]), without a regular expression scanning the text
    (a story of thousands of articles: megabytes, once per word asked)."""
    count = i = 0
    while (j := text.find(word, i)) >= 0:
        end = j + len(word)
        if after_lower:
            ok = j >= 2 and text[j - 1] == " " and "a" <= text[j - 2] <= "z"
        else:
            ok = j == 0 or not _word_char(text[j - 1])
        if ok and (end == len(text) or not _word_char(text[end])):
            count, i = count + 1, end
        else:
            i = j + 1
    return count


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_-"  # \w (str.isalnum() and "_") or a hyphen


_WORD = re.compile(r"[\w-]+")
_WORD_AFTER_LOWER = re.compile(r"(?<=[a-z] )[^\W\d_a-z][\w-]*")  # a capitalised word is all that is asked about


class _Either:
    """A word in any of the sets: the article's own lowercase words, then the story's."""

    def __init__(self, *sets: Container[str]):
        self.sets = sets

    def __contains__(self, word: object) -> bool:
        return any(word in s for s in self.sets)


class _ArticleWords:
    """_lowercase_words of the article, read when first asked."""

    def __init__(self, article: Article):
        self.article, self.words = article, None

    def __contains__(self, word: object) -> bool:
        if self.words is None:
            self.words = _lowercase_words(self.article)
        return word in self.words


def _lowercase_words(article: Article) -> frozenset[str]:
    """Words the article writes in lowercase at least as often as capitalised after a lowercase word,
    where a capital marks a name or the lead run into a title (the one in question): "the Gulf of
    Mexico ... the Gulf spill ... around the gulf" leaves "gulf" out."""
    low: Counter = Counter()
    capital: Counter = Counter()
    before = ""
    for w in article.text.split():
        if w.isalpha():
            if w.islower():
                low[w] += 1
            elif w[0].isupper() and w[1:].islower() and before.isalpha() and before.islower():
                capital[w.lower()] += 1
        before = w
    return frozenset(w for w, n in low.items() if n >= capital[w])


def _lead(article: Article) -> str:
    return quoted(article, article.sentences[0])[1] if article.sentences else ""


def _opening(article: Article) -> list[str]:
    """The display text of the article's first OPENING sentences."""
    return [quoted(article, sentence)[1] for sentence in article.sentences[:OPENING]]


def openings(articles: Sequence[Article]) -> list[list[str]]:
    """Each article's title ("" without one) and the display text of its first OPENING sentences:
    what spelled and as_names read (computed once for both)."""
    return [[article.title or "", *_opening(article)] for article in articles]


def _gram(articles: Sequence[Article], core_words: int) -> np.ndarray:
    """Cosines between the articles' openings (content stems of the title and first ``core_words`` words)."""
    bags = [Counter(content_stems(f"{a.title or ''} " + " ".join(body_text(a).split()[:core_words]))) for a in articles]
    column: dict[str, int] = {}
    for bag in bags:
        for stem in bag:
            column.setdefault(stem, len(column))
    units = np.zeros((len(bags), max(len(column), 1)))
    for row, bag in enumerate(bags):
        for stem, n in bag.items():
            units[row, column[stem]] = n
    units /= np.maximum(np.linalg.norm(units, axis=1), 1e-12)[:, None]
    return units @ units.T


def centrality(
    articles: Sequence[Article], core_share: float = CORE_SHARE, core_words: int = CORE_WORDS, gram: np.ndarray | None = None
) -> list[float]:
    """Each article's closeness to the story's centre: the dot product of its unit vector (content
    stems of its title and first ``core_words`` words) with the sum of those of the story's core (the
    ``core_share`` of its articles, at least two, left after dropping the one least similar to the
    others kept, one at a time; the earlier of equals first)."""
    gram = _gram(articles, core_words) if gram is None else gram
    score = gram.sum(axis=1)  # each article against the sum of those kept
    kept = np.ones(len(articles), bool)
    for _ in range(len(articles) - max(2, math.ceil(core_share * len(articles)))):
        drop = int(np.argmin(np.where(kept, score, np.inf)))
        kept[drop] = False
        score -= gram[:, drop]
    return [round(float(x), 9) for x in score]


def voted(gram: np.ndarray) -> list[bool]:
    """The articles that the most others have as their nearest (the earlier of equals), and the
    nearest of each of those: a story that took in a pair of near copies from another story still
    casts most of its votes inside its own articles, where a core by summed closeness can be that
    pair's; in a story whose reports are all alike, the one most point to and the one it points to
    stand together."""
    n = len(gram)
    if n < 3:
        return [True] * n
    nearest = np.where(np.eye(n, dtype=bool), -np.inf, np.round(gram, 9)).argmax(axis=1)
    count = np.bincount(nearest, minlength=n)
    top = count == count.max()
    top[nearest[top]] = True
    return top.tolist()


def headline(
    articles: Sequence[Article],
    near: float = NEAR,
    core_share: float = CORE_SHARE,
    core_words: int = CORE_WORDS,
    by_votes: bool = BY_VOTES,
) -> tuple[str, Article | None]:
    """(headline, the article it comes from) of a story's articles, given in date order; ("", None)
    if none has one. Articles within ``near`` of the most central one come first (with ``by_votes``,
    of those voted()), those with a usable title before those without, the later before the
    earlier; then the rest, those voted() and the most central first."""
    gram = _gram(articles, core_words)
    score = centrality(articles, core_share, core_words, gram)
    inside = voted(gram) if by_votes else [True] * len(articles)
    best = max((x for x, i in zip(score, inside) if i), default=0.0)
    titled = [bool(clean(a.title or "")) for a in articles]
    close = [k for k in range(len(articles)) if inside[k] and score[k] >= near * best]
    taken = set(close)
    rest = sorted((k for k in range(len(articles)) if k not in taken), key=lambda k: (not inside[k], -score[k], k))
    story = _StoryWords(articles)
    for k in sorted(close, key=lambda k: (not titled[k], -k)) + rest:
        # lowercased text writes every word in lowercase: no evidence that a capital starts a lead
        lowercase = frozenset() if lowercased(articles[k].text, words=1) else _Either(_ArticleWords(articles[k]), story)
        for text in [articles[k].title or "", *_opening(articles[k])]:
            found = clean(text, lowercase)
            if found:
                return found, articles[k]
    return "", None


def key_phrases(articles: Sequence[Article], n: int = 5) -> list[str]:
    """Names (capitalised runs of words, "Deir al-Zor") found in the most of the story's titles and
    leads (in two at least), in display form; a name inside a longer one kept is left out, and so
    are weekdays, months, short words ("Sen", "Maj") and news agencies. A name ends with no stopword.
    In an article that came lowercased (text.casing.lowercased, however short), a run of rare words
    that the casing lexicon left in lowercase is a name too, in title case (_rare_runs). A name may
    hold "and" or "for" ("Centers for Disease Control and Prevention", _names); a name spelled two
    ways counts once (_spelled_alike)."""
    seen: Counter = Counter()
    texts = [_MARKUP_RE.sub(" ", f"{article.title or ''}. {_lead(article)}") for article in articles]
    evidence = _Evidence("\n".join(texts))
    for article, text in zip(articles, texts):
        names = set(_rare_runs(text) if lowercased(article.text, words=1) else ())
        evidence.article = article.text
        for start, end in _names(text, evidence):
            name, before = text[start:end], text[:start].rstrip()
            if not before or before[-1] in ".!?\"":  # a sentence's first word may be any word
                name = " ".join(name.split()[1:]) if name.split()[0].lower() in STOPWORDS or " " not in name else name
            while " " in name and name.rsplit(" ", 1)[1].lower() in STOPWORDS:  # a name ends in no "The":
                name = name.rsplit(" ", 1)[0]  # "Port-au-Prince The" is a lead run into what follows
            after = text.find(name, start) + len(name)  # where the name ends, past the words left out above
            if " " in name and name.rsplit(" ", 1)[1].lower() in _MONTHS and text[after : after + 2].strip()[:1].isdigit():
                name = name.rsplit(" ", 1)[0]  # nor in a dateline's date: "SAN ANTONIO, Texas April 24"
            if (" " in name or (len(name) > 3 and name.lower() not in _NOT_NAMES)) and not _reporter(name):
                names.add(_INITIAL.sub("", name))  # (not "Flash Player", "Getty Images", "Associated Press")
        seen.update(names)
    seen = _spelled_alike(_untitled(seen))
    ranked = sorted(seen, key=lambda s: (-seen[s], -len(s.split()), s))
    out: list[str] = []
    for name in ranked:
        if seen[name] < 2 and len(articles) > 1:
            break
        if not any(name in kept for kept in out):
            out.append(name)
        if len(out) == n:
            break
    return out


def _names(text: str, evidence: _Evidence) -> list[tuple[int, int]]:
    """(start, end) of each name in the text (_NAME: "Erdoğan" whole, not "Erdo"), a name joined by
    "and" or "for" cut in two where _Evidence.two says so: "Food and Drug Administration" is one
    name, "Texas and Ohio" two."""
    out = []
    folded = fold_one(text)
    for span in (part for m in _JOINED.finditer(folded) for part in _after_titles(text, *m.span())):
        spans = [span]
        while True:
            start, end = spans[-1]
            name = text[start:end]
            cut = next((j for j in _JOINS.finditer(name) if evidence.two(name, j.start(), j.end())), None)
            if cut is None:
                break
            spans[-1:] = [(start, start + cut.start()), (start + cut.end(), end)]
        for start, end in spans:  # a name of two or more, or the names of a part, as _NAME reads them
            joined = _JOINS.search(text, start, end) is not None
            out += [(start, end)] if joined else [n.span() for n in _NAME.finditer(folded, start, end)]
    return out


_WORD = re.compile(r"\S+")


def _after_titles(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A run of capitalised words cut where a title inside it opens a person's name: "Finance
    Minister Kay Lund" is "Kay Lund"; "University of Halvern President Ada Quint" is "University of
    Halvern" and "Ada Quint". The words before the title stay a name when two of them or more are
    no stopwords ("Former", "The Finance" are no names); a title followed by fewer than two words
    cuts nothing ("Burger King Corp"), nor does one that opens the run (_untitled reads those)."""
    words = [m.span() for m in _WORD.finditer(text, start, end)]
    titled = [text[a:b].lower().rstrip(".") in TITLES for a, b in words]
    for i in range(1, len(words)):
        j = i
        while j < len(words) and titled[j]:
            j += 1
        if j > i and len(words) - j >= 2 and text[words[j][0]].isupper():
            head = text[start : words[i - 1][1]].split()
            before = [(start, words[i - 1][1])] if sum(w.lower() not in STOPWORDS for w in head) >= 2 else []
            return before + _after_titles(text, words[j][0], end)
    return [(start, end)]


_RUN = re.compile(rf"\b[A-Z][a-z]+{_NEXT}*\b")


def _title_free_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of each name (_NAME) in the text, read in the runs of capitalised words cut at
    the titles inside them (_after_titles)."""
    folded = fold_one(text)
    parts = (part for m in _RUN.finditer(folded) for part in _after_titles(text, *m.span()))
    return [n.span() for a, b in parts for n in _NAME.finditer(folded, a, b)]


class _Evidence:
    """Where key_phrases looks for the parts of a name joined by "and" or "for": the titles and
    leads of the story's articles, and the whole of the article it reads."""

    def __init__(self, story: str):
        self.story, self.article = story, ""
        self.in_story: dict[str, bool] = {}

    def two(self, name: str, a: int, b: int) -> bool:
        """Whether the name joined at name[a:b] is two: a name of the shipped lists before or after
        "and" ("Texas and Kestrel Bay", not "Bosnia and Herzegovina"), on both sides of "for" (not
        "Hope for Haiti"), a title opening the second or a news agency or paper as the second ("... and
        Mayor Quint", "... for The Washington Post"), either side written alone, or a rare word ending
        each side of "and", as a name ends ("Kay Lund and Ada Quint", not "Securities and Exchange
        Commission")."""
        left, right = name[:a], name[b:]
        if listed(name):
            return False
        joined_by_and = name[a:b] == " and "
        named = listed(left) or listed(right) if joined_by_and else listed(left) and listed(right)
        if named or _titled(right) or _paper(right) or self._alone(left) or self._alone(right):
            return True
        return joined_by_and and all(rare(side.rsplit(" ", 1)[-1].lower().split("-")) for side in (left, right))

    def _alone(self, part: str) -> bool:
        pattern = _alone(part)
        if part not in self.in_story:
            self.in_story[part] = pattern.search(self.story) is not None
        return self.in_story[part] or pattern.search(self.article) is not None


def _titled(name: str) -> bool:
    return name.split(" ", 1)[0].lower().rstrip(".") in TITLES


@lru_cache(maxsize=1)
def _papers() -> frozenset[str]:
    return frozenset(builtin_list("agencies"))


def _paper(name: str) -> bool:
    """A news agency, broadcaster or paper of the shipped list ("The Washington Post")."""
    return key_of(name.removeprefix("The ")) in _papers()


@lru_cache(maxsize=4096)
def _alone(part: str) -> re.Pattern[str]:
    """The part written as a name of its own: after a lowercase word other than a join (not inside a
    longer name), or where a sentence starts if it has two words or more (one capitalised word
    there may be any word), and before no other capitalised word."""
    start = r"(?:(?<=[a-z,;:] )(?<! and )(?<! for )(?<! of )" + (r"|^|(?<=[.!?\"“(]\s))" if " " in part else ")")
    return re.compile(rf"{start}{re.escape(part)}(?![\w-])(?! (?:(?:and|for|of) )?[A-Z])", re.MULTILINE)


# British and American spellings of a name ("World Health Organisation", "Organization")
_ISE = re.compile(r"is(?=e\b|ed\b|es\b|ing\b|ation)")


def _spelled_alike(seen: Counter) -> Counter:
    """Names written alike but for case, hyphens and British or American spelling counted as one,
    under the form most articles write."""
    forms: dict[str, list[str]] = {}
    for name in seen:
        forms.setdefault(_ISE.sub("iz", key_of(name)), []).append(name)
    out: Counter = Counter()
    for names in forms.values():
        out[max(names, key=lambda n: (seen[n], n))] = sum(seen[n] for n in names)
    return out


_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?] )|(?<=[.!?] [\"“(]))[A-Z](?=[a-z]+\b)")
_LOWER_WORD = re.compile(r"(?<![\w'’-])([a-z]+(?:-[a-z]+)*)(['’]s)?(?![\w'’-])")  # "al-zor", "scalia's"


def _rare_runs(text: str) -> list[str]:
    """The last two words of each run of two or three lowercase words in a row (one space apart, no
    possessive inside), each rare (text.common.rare) and no stopword, in title case: the names of
    lowercased text that no lexicon knows ("justice antonin scalia's" holds "Antonin Scalia"; in
    "leaker edward snowden" a rare word describes the name before it)."""
    runs: list[list[str]] = []
    end = None  # where the run so far may go on
    text = _SENTENCE_START.sub(lambda m: m[0].lower(), text)  # "Ada quint said": capitalised as a start only
    for m in _LOWER_WORD.finditer(text):
        word = m[1]
        if word in STOPWORDS or not rare(word.split("-")):
            end = None
            continue
        if m.start() != end:
            runs.append([])
        runs[-1].append(word)
        end = None if m[2] else m.end() + 1
    return [title_case(" ".join(run[-2:])) for run in runs if 2 <= len(run) <= 3]  # "leaker edward snowden"


def with_names(text: str, names: Sequence[str]) -> str:
    """The text with each of a story's names of two words or more (key_phrases) written as the name
    where the text has it in lowercase, but for a first capital: a headline from lowercased text that
    the casing lexicon could not re-case ("Supreme court justice antonin scalia" is "Supreme Court
    justice Antonin Scalia")."""
    for name in sorted((n for n in names if " " in n), key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
        text = pattern.sub(lambda m: name if m[0][1:].islower() else m[0], text)
    return text


def _reporter(name: str) -> bool:
    """Page furniture, a news agency or a reporter's job title ("Science Editor"): who reported the
    story, which names no story."""
    return boilerplate(name) or name.lower() in AGENCIES or name.rsplit(" ", 1)[-1].lower() in NEWSROOM


_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]+(?:['’-][^\W\d_]+)*")
_AFTER_LOWER = re.compile(r"[a-z,;] $")  # a capital there is a name's, not Title Case's (two characters: searched in those)


def spelled(words: Sequence[str], articles: Sequence[Article], texts: Sequence[list[str]] | None = None) -> list[str]:
    """The tracker's words (one per stem, the shortest form it met in the stream: "presides" for
    "president") as the story's titles and openings write each stem most often (as a first word only
    if nowhere else: "Revelations ..." opening a title, not "revels" of another story): capitalised
    when the tracker found it written as a name, else as the opening sentences write that form after
    a lowercase word when that is in capitals past its first letter ("FDA", "McKessan") or the text
    came lowercased and is shown cased ("Syrian"); a word they never write is kept as given."""
    wanted = {stem_of(fold(w).lower()): w for w in words}
    spellings: dict[str, Counter] = {s: Counter() for s in wanted}
    cases: dict[str, Counter] = {s: Counter() for s in wanted}
    first: dict[str, Counter] = {s: Counter() for s in wanted}  # forms met only as a first word
    for article_texts in openings(articles) if texts is None else texts:
        for k, text in enumerate(article_texts):
            for m in _WORD.finditer(text):
                form = m.group()
                key = stem_of(fold(form).lower())
                if key in spellings and m.start() == 0:  # a first word is capitalised whatever it is
                    first[key][form.lower()] += 1
                elif key in spellings:
                    spellings[key][form.lower()] += 1
                    if k and (form.islower() or _AFTER_LOWER.search(text, max(0, m.start() - 2), m.start())) and not (
                        form.isupper() and len(form) > ACRONYM_LETTERS
                    ):
                        cases[key][form] += 1
    out: list[str] = []
    lowercased = any(a.tokenized for a in articles)
    for key, word in wanted.items():
        if not spellings[key] and first[key]:  # "Revelations ..." opening a title: not the tracker's "revels"
            spellings[key] = first[key]
        if spellings[key]:
            best = min(spellings[key], key=lambda f: (-spellings[key][f], len(f), f))
            written = max((f for f in cases[key] if f.lower() == best), key=lambda f: (cases[key][f], f), default=best)
            if word[:1].isupper():
                word = written[:1].upper() + written[1:]
            else:  # the tracker's count of names written with one capital says it is none; it cannot
                # judge "FDA", "McKessan", nor a text that came lowercased (as the lexicon renders it)
                word = written if written[1:] != written[1:].lower() or lowercased else written.lower()
        if word not in out:
            out.append(word)
    return out


def as_names(words: Sequence[str], articles: Sequence[Article], texts: Sequence[list[str]] | None = None) -> list[str]:
    """The tracker's words, a capitalised one shown as the longer name it stands in ("Heron" of "The
    Grey Heron", "Calla" of "Calla Point"): the name of two words or more holding it (no title in
    front: "President") that the story's titles and openings write most often, when they write it
    inside names more often than alone. Each name once; other words as given. ``texts``: openings(articles)."""
    caps = {w for w in words if w[:1].isupper()}
    inside: dict[str, Counter] = {w: Counter() for w in caps}  # word -> the longer names holding it
    alone: Counter = Counter()
    keys = [w.lower() for w in caps]
    for k, article in enumerate(articles if caps else ()):
        raw = " ".join([article.title or "", *(x.text for x in article.sentences[:OPENING])]).lower()
        if not any(key in raw for key in keys):  # (shown text is the raw text cased: none of them is there)
            continue
        for text in texts[k] if texts is not None else openings([article])[0]:
            for a, b in _title_free_names(text):
                parts = _INITIAL.sub("", text[a:b]).replace("-", " - ").split()
                while parts and (parts[0].lower() in STOPWORDS or parts[0].lower() in TITLES):  # "The Grey Heron"
                    parts = parts[1:]
                while parts and parts[-1].lower() in STOPWORDS:
                    parts = parts[:-1]
                held = caps.intersection(parts)
                if len(parts) == 1:
                    alone[parts[0]] += 1
                elif held and not all(p.lower() in _NOT_NAMES for p in parts if p != "-"):
                    name = " ".join(parts).replace(" - ", "-")
                    for part in held:
                        inside[part][name] += 1
    out: list[str] = []
    for word in words:
        held = {n: k for n, k in inside.get(word, {}).items() if not _reporter(n)}
        if held and sum(held.values()) > alone[word]:
            word = min(held, key=lambda n: (-held[n], len(n), n))
        if word not in out:
            out.append(word)
    return out
