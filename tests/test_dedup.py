"""Exact and near-duplicate detection on lightly rewritten copies we wrote."""

from __future__ import annotations

import zlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import dedup
from transforms.articles import make_article
from transforms.model import Article, RawRecord

ORIGINAL = (
    "The government of Kenya and a Chinese engineering company signed a contract on Tuesday to extend the "
    "standard gauge railway from Naivasha to the border town of Malaba. The extension will be about 370 "
    "kilometres long and is expected to cost 3.6 billion dollars, the transport minister told reporters in "
    "Nairobi. Construction will start early next year and take four years, creating an estimated 12,000 local "
    "jobs. The minister said the line would cut freight costs for traders in Uganda and South Sudan, who "
    "currently depend on trucks. Financing talks with a group of lenders are still under way, he added, and "
    "the final terms will be presented to parliament for approval before the end of the year."
)
WORDS_CHANGED = (ORIGINAL.replace("Tuesday", "Wednesday").replace("reporters", "journalists")
                 .replace("early next year", "in the spring").replace("trucks", "lorries"))
SENTENCE_ADDED = ORIGINAL + " Environmental groups have asked for a new impact assessment of the route."
SAME_EVENT_OTHER_ARTICLE = (
    "Kenya has awarded a Chinese contractor the job of taking its flagship railway west to Malaba on the "
    "Ugandan frontier. Officials put the price of the 370 km project at 3.6 billion dollars. Critics in "
    "parliament questioned whether the country can afford more debt, while business groups in Kisumu welcomed "
    "the decision, saying cheaper freight would help farmers reach regional markets. No date was given for "
    "the start of work, and the lenders have not been named."
)


def _article(text: str, article_id: str) -> Article:
    return Article(article_id=article_id, source_id=article_id, source="test", status="ok", text=text)


def _check_after_original(text: str):
    deduper = dedup.Deduper()
    assert deduper.check(_article(ORIGINAL, "a_original")) is None
    return deduper.check(_article(text, "a_copy"))


def test_exact_copy_ignoring_case_spacing_and_punctuation():
    verdict = _check_after_original(ORIGINAL.upper().replace(". ", ".\n\n"))
    assert verdict == dedup.Verdict("a_original", "exact duplicate of a_original (same text, similarity 1.00)")


def test_a_few_words_changed_is_a_near_duplicate():
    verdict = _check_after_original(WORDS_CHANGED)
    assert verdict is not None and verdict.kept_id == "a_original"
    assert verdict.reason.startswith("near-duplicate of a_original (estimated similarity 0.")


def test_a_sentence_added_is_a_near_duplicate():
    verdict = _check_after_original(SENTENCE_ADDED)
    assert verdict is not None and verdict.kept_id == "a_original"


def test_different_article_about_the_same_event_is_not_a_duplicate():
    assert _check_after_original(SAME_EVENT_OTHER_ARTICLE) is None


def test_similarity_estimates_sit_on_the_right_side_of_the_threshold():
    def sim(a: str, b: str) -> float:
        return dedup.similarity(dedup.signature(dedup.shingle_hashes(dedup.tokens(a))),
                                dedup.signature(dedup.shingle_hashes(dedup.tokens(b))))

    assert sim(ORIGINAL, ORIGINAL) == 1.0
    assert sim(ORIGINAL, WORDS_CHANGED) >= 0.6
    assert sim(ORIGINAL, SENTENCE_ADDED) >= 0.8
    assert sim(ORIGINAL, SAME_EVENT_OTHER_ARTICLE) <= 0.2


def test_pages_with_different_clutter_are_duplicates_after_cleaning():
    page_a = "Home\nWorld\nBusiness\nKenya extends railway\nShare To:\n" + ORIGINAL + "\nLeave a Reply\nCopyright 2024"
    page_b = "Menu\nKenya extends railway\nf t g m\n" + ORIGINAL + "\nTagged on: rail\nRelated Articles\nOther story"
    first = make_article(RawRecord(source_id="a.txt", source="a.txt", text=page_a))
    second = make_article(RawRecord(source_id="b.txt", source="b.txt", text=page_b))
    assert first.article_id == second.article_id
    deduper = dedup.Deduper()
    assert deduper.check(first) is None
    assert deduper.check(second).kept_id == first.article_id


def test_chinese_near_duplicate_uses_character_shingles():
    text = ("中国电建与巴基斯坦水电开发署签署了卡洛特水电站运营维护合同，合同期限为十年。该电站装机容量七十二万千瓦，"
            "每年可提供约三十二亿千瓦时清洁电力，满足当地五百万人的用电需求。项目负责人表示，公司将继续培训当地技术人员。")
    rewritten = text.replace("十年", "十二年").replace("继续", "进一步") + "双方还讨论了后续合作。"
    other = ("巴基斯坦总理视察了卡洛特水电站，称赞中巴经济走廊为当地带来了电力和就业。他说，政府将研究新的能源项目，"
             "并欢迎更多外国企业投资可再生能源。")
    deduper = dedup.Deduper()
    assert deduper.check(_article(text, "a_zh")) is None
    assert deduper.check(_article(rewritten, "a_zh2")).kept_id == "a_zh"
    assert deduper.check(_article(other, "a_zh3")) is None


def test_very_short_texts_are_only_checked_for_exact_copies():
    deduper = dedup.Deduper()
    assert deduper.check(_article("Ministry signs loan with Angola.", "a_1")) is None
    assert deduper.check(_article("Ministry signs loan with Zambia.", "a_2")) is None
    assert deduper.check(_article("Ministry signs loan with Angola!", "a_3")).kept_id == "a_1"


def _prepared_one_text_at_a_time(text: str) -> tuple[bytes, bytes | None]:
    """What ``prepare`` computed before it was batched: the token regex, then numpy per text."""
    words = dedup.tokens(text)
    hashes = dedup.shingle_hashes(words)
    sig = dedup.signature(hashes).astype("<u8").tobytes() if len(hashes) >= dedup.MIN_SHINGLES else None
    return dedup._exact_key(words) + dedup.facts(text), sig


MIXED_TEXTS = [
    ORIGINAL,  # ASCII
    WORDS_CHANGED.replace("Kenya", "Kénya").replace("minister", "MINISTER—“quoted”"),  # accents, curly quotes
    "Газпром подписал соглашение с CNPC о поставках газа по «Силе Сибири» на 30 лет, сообщил Интерфакс. " * 3,
    "中国电建与巴基斯坦签署11号合同，金额为3.6亿美元（约合人民币25亿元）。CATL电池工厂ＡＢＣ１２３投产。" * 2,
    "ΟΔΟΣ ΣΙΔΗΡΟΔΡΟΜΟΣ: İstanbul’da Çin ile anlaşma_imzalandı 🚄 𠀀𠀁 ok ok ok ok ok ok ok ok ok ok ok ok",
    "spam " * 40,  # many shingles, one distinct
    "Ministry signs loan with Angola.",  # too short for a signature
    "",
    "lone \ud800 surrogate and NUL \x00 between words of a text that is long enough to have shingles here",
]


def test_batched_preparation_gives_what_one_text_at_a_time_gave():
    expected = [_prepared_one_text_at_a_time(text) for text in MIXED_TEXTS]
    assert dedup.prepare_many(MIXED_TEXTS) == expected
    assert [dedup.prepare(text) for text in MIXED_TEXTS] == expected
    assert expected[5][1] is None and expected[6][1] is None and expected[0][1] is not None


def test_letters_whose_lower_case_depends_on_context_are_tokens_as_str_lower_makes_them():
    # capital sigma lower-cases to a final sigma at the end of a word; U+0130 to two characters
    texts = ["ΟΔΟΣ ΣΙΔΗΡΟΔΡΟΜΟΣ ΚΑΙ ΛΙΜΑΝΙ ΣΤΗΝ ΠΟΛΗ ΤΟΥ ΠΕΙΡΑΙΑ ΜΕ ΚΙΝΕΖΙΚΑ ΚΕΦΑΛΑΙΑ ΤΟ 2016",
             "İSTANBUL’DA ÇİN İLE YENİ BİR LİMAN ANLAŞMASI İMZALANDI VE İNŞAAT BAŞLADI 2019"]
    assert dedup.prepare_many(texts) == [_prepared_one_text_at_a_time(t) for t in texts]
    assert dedup._token_bytes("ΟΔΟΣ Σ")[0] == ["οδος".encode(), "σ".encode()]


def test_cjk_characters_are_tokens_even_next_to_digits():
    words, n_cjk = dedup._token_bytes("合同11号ABC号")
    assert words == [w.encode() for w in ["合", "同", "11", "号", "abc", "号"]]
    assert n_cjk == 4


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab c_1éЖ中文。’—İΣς😀\x00\ud800・", max_size=80), max_size=4))
def test_batched_preparation_matches_on_texts_of_many_scripts(texts):
    assert dedup.prepare_many(texts) == [_prepared_one_text_at_a_time(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=3))
def test_batched_preparation_matches_on_any_text(texts):
    assert dedup.prepare_many(texts) == [_prepared_one_text_at_a_time(t) for t in texts]


# --- figures: texts from one template that report different facts (issue 5) ------------------------------------

TEMPLATE = (
    "In {year} the Chinese government provided a grant of {amount} million US dollars to the government of Malawi "
    "for the construction of a secondary school in the district of Kasungu. The school has twelve classrooms, a "
    "library and a science laboratory, and it was handed over to the Ministry of Education after the works were "
    "inspected by engineers from both countries."
)
SCHOOL_2005 = TEMPLATE.format(year=2005, amount=5)
SCHOOL_2007 = TEMPLATE.format(year=2007, amount=7)
SCHOOL_2005_7M = TEMPLATE.format(year=2005, amount=7)
WIRE_COPY = ("LILONGWE, March 14, 2006 (Xinhua) -- " + SCHOOL_2005.replace("handed over", "formally handed over")
             + " Updated 10:42.")
TRIMMED_COPY = ORIGINAL.replace("Construction will start early next year and take four years, creating an estimated "
                                "12,000 local jobs. ", "")


def _hashes(*numbers: str) -> bytes:
    """The facts of a text whose figures are these numbers and that names no country."""
    return np.array(sorted({zlib.crc32(n.encode()) for n in numbers}) + [0], dtype="<u4").tobytes()


def _estimate(a: str, b: str) -> float:
    return dedup.similarity(dedup.signature(dedup.shingle_hashes(dedup.tokens(a))),
                            dedup.signature(dedup.shingle_hashes(dedup.tokens(b))))


def _verdicts(*texts: str) -> list[str | None]:
    deduper = dedup.Deduper()
    return [None if (v := deduper.check(_article(text, f"a_{i}"))) is None else v.kept_id
            for i, text in enumerate(texts)]


def test_figures_are_the_numbers_of_the_text_outside_brackets_and_clock_times():
    assert dedup.figures("In 2005, China lent $5.5 million (RM23 million) to Laos, signed at 10:30.") == \
        _hashes("2005", "55")
    assert dedup.figures("Loans of 2,600, 2, 600 and 2600 [see note 4] from 2007, 120 schools") == \
        _hashes("2600", "2007", "120")
    assert dedup.figures("２００５年 合同金额05亿元（约３亿美元） 09：30") == _hashes("2005", "5")
    assert dedup.figures("1\u202f000 tonnes, 0.75 %, 1'000") == _hashes("1000", "75")
    assert dedup.figures("no numbers at all") == b"" and dedup.figures("") == b""


def test_figures_never_raise_on_odd_characters():
    assert dedup.figures("𠀀 7 \ud800 8 \x00 😀 (((( 9 ]]") == _hashes("7", "8", "9")


def test_figures_differ_only_when_each_text_has_one_the_other_lacks():
    assert dedup.report_different_facts(_hashes("2005", "5"), _hashes("2007", "7"))
    assert dedup.report_different_facts(_hashes("2005", "5"), _hashes("2005", "7"))
    assert not dedup.report_different_facts(_hashes("2005", "5"), _hashes("2005", "5", "14"))  # a dateline added
    assert not dedup.report_different_facts(_hashes("2005", "5", "14"), _hashes("2005"))  # a paragraph dropped
    assert not dedup.report_different_facts(b"", _hashes("2005"))


def test_template_texts_with_other_years_and_amounts_are_not_duplicates():
    assert _estimate(SCHOOL_2005, SCHOOL_2007) >= 0.6  # as similar as a light rewrite: words alone cannot tell
    assert _verdicts(SCHOOL_2005, SCHOOL_2007) == [None, None]


def test_template_texts_with_another_amount_in_the_same_year_are_not_duplicates():
    assert _verdicts(SCHOOL_2005, SCHOOL_2005_7M) == [None, None]


def test_a_wire_copy_with_a_dateline_and_a_time_stamp_is_still_a_duplicate():
    assert _verdicts(SCHOOL_2005, WIRE_COPY) == [None, "a_0"]


def test_a_copy_that_drops_a_paragraph_and_its_figures_is_still_a_duplicate():
    assert _estimate(ORIGINAL, TRIMMED_COPY) >= 0.5
    assert dedup.figures(TRIMMED_COPY) == _hashes("370", "36")  # 12,000 jobs went with the paragraph
    assert _verdicts(ORIGINAL, TRIMMED_COPY) == [None, "a_0"]


def test_a_copy_with_a_conversion_in_brackets_is_still_a_duplicate():
    converted = ORIGINAL.replace("3.6 billion dollars", "3.6 billion dollars (about 465 billion shillings)")
    assert _verdicts(ORIGINAL, converted) == [None, "a_0"]


def test_a_copy_goes_to_the_kept_text_with_its_figures_not_to_the_first_similar_one():
    rewritten_2007 = SCHOOL_2007.replace("twelve classrooms", "12 classrooms").replace("inspected", "checked")
    assert _verdicts(SCHOOL_2005, SCHOOL_2007, rewritten_2007) == [None, None, "a_1"]


def test_exact_copies_are_duplicates_whatever_their_figures():
    assert _verdicts(SCHOOL_2005, SCHOOL_2005.upper().replace(",", " ")) == [None, "a_0"]


def test_figures_whose_mask_bits_collide_are_still_told_apart():
    assert zlib.crc32(b"138") & 63 == zlib.crc32(b"146") & 63  # one bit of the masks: they cannot tell
    first, second = TEMPLATE.format(year=2005, amount=138), TEMPLATE.format(year=2005, amount=146)
    assert dedup.facts_mask(dedup.figures(first)) == dedup.facts_mask(dedup.figures(second))
    assert _verdicts(first, second) == [None, None]


def test_a_key_without_figures_is_checked_on_words_alone():
    deduper = dedup.Deduper()
    key, sig = dedup.prepare(SCHOOL_2005)
    assert deduper.check_prepared("a_0", key[:dedup.DIGEST_SIZE], sig) is None
    key, sig = dedup.prepare(SCHOOL_2007)
    assert deduper.check_prepared("a_1", key[:dedup.DIGEST_SIZE], sig).kept_id == "a_0"


def test_batched_checks_give_the_same_verdicts_with_figures():
    texts = [SCHOOL_2005, SCHOOL_2007, WIRE_COPY, SCHOOL_2005_7M, SCHOOL_2007.upper()]
    items = [(f"a_{i}", *prepared) for i, prepared in enumerate(dedup.prepare_many(texts))]
    verdicts = dedup.Deduper().check_many(items)
    assert [None if v is None else v.kept_id for v in verdicts] == [None, None, "a_0", None, "a_1"]


# --- many kept texts from one template (issue 7) ------------------------------------------------------------------

class _SmallDeduper(dedup.Deduper):
    BLOCK = 2  # its stored signatures grow many times over a few texts


def test_a_copy_among_many_kept_siblings_goes_to_its_own_original_however_the_checks_are_batched():
    siblings = [TEMPLATE.format(year=2000 + n, amount=10 + n) for n in range(12)]
    copy_of_seventh = siblings[7].replace("inspected", "checked")
    texts = siblings + [copy_of_seventh]
    expected = [None] * 12 + ["a_7"]
    items = [(f"a_{i}", *prepared) for i, prepared in enumerate(dedup.prepare_many(texts))]
    one_by_one = _SmallDeduper()
    assert [None if (v := one_by_one.check_prepared(*item)) is None else v.kept_id for item in items] == expected
    in_lists = _SmallDeduper()  # lists of 5: earlier lists are found in the sorted runs, the list's own in a dict
    verdicts = [v for start in range(0, len(items), 5) for v in in_lists.check_many(items[start:start + 5])]
    assert [None if v is None else v.kept_id for v in verdicts] == expected


def test_of_equally_similar_kept_texts_the_oldest_is_the_original():
    _, sig = dedup.prepare(SCHOOL_2005)
    digests = [bytes([n]) * dedup.DIGEST_SIZE for n in range(3)]
    deduper = dedup.Deduper()
    assert deduper.check_prepared("a_0", digests[0] + _hashes("1"), sig) is None
    assert deduper.check_prepared("a_1", digests[1] + _hashes("2"), sig) is None  # other figures: kept
    verdict = deduper.check_prepared("a_2", digests[2], sig)  # no figures: a copy of both, as similar (1.00)
    assert verdict == dedup.Verdict("a_0", "near-duplicate of a_0 (estimated similarity 1.00)")


# --- countries: texts from one template that name different countries -------------------------------------------

DONATION = (
    "The Chinese government handed over container scanners and two patrol boats to the customs service of {country} "
    "to speed up the clearance of imported goods. The equipment was delivered by sea and installed at the main port, "
    "and Chinese technicians trained the customs officers who will run it over the coming months."
)


def test_facts_are_the_figures_and_the_countries_named_with_their_words():
    figures, entries = dedup._unpacked(dedup.facts("In 2005 Chad and Chinese firms signed."))
    assert figures == [zlib.crc32(b"2005")]
    assert sorted(e & 1023 for e in entries) == [2 * 26 + 13, 19 * 26 + 3]  # CN, TD: the codes in the low bits
    assert dedup.facts("Georgia on my mind") == b""  # a state or a country: named with doubt, so no fact


def test_template_texts_naming_different_countries_are_not_duplicates():
    assert _verdicts(DONATION.format(country="Chad"), DONATION.format(country="Cape Verde")) == [None, None]


def test_a_copy_that_adds_a_dateline_country_is_still_a_duplicate():
    copy = "N'DJAMENA, Chad (Xinhua) -- " + DONATION.format(country="the country")
    assert _verdicts(DONATION.format(country="the country"), copy) == [None, "a_0"]
    assert _verdicts(DONATION.format(country="Chad"), "N'DJAMENA (Xinhua) -- " + DONATION.format(country="Chad")) \
        == [None, "a_0"]


BODY = DONATION.format(country="the country")


def test_wire_copies_whose_clutter_names_other_countries_are_duplicates():
    assert _verdicts("Trending: Nigerian senate passes budget\n" + BODY,
                     "Trending: Ghana cedi falls again\n" + BODY) == [None, "a_0"]
    assert _verdicts("NAIROBI, Kenya (Xinhua) -- " + BODY, "DAR ES SALAAM, Tanzania -- " + BODY) == [None, "a_0"]


def test_countries_contradict_only_between_the_same_words():
    chad, cape_verde = dedup.facts(DONATION.format(country="Chad")), dedup.facts(DONATION.format(country="Cape Verde"))
    assert dedup.report_different_facts(chad, cape_verde)
    assert not dedup.report_different_facts(dedup.facts("Trending: Ghana cedi falls\n" + BODY),
                                            dedup.facts("Trending: Kenya votes\n" + BODY))
    assert not dedup.report_different_facts(chad, dedup.facts("CHAD DAILY -- " + DONATION.format(country="Chad")))


def test_the_lead_is_cut_at_a_word_end():
    text = "x" * (dedup.LEAD_CHARS - 7) + " Nigeria signed a loan."  # the cut falls inside "Nigeria"
    assert dedup._lead(text) == "x" * (dedup.LEAD_CHARS - 7) + " "
    assert dedup._country_entries(text) == set()  # no "Niger"
    assert dedup._lead("Chad " * 10) == "Chad " * 10
    shorter = "x" * (dedup.LEAD_CHARS - 12) + " Niger; Nigeria"
    assert {e & 1023 for e in dedup._country_entries(shorter)} == {13 * 26 + 4}  # NE, whole before the cut
    chinese = "中国" * 600  # no spaces: the cut stays where it was
    assert dedup._lead(chinese) == chinese[:dedup.LEAD_CHARS]


def test_facts_never_raise_on_odd_characters():
    found = dedup.facts("Aid for Chad \ud800 and Niger 😀 \x00 ((( 7")
    figures, entries = dedup._unpacked(found)
    assert figures == [zlib.crc32(b"7")]
    assert sorted(e & 1023 for e in entries) == [13 * 26 + 4, 19 * 26 + 3]  # NE, TD
