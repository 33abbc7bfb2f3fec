"""Money figures in article text: a number-anchored grammar for many languages.

How it reads a text (one pass over the numbers, then a few passes over the few figures found):

1. **Anchors.** Every digit run (``13.7``, ``1,500``, ``1.500,25``, ``1 500``, ``1’500``) and every Chinese numeral
   (``三``, ``十二``, ``一亿五千万``) is a candidate. Full-width and Arabic-Indic digits are read like ASCII ones.
   Outside Chinese, Japanese and Korean texts, a number word right before a scale word (``vier Milliarden``,
   ``dois mil milhões``, ``three million``; ``number_words`` in the lexicon) is one too, and so is a bare
   ``mil milhões``/``mil millones`` (a thousand million) in Portuguese and Spanish text, found by one Aho-Corasick pass
   over the scale words.
2. **Around each anchor** we look right for Chinese 多/余, scale words (multiplying when they rise: ``mil milhões``,
   ``万亿``), a currency name or symbol and a trailing qualifier (以上, "or more"), and left for a currency symbol or
   code (``US$``, ``RMB``, ``R$``) and a leading qualifier ("more than", 逾, около, bis zu). Separators are read per
   locale: one ``,`` or ``.`` followed by exactly three digits is a thousands separator unless it is the language's
   decimal mark and a scale of a billion or more follows ("2.125 billion", "1,250 Milliarden"); Latin-American
   "1,500 millones" is read as thousands (see ``comma_thousands_before`` in the lexicon). A figure already written
   out with two or more thousands groups is not multiplied by an English scale word after it when the product
   would reach a trillion ("$412,000,000 million" is 412 million dollars: analysts' descriptions write sums so).
3. **Is it money?** A figure is money when it names a currency. Without one it is money only when it has a scale
   word, a money cue stands just before it ("an overall investment of 4.2 billion") and no quantity unit follows;
   its ``currency`` is then None
   (nor is it money when a counted unit follows a few modifiers later: "1.5 million Sinovac vaccine doses").
   A scaled figure shortly after money in the same sentence takes that money's
   currency ("6 billion CFA francs, of which 4.8 billion"). Years, dates, counts ("30 SMEs"), percentages, phone
   numbers and plan names never name a currency, so they fall out here. A short scale with no currency anywhere
   ("a 129m loan") stays out: the text does not say which money it is, and guessing it from the recipient country
   would put a made-up exchange rate into the yuan total.
4. **Ranges and changes.** "between X and Y", "X-Y", "X to Y", "X至Y", "от X до Y": the low end takes the high end's
   scale and currency when it has none (and the high end the low end's currency); low = ``range_low`` (counted),
   high = ``range_high`` (``counted=False``). After a change verb ("raised from 3.2 to 7 billion", ``change_cues``)
   the pair is an old and a new value: the old one is dropped; so is a figure right behind another after "from"
   ("down to RM44 billion from RM65.5 billion", ``former_between``).
5. **Kind and background.** Cue words (``kind_cues`` in ``data/lexicons/money.json``) in the figure's clause decide
   the kind, by priority (loan > grant > investment > contract_value > trade_volume > background) then nearness;
   failing that, cues earlier in the sentence; when those are only trade or background cues and the nearest stands
   just before, the figure is that statistic ("trade grew 12%, reaching $80 billion"), unless the sentence commits or
   signs. A figure whose cue is ``background`` (GDP, market size, revenue, a
   budget, savings) is not returned; a short "worth" clause takes its kind from the noun before it ("PNG's economy,
   worth $21 billion"). A figure whose cue is trade is returned as ``trade_volume`` only when a party commits to it
   ("commits to buy", 承诺; ``commitment_cues``) and no past-time cue ("last year", 去年, "in 2022") stands next to
   it; trade statistics and trade targets or forecasts are not an event's money. Nor are figures after a goal
   ("a drive to raise"), summed since a year ("since 2013"), compared or counterfactual ("than the", "would
   have"), superseded ("originally"), unit prices and ticket prices, or yearly flows.
6. **Counted once.** A restatement in another currency ("US$1bn (about 7.2 billion yuan)") is ``counted=False``;
   so are the parts of a stated total ("an overall investment of 4.2 billion yuan, among them A (1.1 billion yuan)"),
   figures that add up to another figure in the same sentence, and a range's high end.

``surface`` is the expression from the first currency symbol or digit to the last scale, currency or trailing
qualifier word; leading qualifier words are not part of it. ``evidence`` is the whole sentence.
"""

from __future__ import annotations

import bisect
import json
import math
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

from . import paths
from .model import AmountMention
from .sentences import sentence_spans

# --- the lexicon ------------------------------------------------------------------------------------------------

# scripts whose words need word boundaries; Arabic letters and marks only, so that the Arabic comma, semicolon and
# question mark (U+060C, U+061B, U+061F) and Arabic-Indic digits end a word as their Latin twins do
_LETTER = "A-Za-zÀ-ÖØ-öø-ɏЀ-ӿ\u0620-\u065f\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
_IS_WORDY = re.compile(f"[{_LETTER}]")
# length-preserving: full-width and Arabic-Indic digits, full-width stop, NBSP-like spaces keep their offsets
_DIGITS = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)},
                         **{chr(0x06F0 + i): str(i) for i in range(10)}, "．": ".", "\u066b": ".", "\u066c": ","})


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return json.loads((paths.LEXICON_DIR / "money.json").read_text(encoding="utf-8"))


def _languages(language: str | None) -> list[str]:
    """Languages whose words apply, in priority order: the text's own language first, then all others."""
    lex = _lexicon()
    order = list(lex["language_priority"])
    if language in order:
        order.remove(language)
        order.insert(0, language)
    return ["*"] + order


def _merged(section: str, langs: list[str]) -> dict:
    """Union of one lexicon section over languages; the first language to define a key wins."""
    out: dict = {}
    table = _lexicon()[section]
    for lang in langs:
        for key, value in table.get(lang, {}).items():
            out.setdefault(key.lower() if _IS_WORDY.search(key) else key, value)
    return out


def _listed(section: str, langs: list[str]) -> list[str]:
    table = _lexicon()[section]
    return list(dict.fromkeys(w for lang in langs for w in table.get(lang, [])))


def _alternation(words, *, boundary_after: bool = True, boundary_before: bool = False, cased: bool = False) -> str:
    """Regex alternation, longest first; Latin/Cyrillic/Arabic words get word boundaries.

    Written as a trie (``_trie_alternation``) when the words allow it, else as the plain ordered alternation
    (``_ordered_alternation``); both match the same text. ``cased``: the pattern is used case-sensitively."""
    return _alternation_of(frozenset(words), boundary_after, boundary_before, cased)


@lru_cache(maxsize=64)
def _alternation_of(words: frozenset, boundary_after: bool, boundary_before: bool, cased: bool) -> str:
    """_alternation, once per word set: most languages' grammars merge every language's words into the same sets."""
    trie = _trie_alternation(words, boundary_after=boundary_after, boundary_before=boundary_before, cased=cased)
    if trie is not None:
        return trie
    return _ordered_alternation(words, boundary_after=boundary_after, boundary_before=boundary_before)


_END = ""  # the trie key of "a word ends here"; every other key is one character


def _trie_alternation(words, *, boundary_after: bool, boundary_before: bool, cased: bool) -> str | None:
    """The words as a trie of nested groups, ``d(?:oll(?:ars(?!L)|ar(?!L))|...)``, or None when it cannot be one.

    The regex engine tries the branches of an alternation one after the other and has no quick test for a branch
    that opens with a case-insensitive letter, so a list of hundreds of words cost ~5-14 µs a try; in a trie it
    tries the few first letters, then the one path the text takes. It finds what _ordered_alternation finds: at
    each node the longer words (the branches into children) come before the word ending there, and at most one
    child can match the next character (children are keyed by case-folded character, as re.IGNORECASE compares
    them, see _fold), so the first word found is the longest one that matches, as in the ordered alternation.
    None (the caller then writes the ordered alternation) when that reasoning does not hold: a character that
    lower-cases to two, white space other than single spaces between characters (a space stands for ``\\s+``, which
    a second blank could also match), or words that fold alike but need different word boundaries."""
    def needs(word: str) -> tuple[bool, bool]:
        return (bool(boundary_before and _IS_WORDY.match(word)), bool(boundary_after and _IS_WORDY.search(word[-1])))

    root: dict = {}
    shown: dict[str, str] = {}  # trie key -> the character written in the pattern
    for word in sorted(words):  # sorted: equal word sets give equal patterns (shared through re's cache)
        if word != word.strip() or "  " in word or any(ch.isspace() and ch != " " for ch in word):
            return None
        node = root
        for ch in word:
            key = ch if cased else _fold(ch)
            if key is None or len(key) != 1:
                return None
            shown.setdefault(key, ch)
            node = node.setdefault(key, {})
        if node.setdefault(_END, needs(word)) != needs(word):
            return None  # two spellings of one folded word with different boundaries
    if not root:
        return "(?!)"
    before: dict[str, bool] = {}
    letter_class = f"[{_LETTER}]"

    def check(node: dict, first: str | None) -> bool:
        for key, child in node.items():
            if key == _END:
                if first is not None and before.setdefault(first, child[0]) != child[0]:
                    return False
            elif not check(child, key if first is None else first):
                return False
        return True

    if not check(root, None):
        return None  # words under one first letter that differ in the boundary before them

    boundary = f"(?!{letter_class})"

    known: dict[int, frozenset] = {}

    def after(node: dict) -> frozenset:
        """Whether the words below ``node`` need the boundary after them: {True}, {False} or both."""
        if id(node) not in known:
            found: set = set()
            for key, child in node.items():
                found |= {child[1]} if key == _END else after(child)
            known[id(node)] = frozenset(found)
        return known[id(node)]

    def branch(key: str, child: dict, depth: int, bare: bool) -> str:
        piece = r"\s+" if key == " " else re.escape(shown[key])
        return piece + written(child, depth + 1, bare)

    def written(node: dict, depth: int, bare: bool) -> str:
        """The words below ``node``; ``bare``: without their boundaries after (the caller writes one for all).

        Words that all need the boundary after them share one look-ahead behind their group: where it fails, the
        engine backtracks into the group and tries the shorter words, as a look-ahead after each word would make
        it do (one look-ahead per word made compiling the patterns four times slower). So do first letters that
        need the boundary before them, under one look-behind. (Children start with different characters, so at
        most one of them matches and their order does not matter.)"""
        keys = sorted(k for k in node if k != _END)
        if bare:
            branches = [branch(key, node[key], depth, True) for key in keys]
        else:
            groups: dict[tuple[bool, bool], list[str]] = {}
            for key in keys:
                shares = after(node[key]) == {True}
                written_child = branch(key, node[key], depth, shares or after(node[key]) == {False})
                groups.setdefault((depth == 0 and bool(before.get(key)), shares), []).append(written_child)
            branches = []
            for (behind, shares), members in groups.items():
                body = "|".join(members) if len(members) == 1 else f"(?:{'|'.join(members)})"
                if shares:
                    body = f"{body}{boundary}"
                if behind:
                    body = f"(?<!{letter_class})(?:{body})"
                branches.append(body)
        if _END in node:
            branches.append(boundary if node[_END][1] and not bare else "")
        if len(branches) == 1:
            return branches[0]
        joined = "|".join(branches)
        return joined if depth == 0 else f"(?:{joined})"

    body = written(root, 0, False)
    if len(root) < 3:
        return body
    # one class of the first characters turns away most positions in one test, before the first letters are tried
    # one by one (no word is empty, so every branch opens with one of them)
    firsts = "".join(re.escape(shown[key]) for key in sorted(root))
    return f"(?=[{firsts}])(?:{body})"


def _ordered_alternation(words, *, boundary_after: bool = True, boundary_before: bool = False) -> str:
    """Regex alternation, longest first; Latin/Cyrillic/Arabic words get word boundaries.

    Words of one length are ordered by the boundaries they need, then alphabetically, and each run of words that
    need the same boundaries shares one look-around: ``(?<!L)(?:a|b)(?!L)`` tries the same words in the same order
    as ``(?<!L)a(?!L)|(?<!L)b(?!L)`` (a failed look-ahead backtracks into the group), but compiles one letter class
    per run instead of one per word, which made compiling a language's grammar cost ~0.7 s. (Two different words of
    one length never match the same text, so their order does not change what is found.) The order is the same for
    every language, so languages share the compiled patterns through the ``re`` module's cache."""
    def needs(word: str) -> tuple[bool, bool]:
        return (bool(boundary_before and _IS_WORDY.match(word)), bool(boundary_after and _IS_WORDY.search(word[-1])))

    runs: list[tuple[tuple[bool, bool], list[str]]] = []
    for word in sorted(set(words), key=lambda w: (-len(w), needs(w), w)):
        flags = needs(word)
        if not runs or runs[-1][0] != flags:
            runs.append((flags, []))
        runs[-1][1].append(re.escape(word).replace(r"\ ", r"\s+"))
    parts = []
    for (before, after), bodies in runs:
        body = "|".join(bodies)
        if before or after:
            body = f"(?:{body})"
        if before:
            body = f"(?<![{_LETTER}]){body}"
        if after:
            body = f"{body}(?![{_LETTER}])"
        parts.append(body)
    return "|".join(parts) or "(?!)"


# re.IGNORECASE also matches these pairs, which str.lower() keeps apart (re._casefix): fold both sides alike
_EXTRA_FOLDS = str.maketrans({"ı": "i", "ſ": "s", "µ": "μ", "ς": "σ", "ϐ": "β", "ϵ": "ε", "ϑ": "θ", "ͅ": "ι", "ι": "ι",
                              "ϰ": "κ", "ϖ": "π", "ϱ": "ρ", "ϕ": "φ", "ᲀ": "в", "ᲁ": "д", "ᲂ": "о", "ᲃ": "с", "ᲄ": "т",
                              "ᲅ": "т", "ᲆ": "ъ", "ᲇ": "ѣ", "ᲈ": "ꙋ", "ẛ": "ṡ", "ﬅ": "ﬆ", "ΐ": "ΐ", "ΰ": "ΰ"})


def _fold(chunk: str) -> str | None:
    """Case-folded as re.IGNORECASE compares characters; None when lower-casing changes the length ('İ')."""
    low = chunk.lower()
    return low.translate(_EXTRA_FOLDS) if len(low) == len(chunk) else None




@dataclass(frozen=True)
class _Grammar:
    """Every compiled pattern and lookup table for one language setting."""

    decimal: str | None
    scales: dict
    scale_currency: dict
    currencies: dict
    codes: dict
    prefixes: dict
    weak_prefixes: frozenset
    comma_thousands: frozenset
    quals_before: dict
    quals_after: dict
    range_joiners: frozenset
    pair_joiners: frozenset
    cue_kind: dict
    kind_rank: dict
    scale_re: re.Pattern
    infix_re: re.Pattern
    currency_re: re.Pattern
    not_after_capitalised: frozenset
    prefix_lengths: tuple  # lengths of the currency prefixes, longest first
    qual_lengths: tuple
    qual_after_re: re.Pattern
    opener_re: re.Pattern
    cues: ahocorasick_rs.AhoCorasick  # every cue word, lower-cased; one pass per article
    cue_labels: tuple  # per cue word: (class, label, needs a word boundary before)
    first_after: frozenset  # lower-cased beginnings (up to 3 characters) of what can follow a money number
    first_after_wordy: frozenset  # its entries of one or two characters that start with a letter ...
    first_after_plain: frozenset  # ... and those that do not
    first_after_firsts: frozenset  # the first characters of first_after's entries
    last_before: frozenset  # last one and two characters of currency prefixes
    equivalent_re: re.Pattern
    former_between: frozenset  # 'to RM44 billion from RM65.5 billion': the gap before an old value
    unit_re: re.Pattern
    unit_later_re: re.Pattern  # a unit a few modifiers after the figure ('1.5 million Sinovac vaccine doses')
    capitalised_nouns: bool  # every noun is capitalised (German): a capitalised cue is still a cue
    scale_words: ahocorasick_rs.AhoCorasick  # lower-cased scale words of three letters or more, for numbers in words
    number_words: dict  # 'vier' -> 4, 'dois' -> 2 (lower case)
    number_lengths: tuple
    bare_starts: frozenset  # scale words that start a figure with no number ('mil milhões')
    restated_scales: frozenset  # English scale words that may restate a written-out figure ('$412,000,000 million')
    restated_currencies: frozenset  # currencies of units so large that a trillion of them is no deal
    reach_openers: frozenset  # words opening a clause that holds only the figure a change reached ('to', 达到)
    prefix_ends: dict  # _ends of prefixes, quals_before and number_words
    qual_ends: dict
    number_ends: dict
    infix_first: frozenset  # first characters of the infix qualifiers (多, 余)


_DFA = ahocorasick_rs.Implementation.DFA


@lru_cache(maxsize=32)
def _grammar(language: str | None) -> _Grammar:
    lex = _lexicon()
    langs = _languages(language)
    scales = _merged("scales", langs)
    words = _merged("currency_words", langs)
    # capital codes (USD, RMB, MUR) match exactly as written; names match in any case
    iso = {c: c for c in [*lex["iso_codes"], *lex["historic_iso_codes"]]}
    codes = {w: c for w, c in words.items() if w.isupper()} | iso
    currencies = {w: c for w, c in words.items() if not w.isupper()}
    prefixes = iso | dict(lex["currency_prefixes"])
    connectors = _listed("currency_connectors", langs)
    quals_before = _merged("qualifiers_before", langs)
    quals_after = _merged("qualifiers_after", langs)
    cue_kind: dict = {}
    for lang in langs:
        for kind, words in lex["kind_cues"].get(lang, {}).items():
            for word in words:
                cue_kind.setdefault(word.lower(), kind)
    joiners = set(lex["range_joiners"]["*"]) | set(_listed("range_joiners", langs[1:]))
    pair_joiners = set(_listed("range_pair_joiners", langs[1:]))
    conn = _alternation(connectors, boundary_before=True)
    cue_words: dict[str, list] = {}  # a word may be two cues at once: 总投资 is a total cue and a money cue
    for word, kind in cue_kind.items():
        cue_words.setdefault(word, []).append(("kind", kind))
    for section, cls in (("money_cues", "money"), ("target_cues", "target"), ("past_cues", "past"),
                         ("total_cues", "total"), ("part_cues", "part"), ("period_cues", "period"),
                         ("unit_price_cues", "unit_price"), ("former_cues", "former"), ("change_cues", "change"),
                         ("goal_cues", "goal"), ("cumulative_cues", "cumulative"), ("commitment_cues", "commitment"),
                         ("signing_cues", "signing"), ("forecast_cues", "forecast"), ("need_cues", "need"),
                         ("statistic_cues", "statistic"), ("change_openers", "change_opener"),
                         ("price_subject_cues", "price_subject")):
        for word in _listed(section, langs):
            cue_words.setdefault(word.lower(), []).append((cls, None))
    words = list(cue_words)
    labels = [(tuple(cue_words[w]), bool(_IS_WORDY.match(w))) for w in words]
    cues = ahocorasick_rs.AhoCorasick(words, implementation=_DFA)  # a DFA scans 2-3x faster than the default NFA
    eq = _alternation(_listed("equivalent_cues", langs), boundary_before=True)
    long_scales = sorted(w for w in scales if len(w) > _SHORT_SCALE and _IS_WORDY.search(w) and w.isalpha())
    number_words = _merged("number_words", langs)
    first_after = frozenset(w.lower()[:_AHEAD] for w in [*scales, *currencies, *codes, *lex["qualifiers_infix"],
                                                         *joiners, *pair_joiners])
    ci = re.IGNORECASE
    return _Grammar(
        decimal=lex["decimal_separator"].get(language or ""),
        scales=scales,
        scale_currency=lex["scale_currency"],
        currencies=currencies,
        codes=codes,
        prefixes=prefixes,
        weak_prefixes=frozenset(lex["weak_prefixes"]),
        comma_thousands=frozenset(lex["comma_thousands_before"]),
        quals_before=quals_before,
        quals_after=quals_after,
        range_joiners=frozenset(w.lower() for w in joiners),
        pair_joiners=frozenset(w.lower() for w in pair_joiners),
        cue_kind=cue_kind,
        kind_rank={k: i for i, k in enumerate(lex["kind_priority"])},
        scale_re=re.compile(rf"[ \u00a0\u202f\u2009-]?({_alternation(scales)})", ci),
        infix_re=re.compile("|".join(map(re.escape, lex["qualifiers_infix"]))),
        currency_re=re.compile(
            rf"[ \u00a0\u202f\u2009-]?(?:(?:{conn})\s?)?((?-i:{_alternation(codes, cased=True)})|{_alternation(currencies)})", ci),
        not_after_capitalised=frozenset(lex["qualifiers_not_after_capitalised"]),
        prefix_lengths=tuple(sorted({len(w) for w in prefixes}, reverse=True)),
        qual_lengths=tuple(sorted({len(w) for w in quals_before}, reverse=True)),
        qual_after_re=re.compile(rf"\s?({_alternation(quals_after)})", ci),
        opener_re=re.compile(rf"({_alternation(_listed('range_openers', langs), boundary_before=True)})\s*\Z", ci),
        cues=cues,
        cue_labels=tuple(labels),
        first_after=first_after,
        first_after_firsts=frozenset(w[:1] for w in first_after),
        first_after_wordy=frozenset(w for w in first_after if len(w) <= 2 and _IS_WORDY.match(w)),
        first_after_plain=frozenset(w for w in first_after if len(w) <= 2 and not _IS_WORDY.match(w)),
        last_before=frozenset(w[-k:] for w in prefixes for k in (1, 2) if len(w) == k or k == 2),
        equivalent_re=re.compile(
            rf"\s*[(（\[]\s*(?:(?:{eq})\s*)?[:：]?\s*\Z|[\s,;]*(?:{eq})\s*[:：]?\s*\Z", ci),
        former_between=frozenset(lex["former_between"]),
        unit_re=re.compile(rf"\s*(?:{_alternation(_listed('non_money_units', langs))}|%|％)", ci),
        unit_later_re=_unit_later_pattern(language, langs),
        capitalised_nouns=language in lex["capitalised_noun_languages"],
        scale_words=ahocorasick_rs.AhoCorasick(long_scales, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                               implementation=_DFA),
        number_words=number_words,
        number_lengths=tuple(sorted({len(w) for w in number_words}, reverse=True)),
        restated_scales=frozenset(lex["restated_scales"].get(language or "en", ())),
        restated_currencies=frozenset(lex["restated_currencies"]),
        reach_openers=frozenset(w.lower() for w in _listed("reach_openers", langs)),
        bare_starts=frozenset(lex["bare_scale_starts"].get(language, []) if language in lex["language_priority"]
                              else _listed("bare_scale_starts", langs)),
        prefix_ends=_ends(prefixes),
        qual_ends=_ends(quals_before),
        number_ends=_ends(number_words),
        infix_first=frozenset(w[:1] for w in lex["qualifiers_infix"]),
    )


def _unit_later_pattern(language: str | None, langs: list[str]) -> re.Pattern:
    """'2.5 million Sinopharm COVID-19 vaccine doses': one to three modifier words, then a counted unit, in a language
    whose noun phrases put modifiers before the noun (``unit_modifier_breaks``; any of them for a text of unknown
    language). A break word (of, for, the, is ...) ends the noun phrase, and a word with a digit first starts another
    figure, so neither may stand between."""
    table = _lexicon()["unit_modifier_breaks"]
    head_final = [language] if language in table else [] if language in _lexicon()["language_priority"] else list(table)
    if not head_final:
        return re.compile("(?!)")
    breaks = _alternation(_listed("unit_modifier_breaks", head_final), boundary_before=True)
    units = _alternation(_listed("non_money_units", head_final))
    return re.compile(rf"(?:[ \u00a0]+(?!(?:{breaks}))[^\W\d_][\w’'-]*){{1,3}}[ \u00a0]+(?:{units})", re.IGNORECASE)


def _counts_units(text: str, pos: int, g: "_Grammar") -> bool:
    """A quantity unit right after the figure ('2 million tonnes', '30%') or a few modifiers later."""
    return bool(g.unit_re.match(text, pos) or g.unit_later_re.match(text, pos))


# --- numbers ----------------------------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?P<sep>[,.\u00a0\u202f\u2009 '’])\d{3}(?!\d)(?:(?P=sep)\d{3}(?!\d))*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    # a Chinese numeral needs a unit character (三亿, 十二, 五千万), so 一带一路 or 一个 never start a figure
    r"|(?P<cjk>[零〇一二两兩三四五六七八九十][零〇一二两兩三四五六七八九]*[十百千万萬亿億][零〇一二两兩三四五六七八九十百千万萬亿億]*)"
)


def _anchors(text: str, g: "_Grammar") -> list[tuple[int, int, str | None, str | None, str | None]]:
    """(start, end, digits, separator, Chinese numeral) of every number worth reading, in one loop.

    _NUMBER finds the numbers left to right (written as _NUMBER_SCAN, which the regex engine runs faster). The test
    after it is cheap and runs before the grammar: money needs a scale, currency, 多/余 or range dash right after the
    number, a currency symbol right before it, or 万/亿 inside a Chinese numeral. The word after is compared by its
    first three characters (or the whole of a shorter word), so "2016 and" or "30 projects" stop here; a short word
    ("bn", "m", "y") must end there: "2016 year" is not "2016 y"."""
    out = []
    n = len(text)
    first, last_before = g.first_after, g.last_before
    wordy_short, plain_short = g.first_after_wordy, g.first_after_plain
    wordy = _IS_WORDY.match
    after_firsts = g.first_after_firsts
    for m in (_NUMBER_SCAN_ASCII if text.isascii() else _NUMBER_SCAN).finditer(text):
        s, e = m.span()
        skip = e + 1 if e < n and text[e] in " \u00a0" else e
        nxt = text[skip:skip + 1]
        # most numbers are followed by a word or mark no entry starts with, and one character tells: str.lower
        # maps character by character (but for a capital sigma, by what stands around it)
        if nxt and nxt != "Σ" and nxt.lower()[:1] not in after_firsts:
            money_after = False
        else:
            ahead = text[skip:skip + _AHEAD + 1].lower()  # one more: it may change how the last one lowers (Σ)
            money_after = (ahead[:_AHEAD] in first or ahead[:2] in plain_short or ahead[:1] in plain_short
                           or (ahead[:2] in wordy_short and not wordy(ahead[2:3] or " "))
                           or (ahead[:1] in wordy_short and not wordy(ahead[1:2] or " ")))
        if not money_after:
            b = s - 1 if s and text[s - 1] in " \u00a0" else s
            if not (text[max(0, b - 2):b] in last_before or text[b - 1:b] in last_before):
                if text[s] not in _CJK_FIRST or not _CJK_BIG_UNIT.search(text, s, e):
                    continue
        if text[s] in _CJK_FIRST:
            out.append((s, e, None, None, m.group()))
        else:
            out.append((s, e, m.group(), m.group("sep"), None))
    return out


# _NUMBER as the scan runs it: the same numbers (tests/test_amounts.py checks it), with the pattern opening with one
# character class, which lets the regex engine skip to the next digit in C. A pattern that opens with a look-ahead or
# a repeat is tried at every position of the text, three times slower on our pages. The first character is read by
# the class, and a look-behind then tells which branch it starts (\d{1,3} is that character and \d{0,2} more).
_NUMBER_SCAN = re.compile(
    r"[\d零〇一二两兩三四五六七八九十]"
    r"(?:(?<=\d)(?:\d{0,2}(?P<sep>[,.\u00a0\u202f\u2009 '’])\d{3}(?!\d)(?:(?P=sep)\d{3}(?!\d))*(?:[.,]\d+)?"
    r"|\d*(?:[.,]\d+)?)"
    r"|[零〇一二两兩三四五六七八九]*[十百千万萬亿億][零〇一二两兩三四五六七八九十百千万萬亿億]*)"
)
# the same for an ASCII text, where \d is [0-9] and no Chinese numeral can stand: a plain class scans faster still
_NUMBER_SCAN_ASCII = re.compile(
    r"[0-9](?:[0-9]{0,2}(?P<sep>[,. '])[0-9]{3}(?![0-9])(?:(?P=sep)[0-9]{3}(?![0-9]))*(?:[.,][0-9]+)?"
    r"|[0-9]*(?:[.,][0-9]+)?)"
)
_CJK_FIRST = frozenset("零〇一二两兩三四五六七八九十")  # how the Chinese-numeral branch of _NUMBER starts
_CJK_BIG_UNIT = re.compile("[万萬亿億]")


_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CAPITALISED_BEFORE = re.compile(r"\b[A-ZÄÖÜ][\w.-]*\s+\Z")
_CLAUSE_BREAK = re.compile(r"[,;，；：、]|\s[-–—]\s")


def _cjk_value(numeral: str) -> tuple[float, bool]:
    """Value of a Chinese numeral and whether it carries 万/亿 (三亿 -> 3e8, 一亿五千万 -> 1.5e8)."""
    total = section = digit = 0
    big_seen = False
    for ch in numeral:
        if ch in _CJK_DIGITS:
            digit = _CJK_DIGITS[ch]
        elif ch in _CJK_UNITS:
            section += (digit or 1) * _CJK_UNITS[ch]
            digit = 0
        else:
            unit = _CJK_BIG[ch]
            big_seen = True
            if unit == 100_000_000:
                total = (total + section + digit) * unit
            else:
                total += (section + digit) * unit
            section = digit = 0
    return float(total + section + digit), big_seen


def _digits_value(num: str, sep: str | None, decimal_mark: str | None, big_scale: bool, thousands_word: bool) -> float:
    """Read a digit string, deciding which of ``,``/``.`` is the decimal mark."""
    if sep and sep not in ",.":
        num = num.replace(sep, "")
        sep = None
    has_comma, has_dot = "," in num, "." in num
    if has_comma and has_dot:  # the last one is the decimal mark: 1,234.5 / 1.234,5
        dec = "," if num.rfind(",") > num.rfind(".") else "."
        return float(num.replace("." if dec == "," else ",", "").replace(",", "."))
    mark = "," if has_comma else "." if has_dot else None
    if mark is None:
        return float(num)
    head, _, tail = num.rpartition(mark)
    if num.count(mark) > 1:
        return float(num.replace(mark, ""))
    if len(tail) != 3:
        return float(head + "." + tail)
    # one separator before exactly three digits: thousands, unless it is this language's decimal mark before a
    # billion-or-more scale ("2.125 billion", "1,250 Milliarden"); unknown language: "." reads as a decimal mark
    # before such a scale, "," as thousands
    if thousands_word and mark == ",":
        return float(head + tail)
    if big_scale and (decimal_mark == mark or (decimal_mark is None and mark == ".")):
        return float(head + "." + tail)
    if decimal_mark == mark and mark == "." and not big_scale:
        return float(head + "." + tail)  # English/Chinese "1.500" is one and a half
    return float(head + tail)


def _written_out(num: str | None, sep: str | None) -> bool:
    """Digits written with two or more thousands groups ('285,000,000', '1 973 711 522')."""
    if not num:
        return False
    if sep and sep not in ",.":
        return num.count(sep) >= 2
    return num.count(",") >= 2 or num.count(".") >= 2


RESTATED_PRODUCT = 1e12  # a trillion dollars, euros or yuan (restated_currencies): past any deal, so the digits said it


# --- one figure -------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Figure:
    start: int  # expression start (currency prefix or number)
    end: int  # expression end
    value: float
    scale: float  # product of the scale words (1.0 when none; ≥ 1e4 for a numeral with 万/亿)
    currency: str | None
    qualifier: str
    long_scale: bool  # a scale word that cannot be a unit abbreviation (billion, 亿, not m or k)
    kind: str = "other"
    counted: bool = True
    is_total: bool = False
    sentence: int = -1
    former: bool = False  # the old value of a changed figure
    clause: int = -1  # where the figure's clause starts (_clause_start within its sentence), once it has one


_JOINER_AHEAD = re.compile(r"\s*(?:[-–—~～〜至到]|(?:to|and|bis|und|и|до|e|y|a|à|et|و)\s)", re.IGNORECASE)
_SHORT_SCALE = 2  # scale words this short (m, k, bn, mi) need a written currency to make a figure money


_AHEAD = 3  # characters of the next word compared before the grammar runs
_NEEDS_TRANSLATE = re.compile("[\uff10-\uff19\u0660-\u0669\u06f0-\u06f9．\u066b\u066c]")


def _word_anchor(start: int, end: int, value: float) -> tuple[int, int, str, None, None]:
    """A number written as a word ('vier', 'dois'), or the empty place before a bare 'mil milhões', as an anchor
    for _read_figure: its digits as they would have been written."""
    return start, end, repr(float(value)) if value % 1 else str(int(value)), None, None


_NUMERAL_LANGUAGES = frozenset({"zh", "ja", "ko"})  # numbers in words are Chinese numerals, found with the digits


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")  # opens with one class: the engine skips ahead in C


def _lower(text: str) -> str:
    """``text`` lower-cased, or as it is when lower-casing would change its length ('İ' lowers to two characters):
    offsets must stay put.

    str.lower on a text that is not ASCII costs ~15 ns a character, its ASCII stretches included; those stretches
    are lower-cased on their own. Lower-casing is character by character but for a capital sigma (final or not, by
    what stands around it), so a text holding one is lower-cased whole."""
    if text.isascii() or "Σ" in text:
        low = text.lower()
        return low if len(low) == len(text) else text
    parts = []
    done = 0
    for run in _NON_ASCII_RUN.finditer(text):
        start, end = run.span()
        if done < start:
            parts.append(text[done:start].lower())
        low = run.group().lower()
        if len(low) != end - start:
            return text
        parts.append(low)
        done = end
    parts.append(text[done:].lower())
    return "".join(parts)


def _word_figures(text: str, low: str, g: _Grammar, taken: list[_Figure]) -> list[_Figure]:
    """Figures whose number is a word before a scale word ('vier Milliarden Euro', 'three million yuan') or that
    start with a bare scale word ('mil milhões de euros'). One Aho-Corasick pass over the scale words."""
    out = []
    for _index, start, end in g.scale_words.find_matches_as_indexes(low):
        if (start and _IS_WORDY.match(low[start - 1])) or (end < len(low) and _IS_WORDY.match(low[end])):
            continue  # inside a word: 'military', 'millionaire'
        number = _word_before(low, start, g.number_words, g.number_lengths, g.number_ends, lower=False, max_space=2)
        if number is not None and number[1] + len(number[0]) < start:
            anchor = _word_anchor(number[1], number[1] + len(number[0]), g.number_words[number[0]])
        elif low[start:end] in g.bare_starts and not _DIGIT_BEFORE.search(low, max(0, start - 12), start):
            anchor = _word_anchor(start, start, 1)
        else:
            continue
        a_start = anchor[0]
        if any(f.start <= a_start < f.end for f in taken):
            continue
        f = _read_figure(text, anchor, g)
        if f is not None:
            out.append(f)
    return out


_DIGIT_BEFORE = re.compile(r"\d[ \u00a0]*\Z")  # '4,5 mil milhões': the digits are the number


_WORD_GAP = " \u00a0\u202f\u2009\t"  # blanks _word_before steps over


def _ends(table: dict) -> dict[str, tuple[int, ...]]:
    """Last character of a word table's keys -> the lengths of the keys ending in it, longest first."""
    ends: dict[str, set[int]] = {}
    for key in table:
        ends.setdefault(key[-1:], set()).add(len(key))
    return {last: tuple(sorted(lengths, reverse=True)) for last, lengths in ends.items()}


def _word_before(text: str, end: int, table: dict, lengths: tuple, ends: dict, *, lower: bool,
                 max_space: int) -> tuple[str, int] | None:
    """The longest word of ``table`` ending right before ``end`` (after up to ``max_space`` blanks), with its start.

    A suffix lookup, much faster than a regex search over an alternation of hundreds of words. ``ends`` is
    ``_ends(table)``: only the lengths of the words ending in the character before are tried, when the words are
    compared as written or the character is ASCII (lower-casing keeps an ASCII character one character); after any
    other character, with ``lower``, every length in ``lengths``."""
    stop = end
    while stop > 0 and end - stop < max_space and text[stop - 1] in _WORD_GAP:
        stop -= 1
    last = text[stop - 1:stop]
    if not lower or last.isascii():  # compared as written, any key must end in this very character
        lengths = ends.get(last.lower() if lower else last)
        if lengths is None:
            return None  # no word of the table ends in this character
    elif last != "Σ":
        # str.lower maps character by character, except a capital sigma (final or not, by what stands around it):
        # a lower-cased key ends as this character lower-cased does
        lengths = ends.get(last.lower()[-1:])
        if lengths is None:
            return None
    for length in lengths:
        begin = stop - length
        if begin < 0:
            continue
        word = text[begin:stop]
        key = word.lower() if lower else word
        if key in table:
            if _IS_WORDY.match(word) and begin and _IS_WORDY.match(text[begin - 1]):
                continue  # the tail of a longer word
            return key, begin
    return None


def _read_figure(text: str, anchor: tuple, g: _Grammar) -> _Figure | None:
    """The money expression around one number anchor (start, end, digits, separator, Chinese numeral; see
    _anchors), or None when it cannot be (part of a word, no cue). The regexes over word lists are tries (see
    _alternation): one turns a position away in about a microsecond, less than any test in Python before it."""
    s, e, num, sep, cjk = anchor
    qualifier = "exact"
    pos = e
    infix_first = g.infix_first
    infix = g.infix_re.match(text, pos) if text[pos:pos + 1] in infix_first else None
    if infix:
        qualifier, pos = "at_least", infix.end()
    scale = 1.0
    scale_words: list[str] = []
    long_word = False  # a scale word that cannot be a unit abbreviation (billion, 亿; not m or k)
    while True:
        sm = g.scale_re.match(text, pos)
        if not sm:
            break
        factor = float(g.scales.get(sm.group(1).lower(), 0))
        if not factor or (scale_words and factor <= scale) or (cjk and not scale_words and factor < 1e4):
            break  # scales rise (mil milhões, 万亿); 三千 is already read whole
        scale *= factor
        word = sm.group(1).lower()
        scale_words.append(word)
        long_word = long_word or len(word) > _SHORT_SCALE
        pos = sm.end()
        infix = g.infix_re.match(text, pos) if text[pos:pos + 1] in infix_first else None
        if infix:
            qualifier, pos = "at_least", infix.end()
    if qualifier != "exact" and not scale_words:
        qualifier, pos = "exact", e if not cjk else pos  # 10多个: a count, not 多 before a scale
    currency = g.scale_currency.get(scale_words[-1]) if scale_words else None
    cm = g.currency_re.match(text, pos)
    if cm:
        word = cm.group(1)
        currency = g.codes.get(word) or g.currencies.get(word.lower())
        pos = cm.end()
    if currency is None and pos < len(text) and "\u4e00" <= text[pos] <= "\u9fff" and text[pos] not in "的至到":
        return None  # 72万千瓦, 5700万吨, 2024年, 30个: a quantity or a date, whatever stands before it
    start, weak = s, False
    # the test _word_before starts with, here first: most numbers have no currency prefix before them
    stop = s - 1 if s and text[s - 1] in _WORD_GAP else s
    last = text[stop - 1:stop]
    pm = (_word_before(text, s, g.prefixes, g.prefix_lengths, g.prefix_ends, lower=False, max_space=1)
          if last in g.prefix_ends else None)
    if pm:
        if currency is None:
            currency = g.prefixes[pm[0]]
            weak = pm[0] in g.weak_prefixes
        start = pm[1]
    elif s and _IS_WORDY.match(text[s - 1]):
        return None  # part of a word or code: A320, COVID19
    elif s > 1 and text[s - 1] in ".,'’" and text[s - 2].isdigit():
        return None  # the tail of a number we did not take whole
    if weak and not scale_words:
        return None
    if pm and pm[1] + len(pm[0]) == s and pm[0].isalpha() and not scale_words:
        return None  # a code glued to digits with no scale is a name: COP29, EUR5 class, RMB2 series
    if not cjk and len(num) > 1 and num[0] == "0" and num[1].isdigit():
        return None  # "000" after "150, " or a code like 0123: not an amount of its own
    if cjk:
        number, big = _cjk_value(cjk)
    else:
        number, big = _digits_value(num, sep, g.decimal, scale >= 1e9,
                                    bool(scale_words) and scale_words[0] in g.comma_thousands), False
    long_scale = big or long_word
    if (scale_words and not big and number >= 1e6 and scale_words[-1] in g.restated_scales
            and currency in g.restated_currencies and number * scale >= RESTATED_PRODUCT and _written_out(num, sep)):
        # "$412,000,000 million", "RMB 2,608,114,300 billion": the figure is already written out to the unit, and
        # the English scale word repeats the order of magnitude rather than multiplying it (a million million
        # dollars is no loan). Only where the product would be absurd: Spanish "2.500.000 millones de pesos",
        # Russian "1 250 000 тыс. рублей" and Chinese "12,000万元" are how papers and ledgers state large sums
        # (restated_scales in money.json lists the English words only).
        scale = 1.0
    if not currency and not long_scale and not _JOINER_AHEAD.match(text, pos):
        return None  # a bare number: a year, a count, a date; kept only as a range's low end
    value = number * scale
    if not math.isfinite(value) or value < 0:
        return None
    qa = g.qual_after_re.match(text, pos) if scale_words or currency else None
    if qa:
        word = qa.group(1)
        qualifier, pos = g.quals_after[word.lower() if _IS_WORDY.search(word) else word], qa.end()
    stop = start
    while stop > 0 and start - stop < 3 and text[stop - 1] in _WORD_GAP:
        stop -= 1
    last = text[stop - 1:stop]
    qb = (_word_before(text, start, g.quals_before, g.qual_lengths, g.qual_ends, lower=True, max_space=3)
          if last.lower() in g.qual_ends or not last.isascii() else None)
    if qb and not (qb[0] in g.not_after_capitalised and _CAPITALISED_BEFORE.search(text, max(0, qb[1] - 30), qb[1])):
        qualifier = g.quals_before[qb[0]]
    return _Figure(start, pos, value, scale if not big else max(scale, 1e4), currency, qualifier, long_scale)


def _is_money(text: str, f: _Figure, g: _Grammar, hits: _Hits) -> bool:
    """A written currency, or a long scale word with a money cue just before and no quantity unit after."""
    if f.currency:
        return True
    if not f.long_scale or _counts_units(text, f.end, g):
        return False
    nxt = text[f.end:f.end + 1]
    if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt != "的":
        return False  # 72万千瓦, 5700万吨: a quantity
    cut = _after_last_break(text, max(0, f.start - 40), f.start)
    return bool(hits.any("kind", cut, f.start) or hits.any("money", cut, f.start))


# How far from a figure and its sentence the cue queries reach (_link_ranges, _is_money, _kind, _not_deal_money,
# _mark_totals): back from the figure's start past its sentence's start ('change' cues, 80 characters), on from its
# end past its sentence's end ('period' cues, 24), and into the start of the next sentence (a 'part' cue, 14).
CUES_BEFORE_FIGURE = 80
CUES_AFTER_FIGURE = 24
CUES_IN_NEXT_SENTENCE = 14


def _cue_windows(figures: list["_Figure"], sents: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """The spans of text whose cues the figures can be asked about, merged, in order: each figure's sentence (the
    last one starting at or before it, as find_amounts assigns it), widened by the reaches above. The cue pass
    then reads ~40% of a page instead of all of it."""
    spans = []
    last = len(sents) - 1
    for f in figures:
        i = max(0, bisect.bisect_right(sents, f.start, key=_span_start) - 1)
        s0, s1 = sents[i]
        hi = max(s1, f.end + CUES_AFTER_FIGURE)
        if i < last:
            hi = max(hi, sents[i + 1][0] + CUES_IN_NEXT_SENTENCE)
        spans.append((max(0, min(s0, f.start - CUES_BEFORE_FIGURE)), min(size, hi)))
    spans.sort()
    merged = [spans[0]]
    for lo, hi in spans[1:]:
        if lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


class _Hits:
    """Every cue word in one article, found in one Aho-Corasick pass, queried by class and span."""

    __slots__ = ("by_class",)

    def __init__(self, text: str, g: _Grammar, low: str, windows: list[tuple[int, int]] | None = None) -> None:
        """``windows``: (start, end) spans, in order and apart, that hold every span the cues will be asked about
        (see _cue_windows); cues lying wholly inside them are all that is looked for. None: the whole text."""
        self.by_class: dict[str, tuple[list[int], list[tuple[int, int, str | None]]]] = {}
        found: dict[str, list[tuple[int, int, str | None]]] = {}
        labels, letter_at = g.cue_labels, _IS_WORDY.match
        if windows is None:
            matches = g.cues.find_matches_as_indexes(low, overlapping=True)
        else:
            matches = [(index, lo + start, lo + end) for lo, hi in windows
                       for index, start, end in g.cues.find_matches_as_indexes(low[lo:hi], overlapping=True)]
        for index, start, end in matches:
            classes, wordy = labels[index]
            if wordy and start and letter_at(low, start - 1):
                continue  # inside a word: "aid" in "said"
            for cls, label in classes:
                bucket = found.get(cls)
                if bucket is None:
                    found[cls] = [(start, end, label)]
                else:
                    bucket.append((start, end, label))
        for cls, items in found.items():
            items.sort()
            self.by_class[cls] = ([start for start, _, _ in items], items)

    def any(self, cls: str, lo: int, hi: int) -> bool:
        """Whether a cue of one class lies wholly inside [lo, hi)."""
        entry = self.by_class.get(cls)
        if entry is None:
            return False
        starts, items = entry
        for i in range(bisect.bisect_left(starts, lo), len(items)):
            start, end, _ = items[i]
            if start >= hi:
                return False
            if end <= hi:
                return True
        return False

    def within(self, cls: str, lo: int, hi: int) -> list[tuple[int, int, str | None]]:
        """Cues of one class lying wholly inside [lo, hi)."""
        starts, items = self.by_class.get(cls, ((), ()))
        i = bisect.bisect_left(starts, lo)
        out = []
        while i < len(items) and items[i][0] < hi:
            if items[i][1] <= hi:
                out.append(items[i])
            i += 1
        return out


# --- relations between figures ----------------------------------------------------------------------------------

def _link_ranges(text: str, figures: list[_Figure], g: _Grammar, hits: _Hits) -> None:
    """'X-Y', 'between X and Y': the low end borrows the high end's scale and currency. After a change verb ('raised
    from 3.2 to 7 billion') the pair is an old and a new value instead: the old one borrows the same and is marked
    ``former``; so is a figure right behind another after 'from' ('down to RM44 billion from RM65.5 billion')."""
    for a, b in zip(figures, figures[1:]):
        gap = text[a.end:b.start].strip().lower()
        if gap in g.former_between and (a.currency or a.long_scale):
            b.former = True
            continue
        if len(gap) > 6 or a.qualifier in ("range_low", "range_high"):
            continue
        if gap not in g.range_joiners and not (gap in g.pair_joiners and g.opener_re.search(text, max(0, a.start - 16),
                                                                                             a.start)):
            continue
        value, scale = a.value, a.scale
        if a.scale == 1.0 and b.scale > 1.0:
            value, scale = a.value * b.scale, b.scale
        if value > b.value or (a.currency and b.currency and a.currency != b.currency):
            continue
        a.value, a.scale = value, scale
        a.long_scale = a.long_scale or b.long_scale
        a.currency = a.currency or b.currency
        b.currency = b.currency or a.currency  # "USD 150 to 350 million"
        if hits.any("change", _clause_start(text, a.start, max(0, a.start - 80)), a.start):
            a.former = True
            continue
        a.qualifier, b.qualifier, b.counted = "range_low", "range_high", False


def _clause_start(text: str, pos: int, floor: int) -> int:
    return _after_last_break(text, max(floor, pos - 160), pos)


_BREAK_MARKS = ",;，；：、"  # the one-character clause breaks of _CLAUSE_BREAK
_BREAK_DASHES = "-–—"
# the first dash, or else the last break mark (one with no mark or dash after it up to the window's end)
_DASH_OR_LAST_MARK = re.compile(f"[{_BREAK_DASHES}]|[{_BREAK_MARKS}](?=[^{_BREAK_DASHES}{_BREAK_MARKS}]*\\Z)")


def _after_last_break(text: str, lo: int, hi: int) -> int:
    """Where the last _CLAUSE_BREAK in text[lo:hi] ends (lo when there is none), as scanning them left to right
    would say. A dash break is rare: without a dash in the window, the last break is the last break mark, which one
    search finds (instead of a regex match per comma)."""
    found = _DASH_OR_LAST_MARK.search(text, lo, hi)
    if found is None:
        return lo
    if text[found.start()] not in _BREAK_DASHES:
        return found.end()
    cut = lo
    for mm in _CLAUSE_BREAK.finditer(text, lo, hi):
        cut = mm.end()
    return cut


_BACKGROUND_LIKE = frozenset({"trade_volume", "background"})


def _pick_kind(matches: list[tuple[int, str]], g: _Grammar) -> str | None:
    """Highest-priority cue; among equals the nearest (matches hold (distance, kind))."""
    if not matches:
        return None
    return min(matches, key=lambda dk: (g.kind_rank.get(dk[1], 99), dk[0]))[1]


STATISTIC_CUE_CHARS = 50  # a trade or background cue this close before a figure with none in its clause names it
APPOSITIVE_CHARS = 24  # ", worth about": a clause this short holding a money cue describes the noun before it


def _kind(text: str, f: _Figure, sent: tuple[int, int], g: _Grammar, hits: _Hits, brk: re.Match | None) -> str:
    """``brk``: the first _CLAUSE_BREAK in text[f.end:sent[1]] (None when there is none)."""
    lo = f.clause
    if lo > sent[0] and f.start - lo <= APPOSITIVE_CHARS and hits.any("money", lo, f.start):
        # "PNG's economy, worth about $21 billion": the figure is the value of the noun before the comma
        lo = _clause_start(text, lo - 1, sent[0])
    hi = min(sent[1], f.end + 60)
    # the first break before hi, as searching text[f.end:hi] would find it: a break reaching past hi starts at
    # hi - 2 or later, where no other break fits before hi
    if brk and brk.end() <= hi:
        hi = brk.start()

    def usable(start: int, kind: str) -> bool:
        # "Ministry of Foreign Trade", "World Trade Organization": a capitalised trade or background word inside a
        # sentence is part of a name, not the subject of the figure
        return g.capitalised_nouns or not (kind in _BACKGROUND_LIKE and start != sent[0] and text[start].isupper() and
                    text[start:start + 3] != text[start:start + 3].upper())

    found = [(f.start - end, kind) for start, end, kind in hits.within("kind", lo, f.start) if usable(start, kind)]
    found += [(start - f.end, kind) for start, _, kind in hits.within("kind", f.end, hi) if usable(start, kind)]
    kind = _pick_kind(found, g)
    if kind is None:  # earlier clauses may say what the money is for ...
        earlier = [(f.start - end, k) for start, end, k in hits.within("kind", max(sent[0], f.start - 300), lo)
                   if usable(start, k)]
        kind = _pick_kind([dk for dk in earlier if dk[1] not in _BACKGROUND_LIKE], g)
        # ... and when they name only trade or background, the nearest just before ('bilateral trade grew 21.7% year
        # on year, reaching $53.76 billion', '净利润增加124%，达1100亿美元'), the figure is that statistic, unless the
        # sentence commits to it or signs something. Farther back the cue more often names something else ('budget
        # documents show that ... $2.58 million', 'the road (budgeted at $427 million), ..., (180 million dollars)')
        if (kind is None and earlier and min(earlier)[0] <= STATISTIC_CUE_CHARS
                and not hits.any("commitment", sent[0], sent[1]) and not hits.any("signing", sent[0], sent[1])):
            return "background"
    if kind == "trade_volume":
        near_lo, near_hi = max(sent[0], f.start - 25), min(sent[1], f.end + 25)
        if not hits.any("commitment", sent[0], sent[1]) or hits.any("past", near_lo, near_hi):
            return "background"
    return kind or "other"


STATISTIC_AFTER_CHARS = 40  # "hit $173 billion, up 20.2 percent year on year": the change is told just after
FORECAST_REACH = 12  # "expected to generate over $361 billion": a forecast verb's object follows it within a word or two
PRICE_WINDOW = 90  # "tickets cost 700 shillings, while first class costs 3,000 shillings"
SMALL_MONEY = 1_000  # without a scale word, less than this is a price or a fee (a share, a ticket), not a deal
_DEAL_KINDS = frozenset({"loan", "grant", "investment"})


def _not_deal_money(text: str, f: _Figure, sent: tuple[int, int], hits: _Hits, brk: re.Match | None,
                    g: _Grammar) -> bool:
    """A unit price, a superseded figure or a yearly flow: money, but not the money of an event."""
    if f.scale == 1.0 and f.value < SMALL_MONEY:
        return True
    if hits.any("unit_price", f.end, f.end + 16):
        return True
    lo = f.clause
    if hits.any("former", max(lo, f.start - 50), f.start):
        return True
    if hits.any("goal", lo, f.start) or hits.any("price_subject", max(sent[0], f.start - PRICE_WINDOW), f.start):
        return True
    if hits.any("cumulative", lo, brk.start() if brk else sent[1]):
        return True
    forecasts = hits.within("forecast", lo, f.start) if f.kind == "other" else ()
    if f.kind == "other" and ((forecasts and forecasts[-1][1] >= f.start - FORECAST_REACH)
                              or hits.any("need", lo, f.start)):
        return True  # a projection or a need no cue names as a deal's money
    if _period_statistic(text, f, sent, hits, brk, g):
        return True
    return bool(f.kind not in _DEAL_KINDS and hits.any("period", f.end, f.end + 24)
                and not hits.any("target", sent[0], sent[1]))


def _period_statistic(text: str, f: _Figure, sent: tuple[int, int], hits: _Hits, brk: re.Match | None,
                      g: _Grammar) -> bool:
    """A year-on-year change told in the figure's clause, in the next clause when that opens with the change
    ("$173 billion, up 20.2 percent year on year"), or in the clause before when the figure's opens with what the
    change reached ("grew 4% year on year, to 500 billion yuan"): a period's statistic, unless the sentence signs or
    commits."""
    clause_end = brk.start() if brk else sent[1]
    told = hits.any("statistic", f.clause, clause_end)
    if not told and f.clause > sent[0] and _opens_with_reach(text[f.clause:f.start].strip().lower(), g):
        told = hits.any("statistic", _clause_start(text, f.clause - 1, sent[0]), f.clause)
    if not told and brk is not None:
        after = brk.end()
        opens = hits.within("change_opener", after, min(sent[1], after + STATISTIC_AFTER_CHARS))
        told = (bool(opens) and not text[after:opens[0][0]].strip()
                and hits.any("statistic", after, min(sent[1], after + STATISTIC_AFTER_CHARS)))
    return told and not hits.any("signing", sent[0], sent[1]) and not hits.any("commitment", sent[0], sent[1])


REACH_LEAD_CHARS = 24  # "to a record", "达到约": what may stand between a reach word and its figure


def _opens_with_reach(lead: str, g: _Grammar) -> bool:
    """Whether the words before a figure in its clause open with what a change reached ('to', 'to a record', 达到约)."""
    if not lead or len(lead) > REACH_LEAD_CHARS:
        return False
    return any(lead == w or lead.startswith(w + " ") or ("\u3400" <= w[0] <= "\u9fff" and lead.startswith(w))
               for w in g.reach_openers)


CONTINUES_CHARS = 80
_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")


def _continues_money(text: str, before: _Figure | None, f: _Figure, g: _Grammar) -> bool:
    """'the clinic came to 6 billion CFA francs, of which Beijing met 4.8 billion', 'a 240 million USD credit, whose
    first 60 million ...': a scaled figure with no currency shortly after money in the same sentence is money in that
    currency, since writers do not repeat it."""
    if (before is None or f.currency is not None or before.currency is None or not f.long_scale
            or f.start - before.end > CONTINUES_CHARS or _counts_units(text, f.end, g)
            or _SENTENCE_END.search(text, before.end, f.start)):
        return False
    f.currency = before.currency
    return True


def _carry_currency(figures: list[_Figure]) -> None:
    """'a 900 million dollar credit ... and a credit line of 100 million': a scaled figure with no currency takes the
    currency of the figure before it in the same sentence, since writers do not repeat it."""
    for a, b in zip(figures, figures[1:]):
        if b.currency is None and a.currency is not None and a.sentence == b.sentence and b.scale > 1.0:
            b.currency = a.currency


def _mark_equivalents(text: str, figures: list[_Figure], g: _Grammar) -> None:
    for a, b in zip(figures, figures[1:]):
        if not b.counted or b.sentence != a.sentence or b.start - a.end > 40:
            continue
        if a.currency and b.currency and a.currency != b.currency and g.equivalent_re.match(text[a.end:b.start]):
            b.counted = False
            b.kind = a.kind
            if b.qualifier == "exact":
                b.qualifier = "approx"


def _told_as_total(f: _Figure, hits: _Hits) -> bool:
    """A total cue just after the figure ("$5 billion in total"), or before it with no part cue in between: in
    "the total breaks down into $77.7 billion of goods, ..." the figure is the total's first part."""
    if hits.any("total", f.end, f.end + 12):
        return True
    before = hits.within("total", max(f.clause, f.start - 60), f.start)
    return bool(before) and not hits.any("part", before[-1][1], f.start)


def _mark_totals(text: str, figures: list[_Figure], sents: list[tuple[int, int]], hits: _Hits) -> None:
    for f in figures:
        f.is_total = _told_as_total(f, hits)
    first_figure: dict[int, int] = {}  # sentence -> start of its first figure
    for f in figures:
        first_figure.setdefault(f.sentence, f.start)
    for t in figures:
        if not t.counted:
            continue
        sent = sents[t.sentence]
        part_cues = hits.within("part", t.end, sent[1])
        # the next sentence holds the parts when it opens with a part cue (总投资100亿元。其中……) or, before its
        # first figure, refers back to the total and then to its parts ("The total breaks down into $77.7 billion
        # of ..., $52.4 billion of ...")
        opens_with_parts = refers_back = False
        if t.sentence + 1 < len(sents):
            ns = sents[t.sentence + 1]
            head_end = first_figure.get(t.sentence + 1, ns[0])
            opens_with_parts = hits.any("part", ns[0], ns[0] + 14)
            refers_back = hits.any("total", ns[0], head_end) and hits.any("part", ns[0], head_end)
        if not t.is_total and not part_cues and not refers_back:
            continue
        next_sentences = {t.sentence, t.sentence + 1} if opens_with_parts or refers_back else {t.sentence}
        for p in figures:
            if p is t or not p.counted or p.is_total or p.sentence not in next_sentences:
                continue
            if p.sentence == t.sentence and not t.is_total and (not part_cues or p.start < part_cues[0][0]):
                continue  # without a total cue, only figures after the part cue are parts
            if (p.currency == t.currency or p.currency is None) and p.value <= t.value:
                p.counted = False
                if p.kind == "other":
                    p.kind = t.kind
    # a sum stated alongside its parts without any cue: keep the sum, drop the parts
    by_sentence: dict[tuple[int, str | None], list[_Figure]] = {}
    for f in figures:
        if f.counted:
            by_sentence.setdefault((f.sentence, f.currency), []).append(f)
    for group in by_sentence.values():
        if len(group) < 3:
            continue
        for t in group:
            rest = [p for p in group if p is not t]
            total = sum(p.value for p in rest)
            if total and abs(total - t.value) <= 0.005 * t.value:
                for p in rest:
                    p.counted = False
                break


# --- public -----------------------------------------------------------------------------------------------------

def _sentences_around(text: str, figures: list[_Figure]) -> list[tuple[int, int]]:
    """Sentence spans of the paragraphs holding figures (and the paragraph after each, where 其中/including may
    continue a total). A line break always ends a sentence, so splitting a paragraph alone gives the same spans
    as splitting the whole text, at a fraction of the cost on long articles."""
    spans: list[tuple[int, int]] = []
    done_until = 0
    for f in figures:
        if f.start < done_until:
            continue
        lo = text.rfind("\n", 0, f.start) + 1
        hi = text.find("\n", f.end)
        hi = len(text) if hi < 0 else hi
        nxt = text.find("\n", hi + 1) if hi < len(text) else -1
        hi = len(text) if nxt < 0 and hi < len(text) else (nxt if nxt >= 0 else hi)
        lo = max(lo, done_until)
        spans.extend((lo + a, lo + b) for a, b in sentence_spans(text[lo:hi]))
        done_until = hi
    return spans or [(0, len(text))]


@lru_cache(maxsize=1)
def _families() -> dict[str, tuple[str | None, dict[str, str], bool]]:
    """family -> (default code, {country: code}, needs a country) from the lexicon's ``currency_families``."""
    return {name: (spec.get("default"), dict(spec["countries"]), bool(spec.get("needs_country")))
            for name, spec in _lexicon()["currency_families"].items() if not name.startswith("_")}


def _resolve_family(family: str, position: int, countries: Sequence[tuple[int, str]] | None) -> str | None:
    """The currency a shared name ("francs CFA", "shillings") stands for: that of the named country nearest before
    the figure, else the first one named after it, else the family's default (None when there is none)."""
    default, by_country, _ = _families().get(family, (None, {}, False))
    before = after = None
    for pos, country in countries or ():
        code = by_country.get(country)
        if code is None:
            continue
        if pos <= position:
            before = code
        elif after is None:
            after = code
            break
    return before or after or default


_span_start = operator.itemgetter(0)


def _normalise_language(language: str | None) -> str | None:
    if not language:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code or None


def find_amounts(text: str, language: str | None = None, *, sentences: list[tuple[int, int]] | None = None,
                 countries: Sequence[tuple[int, str]] | None = None, lowered: str | None = None) -> list[AmountMention]:
    """Money figures in ``text`` (see the module docstring), in text order. Never raises on a string.

    ``sentences`` may pass the text's ``sentence_spans`` when the caller has them already (the whole text's spans;
    only those around figures are read). ``countries`` may pass (position, ISO 3166 alpha-2) of the places the text
    names, in text order: a currency name shared by several countries ("shillings", "francs CFA", "dirhams",
    "crowns", "K", "Sh") then takes the named country's currency (see ``_resolve_family``). ``lowered`` may pass
    ``text.lower()`` when the caller has it (a string of another length is not used): lower-casing a page that is
    not ASCII is one of the costlier passes here.
    """
    if not text or not isinstance(text, str):
        return []
    language_key = _normalise_language(language)
    g = _grammar(language_key)
    # every character _DIGITS maps is non-ASCII: an ASCII text (a third of the corpus) skips the regex scan
    norm = text.translate(_DIGITS) if not text.isascii() and _NEEDS_TRANSLATE.search(text) else text
    figures = []
    for anchor in _anchors(norm, g):
        f = _read_figure(norm, anchor, g)
        if f is not None:
            figures.append(f)
    # the caller's lower-cased text is _lower's when no digit was translated and no character lowers to two ('İ',
    # the only one: _lower then keeps the text as it is)
    low = lowered if (lowered is not None and norm is text and len(lowered) == len(text)
                      and "\u0130" not in text) else None
    if language_key not in _NUMERAL_LANGUAGES:  # Chinese numerals are read as anchors already
        low = low if low is not None else _lower(norm)
        words = _word_figures(norm, low, g, figures)
        if words:
            figures = sorted(figures + words, key=lambda f: f.start)
    if not any(f.currency or f.long_scale for f in figures):
        return []  # money needs a currency or a long scale, and ranges only pass on what one of them has
    low = low if low is not None else _lower(norm)
    # with the text's sentences at hand, only the cues around the figures are looked for (see _cue_windows)
    hits = _Hits(norm, g, low, _cue_windows(figures, sentences, len(norm)) if sentences else None)
    _link_ranges(norm, figures, g, hits)
    kept = []
    for f in figures:
        if _is_money(norm, f, g, hits) or _continues_money(norm, kept[-1] if kept else None, f, g):
            kept.append(f)
    if not kept:
        return []
    sents = sentences if sentences else _sentences_around(text, kept)
    result_figs = []
    for f in kept:
        # bisect by key: the whole text's spans may be long, and only a few figures look them up
        f.sentence = max(0, bisect.bisect_right(sents, f.start, key=_span_start) - 1)
        f.clause = _clause_start(norm, f.start, sents[f.sentence][0])
        sent = sents[f.sentence]
        brk = _CLAUSE_BREAK.search(norm, f.end, sent[1])  # where the figure's clause ends, read by both below
        f.kind = _kind(norm, f, sent, g, hits, brk)
        if not f.former and f.kind != "background" and not _not_deal_money(norm, f, sent, hits, brk, g):
            result_figs.append(f)
    _carry_currency(result_figs)
    _mark_equivalents(norm, result_figs, g)
    _mark_totals(norm, result_figs, sents, hits)
    out = []
    for f in result_figs:
        s0, s1 = sents[f.sentence]
        currency = f.currency
        if currency is not None and currency.startswith("@"):
            currency = _resolve_family(currency[1:], f.start, countries)
            if currency is None and _families()[f.currency[1:]][2]:
                continue  # 'K5 billion', 'N20 million' with no country that writes its money so
        out.append(AmountMention(
            value=f.value, currency=currency, qualifier=f.qualifier, kind=f.kind, evidence=text[s0:s1],
            surface=text[f.start:f.end], start=f.start, end=f.end, counted=f.counted,
        ))
    return out
