"""`storyline eval timeline`: timeline summarization on Timeline17-style records, scored as the field does.

For each record, the timeline of its articles gets K = the number of dates and M = the average
number of sentences per date of the reference timeline, and the input is the reference's date span
(Martschat & Markert 2018; Ghalandari & Ifrim 2020, news-tls). Scores, per record and averaged:

- concat ROUGE-1/2 F1: all sentences of each timeline pooled;
- agreement ROUGE-1/2 F1: daily summaries compared only on the same date;
- alignment ROUGE-1/2 F1 ("align+ m:1", Martschat & Markert 2017): each date is aligned to the
  date of the other timeline with the lowest date-and-content cost, and its ROUGE counts are
  weighted by 1 / (1 + days apart);
- date F1: the exact-date overlap of the two date sets.

ROUGE counts follow ROUGE-1.5.5 with `-m -s` as the `tilse` package runs it: lowercased
alphanumeric tokens, SMART stopwords removed, Porter stems for words longer than three
letters (ROUGE's WordNet exception list is not applied). Means are taken the news-tls way: F1
of the mean precision and mean recall over records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import string
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from storyline.eval import add_param_argument, parse_params
from storyline.eval.datasets import doc_articles, failed, parse_date, records
from storyline.model import Article
from storyline.text.tokens import stem
from storyline.timeline import TimelineBuilder

Timeline = Mapping[dt.date, Sequence[str]]  # date -> sentences

# The SMART stopword list that ROUGE-1.5.5 removes with -s (entries with punctuation left out:
# they cannot survive its tokenizer).
SMART_STOPWORDS = frozenset(
    """
    reuters ap jan feb mar apr may jun jul aug sep oct nov dec tech news index mon tue wed thu fri
    sat a able about above according accordingly across actually after afterwards again against all
    allow allows almost alone along already also although always am amid among amongst an and
    another any anybody anyhow anyone anything anyway anyways anywhere apart appear appreciate
    appropriate are around as aside ask asking associated at available away awfully b be became
    because become becomes becoming been before beforehand behind being believe below beside besides
    best better between beyond both brief but by c came can cannot cant cause causes certain
    certainly changes clearly co com come comes concerning consequently consider considering contain
    containing contains corresponding could course currently d definitely described despite did
    different do does doing done down downwards during e each edu eg eight either else elsewhere
    enough entirely especially et etc even ever every everybody everyone everything everywhere ex
    exactly example except f far few fifth five followed following follows for former formerly forth
    four from further furthermore g get gets getting given gives go goes going gone got gotten
    greetings h had happens hardly has have having he hello help hence her here hereafter hereby
    herein hereupon hers herself hi him himself his hither hopefully how howbeit however i ie if
    ignored immediate in inasmuch inc indeed indicate indicated indicates inner insofar instead into
    inward is it its itself j just k keep keeps kept know knows known l lately later latter latterly
    least less lest let like liked likely little look looking looks ltd m mainly many may maybe me
    mean meanwhile merely might more moreover most mostly much must my myself n namely nd near
    nearly necessary need needs neither never nevertheless new next nine no nobody non none noone
    nor normally not nothing novel now nowhere o obviously of off often oh ok okay old on once one
    ones only onto or other others otherwise ought our ours ourselves out outside over overall own p
    particular particularly per perhaps placed please plus possible presumably probably provides q
    que quite qv r rather rd re really reasonably regarding regardless regards relatively
    respectively right s said same saw say saying says second secondly see seeing seem seemed
    seeming seems seen self selves sensible sent serious seriously seven several shall she should
    since six so some somebody somehow someone something sometime sometimes somewhat somewhere soon
    sorry specified specify specifying still sub such sup sure t take taken tell tends th than thank
    thanks thanx that thats the their theirs them themselves then thence there thereafter thereby
    therefore therein theres thereupon these they think third this thorough thoroughly those though
    three through throughout thru thus to together too took toward towards tried tries truly try
    trying twice two u un under unfortunately unless unlikely until unto up upon us use used useful
    uses using usually uucp v value various very via viz vs w want wants was way we welcome well
    went were what whatever when whence whenever where whereafter whereas whereby wherein whereupon
    wherever whether which while whither who whoever whole whom whose why will willing wish with
    within without wonder would would x y yes yet you your yours yourself yourselves z zero
    """.split()
)
_TOKEN = re.compile(r"[a-z0-9]+")
MEASURES = ("rouge_1", "rouge_2")
Scores = dict[str, dict[str, float]]  # measure -> precision / recall / f_score


def rouge_tokens(text: str) -> list[str]:
    """Tokens as ROUGE-1.5.5 -m -s sees them."""
    return [stem(w) if len(w) > 3 else w for w in _TOKEN.findall(text.lower()) if w not in SMART_STOPWORDS]


def _grams(sentences: Sequence[str], n: int) -> Counter:
    """n-gram counts of the sentences read as one text (ROUGE joins the lines)."""
    tokens = [t for s in sentences for t in rouge_tokens(s)]
    return Counter(zip(*(tokens[i:] for i in range(n))))


def prf(p: float, r: float) -> dict[str, float]:
    return {"precision": p, "recall": r, "f_score": 2 * p * r / (p + r) if p + r else 0.0}


@dataclass(slots=True)
class Counts:
    """ROUGE numerators and denominators summed over dates before dividing (micro average)."""

    p_hit: float = 0.0
    p_total: float = 0.0
    r_hit: float = 0.0
    r_total: float = 0.0

    def prf(self) -> dict[str, float]:
        return prf(self.p_hit / self.p_total if self.p_total else 0.0, self.r_hit / self.r_total if self.r_total else 0.0)


def rouge_counts(pred: Sequence[str], refs: Sequence[Sequence[str]], n: int) -> tuple[int, int, int]:
    """(hits, precision denominator, recall denominator) of ``pred`` against every reference,
    summed over the references as ROUGE-1.5.5 does."""
    p = _grams(pred, n)
    hit = ref_total = 0
    for ref in refs:
        r = _grams(ref, n)
        hit += sum(min(c, r[g]) for g, c in p.items())
        ref_total += sum(r.values())
    return hit, len(refs) * sum(p.values()), ref_total


def _ref_dates(refs: Sequence[Timeline]) -> list[dt.date]:
    return sorted(set().union(*(r.keys() for r in refs)))


def _on(refs: Sequence[Timeline], date: dt.date) -> list[Sequence[str]]:
    return [r.get(date, ()) for r in refs]


def concat(pred: Timeline, refs: Sequence[Timeline]) -> Scores:
    """ROUGE of the whole timelines, all daily summaries pooled."""
    pooled = [s for d in sorted(pred) for s in pred[d]]
    ref_pooled = [[s for d in sorted(r) for s in r[d]] for r in refs]
    out = {}
    for n, name in enumerate(MEASURES, 1):
        hit, p, r = rouge_counts(pooled, ref_pooled, n)
        out[name] = Counts(hit, p, hit, r).prf()
    return out


def agreement(pred: Timeline, refs: Sequence[Timeline]) -> Scores:
    """ROUGE of the daily summaries of dates both timelines have; other dates count as misses."""
    ref_dates = set(_ref_dates(refs))
    counts = {m: Counts() for m in MEASURES}
    for date in set(pred) | ref_dates:
        for n, name in enumerate(MEASURES, 1):
            hit, p, r = rouge_counts(pred.get(date, ()), _on(refs, date), n)
            c = counts[name]
            if date in pred:
                c.p_hit, c.p_total = c.p_hit + hit, c.p_total + p
            if date in ref_dates:
                c.r_hit, c.r_total = c.r_hit + hit, c.r_total + r
    return {m: c.prf() for m, c in counts.items()}


def _raw_counts(sentences: Sequence[str]) -> Counter:
    # a substring test, as tilse does it
    return Counter(t for s in sentences for t in s.split() if t not in string.punctuation)


def _content_f1(pred: Counter, refs: Sequence[Counter]) -> float:
    """tilse's quick ROUGE-1 F1 (raw tokens, punctuation out) used in the alignment costs."""
    hit = sum(min(c, r[t]) for r in refs for t, c in pred.items())
    p_total, r_total = len(refs) * sum(pred.values()), sum(sum(r.values()) for r in refs)
    return prf(hit / p_total if p_total else 0.0, hit / r_total if r_total else 0.0)["f_score"]


def _costs(pred: Timeline, refs: Sequence[Timeline], pred_dates: list[dt.date], ref_dates: list[dt.date]) -> np.ndarray:
    """Alignment costs, predicted dates x reference dates: (1 - 1 / (1 + days apart)) * (1 - content F1)."""
    pred_counts = [_raw_counts(pred[d]) for d in pred_dates]
    ref_counts = [[_raw_counts(s) for s in _on(refs, d)] for d in ref_dates]
    costs = np.zeros((len(pred_dates), len(ref_dates)))
    for i, a in enumerate(pred_dates):
        for j, b in enumerate(ref_dates):
            date_cost = 1 - 1 / (abs((a - b).days) + 1)
            if date_cost:
                costs[i, j] = date_cost * (1 - _content_f1(pred_counts[i], ref_counts[j]))
    return costs


def alignment(pred: Timeline, refs: Sequence[Timeline]) -> Scores:
    """Alignment-based ROUGE, many-to-one ("align+ m:1" of Martschat & Markert 2017).

    Precision aligns every predicted date to its cheapest reference date, recall every reference
    date to its cheapest predicted date; aligned counts are weighted by 1 / (1 + days apart).
    """
    pred_dates, ref_dates = sorted(pred), _ref_dates(refs)
    counts = {m: Counts() for m in MEASURES}
    if not pred_dates or not ref_dates:  # nothing aligns: every date is a miss
        for n, name in enumerate(MEASURES, 1):
            for d in pred_dates:
                counts[name].p_total += rouge_counts(pred[d], [()] * len(refs), n)[1]
            for d in ref_dates:
                counts[name].r_total += rouge_counts((), _on(refs, d), n)[2]
        return {m: c.prf() for m, c in counts.items()}
    costs = _costs(pred, refs, pred_dates, ref_dates)
    p_align, r_align = costs.argmin(axis=1), costs.T.argmin(axis=1)
    for n, name in enumerate(MEASURES, 1):
        c = counts[name]
        for i, j in enumerate(p_align):
            p_date, r_date = pred_dates[i], ref_dates[j]
            hit, p, _ = rouge_counts(pred[p_date], _on(refs, r_date), n)
            c.p_hit += hit / (abs((p_date - r_date).days) + 1)
            c.p_total += p
        for i, j in enumerate(r_align):
            r_date, p_date = ref_dates[i], pred_dates[j]
            hit, _, r = rouge_counts(pred[p_date], _on(refs, r_date), n)
            c.r_hit += hit / (abs((p_date - r_date).days) + 1)
            c.r_total += r
    return {m: c.prf() for m, c in counts.items()}


def date_prf(pred: Timeline, refs: Sequence[Timeline]) -> dict[str, float]:
    """Exact-date precision, recall and F1."""
    shared = len(set(pred) & set(_ref_dates(refs)))
    return prf(shared / len(pred) if pred else 0.0, shared / len(_ref_dates(refs)) if refs else 0.0)


def score(pred: Timeline, refs: Sequence[Timeline]) -> dict[str, object]:
    """Every measure of a predicted timeline against the reference timelines."""
    return {
        "concat": concat(pred, refs),
        "agreement": agreement(pred, refs),
        "align": alignment(pred, refs),
        "dates": date_prf(pred, refs),
    }


# -- the command ---------------------------------------------------------------------------


def reference_timelines(record: dict) -> list[tuple[str, dict[dt.date, list[str]]]]:
    out = []
    for tl in record.get("timelines", []):
        entries: dict[dt.date, list[str]] = {}
        for e in tl["entries"]:
            day = parse_date(e["date"])
            if day:
                entries.setdefault(day, []).extend(e["sentences"])
        if entries:
            out.append((tl.get("name", ""), entries))
    return out


def shape(ref: Timeline) -> tuple[int, int]:
    """K = the reference's number of dates, M = its mean sentences per date, rounded (news-tls)."""
    k = len(ref)
    return k, max(1, round(sum(len(s) for s in ref.values()) / k))


def predict(
    articles: Sequence[Article], ref: Timeline, builder: TimelineBuilder | None = None
) -> dict[dt.date, list[str]]:
    """The timeline (by ``builder``, default parameters if None) of the articles published within
    the reference's span, with K dates and M sentences per date taken from the reference (news-tls protocol)."""
    first, last = min(ref), max(ref)
    k, m = shape(ref)
    inside = [a for a in articles if a.published and first <= a.published <= last]
    entries = (builder or TimelineBuilder()).build(inside, dates=k, per_date=m, span=(first, last))
    return {e.date: [s.original for s in e.sentences] for e in entries}


def run_record(record: dict, builder: TimelineBuilder | None = None) -> list[dict]:
    """One scored timeline per reference timeline of the record, with the seconds it took to
    read the articles (split, display) and to build the timeline."""
    start = time.perf_counter()
    articles = doc_articles(record["docs"])
    read = time.perf_counter() - start
    rows = []
    for name, ref in reference_timelines(record):
        start = time.perf_counter()
        pred = predict(articles, ref, builder)
        seconds = time.perf_counter() - start
        k, m = shape(ref)
        rows.append(
            {
                "id": record["id"],
                "reference": name,
                "dates": k,
                "per_date": m,
                "read_seconds": read,
                "seconds": seconds,
                "timeline": pred,
                "scores": score(pred, [ref]),
            }
        )
    return rows


def summary(rows: Sequence[dict]) -> dict[str, object]:
    """Means over records: F1 of the mean precision and mean recall (news-tls), and mean seconds."""
    if not rows:
        return {"records": 0}
    out: dict[str, object] = {
        "records": len(rows),
        "seconds": sum(r["seconds"] for r in rows) / len(rows),
        "read_seconds": sum(r.get("read_seconds", 0.0) for r in rows) / len(rows),
    }
    for metric in ("concat", "agreement", "align"):
        out[metric] = {m: _mean_prf([r["scores"][metric][m] for r in rows]) for m in MEASURES}
    out["dates"] = _mean_prf([r["scores"]["dates"] for r in rows])
    return out


def _mean_prf(items: Sequence[dict[str, float]]) -> dict[str, float]:
    return prf(sum(i["precision"] for i in items) / len(items), sum(i["recall"] for i in items) / len(items))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", help="timeline records, JSON Lines (Timeline17 layout)")
    parser.add_argument("--out", help='write {"id", "reference", "timeline": [{"date", "sentences"}]} per record')
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    add_param_argument(parser, "timeline builder (timeline.TimelineBuilder)")


def run(args: argparse.Namespace) -> int:
    rows: list[dict] = []
    try:
        builder = TimelineBuilder(**parse_params(args.param))
        for record in records(args.data):
            for row in run_record(record, builder):
                rows.append(row)
                if not args.json:
                    _print_row(row)
    except (OSError, ValueError, KeyError, TypeError) as e:
        return failed("timeline", e)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for r in rows:
                tl = [{"date": d.isoformat(), "sentences": s} for d, s in sorted(r["timeline"].items())]
                line = {"id": r["id"], "reference": r["reference"], "timeline": tl}
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
    means = summary(rows)
    if args.json:
        print(json.dumps({"mean": means, "records": [{k: v for k, v in r.items() if k != "timeline"} for r in rows]}))
    else:
        _print_means(means)
    return 0


def _print_row(r: dict) -> None:
    s = r["scores"]
    print(
        f"{r['id']:24} K={r['dates']:<3} M={r['per_date']}  "
        f"concat R1 {s['concat']['rouge_1']['f_score']:.3f} R2 {s['concat']['rouge_2']['f_score']:.3f}  "
        f"agree R1 {s['agreement']['rouge_1']['f_score']:.3f} R2 {s['agreement']['rouge_2']['f_score']:.3f}  "
        f"align R1 {s['align']['rouge_1']['f_score']:.3f} R2 {s['align']['rouge_2']['f_score']:.3f}  "
        f"date F1 {s['dates']['f_score']:.3f}  {r['seconds']:.1f}s (+{r['read_seconds']:.1f}s reading)"
    )


def _print_means(m: dict) -> None:
    if not m.get("concat"):
        print("no records")
        return
    print(f"mean over {m['records']} records (F1 of mean P and R, as news-tls reports):")
    for metric in ("concat", "agreement", "align"):
        r1, r2 = m[metric]["rouge_1"], m[metric]["rouge_2"]
        print(f"  {metric:9} ROUGE-1 F1 {r1['f_score']:.3f}  ROUGE-2 F1 {r2['f_score']:.3f}")
    print(f"  date F1   {m['dates']['f_score']:.3f}")
    print(f"  seconds per topic: {m['seconds']:.2f} timeline + {m['read_seconds']:.2f} reading the articles")
