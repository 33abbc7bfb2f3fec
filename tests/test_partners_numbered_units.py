"""A numbered unit after an alias ("China Railway Seventh Group", 中铁七局) is another company; a headline's ordinal or
number ("Bank of China First Half Profit") or a count (华为两公司) leaves the alias its actor."""

from __future__ import annotations

from transforms.gazetteer import find_places
from transforms.partners import find_partners


def _canonical(text: str) -> list[str]:
    return [p.canonical_name for p in find_partners(text, find_places(text)).partners]


def test_an_ordinal_or_number_in_a_title_case_headline_is_no_unit():
    assert _canonical("Bank of China First Half Profit Rises 5%") == ["Bank of China"]
    assert _canonical("Export-Import Bank of China Second Loan to Kenya Approved") == [
        "Export-Import Bank of China", "Kenya"]
    assert _canonical("Sinopec Third Quarter Earnings Beat Forecasts") == ["Sinopec"]
    assert _canonical("Huawei 5 Things to Know About Its Kenya Deal") == ["Huawei", "Kenya"]


def test_a_chinese_count_before_a_company_is_no_unit():
    assert _canonical("华为两公司与肯尼亚签约。") == ["Huawei", "Kenya"]


def test_a_unit_word_after_the_number_makes_a_numbered_subsidiary():
    assert _canonical("China Railway Seventh Group signed the deal.") == ["China Railway Seventh Group"]
    assert _canonical("China Railway 18th Bureau won the bid.") == ["China Railway 18th Bureau"]


def test_di_before_or_ju_after_a_chinese_numeral_makes_a_numbered_subsidiary():
    assert _canonical("中铁七局中标。") == ["中铁七局"]
    assert _canonical("中国中铁第七工程局中标。") == ["中国中铁第七工程局"]


def test_a_construction_bureau_is_a_numbered_subsidiary():
    assert _canonical("China Railway 20th Construction Bureau won the bid.") == [
        "China Railway 20th Construction Bureau"]
