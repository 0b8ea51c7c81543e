"""The default method: the standalone sentences (or runs) that cover the most concept weight within the budget.

For an update (seen articles given), what the seen articles say counts for nothing: a concept
loses the share of its weight that the seen articles already carry (a concept in every seen
article weighs 0), and a sentence whose content one seen sentence already says is no candidate
(redundancy.novel). The remaining weights are then scaled by a learned probability that an
update summary uses the concept (summarize.learned).

A sentence that opens by pointing back ("He ...", "But ...", "This ...") cannot stand alone, but
it may come together with the candidate just before it, and so may the sentences after it that
point back too: the run is one more choice, exclusive of that candidate alone (docs/decisions.md).
A short story's summary keeps most of the story: there a sentence that points back to no sentence
(it opens its article, or follows a headline or a caption) is a candidate of its own.

A story summary fills the words the ILP leaves with whole sentences, one that points back only right
after the sentence before it (fill_room). Concepts weigh
the number of articles that carry them (summarize.concepts); LearnedILP weighs them instead by
the learned model of summarize.scorer. Which rules and numbers a story summary uses is chosen
by bench/validate.py (in-sample, leave-one-dataset-out and k-fold on the four dev sets).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import ClassVar

from storyline.summarize import concepts, filters, ilp, learned, scorer
from storyline.summarize.base import Summarizer
from storyline.summarize.filters import leans_back
from storyline.summarize.redundancy import article_share
from storyline.summarize.units import Unit
from storyline.text.tokens import content_stems

# Defaults of ConceptILP's parameters.
BONUS_PER_WORD = 0.01  # among selections of equal worth, prefer the one that fills the budget
SEEN_PENALTY = 1.0  # weight lost per unit of seen-article share
# What is new may stand lower in an article than the lead, but not in the tail of a long feature;
# and in an update the new development sits in the opening sentences, with background after it, so
# the early-sentence bonus fades faster than in a story summary. Both are checked by
# `python bench/fit_update_weights.py --reading`: chosen per held-out topic, no other pair beats
# these, so they stay (docs/decisions.md).
UPDATE_REACH = 25
# candidates come from the first sentences of each article, where news puts its facts (this reach
# and concepts.HALF_LIFE are chosen by bench/validate.py)
LEAD_REACH = 10
# UPDATE_HALF_LIFE needs two new articles or more; a single one keeps the plain half-life: with no
# count of articles its weights are the bonus alone, and halving every 2 sentences would leave the
# fourth sentence of the news a quarter of the first.
UPDATE_HALF_LIFE = 2.0
# Covering each new article is worth a quarter of the median candidate: an update says what each
# new report adds (chosen by python bench/fit_update_weights.py --nested --worths 0 0.25;
# docs/decisions.md).
ARTICLE_WORTH = 0.25
# An update takes at most this many sentences that point back after a candidate: longer runs cost
# DUC 2007 update C R-2 12.66 -> 12.52 (python bench/scores.py), where story summaries gain.
UPDATE_RUN = 1
# Story summaries, chosen by bench/validate.py (mean over DUC 2003, MultiLing, Multi-News dev500
# and DUC 2007 A of R-1 + R-2; `python bench/validate.py --counted` prints each rule's figures, and
# the "ilp (counted, CV)" row of `python bench/validate.py` the choice in every leave-one-dataset-out
# and k-fold split): fill the budget's last words, down to 4-word sentences; runs of followers only
# in stories whose candidates hold less than two budgets, where anchorless followers are candidates
# too; stock background kept (the rule still applies to updates); the words left may also go to a
# sentence that points back, right after the sentence before it.
FILL = True
PAIRS_BELOW = 2.0
ANCHORLESS = True
STORY_STOCK = False
FILL_MIN_WORDS = 4
FILL_FOLLOWERS = True
# A story summary keeps the concepts of each article's first sentence below the min-df cut when the
# articles' first sentences hold at most this many budgets of words: there is room for about every
# report's news, as a round-robin of leads gives. Chosen by bench/validate.py (docs/decisions.md).
LEAD_ROOM = 2.0
# LearnedILP's weights (bench/validate.py --grid): the probability itself
LEARNED_POWER = 1.0
LEARNED_MODE = "probability"
LEARNED_MIN_DF = False


@dataclass(frozen=True)
class ConceptILP(Summarizer):
    """The concept ILP summarizer; its parameters default to the constants above and to those of
    summarize.concepts, summarize.learned and summarize.ilp."""

    name: ClassVar[str] = "ilp"
    bonus_per_word: float = BONUS_PER_WORD
    seen_penalty: float = SEEN_PENALTY
    update_reach: int = UPDATE_REACH
    lead_reach: int = LEAD_REACH
    update_half_life: float = UPDATE_HALF_LIFE
    article_worth: float = ARTICLE_WORTH
    position_bonus: float = concepts.POSITION_BONUS
    half_life: float = concepts.HALF_LIFE
    lead_room: float = LEAD_ROOM
    min_df_share: float = concepts.MIN_DF_SHARE
    big_min_df_share: float = concepts.BIG_MIN_DF_SHARE  # ... in a big story (more than max_articles)
    query_boost: float = concepts.QUERY_BOOST
    model: learned.Model = learned.MODEL
    min_articles: int = learned.MIN_ARTICLES
    max_nodes: int = ilp.MAX_NODES
    # In a big story (Summarizer.max_articles) the ILP takes the candidates that hold the most
    # concept weight, at most this many (chosen with big_min_df_share by bench/fit_big_story.py): the
    # rest could only matter to a model too large to solve in time (a 380-article story: 1,000
    # candidates, 13 s in HiGHS).
    max_candidates: int = 50
    time_limit: float = ilp.TIME_LIMIT
    highs_nodes: int = ilp.HIGHS_NODES
    # A story summary (nothing seen) weighs concepts by a learned model (summarize.scorer) when
    # given (LearnedILP); None counts articles as summarize.concepts does. Updates keep the counted
    # weights, rescaled by summarize.learned.
    concept_model: scorer.ConceptModel | None = None
    # "probability": a concept weighs the learned probability (to learned_power); "scale": the
    # counted weight times that
    learned_mode: str = LEARNED_MODE
    learned_power: float = LEARNED_POWER  # a learned weight is the probability to this power
    learned_min_df: bool = LEARNED_MIN_DF  # the learned weights also drop the concepts of too few articles
    pairs: bool = True  # sentences that point back may come after the one before them (followers: runs)
    # ... in a story summary, when the candidates hold fewer words than this many budgets (a short
    # story: runs pay on Multi-News; on DUC 2003, MultiLing and DUC 2007 A they cost:
    # bench/validate.py --counted)
    pairs_below: float = PAIRS_BELOW
    # ... and there, the sentences kept out only for polish and those that point back to no sentence
    # (filters.anchorless_follower: they open their article, or follow a headline or a caption) are
    # candidates too: such a summary keeps most of its story (bench/validate.py --counted)
    anchorless: bool = ANCHORLESS
    story_stock: bool = STORY_STOCK  # a story summary, like an update, leaves out stock background
    # The words the ILP leaves are filled with whole sentences (fill_room): candidates, or any
    # sentence of the story that could fill a short story's summary (filters.fills), down to
    # fill_min_words words.
    fill: bool = FILL
    fill_min_words: int = FILL_MIN_WORDS
    # ... and with sentences that point back ("He ...") or quote an unnamed speaker, each right
    # after the sentence before it once that is in the summary (filters.leans_back)
    fill_followers: bool = FILL_FOLLOWERS
    # False: such a sentence may fill without the sentence before it. That raises ROUGE (bench/
    # validate.py --counted, "followers anywhere") but is not the default: "It declined comment."
    # after a sentence about someone else says what no source said.
    followers_after: bool = True

    def reach(self, seen: Sequence[Unit]) -> int:
        return self.update_reach if seen else self.lead_reach

    def candidates(self, units: Sequence[Unit], budget: int, seen: Sequence[Unit] = ()) -> list[Unit]:
        """The sentences a summary may take (filters.candidates), first from within reach of the
        lead; a story summary keeps stock background unless story_stock. With anchorless, a short
        story's summary (its standalone sentences hold less than pairs_below budgets) may also take
        the sentences kept out for polish and those that point back to no sentence."""
        rules = self if seen or self.story_stock else dataclasses.replace(self, stock=math.inf)
        if seen or not self.anchorless:
            return filters.candidates(units, budget, seen, self.reach(seen), rules)
        return filters.candidates(units, budget, seen, self.reach(seen), rules, room=self.pairs_below, anchorless=True)

    def select(
        self, units: Sequence[Unit], n_docs: int, budget: int, seen: Sequence[Unit] = (), query: str | None = None
    ) -> list[tuple[Unit, float]]:
        pool_units = self.candidates(units, budget, seen)
        if not pool_units:
            return []
        known = article_share(seen, "bigrams")  # concept -> share of the seen articles holding it
        first = concepts.spread(units)
        topic = frozenset(content_stems(query)) if query else frozenset()
        learn = not seen and self.concept_model is not None
        if learn and self.learned_mode == "probability":
            return self.select_learned(units, pool_units, first, n_docs, budget, topic)
        cutoff = concepts.min_df(n_docs, self.big_min_df_share if self.big(n_docs) else self.min_df_share)
        single = n_docs == 1  # no count of articles: position is the only evidence
        half_life = self.update_half_life if seen and not single else self.half_life
        leads = not seen and self.has_room(units, budget)
        while True:
            weights = concepts.weigh(
                first, cutoff, topic, half_life, 0.0 if single else 1.0, self.query_boost, self.position_bonus, leads
            )
            if known:
                weights = {c: w * (1 - self.seen_penalty * known.get(c, 0.0)) for c, w in weights.items()}
                weights = {c: w for c, w in weights.items() if w > 0}
            covered = concepts.sentence_concepts(pool_units, weights)
            if cutoff == 1 or sum(u.length for u, cs in zip(pool_units, covered) if cs) >= budget:
                break  # the cut-off comes down while the sentences holding a concept cannot fill the budget
            cutoff -= 1
        if learn:  # "scale": the counted weights times the learned probability to learned_power
            p = scorer.weigh(sorted(weights), units, n_docs, self.concept_model, first)
            weights = {c: w * p[c] ** self.learned_power for c, w in weights.items()}
        if self.big(n_docs) and len(pool_units) > self.max_candidates:
            pool_units, covered = self.strongest(pool_units, covered, weights)
        if seen:
            weights = learned.reweigh(weights, units, n_docs, pool_units, seen, self.model, first, self.min_articles)
        runs = self.followers(units, pool_units, budget, seen)
        return self.solve(units, pool_units, covered, runs, weights, budget, seen)

    def has_room(self, units: Sequence[Unit], budget: int) -> bool:
        """Whether the articles' first sentences hold at most lead_room budgets of words."""
        opening: dict[int, int] = {}
        for u in units:  # in article order, then position
            opening.setdefault(u.doc, u.length)
        return sum(opening.values()) <= self.lead_room * budget

    def select_learned(
        self,
        units: Sequence[Unit],
        pool_units: list[Unit],
        first: list[dict[str, int]],
        n_docs: int,
        budget: int,
        topic: frozenset[str],
    ) -> list[tuple[Unit, float]]:
        """A story summary by the learned concept weights (summarize.scorer)."""
        runs = self.followers(units, pool_units, budget)
        names = sorted(set().union(*(u.bigrams for u in pool_units), *(u.bigrams for g in runs for u in g[1:])))
        if self.learned_min_df:
            cutoff = concepts.min_df(n_docs, self.min_df_share)
            df = Counter(itertools.chain.from_iterable(first))
            while cutoff > 1:
                kept = frozenset(c for c in names if df[c] >= cutoff)
                if sum(u.length for u in pool_units if not kept.isdisjoint(u.bigrams)) >= budget:
                    break
                cutoff -= 1
            names = [c for c in names if df[c] >= cutoff]
        weights = scorer.weigh(names, units, n_docs, self.concept_model, first)
        if self.learned_power != 1.0:
            weights = {c: w**self.learned_power for c, w in weights.items()}
        if topic:
            weights = {c: w * self.query_boost if not topic.isdisjoint(c.split()) else w for c, w in weights.items()}
        covered = concepts.sentence_concepts(pool_units, weights)
        if self.big(n_docs) and len(pool_units) > self.max_candidates:
            pool_units, covered = self.strongest(pool_units, covered, weights)
        return self.solve(units, pool_units, covered, runs, weights, budget)

    def solve(
        self,
        units: Sequence[Unit],
        pool_units: Sequence[Unit],
        covered: Sequence[list[str]],
        runs: Sequence[tuple[Unit, ...]],
        weights: dict[str, float],
        budget: int,
        seen: Sequence[Unit] = (),
    ) -> list[tuple[Unit, float]]:
        """The ILP over the candidates and the runs of followers; then, for a story summary, fill_room."""
        kept = {id(u) for u in pool_units}
        runs = [g for g in runs if id(g[0]) in kept]
        held = {id(u): cs for u, cs in zip(pool_units, covered)}
        following = list({id(u): u for g in runs for u in g[1:]}.values())
        held.update(zip(map(id, following), concepts.sentence_concepts(following, weights)))
        groups = [g for g in [*((u,) for u in pool_units), *runs] if any(held[id(u)] for u in g)]
        if not groups:
            return []
        order = sorted(weights)  # not the sets' iteration order, which varies between runs: ties go one way
        ids = {c: j for j, c in enumerate(order)}
        values = [weights[c] for c in order]
        covers = [sorted({ids[c] for u in g for c in held[id(u)]}) for g in groups]
        if seen:
            values, covers = _with_articles(groups, values, covers, self.article_worth)
        per_word = -self.bonus_per_word if seen else self.bonus_per_word  # an update adds nothing that is not new
        lengths = [sum(u.length for u in g) for g in groups]
        bonus = [per_word * n for n in lengths]
        model = ilp.build(values, covers, lengths, budget, _conflicts(groups, self), bonus)
        chosen = ilp.solve(model, self.max_nodes, self.time_limit, self.highs_nodes)
        out = [(u, sum(weights[c] for c in held[id(u)])) for i in chosen for u in groups[i]]
        if self.fill and not seen:
            rules = self.fill_rules()
            big = bool(units) and self.big(units[-1].doc + 1)  # a big story keeps to its strongest
            room = budget - sum(u.length for u, _ in out)
            more: list[Unit] = []
            followers: list[Unit] = []
            if not big and room >= rules.min_words:  # else no sentence can fill
                for u in units:
                    if id(u) in held or u.length > room:
                        continue
                    if filters.fills(u, rules):
                        more.append(u)
                    elif self.fill_followers and leans_back(u, rules):
                        followers.append(u)
            more += followers
            held.update(zip(map(id, more), concepts.sentence_concepts(more, weights)))
            after = {id(u) for u in followers} if self.followers_after else set()
            out += fill_room(out, [*pool_units, *more], held, weights, budget, self.repeats, after)
        return out

    def fill_rules(self) -> ConceptILP:
        """The sentence rules of the fill: down to fill_min_words words."""
        return dataclasses.replace(self, min_words=min(self.min_words, self.fill_min_words))

    def strongest(
        self, pool_units: Sequence[Unit], covered: Sequence[list[str]], weights: dict[str, float]
    ) -> tuple[list[Unit], list[list[str]]]:
        """The max_candidates candidates holding the most concept weight (ties: the earlier), in their
        order, leaving out a candidate that a stronger one no longer than it repeats (near_duplicate):
        the ILP takes one sentence of such a pair at most, and would seldom prefer it; the same lead
        repeated by a hundred reports would otherwise fill every place."""
        worth = [sum(weights[c] for c in cs) for cs in covered]
        order = sorted(range(len(worth)), key=lambda i: -worth[i])
        stronger: list[list[int]] = [[] for _ in order]  # k -> the stronger candidates repeating it
        for j, k in self.duplicate_pairs([pool_units[i].content for i in order]):
            stronger[k].append(j)
        length = [pool_units[i].length for i in order]
        kept: set[int] = set()
        for k in range(len(order)):
            if len(kept) == self.max_candidates:
                break
            if not any(j in kept and length[j] <= length[k] for j in stronger[k]):
                kept.add(k)
        keep = sorted(order[k] for k in kept)
        return [pool_units[i] for i in keep], [covered[i] for i in keep]

    def followers(
        self, units: Sequence[Unit], pool_units: Sequence[Unit], budget: int, seen: Sequence[Unit] = ()
    ) -> list[tuple[Unit, ...]]:
        """Runs of sentences that open by pointing back ("He ...", "But ...": filters.leans_back), each
        after the candidate just before them: (candidate, follower, ...), taken together or not at all."""
        if not self.pairs or (not seen and sum(u.length for u in pool_units) >= self.pairs_below * budget):
            return []
        reach = self.reach(seen)
        at = {(u.doc, u.position): u for u in units}
        candidate = {(u.doc, u.position) for u in pool_units}
        chains = []  # (candidate, the sentences right after it that point back)
        for head in pool_units:
            chain: list[Unit] = []
            place = (head.doc, head.position + 1)
            while place in at and place not in candidate and place[1] < reach and (not seen or len(chain) < UPDATE_RUN):
                if not leans_back(at[place], self):
                    break
                chain.append(at[place])
                place = (head.doc, place[1] + 1)
            if chain:
                chains.append((head, chain))
        fresh = {id(u) for u in self.novel([u for _, chain in chains for u in chain], seen)}
        runs = []
        for head, chain in chains:
            for k in range(1, len(chain) + 1):  # each run is a prefix of the chain: stop where one fails
                group = (head, *chain[:k])
                if id(group[-1]) not in fresh or sum(u.length for u in group) > budget:
                    break
                if any(self.repeats(group[-1].content, u.content) for u in group[:-1]):
                    break
                runs.append(group)
        return sorted(runs, key=lambda g: (g[-1].doc, g[-1].position))


@dataclass(frozen=True)
class LearnedILP(ConceptILP):
    """The concept ILP with the shipped learned concept weights (summarize.scorer, fitted by
    bench/fit_summary.py) for story summaries."""

    name: ClassVar[str] = "ilp-learned"
    concept_model: scorer.ConceptModel | None = dataclasses.field(default_factory=scorer.load)


def fill_room(
    chosen: Sequence[tuple[Unit, float]],
    pool_units: Sequence[Unit],
    held: dict[int, list[str]],
    weights: dict[str, float],
    budget: int,
    repeats: Callable[[frozenset[str], frozenset[str]], bool],
    after: Collection[int] = (),
) -> list[tuple[Unit, float]]:
    """Whole candidate sentences added, most uncovered weight first, while they fit in the words
    the selection left and repeat none of its sentences (`repeats`: Rules.repeats); those in
    `after` (ids) only once the sentence before them is in the summary."""
    taken = [u for u, _ in chosen]
    room = budget - sum(u.length for u in taken)
    covered = {c for u in taken for c in held.get(id(u), ())}
    ids = {id(u) for u in taken}
    rest = [u for u in pool_units if id(u) not in ids and u.length <= room]
    gain = {id(u): sum(weights[c] for c in held[id(u)] if c not in covered) for u in rest}
    out: list[tuple[Unit, float]] = []
    places = {(u.doc, u.position) for u in taken}
    while True:
        added = len(out)
        for u in sorted(rest, key=lambda u: -gain[id(u)]):
            if id(u) in ids or u.length > room or (id(u) in after and (u.doc, u.position - 1) not in places):
                continue
            if not any(repeats(u.content, t.content) for t in taken):
                out.append((u, gain[id(u)]))
                taken.append(u)
                ids.add(id(u))
                places.add((u.doc, u.position))
                room -= u.length
        if not after or len(out) == added:  # a sentence added may let the one after it follow: again
            return out


def _with_articles(
    groups: Sequence[tuple[Unit, ...]], values: list[float], covers: list[list[int]], share: float
) -> tuple[list[float], list[list[int]]]:
    """The ILP's concepts plus one per new article, held by that article's sentences and worth
    `share` times the median candidate's weight: an update says what each new report adds."""
    worths = sorted(sum(values[j] for j in cs) for cs in covers)
    worth = share * worths[len(worths) // 2]
    index = {d: len(values) + k for k, d in enumerate(sorted({u.doc for g in groups for u in g}))}
    return values + [worth] * len(index), [cs + sorted({index[u.doc] for u in g}) for cs, g in zip(covers, groups)]


def _conflicts(groups: Sequence[tuple[Unit, ...]], rules: filters.Rules) -> list[tuple[int, int]]:
    """Pairs of groups that share a sentence or hold near-duplicate sentences (Rules.duplicate_pairs)."""
    flat = list({id(u): u for g in groups for u in g}.values())
    index = {id(u): k for k, u in enumerate(flat)}
    member: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        for u in g:
            member.setdefault(index[id(u)], []).append(i)
    clash = {(i, j) for gs in member.values() for i in gs for j in gs if i < j}
    for a, b in rules.duplicate_pairs([u.content for u in flat]):
        clash.update((min(i, j), max(i, j)) for i in member[a] for j in member[b] if i != j)
    return sorted(clash)
