"""A story told by reports of one development each: a summary with room for a sentence of every report
gives each report's lead (summarize.concept_ilp.LEAD_WORTH); a tight one is chosen as before."""

import dataclasses
import datetime as dt

from storyline.ingest import build_article
from storyline.summarize import ConceptILP

BACKGROUND = [
    "The earthquake on Monday killed twelve people in Halvern and left about three thousand residents without homes.",
    "Rescue teams from Port Alder and Kestrel Bay joined the search for survivors in the ruins of the old town of Halvern.",
    "The mayor of Halvern, Ada Brook, said the town would need months to recover from the earthquake.",
]
LEADS = [
    "A strong earthquake struck Halvern on Monday, toppling the clock tower and cutting power to the harbour district.",
    "An aftershock on Tuesday brought down the stone bridge over the Tamsin river north of the town.",
    "Heavy rain on Wednesday flooded the tents where families had slept since the first shock.",
    "Engineers began to rebuild the clock tower on Friday with money from a fund raised by fishermen.",
]


def reports(leads=LEADS):
    out = []
    for k, lead in enumerate(leads):
        background = BACKGROUND[k % 3 :] + BACKGROUND[: k % 3]  # each report repeats it in its own order
        out.append(build_article("\n\n".join([lead, *background]), id=f"q{k}", published=dt.date(2031, 4, 7 + k)))
    return out


def chosen(summarizer, articles, words):
    return [(s.article_id, s.sentence_index) for s in summarizer.summarize(articles, words=words).sentences]


def test_a_roomy_summary_gives_each_reports_development():
    picked = chosen(ConceptILP(), reports(), 100)
    assert {(f"q{k}", 0) for k in range(4)} <= set(picked)
    without = chosen(ConceptILP(lead_worth=0.0), reports(), 100)
    assert not {(f"q{k}", 0) for k in range(4)} <= set(without)  # the background the reports share wins there


def test_a_summary_without_room_for_every_report_is_chosen_as_before():
    many = reports([*LEADS, *(lead.replace("Halvern", "Tamsin") for lead in LEADS), *LEADS[:2]])
    many = [dataclasses.replace(a, id=f"r{k}") for k, a in enumerate(many)]
    assert chosen(ConceptILP(), many, 100) == chosen(ConceptILP(lead_worth=0.0), many, 100)
