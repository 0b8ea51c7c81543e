"""Verbs that report speech ("said", "told"): one base list, and each stage's named addition.

Stages differ on purpose, so each keeps its own set; all are built here from the shared base.
"""

from __future__ import annotations

# the verbs of reporting that every stage knows
SAID = frozenset("said says told added".split())
# verbs that tag a quotation ('he said , " ...', '" ... , " she warned')
SPEECH_VERBS = SAID | frozenset("say adds asked wrote stated declared warned explained insisted noted".split())
# text.display: a speech tag before a quotation opens it ("he asks , ...")
DISPLAY_SPEECH = SPEECH_VERBS | frozenset("asks writes saying".split())
# summarize.filters: a quotation that names its speaker (attribution)
ATTRIBUTION = SPEECH_VERBS | frozenset("tells according argued announced reported claimed".split())
# timeline.dates: a report of what was (not a future clause): "will ... , officials said"
REPORTED = SAID | frozenset("announced reported confirmed".split())
