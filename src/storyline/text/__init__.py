"""Text layer: the analysis every stage shares (tokens and stems, datelines, calendar words,
speech verbs, agency names), sentence splitting, readable display of tokenized text.

Nothing here imports a stage or the data model (only for type checking): stages build on text/.
"""

from storyline.text.tokens import STOPWORDS, Analysis, analyse, content_stems, stem, stems, word_count, words

__all__ = ["STOPWORDS", "Analysis", "analyse", "content_stems", "stem", "stems", "word_count", "words"]
