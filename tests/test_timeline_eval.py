import argparse
import datetime as dt
import json

import pytest

from storyline.eval import timeline as tl_eval

D = dt.date
# Hand-made timelines; scores worked out by hand (see the comments) and cross-checked with tilse.
# ROUGE tokens: oil spill reach coast | engin seal leak  vs  oil spill hit coast | engin seal damag leak
PRED = {D(2010, 1, 1): ["oil spill reached coast"], D(2010, 1, 3): ["engineers sealed leak"]}
REF = {D(2010, 1, 1): ["oil spill hits coast"], D(2010, 1, 4): ["engineers sealed damaged leak"]}


def test_concat_pools_all_sentences():
    s = tl_eval.concat(PRED, [REF])
    # 6 of 7 predicted unigrams hit, 6 of 8 reference unigrams found
    assert s["rouge_1"] == pytest.approx({"precision": 6 / 7, "recall": 6 / 8, "f_score": 0.8})
    # bigrams run across sentences: 3 hits of 6 predicted, 7 reference
    assert s["rouge_2"]["f_score"] == pytest.approx(6 / 13)


def test_agreement_compares_same_dates_only():
    s = tl_eval.agreement(PRED, [REF])
    assert s["rouge_1"] == pytest.approx({"precision": 3 / 7, "recall": 3 / 8, "f_score": 0.4})


def test_alignment_weights_near_dates():
    s = tl_eval.alignment(PRED, [REF])
    # Jan 3 aligns to Jan 4 (one day apart: its 3 hits count half): (3 + 1.5) / 7 and (3 + 1.5) / 8
    assert s["rouge_1"] == pytest.approx(
        {"precision": 4.5 / 7, "recall": 4.5 / 8, "f_score": 0.6}
    )


def test_alignment_prefers_matching_content_over_a_nearer_date():
    pred = {D(2010, 1, 2): ["engineers sealed leak"]}
    ref = {D(2010, 1, 1): ["oil spill hits coast"], D(2010, 1, 4): ["engineers sealed damaged leak"]}
    s = tl_eval.alignment(pred, [ref])
    # the cost on Jan 1 is (1 - 1/2) * (1 - 0) = 0.5, on Jan 4 (1 - 1/3) * (1 - 6/7) = 0.095
    assert s["rouge_1"]["precision"] == pytest.approx((3 / 3) / 3)


def test_identical_timelines_score_one_and_empty_scores_zero():
    s = tl_eval.score(REF, [REF])
    for metric in ("concat", "agreement", "align"):
        assert s[metric]["rouge_1"]["f_score"] == pytest.approx(1.0)
    assert s["dates"]["f_score"] == 1.0
    empty = tl_eval.score({}, [REF])
    assert empty["align"]["rouge_1"]["f_score"] == 0.0 and empty["dates"]["f_score"] == 0.0


def test_date_f1():
    assert tl_eval.date_prf(PRED, [REF]) == pytest.approx({"precision": 0.5, "recall": 0.5, "f_score": 0.5})


def test_rouge_tokens_follow_rouge_155():
    # lowercased, split at punctuation ("u.s.-led" -> u s led), SMART stopwords (u, s, the ...) out,
    # Porter stems only past three letters
    assert tl_eval.rouge_tokens("The U.S.-led forces were besieged, said Reuters .") == ["led", "forc", "besieg"]


def test_command_on_a_written_record(tmp_path, capsys):
    docs = [
        {"id": "a", "date": "2021-03-01",
         "text": "The Kessel dam breached on Monday , flooding the lower town .\nRescue boats pulled residents from rooftops ."},
        {"id": "b", "date": "2021-03-03",
         "text": "Army engineers began sealing the Kessel dam on Wednesday .\nThe breach on Monday destroyed 300 homes ."},
        {"id": "c", "date": "2021-03-05",
         "text": "Engineers finished sealing the Kessel dam on Friday .\nThe breach on Monday was the worst disaster in decades ."},
    ]  # fmt: skip
    refs = [{"date": "2021-03-01", "sentences": ["The Kessel dam breaches and floods the lower town ."]},
            {"date": "2021-03-05", "sentences": ["Engineers finish sealing the dam ."]}]  # fmt: skip
    data = tmp_path / "tl.jsonl"
    data.write_text(json.dumps({"id": "dam", "docs": docs, "timelines": [{"name": "ref", "entries": refs}]}) + "\n")
    out = tmp_path / "out.jsonl"
    parser = argparse.ArgumentParser()
    tl_eval.add_arguments(parser)
    assert tl_eval.run(parser.parse_args([str(data), "--out", str(out), "--json"])) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["mean"]["records"] == 1
    assert result["records"][0]["dates"] == 2 and result["records"][0]["per_date"] == 1
    assert result["mean"]["dates"]["f_score"] > 0
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert written[0]["id"] == "dam"
    timeline = written[0]["timeline"]
    assert len(timeline) == 2 and all(len(e["sentences"]) == 1 for e in timeline)
    assert [e["date"] for e in timeline] == sorted(e["date"] for e in timeline)
    assert all("2021-03-01" <= e["date"] <= "2021-03-05" for e in timeline)


def test_bad_file_is_an_error(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    parser = argparse.ArgumentParser()
    tl_eval.add_arguments(parser)
    assert tl_eval.run(parser.parse_args([str(bad)])) == 2  # as every command that does nothing
    assert "not JSON" in capsys.readouterr().err


@pytest.mark.slow
def test_dev_record_scores(shared_data):
    path = shared_data / "dev" / "timeline17_dev.jsonl"
    record = next(tl_eval.records(path))
    rows = tl_eval.run_record(record)
    assert rows and rows[0]["seconds"] < 10
    s = rows[0]["scores"]
    # well above chance on a real topic
    assert s["dates"]["f_score"] > 0.3 and s["align"]["rouge_1"]["f_score"] > 0.05
