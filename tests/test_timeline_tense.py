"""Dates that read tense and intention, history kept out of the timeline, nothing after the latest
report (fictional fixtures)."""

import datetime as dt

import pytest

from storyline.ingest.build import build_article
from storyline.timeline import TimelineBuilder, resolve_dates, timeline

D = dt.date
THU = D(2031, 1, 16)  # a Thursday


def days(text: str, published: dt.date = THU) -> list[dt.date]:
    return [m.date for m in resolve_dates(text, published)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The minister planned to go to Velmora on Saturday.", D(2031, 1, 18)),
        ("The envoy is due to arrive on Monday.", D(2031, 1, 20)),
        ("The council plans to vote on Tuesday.", D(2031, 1, 21)),
        ("Aid must reach the valley by Monday, the agency said.", D(2031, 1, 20)),
        ("There will be a meeting on Saturday in Halvern.", D(2031, 1, 18)),
        ("A meeting on Saturday will set the budget.", D(2031, 1, 18)),
        ("She said she would visit the camp on Friday.", D(2031, 1, 17)),
        ("The union is to meet on Sunday.", D(2031, 1, 19)),
        ("The council's accounts, due on Tuesday, are expected to show a deficit.", D(2031, 1, 21)),
        ("The port is preparing to reopen the quay on Wednesday.", D(2031, 1, 22)),
        ("The mayor hopes to open the bridge on Friday.", D(2031, 1, 17)),
        # the past stays past
        ("The dam broke on Monday.", D(2031, 1, 13)),
        ("By Monday, 200 people had left the valley.", D(2031, 1, 13)),
        ("The meeting was held on Saturday.", D(2031, 1, 11)),
        ("The storm is to blame for the blackout on Tuesday.", D(2031, 1, 14)),
        ("Talks broke down on Tuesday.", D(2031, 1, 14)),
        ("The boy had hoped to raise money by cycling around the park on Saturday.", D(2031, 1, 11)),
        ("The quay closed due to the storm on Tuesday.", D(2031, 1, 14)),
        # a clause that opens with its day: its first verb tells (the cue was read only 50 characters on)
        ("On Sunday, the mayor and the harbour master of Tamsin, Ilsa Varn, will meet the ferry owners.", D(2031, 1, 19)),
        ("On Wednesday, the council said it would rebuild the levee.", D(2031, 1, 15)),  # said first: past
        ("On Tuesday his sisters, who will sing at the memorial, thanked the rescuers.", D(2031, 1, 14)),
        ("A status hearing is set for Friday.", D(2031, 1, 17)),
        # a connective before the day, a plan named as upcoming, a date not expected or not due before a day
        ("But on Sunday, the mayor will meet the ferry owners.", D(2031, 1, 19)),
        ("Meanwhile, on Friday the board will publish its report.", D(2031, 1, 17)),
        ("But on Sunday, the mayor met the ferry owners.", D(2031, 1, 12)),
        ("The upcoming ballot on Saturday decides the budget.", D(2031, 1, 18)),
        ("Results are not expected until Monday.", D(2031, 1, 20)),
        ("The ferry is not due back until Tuesday.", D(2031, 1, 21)),
        ("The mayor was expected on Sunday.", D(2031, 1, 12)),
        # the present of a timetable, and a day after which something will happen
        ("The ferry inquiry opens on Monday in Port Alder.", D(2031, 1, 20)),
        ("The vote on the levee is on Saturday.", D(2031, 1, 18)),
        ("The meeting that matters takes place in Halvern on Wednesday, when the mayor meets the owners.", D(2031, 1, 22)),
        ("Kay Lund will open the shelters after Sunday's storm warning ends.", D(2031, 1, 19)),
        ("Ministers of the four valleys are meeting in Halvern on Monday.", D(2031, 1, 20)),
        ("The mayor meets the ferry owners on Wednesday.", D(2031, 1, 22)),
        ("She returns to the valley on Monday.", D(2031, 1, 20)),
        ("Crews are still searching the flooded mill on Thursday.", THU),
        ("Voters in Corvessa go to the polls on Sunday.", D(2031, 1, 19)),  # ... with a plural subject
        ("Talks between the union and the port owners begin on Friday.", D(2031, 1, 17)),
        ("The four valley councils meet in Halvern on Monday.", D(2031, 1, 20)),
        # ... and in the past
        ("The ferry inquiry opened on Monday in Port Alder.", D(2031, 1, 13)),
        ("The inquiry, which was delayed by the storm, opens the files it got on Monday.", D(2031, 1, 13)),
        ("The shelters reopened after Sunday's storm.", D(2031, 1, 12)),
        ("After Sunday's storm, the shelters would stay open.", D(2031, 1, 12)),
        ("Families who are living in tents lost their homes on Monday.", D(2031, 1, 13)),
        ("Kay Lund heads the inquiry into the ferry that sank on Tuesday.", D(2031, 1, 14)),
        ("The vote on Sunday was marred by violence.", D(2031, 1, 12)),  # a past verb right after the day
        ("The meeting on Saturday in Halvern ended without a deal.", D(2031, 1, 11)),
        ("The ferry crews could not meet on Monday.", D(2031, 1, 13)),
        ("The strikers failed to return on Monday.", D(2031, 1, 13)),
    ],
)
def test_future_and_planned_days(text, expected):
    assert days(text) == [expected]


def test_a_day_without_its_year_takes_the_year_named_after_it():
    assert days("Dr Kestrel died at her home in Tamsin on 25 June last year.", D(2031, 6, 9)) == [D(2030, 6, 25)]
    assert days("The new levee opens on March 3 next year.", D(2031, 6, 9)) == [D(2032, 3, 3)]
    assert days("The levee opened on 25 June.", D(2031, 6, 9)) == [D(2031, 6, 25)]  # the nearest: no year named


def test_a_weekday_joined_to_a_planned_one_is_planned_too():
    assert days("Crews hoped to reach the valley by Saturday or Sunday.") == [D(2031, 1, 18), D(2031, 1, 19)]
    assert days("The bodies were found on Monday and Tuesday, police said.") == [D(2031, 1, 13), D(2031, 1, 14)]


def test_next_week_is_forward():
    m = resolve_dates("The inquiry will report next week.", THU)[0]
    assert (m.date, m.granularity) == (D(2031, 1, 20), "week")


def flood_story():
    reports = [
        (D(2031, 1, 13), "The Tamsin dam broke on Monday and flooded the lower valley. Rescuers reached the valley on Monday night."),
        (D(2031, 1, 14), "Rescue boats searched the lower valley on Tuesday after the dam broke on Monday. "
                         "The worst flood before this one struck the valley on March 3, 1961."),
        (D(2031, 1, 15), "The Tamsin valley began to drain on Wednesday, two days after the dam broke on Monday. "
                         "Engineers will inspect the dam on Saturday, and the minister plans to visit on Friday."),
    ]  # fmt: skip
    return [build_article(text, id=f"r{i}", source="Valley Wire", published=day) for i, (day, text) in enumerate(reports)]


def test_no_timeline_day_after_the_latest_report():
    entries = timeline(flood_story(), dates=6)
    assert entries and max(e.date for e in entries) <= D(2031, 1, 15)


def test_history_is_context_not_a_timeline_entry():
    dates = [e.date for e in timeline(flood_story(), dates=6)]
    assert D(1961, 3, 3) not in dates
    # unless the story is about it: with no history limit the old flood may come back
    assert D(1961, 3, 3) in [e.date for e in TimelineBuilder(history_days=10**6).build(flood_story(), dates=6)]


def test_learned_ranking_is_a_parameter():
    plain = timeline(flood_story(), dates=2)
    learned = TimelineBuilder(model="dates_model.json").build(flood_story(), dates=2)
    assert len(plain) == len(learned) == 2
    assert all(D(2031, 1, 13) <= e.date <= D(2031, 1, 15) for e in learned)


def test_a_day_a_newer_report_tells_of_is_not_its_announcement():
    reports = [
        (D(2031, 1, 13), "The Tamsin dam broke on Monday and flooded the lower valley. "
                         "The council will vote on a levee budget on Wednesday, the mayor said."),
        (D(2031, 1, 16), "The Tamsin council voted on Wednesday to raise the levee by two metres. "
                         "The dam broke on Monday. Crews will inspect the levee on Saturday."),
    ]  # fmt: skip
    story = [build_article(text, id=f"v{i}", published=day) for i, (day, text) in enumerate(reports)]
    entries = {e.date: [s.text for s in e.sentences] for e in timeline(story, dates=3, per_date=2)}
    assert entries[D(2031, 1, 15)] == ["The Tamsin council voted on Wednesday to raise the levee by two metres."]
    # an announcement that alone tells of its day stands
    quiet = [story[0], build_article("Crews cleared the lower valley on Thursday.", id="q", published=D(2031, 1, 16))]
    entries = {e.date: [s.text for s in e.sentences] for e in timeline(quiet, dates=5)}
    assert entries[D(2031, 1, 15)] == ["The council will vote on a levee budget on Wednesday, the mayor said."]
