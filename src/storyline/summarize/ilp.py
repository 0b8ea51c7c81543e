"""Exact concept-coverage ILP (Gillick & Favre 2009).

maximize    sum_j w_j c_j + sum_i b_i s_i
subject to  sum_i len_i s_i <= budget
            c_j <= sum_{i contains j} s_i      (a concept counts once, only if a chosen sentence has it)
            s_i + s_k <= 1                      (for each conflicting pair)
            s_i binary, 0 <= c_j <= 1

The model is first made smaller without changing its optimum (a concept held by one sentence
only becomes part of that sentence's worth; concepts held by the same sentences merge). It is
then solved by a branch and bound written for its structure, which proves optimality in a few
hundred nodes on news clusters (milliseconds); a model that needs more nodes goes to HiGHS
(highspy), started from the best solution found, which is exact but slower to start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

MAX_NODES = 2000  # branch-and-bound nodes before handing the model to HiGHS (solve's default)
# HiGHS stops at a number of nodes, so the same request gives the same summary on a busy machine
# (a 1,000-word summary of a 6-article story took 380 nodes, 3.6 s); its wall-clock limit is a safety
# net far above what the node limit takes (solve's defaults).
HIGHS_NODES = 500
TIME_LIMIT = 30.0
_EPS = 1e-9
# The solver core without the Python wrapper's callback set-up, which prints HiGHS's banner to
# stdout (into `--json` output) before output_flag can be turned off (highspy 1.16).
_QuietHighs = getattr(highspy, "_Highs", highspy.Highs)


@dataclass
class Model:
    weights: np.ndarray  # (m,) concept weights
    holds: np.ndarray  # (n, m) bool: sentence i holds concept j
    bonus: np.ndarray  # (n,) worth of a sentence by itself
    lengths: np.ndarray  # (n,)
    budget: float
    conflicts: np.ndarray  # (n, n) bool, symmetric

    def value(self, chosen: Sequence[int]) -> float:
        idx = list(chosen)
        covered = self.holds[idx].any(axis=0) if idx else np.zeros(len(self.weights), bool)
        return float(self.bonus[idx].sum() + self.weights[covered].sum())


def build(
    weights: Sequence[float],
    concepts: Sequence[Sequence[int]],
    lengths: Sequence[int],
    budget: int,
    conflicts: Sequence[tuple[int, int]] = (),
    bonus: Sequence[float] | None = None,
) -> Model:
    """The reduced model (see the module docstring)."""
    n = len(concepts)
    own = np.zeros(n) if bonus is None else np.asarray(bonus, float).copy()
    holders: dict[int, list[int]] = {}
    for i, cs in enumerate(concepts):
        for j in set(cs):
            holders.setdefault(j, []).append(i)
    merged: dict[tuple[int, ...], float] = {}
    for j, sents in holders.items():
        if len(sents) == 1:
            own[sents[0]] += weights[j]
        else:
            key = tuple(sents)
            merged[key] = merged.get(key, 0.0) + weights[j]
    holds = np.zeros((n, len(merged)), bool)
    for j, key in enumerate(merged):
        holds[list(key), j] = True
    clash = np.zeros((n, n), bool)
    for i, k in conflicts:
        clash[i, k] = clash[k, i] = True
    return Model(
        np.fromiter(merged.values(), float, len(merged)), holds, own,
        np.asarray(lengths, float), float(budget), clash,
    )


def solve(
    model: Model, max_nodes: int = MAX_NODES, time_limit: float = TIME_LIMIT, highs_nodes: int = HIGHS_NODES
) -> list[int]:
    """Indices of the sentences of an optimal selection of the model (``build``), or of the best
    HiGHS finds within ``highs_nodes`` nodes."""
    if not len(model.lengths):
        return []
    chosen, proved = branch_and_bound(model, max_nodes)
    if not proved:
        chosen = solve_highs(model, start=chosen, time_limit=time_limit, max_nodes=highs_nodes)
    return sorted(chosen)


def _fractional_knapsack(values: np.ndarray, costs: np.ndarray, room: float) -> float:
    """Most value that fits in room when items may be taken in part."""
    order = np.argsort(costs / values, kind="stable")  # equal ratios in one order on every CPU
    cost = costs[order]
    filled = np.cumsum(cost)
    k = int(np.searchsorted(filled, room, side="right"))
    total = float(values[order[:k]].sum())
    if k < cost.size:
        total += float(values[order[k]]) * (room - (filled[k - 1] if k else 0.0)) / float(cost[k])
    return total


def branch_and_bound(model: Model, max_nodes: int = MAX_NODES) -> tuple[list[int], bool]:
    """Depth-first search, best ratio first; returns (best selection, proved optimal).

    Bound: give each uncovered concept the best words-per-worth ratio of any sentence still
    allowed that holds it (a sentence's worth is its marginal gain), and fill the remaining
    words with concepts by that ratio, fractionally. Every concept counts at most once, and
    any completion covers its concepts at no less than that cost, so the bound is valid.
    """
    w, holds, own, lengths, clash = model.weights, model.holds, model.bonus, model.lengths, model.conflicts
    n, m = holds.shape
    as_float = holds.astype(float)
    concept_rows, holder = np.nonzero(holds.T)
    starts = np.searchsorted(concept_rows, np.arange(m))
    has_own = own > 0
    best: list = [-np.inf, []]
    nodes = 0

    def visit(chosen: list[int], covered: np.ndarray, value: float, room: float, off: np.ndarray) -> None:
        nonlocal nodes
        nodes += 1
        if value > best[0]:
            best[0], best[1] = value, list(chosen)
        if nodes > max_nodes:
            return
        open_w = np.where(covered, 0.0, w)
        gain = own + as_float @ open_w
        allowed = ~off & (lengths <= room) & (gain > _EPS)
        if not allowed.any():
            return
        ratio = np.full(n, np.inf)
        ratio[allowed] = lengths[allowed] / gain[allowed]
        cheapest = np.minimum.reduceat(ratio[holder], starts) if m else np.empty(0)
        reach = np.isfinite(cheapest) & (open_w > 0)
        alone = has_own & allowed
        bound = _fractional_knapsack(
            np.concatenate([open_w[reach], own[alone]]),
            np.concatenate([open_w[reach] * cheapest[reach], own[alone] * ratio[alone]]),
            room,
        )
        if value + bound <= best[0] + _EPS:
            return
        i = int(np.argmin(ratio))
        with_i = off | clash[i]
        with_i[i] = True
        chosen.append(i)
        visit(chosen, covered | holds[i], value + gain[i], room - lengths[i], with_i)
        chosen.pop()
        without_i = off.copy()
        without_i[i] = True
        visit(chosen, covered, value, room, without_i)

    visit([], np.zeros(m, bool), 0.0, model.budget, np.zeros(n, bool))
    return best[1], nodes <= max_nodes


def solve_highs(
    model: Model, start: Sequence[int] = (), time_limit: float = TIME_LIMIT, max_nodes: int = HIGHS_NODES
) -> list[int]:
    """The same model solved by HiGHS through its Python API (rows: budget, coverage, conflicts)."""
    n, m = model.holds.shape
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = n + m
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate([model.bonus, model.weights])
    lp.col_lower_ = np.zeros(n + m)
    lp.col_upper_ = np.ones(n + m)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * m
    starts, index, value = [0, n], list(range(n)), model.lengths.tolist()
    lower, upper = [-inf], [model.budget]
    for j in range(m):
        holders = np.flatnonzero(model.holds[:, j]).tolist()
        index += [n + j, *holders]
        value += [1.0] + [-1.0] * len(holders)
        starts.append(len(index))
    lower += [-inf] * m
    upper += [0.0] * m
    for i, k in zip(*np.nonzero(np.triu(model.conflicts))):
        index += [int(i), int(k)]
        value += [1.0, 1.0]
        starts.append(len(index))
        lower.append(-inf)
        upper.append(1.0)
    lp.num_row_ = len(lower)
    lp.row_lower_ = np.array(lower)
    lp.row_upper_ = np.array(upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value)

    h = _QuietHighs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)  # which of several optimal selections comes back must not depend on the machine
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("mip_max_nodes", max_nodes)
    h.passModel(lp)
    if start:
        x = np.zeros(n + m)
        x[list(start)] = 1.0
        x[n:] = model.holds[list(start)].any(axis=0)
        sol = highspy.HighsSolution()
        sol.col_value = x.tolist()
        h.setSolution(sol)
    h.run()
    x = np.asarray(h.getSolution().col_value[:n])
    found = [i for i in range(n) if x[i] > 0.5]
    # keep the start if the solver stopped early with something worse
    return found if model.value(found) >= model.value(start) - _EPS else list(start)
