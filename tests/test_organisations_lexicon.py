"""organisations.json read in Chinese news: a clock is no party (found reading ../shared: '北京时间2月2日' made
Beijing an investor in a plant in Karachi). The sentences are ours."""

from __future__ import annotations

import datetime as dt

from transforms.extract import extract_article


def _partners(text: str) -> list[tuple[str, list[str]]]:
    facts = extract_article(text, published=dt.date(2024, 3, 8), language="zh")
    return [(e.event_type, sorted(p.canonical_name for p in e.partners)) for e in facts.events]


def test_beijing_time_is_a_clock_not_beijing():
    assert _partners("北京时间2月2日，巴基斯坦举办卡拉奇核电站3号机组落成仪式，中国企业承建该项目。") == [
        ("investment", ["China", "Karachi", "Pakistan"])]


def test_beijing_named_as_a_signatory_stays_a_party():
    assert _partners("北京市与巴基斯坦卡拉奇市签署友好城市协议。") == [
        ("agreement", ["Beijing", "Karachi", "Pakistan"]), ("partnership", ["Beijing", "Karachi", "Pakistan"])]


def _kinds(text: str) -> list[tuple[str, str]]:
    facts = extract_article(text, published=dt.date(2024, 3, 8), language="en")
    return sorted({(p.canonical_name, p.kind) for e in facts.events for p in e.partners})


def test_a_council_of_ministers_is_a_government_and_a_city_council_a_local_one():
    assert ("Benin's Council of Ministers", "national_government") in _kinds(
        "Benin's Council of Ministers approved a $50 million loan agreement with China Eximbank on 3 May.")
    assert ("Kampala City Council", "local_government") in _kinds(
        "The Kampala City Council signed a contract with a Chinese builder on Monday.")


def test_councils_and_associations_of_business_stay_chambers():
    assert ("China Council for the Promotion of International Trade", "chamber_association") in _kinds(
        "The China Council for the Promotion of International Trade signed an agreement with Kenya on Monday.")
    assert ("Kenya Association of Manufacturers", "chamber_association") in _kinds(
        "The Kenya Association of Manufacturers signed an MoU with Huawei on Monday.")
