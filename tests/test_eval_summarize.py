"""`storyline eval summarize` and `storyline eval update` on tiny data sets written here."""

import json

import pytest

from test_summarize import FRIDAY, MONDAY, WEDNESDAY

from storyline.cli.main import main

REFERENCE = "The old dam above Kellerby broke on Monday and 4,000 residents left. Two people died."


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def test_eval_summarize_scores_every_method_and_writes_out(tmp_path, capsys):
    data = tmp_path / "set.jsonl"
    docs = [{"id": "m", "date": "2031-03-03", "text": MONDAY}, {"id": "w", "date": "2031-03-05", "text": WEDNESDAY}]
    _write(data, [{"id": "k1", "docs": docs, "references": [REFERENCE]}])
    out = tmp_path / "out.jsonl"
    assert main(["eval", "summarize", str(data), "--words", "50", "--method", "all", "--out", str(out), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert set(scores) == {"ilp", "lead", "centroid", "lexrank", "textrank", "roundrobin"}
    assert 0 < scores["ilp"]["R-1"] <= 100 and scores["ilp"]["ms"] > 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == 6 and all(x["id"] == "k1" for x in lines)
    assert {"summary", "sentences"} <= set(lines[0])
    assert lines[0]["sentences"][0]["article_id"] in {"m", "w"}


def test_eval_summarize_table_and_bad_file(tmp_path, capsys):
    data = tmp_path / "set.jsonl"
    _write(data, [{"id": "k1", "docs": [{"id": "m", "text": MONDAY}], "references": [REFERENCE]}])
    assert main(["eval", "summarize", str(data)]) == 0
    assert "R-SU4" in capsys.readouterr().out
    assert main(["eval", "summarize", str(tmp_path / "missing.jsonl")]) == 2


def test_eval_update_per_set(tmp_path, capsys):
    data = tmp_path / "update.jsonl"
    topic = {"title": "Kellerby dam", "narrative": "Describe the flood."}
    sets = [
        {"set": "A", "id": "t-A", "docs": [{"id": "m", "text": MONDAY}], "references": [REFERENCE]},
        {"set": "B", "id": "t-B", "docs": [{"id": "w", "text": WEDNESDAY}], "references": ["Two people died."]},
        {"set": "C", "id": "t-C", "docs": [{"id": "f", "text": FRIDAY}], "references": [REFERENCE]},
    ]
    _write(data, [{"id": "t", "topic": topic, "sets": sets}])
    out = tmp_path / "out.jsonl"
    assert main(["eval", "update", str(data), "--out", str(out), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert set(scores) == {"A", "B", "C", "all"}
    assert scores["B"]["update R-2"] > 0
    every = [scores[s]["update R-2"] for s in "ABC"]
    assert scores["all"]["update R-2"] == pytest.approx(sum(every) / 3) and scores["all"]["summaries"] == 3
    lines = {x["id"]: x for x in map(json.loads, out.read_text().splitlines())}
    assert set(lines) == {"t-A", "t-B", "t-C"}
    assert lines["t-C"]["sentences"] == []  # Friday only repeats Monday


def test_eval_without_rouge_score_says_how_to_install_it(tmp_path):
    import subprocess
    import sys

    code = ("import sys; sys.modules['rouge_score'] = None\n"  # as if the eval extra were not installed
            "from storyline.cli.main import main; sys.exit(main(sys.argv[1:]))")
    for name in ("summarize", "update"):
        run = subprocess.run([sys.executable, "-c", code, "eval", name, str(tmp_path / "set.jsonl")],
                             capture_output=True, text=True, timeout=60, check=False)
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
        assert run.stderr.strip() == "storyline: the eval extra is not installed (rouge_score): pip install 'storyline[eval]'"


def test_a_data_set_of_another_layout_is_named_as_such(tmp_path, capsys):
    path = tmp_path / "stream.jsonl"
    path.write_text('{"id": "a", "text": "The Tamsin levee held."}\n', encoding="utf-8")
    for name, field in (("summarize", "docs"), ("update", "sets"), ("timeline", "docs"), ("cluster", "cluster")):
        assert main(["eval", name, str(path)]) == 2
        err = capsys.readouterr().err.strip()
        assert err == f"storyline eval {name}: a record has no {field!r} field: not a data set of this benchmark's layout (see --help)"
