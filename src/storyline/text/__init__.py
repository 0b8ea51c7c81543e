"""Text layer: tokens and stems, sentence splitting, readable display of tokenized text."""

from storyline.text.tokens import STOPWORDS, content_stems, stem, stems, word_count, words

__all__ = ["STOPWORDS", "content_stems", "stem", "stems", "word_count", "words"]
