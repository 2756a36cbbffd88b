"""pymorphy3's parse of a dictionary word, without its layers.

Parsing every new word form is the largest part of a batch's first-time work (~9k distinct
forms on 70 news texts). For a word of the dictionary pymorphy3 goes through the analyser, its
dictionary unit, the dictionary wrapper (a normal form and a tag rebuilt from the paradigm
arrays for every parse), the probability estimator (a P(t|w) lookup through two more calls)
and a namedtuple built twice. FastParser does the same lookups: the words DAWG (with the ё
substitutes), each (paradigm, form) read once into a table (tag, the lengths of its prefix and
suffix, the normal form's prefix and suffix), P(t|w) from the same DAWG, the same sort; and gives
the same Parse objects, methods stack included, so that inflect() and lexeme work on them.
Any other word (numbers, punctuation, Latin, guesses for unknown words, an initial) goes to
pymorphy3's own parse. tests/test_fastparse.py compares both on a vocabulary of news text.
"""

from __future__ import annotations

from operator import itemgetter

_score = itemgetter(3)
_new = tuple.__new__


class FastParser:
    def __init__(self, analyzer):
        from pymorphy3.units.abbreviations import _InitialsAnalyzer
        from pymorphy3.units.by_lookup import DictionaryAnalyzer

        self.analyzer = analyzer
        self.fallback = analyzer.parse
        units = analyzer._units
        first_group = []
        for unit, terminal in units:
            first_group.append(unit)
            if terminal:
                break
        estimator = analyzer.prob_estimator
        self.enabled = (
            bool(first_group) and type(first_group[0]) is DictionaryAnalyzer
            and all(isinstance(u, _InitialsAnalyzer) for u in first_group[1:])
            and estimator is not None and analyzer._result_type is not None
        )
        if not self.enabled:
            return
        d = analyzer.dictionary
        self.unit = first_group[0]
        # words the other units of the dictionary's group also read (a lone capital letter)
        self.initials = frozenset().union(*(u._letters_set for u in first_group[1:]))
        self.words, self.substitutes = d.words, analyzer.char_substitutes
        self.prob = estimator.p_t_given_w.get
        self.multiplier = estimator.p_t_given_w.MULTIPLIER
        self.result = analyzer._result_type
        self.paradigms, self.prefixes, self.suffixes, self.gramtab = (
            d.paradigms, d.paradigm_prefixes, d.suffixes, d.gramtab)

    def parse(self, word: str) -> list:
        """MorphAnalyzer.parse(word)."""
        if not self.enabled or word in self.initials:
            return self.fallback(word)
        low = word.lower()
        found = self.words.similar_items(low, self.substitutes)
        if not found:
            return self.fallback(word)
        paradigms, prefixes, suffixes, gramtab = self.paradigms, self.prefixes, self.suffixes, self.gramtab
        prob, mult, unit = self.prob, self.multiplier, self.unit
        res = []
        for fixed, pairs in found:
            for para_id, idx in pairs:
                # Dictionary.build_tag_info and build_normal_form, inline
                paradigm = paradigms[para_id]
                n = len(paradigm) // 3
                tag = gramtab[paradigm[n + idx]]
                if idx == 0:
                    nf = fixed
                else:
                    stop = len(fixed) - len(suffixes[paradigm[idx]])
                    nf = (prefixes[paradigm[2 * n]] + fixed[len(prefixes[paradigm[2 * n + idx]]):stop]
                          + suffixes[paradigm[0]])
                # ProbabilityEstimator.prob: the key f"{word}:{tag}"
                res.append([fixed, tag, nf, prob(low + ":" + tag._str, 0) / mult, ((unit, fixed, para_id, idx),)])
        cls = self.result
        if sum(r[3] for r in res) == 0:
            # no P(t|w): every parse scores 1.0, normalised (ProbabilityEstimator.apply_to_parses)
            k = 1.0 / sum(1.0 for _ in res)
            for r in res:
                r[3] = 1.0 * k
            return [_new(cls, r) for r in res]
        res.sort(key=_score, reverse=True)
        return [_new(cls, r) for r in res]
