"""Steps 4 to 6 of the restoration pass, on the summed counts: the context model, the
censor's propensity to mask each word, and the calibration of the scores.

The model's features and the "none of these" option are described on `Model`;
`Propensity` learns by EM which words the corpus's own masks hide; `calibrate`
fits one power that makes the scores match how often the top guess is right.
Per-mask results are kept in flat arrays (`Guesses`), not objects, so that a
corpus with millions of masks costs tens of bytes per candidate.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from pipeline.passes.restore.tokens import PATTERNS, Group, Query

_LEFT, _RIGHT = 6, 7  # the one-word patterns, whose counts are a candidate's evidence
MIN_SAMPLE = 30  # fewer calibration positions than this: keep the prior weights
MAX_CANDIDATES = 50
_TOP_SIDE = 20  # candidates taken from each one-sided pattern
FREQUENT_SHARE = 0.003  # a word this common (`the`, `of`, `said`) is not what a censor masks...
FREQUENT_MIN_POSITIONS = 20_000  # ...which a corpus can only tell once it has this many words
# How much each pattern is trusted before its evidence (the more specific, the more), and the
# number of observations of a context at which that trust is halved.
_TRUST = np.array([8.0, 4.0, 4.0, 4.0, 2.0, 2.0, 1.0, 1.0])
_HALF_TRUST = 2.0
_CANDIDATE_FEATURES = 1  # the trust-weighted mean of a candidate's log relative frequencies
# Weights: the candidates' sharpness, then the "none" option's bias and evidence terms. The
# sharpness stays 1, so that a context seen with a word 6 times in 10 says 0.6, not more: the
# sample is mostly words that their context decides, which would reward any sharpness.
_PRIOR = np.array([1.0] + [2.0] + [-0.3] * len(PATTERNS))
_FIXED = 1  # leading weights that are not fitted
RIDGE = 1.0  # pull of the fitted weights towards _PRIOR
PROPENSITY_PRIOR = 100.0  # printed occurrences that weigh as much as the overall mask rate
_NEGLIGIBLE = 1e-4  # candidates less likely than this before propensity do not take part in its EM
SHARPNESS_PRIOR = 0.3  # standard deviation of log(power) before any pseudo-mask is seen
MIN_EFFECTIVE = 10.0  # fewer pseudo-masks than this (weighted): leave the posteriors as they are
SHARPEN_EFFECTIVE = 50.0  # fewer than this may soften the guesses, not sharpen them

Evidence = tuple[list[str], np.ndarray, np.ndarray, list[int]]  # candidates, features, "none" features, counts


class Model:
    """Conditional logit over a gap's candidates plus a "none of these" option.

    Words too frequent to be what a censor masks (`the`, `of`: more than FREQUENT_SHARE of a
    group's words) are neither offered nor used to calibrate.
    """

    def __init__(self, counts: dict[int, dict[str, int]], surface: dict[str, Counter[str]],
                 frequent: set[tuple[Group, str]]) -> None:
        self.counts = counts
        self.totals = {key: sum(c.values()) for key, c in counts.items()}
        self.surface = surface
        self.frequent = frequent
        self.weights = _PRIOR.copy()
        self._order: dict[int, list[str]] = {}

    def evidence(self, q: Query) -> Evidence:
        """Candidates, their features, the "none" features and each candidate's evidence count.

        A calibration query's own occurrence is taken out of the counts first (leave one out).
        """
        per: list[dict[str, int]] = []
        totals = np.zeros(len(PATTERNS))
        ranked: dict[str, None] = {}
        group = (q.lang, q.k)
        for pid in range(len(PATTERNS)):
            key = q.keys.get(pid)
            c = self.counts.get(key, {}) if key is not None else {}
            own = 1 if q.truth is not None and c.get(q.truth) else 0  # leave one out
            per.append(c)
            totals[pid] = self.totals.get(key, 0) - own if key is not None else 0
            taken = 0
            for w in self._ranked(key):
                if taken >= _TOP_SIDE and pid >= 4:
                    break
                if (group, w) in self.frequent or (own and w == q.truth and c[w] == 1):
                    continue
                ranked[w] = None
                taken += 1
        cands = list(ranked)[:MAX_CANDIDATES]

        counts = np.array([[c.get(w, 0) for c in per] for w in cands], float).reshape(len(cands), len(PATTERNS))
        if q.truth in cands:  # ranked past the cut, the truth is simply not offered: "none" is right
            own_row = cands.index(q.truth)
            counts[own_row] = np.maximum(counts[own_row] - 1, 0)
        trust = _TRUST * totals / (totals + _HALF_TRUST)
        trust /= trust.sum() or 1.0
        seen = totals > 0
        logs = np.log(counts[:, seen] + 0.5) - np.log(totals[seen] + 0.5)
        feats = (logs @ trust[seen]).reshape(len(cands), _CANDIDATE_FEATURES)
        none = np.concatenate([[1.0], np.log1p(totals)])
        evidence = [int(x) for x in counts[:, _LEFT] + counts[:, _RIGHT]]
        return cands, feats, none, evidence

    def _ranked(self, key: int | None) -> list[str]:
        """A context's words, most frequent first (computed once per context)."""
        if key is None:
            return []
        words = self._order.get(key)
        if words is None:
            c = self.counts.get(key, {})
            words = self._order[key] = sorted(c, key=lambda w: (-c[w], w))
        return words

    def probabilities(self, feats: np.ndarray, none: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """P(none), then P(candidate) for each row of `feats`."""
        weights = self.weights if weights is None else weights
        d = _CANDIDATE_FEATURES
        scores = np.concatenate([[none @ weights[d:]], feats @ weights[:d]])
        scores -= scores.max()
        p = np.exp(scores)
        return p / p.sum()

    def fit(self, sample: list[tuple[Query, Evidence]]) -> dict[str, Any]:
        """Fit the weights on the sample by leave-one-out; report held-out calibration (two folds)."""
        data = [(ev, q.truth) for q, ev in sample if (q.group, q.truth) not in self.frequent]
        report: dict[str, Any] = {"positions": len(data)}
        if len(data) < MIN_SAMPLE:
            report["fitted"] = False
            return report
        half = [i % 2 for i in range(len(data))]
        held: list[tuple[float, bool]] = []
        for fold in (0, 1):
            w = _newton([d for d, f in zip(data, half) if f != fold])
            for (cands, feats, none, _), truth in (d for d, f in zip(data, half) if f == fold):
                p = self.probabilities(feats, none, w)[1:]
                held.append((float(p.max()), cands[int(np.argmax(p))] == truth) if len(p) else (0.0, False))
        self.weights = _newton(data)
        report.update(
            fitted=True,
            held_out_top1_accuracy=round(sum(ok for _, ok in held) / len(held), 4),
            held_out_mean_top1_score=round(sum(s for s, _ in held) / len(held), 4),
        )
        return report

    def spelling(self, word: str) -> str:
        """The word as the corpus writes it: lowercase if it ever appears so (a capital may only
        mean a sentence start), else its most frequent form (`Taiwan`)."""
        forms = self.surface.get(word)
        if not forms or word in forms:
            return word
        return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _newton(data: list[tuple[Evidence, str | None]]) -> np.ndarray:
    """Maximum penalised likelihood of the observed words (or "none" when absent) by Newton's method."""
    d = _CANDIDATE_FEATURES
    dim = len(_PRIOR)
    width = 1 + max((len(c) for (c, *_), _ in data), default=0)
    feats = np.zeros((len(data), width, dim))
    valid = np.zeros((len(data), width), bool)
    target = np.zeros(len(data), np.int64)
    for i, ((cands, f, none, _), truth) in enumerate(data):
        feats[i, 0, d:] = none
        feats[i, 1:1 + len(cands), :d] = f
        valid[i, : 1 + len(cands)] = True
        if truth in cands:
            target[i] = 1 + cands.index(truth)
    rows = np.arange(len(data))

    def objective(w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        s = np.where(valid, feats @ w, -np.inf)
        s -= s.max(axis=1, keepdims=True)
        p = np.where(valid, np.exp(s), 0.0)
        z = p.sum(axis=1, keepdims=True)
        p /= z
        ll = float(np.sum(s[rows, target] - np.log(z[:, 0]))) - RIDGE / 2 * float(np.sum((w - _PRIOR) ** 2))
        mean = np.einsum("qo,qod->qd", p, feats)
        grad = np.sum(feats[rows, target] - mean, axis=0) - RIDGE * (w - _PRIOR)
        second = np.einsum("qo,qod,qoe->de", p, feats, feats) - mean.T @ mean
        return ll, grad, -second - RIDGE * np.eye(dim)

    w = _PRIOR.copy()
    free = np.arange(_FIXED, dim)
    ll, grad, hess = objective(w)
    for _ in range(50):
        step = np.zeros(dim)
        step[free] = np.linalg.solve(hess[np.ix_(free, free)], grad[free])
        t = 1.0
        while t > 1e-4:
            trial = w - t * step
            new_ll, new_grad, new_hess = objective(trial)
            if new_ll >= ll:
                break
            t /= 2
        else:
            break
        converged = new_ll - ll < 1e-7
        w, ll, grad, hess = trial, new_ll, new_grad, new_hess
        if converged:
            break
    return w


class Propensity:
    """How likely a censor is to mask each word, learnt from the corpus's own masks.

    A mask hides word w with probability m(w), so P(w | context, masked) is proportional to
    P(w | context) * m(w) / (1 - m(w)): the odds, because the printed counts behind
    P(w | context) lack the occurrences that were masked. m(w) is estimated by EM: the expected
    number of masks that hid w (leaving out the mask at hand, so that a mask cannot vouch for
    itself) against the times w was printed, shrunk towards the overall mask rate of its
    language. "None of these" keeps that overall rate.
    """

    def __init__(self, totals: dict[tuple[Group, str], int], rates: dict[Group, float]) -> None:
        self.totals, self.rates = totals, rates
        self.expected: dict[tuple[Group, str], float] = {}

    def odds(self, group: Group, word: str) -> float:
        e = self.expected.get((group, word), 0.0)
        m = (e + PROPENSITY_PRIOR * self.rates[group]) / (e + self.totals.get((group, word), 0) + PROPENSITY_PRIOR)
        return m / (1 - m)

    def none_odds(self, group: Group) -> float:
        return self.rates[group] / (1 - self.rates[group])

    def posterior(self, group: Group, cands: list[str], p: np.ndarray) -> np.ndarray:
        """P(none), then P(candidate), for a gap that is known to be a mask."""
        post = p * np.array([self.none_odds(group)] + [self.odds(group, w) for w in cands])
        return post / post.sum()

    def fit(self, guesses: Guesses) -> np.ndarray:
        """EM over the masks; returns every row's posterior, in the layout of `guesses`."""
        g = guesses
        is_none = g.word < 0
        cand = ~is_none
        none = g.p[is_none] * np.array([self.none_odds(group) for group in g.groups])[g.group]
        word_of = g.word[cand].astype(np.int64)
        mask_of = np.repeat(np.arange(len(g.group)), np.diff(g.offsets) - 1)
        prior = g.p[cand]
        printed = np.array([self.totals.get(key, 0) for key in g.words], float)
        rate = np.array([self.rates[key[0]] for key in g.words])
        post, z = prior.copy(), np.ones(len(g.group))
        for _ in range(100):
            expected = np.bincount(word_of, weights=post, minlength=len(g.words))
            others = expected[word_of] - post
            m = (others + PROPENSITY_PRIOR * rate[word_of]) / (others + printed[word_of] + PROPENSITY_PRIOR)
            weight = prior * m / (1 - m)
            z = np.bincount(mask_of, weights=weight, minlength=len(g.group)) + none
            new = weight / z[mask_of]
            done = np.max(np.abs(new - post), initial=0.0) < 1e-6
            post = new
            if done:
                break
        expected = np.bincount(word_of, weights=post, minlength=len(g.words))
        self.expected = {key: float(expected[i]) for i, key in enumerate(g.words)}
        out = np.empty(len(g.p))
        out[is_none] = none / z
        out[cand] = post
        return out


@dataclass
class Guesses:
    """Every mask's options in flat arrays: mask j owns rows offsets[j]:offsets[j+1], the first
    of them "none of these", then the candidates likely enough to take part in the EM (the
    others stay at probability 0, far below what is ever offered)."""

    group: np.ndarray  # per mask: index into `groups`
    offsets: np.ndarray
    word: np.ndarray  # per row: index into `words`, -1 for "none"
    p: np.ndarray  # per row: probability under the context model
    evidence: np.ndarray  # per row: the candidate's count beside the gap
    groups: list[Group]
    words: list[tuple[Group, str]]


class GuessesBuilder:
    """Collects `Guesses` one mask at a time, in typed arrays (a few bytes per candidate)."""

    def __init__(self) -> None:
        self._groups: dict[Group, int] = {}
        self._words: dict[tuple[Group, str], int] = {}
        self._group, self._lengths = array("i"), array("q")
        self._word, self._p, self._evidence = array("i"), array("d"), array("q")

    def add(self, group: Group, cands: list[str], p: np.ndarray, evidence: list[int]) -> None:
        kept = [i for i, pw in enumerate(p[1:]) if pw >= _NEGLIGIBLE]
        self._group.append(self._groups.setdefault(group, len(self._groups)))
        self._lengths.append(1 + len(kept))
        self._word.append(-1)
        self._word.extend(self._words.setdefault((group, cands[i]), len(self._words)) for i in kept)
        self._p.append(float(p[0]))
        self._p.extend(float(p[1 + i]) for i in kept)
        self._evidence.append(0)
        self._evidence.extend(evidence[i] for i in kept)

    def build(self) -> Guesses:
        return Guesses(
            group=np.frombuffer(self._group, np.int32), word=np.frombuffer(self._word, np.int32),
            offsets=np.concatenate([[0], np.cumsum(np.frombuffer(self._lengths, np.int64))]),
            p=np.frombuffer(self._p, np.float64), evidence=np.frombuffer(self._evidence, np.int64),
            groups=list(self._groups), words=list(self._words),
        )


def sharpen(p: np.ndarray, gamma: float) -> np.ndarray:
    logp = gamma * np.log(np.maximum(p, 1e-300))
    q = np.exp(logp - logp.max())
    return q / q.sum()


def _fit_sharpness(rows: list[tuple[np.ndarray, int, float]]) -> float:
    """The power that best calibrates posteriors: rows of (posterior, index of the truth, weight).

    The weights are scaled to sum to the effective sample size, and the log of the power has
    a normal prior around 0 (no change): a few pseudo-masks move it a little, many move it
    as far as they say. Below SHARPEN_EFFECTIVE the power is at most 1: pseudo-masks stand for
    masks only as well as the corpus knows which words it masks, which a small corpus does
    not, so there they may make the guesses more cautious, never bolder. The objective is
    unimodal, so a golden-section search finds it.
    """
    width = max(len(p) for p, _, _ in rows)
    logp = np.full((len(rows), width), -np.inf)
    for i, (p, _, _) in enumerate(rows):
        logp[i, : len(p)] = np.log(np.maximum(p, 1e-300))
    truth = logp[np.arange(len(rows)), [t for _, t, _ in rows]]
    weights = np.array([w for _, _, w in rows])
    weights *= weights.sum() / (weights ** 2).sum()  # now they sum to the effective sample size

    def loglik(gamma: float) -> float:
        scaled = gamma * logp
        top = scaled.max(axis=1)
        norm = top + np.log(np.exp(scaled - top[:, None]).sum(axis=1))
        return float(weights @ (gamma * truth - norm)) - math.log(gamma) ** 2 / (2 * SHARPNESS_PRIOR ** 2)

    lo, hi = 0.05, (3.0 if weights.sum() >= SHARPEN_EFFECTIVE else 1.0)
    ratio = (math.sqrt(5) - 1) / 2
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = loglik(a), loglik(b)
    for _ in range(40):
        if fa < fb:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = loglik(b)
        else:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = loglik(a)
    return round((lo + hi) / 2, 4)


def calibrate(model: Model, propensity: Propensity, sample: list[tuple[Query, Evidence]]) -> tuple[float, dict[str, Any]]:
    """Calibrate mask posteriors on pseudo-masks: sampled words hidden and guessed like masks.

    The sample is reweighted to the words the masks are estimated to hide: each sampled
    occurrence of w weighs (expected masks of w) / (sampled occurrences of w). That turns
    printed words into the population of masked ones, in the slots where masks fall, and
    keeps words that no mask hides (`widespread` in `attracted widespread attention`) from
    making the guesses look better than they are. The power that calibrates them is fitted
    on each half and checked on the other, then fitted on all.
    """
    usable = [(q, ev) for q, ev in sample if (q.group, q.truth) not in model.frequent]
    sampled = Counter((q.group, q.truth) for q, _ in usable)
    rows = []
    for q, (cands, feats, none, _) in usable:
        group = q.group
        weight = propensity.expected.get((group, q.truth), 0.0) / sampled[(group, q.truth)]
        if weight <= 0:
            continue
        post = propensity.posterior(group, cands, model.probabilities(feats, none))
        truth = 1 + cands.index(q.truth) if q.truth in cands else 0
        rows.append((post, truth, weight))
    weights = np.array([w for *_, w in rows])
    effective = float(weights.sum() ** 2 / (weights ** 2).sum()) if len(rows) and weights.sum() else 0.0
    report: dict[str, Any] = {"pseudo_masks": len(rows), "effective": round(effective, 1)}
    if effective < MIN_EFFECTIVE:
        return 1.0, report | {"fitted": False}
    held, mass = [0.0, 0.0], 0.0
    for fold in (0, 1):
        gamma = _fit_sharpness([r for i, r in enumerate(rows) if i % 2 != fold])
        for post, truth, w in (r for i, r in enumerate(rows) if i % 2 == fold):
            p = sharpen(post, gamma)[1:]
            if len(p):
                held[0] += w * float(p.max())
                held[1] += w * (int(np.argmax(p)) + 1 == truth)
            mass += w
    gamma = _fit_sharpness(rows)
    return gamma, report | {
        "fitted": True,
        "sharpness": gamma,
        "held_out_mean_top1_score": round(held[0] / mass, 4),
        "held_out_top1_accuracy": round(held[1] / mass, 4),
    }


