"""Sentence splitting for prose (syntok) and for tokenized one-sentence-per-line text."""

from __future__ import annotations

import re

import syntok.segmenter as segmenter

# A standalone sentence-final token in tokenized text: " . ", " ? ", " ! " (optionally with a closing quote).
_TOKENIZED_END = re.compile(r"(?<= )([.?!])(?: (['\"`]{1,2}))?(?= )")
_PUNCT_TOKEN = re.compile(r"(?:^| )[,.;:?!)(](?= |$)")


def looks_tokenized(text: str) -> bool:
    """True for lowercased, space-tokenized text like the Reuters samples (`syria s`, ` , `)."""
    sample = text[:20_000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return False
    upper = sum(c.isupper() for c in letters) / len(letters)
    tokens = sample.split()
    if len(tokens) < 8:
        return False
    detached = len(_PUNCT_TOKEN.findall(sample)) / len(tokens)
    return upper < 0.01 and detached > 0.03


def split_tokenized(text: str) -> list[tuple[int, str]]:
    """One sentence per line; a line holding several sentences is cut at standalone end marks.

    Blank lines start a new paragraph. Returns (paragraph, sentence) pairs.
    """
    out: list[tuple[int, str]] = []
    paragraph = 0
    blank = False
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            blank = True
            continue
        if blank and out:
            paragraph += 1
        blank = False
        start = 0
        for m in _TOKENIZED_END.finditer(line):
            end = m.end()
            piece = line[start:end].strip()
            if piece and end < len(line):
                out.append((paragraph, piece))
                start = end
        rest = line[start:].strip()
        if rest:
            out.append((paragraph, rest))
    return out


def split_prose(text: str) -> list[tuple[int, str]]:
    """Paragraphs on blank lines, sentences by syntok; the sentence text keeps its own spacing."""
    out: list[tuple[int, str]] = []
    for p, paragraph in enumerate(_paragraphs(text)):
        for tokens in segmenter.analyze(paragraph):
            for sentence in tokens:
                if not sentence:
                    continue
                start = sentence[0].offset
                end = sentence[-1].offset + len(sentence[-1].value)
                piece = " ".join(paragraph[start:end].split())
                if piece:
                    out.append((p, piece))
    # syntok numbers paragraphs inside each block; renumber densely in order of appearance
    return _renumber(out)


def _paragraphs(text: str) -> list[str]:
    return [b for b in re.split(r"\n\s*\n", text) if b.strip()]


def _renumber(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    seen: dict[int, int] = {}
    return [(seen.setdefault(p, len(seen)), s) for p, s in pairs]


def split_sentences(text: str, tokenized: bool | None = None) -> list[tuple[int, str]]:
    """(paragraph, sentence) pairs for any body text; detects tokenized input unless told."""
    if tokenized is None:
        tokenized = looks_tokenized(text)
    return split_tokenized(text) if tokenized else split_prose(text)
