"""A Chinese-script organisation name that begins with a foreign country is that country's body, not China's."""

from __future__ import annotations

from transforms.gazetteer import find_places
from transforms.partners import find_partners


def _parties(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(p.name, p.country, p.side) for p in find_partners(text, find_places(text)).partners]


def test_a_name_beginning_with_a_foreign_country_is_that_country_s():
    assert _parties("卡塔尔王室基金与中方签署协议。")[0] == ("卡塔尔王室基金", "QA", "foreign")
    assert _parties("法国道达尔公司宣布投资。") == [("法国道达尔公司", "FR", "foreign")]
    assert _parties("俄罗斯国家财富基金表示欢迎。") == [("俄罗斯国家财富基金", "RU", "foreign")]
    assert _parties("哈萨克斯坦阿克纠宾石油公司今年增产。") == [("哈萨克斯坦阿克纠宾石油公司", "KZ", "foreign")]


def test_a_short_form_the_gazetteer_lacks_also_names_the_country():
    assert _parties("沙特麦地那发展局发布消息。") == [("沙特麦地那发展局", "SA", "foreign")]
    assert _parties("俄铝集团扩大产能。") == [("俄铝集团", "RU", "foreign")]


def test_a_foreign_chamber_in_china_stays_foreign():
    assert _parties("驻华美国商会发布报告。") == [("驻华美国商会", "US", "foreign")]


def test_a_chinese_marker_or_a_leading_zhong_keeps_the_name_chinese():
    assert _parties("中沙合作公司成立。") == [("中沙合作公司", "CN", "chinese")]
    assert _parties("美国中国总商会发布报告。") == [("美国中国总商会", "CN", "chinese")]


def test_chinese_names_beginning_like_a_short_form_stay_chinese():
    assert _parties("日照港集团扩建码头。") == [("日照港集团", "CN", "chinese")]
    assert _parties("德龙集团扩大产能。") == [("德龙集团", "CN", "chinese")]
    assert _parties("泰康保险公司发布年报。") == [("泰康保险公司", "CN", "chinese")]


def test_a_pronoun_or_verb_opening_the_span_before_a_suffix_is_no_name():
    assert _parties("他主要负责公司的海外业务。") == []
    assert _parties("她去年成立公司并开始出口。") == []
    assert _parties("我们公司今年扩大了产能。") == []


def test_a_span_cut_by_the_name_window_mid_clause_is_no_name():
    assert _parties("他们计划通过建设大型先进新能源技术研究转化应用示范中心推动合作。") == []


def test_a_dateline_stop_does_not_cut_a_name_beginning_with_dian():
    assert ("中电装备公司", "CN", "chinese") in _parties("新华社北京5月1日电中电装备公司与埃及签约。")
    assert _parties("中电装备公司扩大产能。") == [("中电装备公司", "CN", "chinese")]


def test_ordinary_chinese_names_are_kept():
    assert _parties("宁波舟山港集团扩建码头。") == [("宁波舟山港集团", "CN", "chinese")]
    assert [p[0] for p in _parties("正泰集团与有色金属集团签约。")] == ["正泰集团", "有色金属集团"]


def test_a_name_stops_at_a_full_stop_missing_its_space():
    text = "She spoke at the Council on Lakeside Trade.Next week the talks resume."
    assert [p[0] for p in _parties(text)] == ["Council on Lakeside Trade"]
    assert [p[0] for p in _parties("Orchard Holdings Co.Ltd signed the deal.")] == ["Orchard Holdings Co.Ltd"]


def _canonical(text: str) -> list[str]:
    return [p.canonical_name for p in find_partners(text, find_places(text)).partners]


def test_a_numbered_subsidiary_is_not_its_parent_alias():
    assert _canonical("China Railway Seventh Group signed the contract.") == ["China Railway Seventh Group"]
    assert _canonical("China Railway No. 4 Group won the tender.") == ["China Railway No. 4 Group"]
    assert _canonical("中国中铁三局集团中标。") == ["中国中铁三局集团"]


def test_the_alias_itself_and_a_number_of_units_still_match():
    assert _canonical("China Railway opened the line.") == ["China State Railway Group"]
    assert _canonical("China Railway 12 km of track were laid.") == ["China State Railway Group"]


def test_a_suffix_character_beginning_another_word_ends_no_name():
    assert _parties("两国关系不受国际局势变化影响。") == []
    assert _parties("沙特电力局发布消息。") == [("沙特电力局", "SA", "foreign")]


def test_a_person_after_a_name_s_head_word_is_not_part_of_the_name():
    assert _parties("He visited Lakeview University President Omar Bello on Monday.")[0][0] == "Lakeview University"
    assert _parties("The Lakeside Commerce Ministry Wang Ping met the visitors.")[0][0] == "Lakeside Commerce Ministry"


def test_a_title_after_of_or_a_surname_word_inside_a_name_stays():
    assert _parties("The Office of the President said so.")[0][0] == "Office of the President"
    assert _parties("Lakeside Bank Uganda Limited lent the money.")[0][0] == "Lakeside Bank Uganda Limited"


def test_an_honorific_after_and_begins_a_person():
    text = "The deal was signed by the Ministry of Finance of Lakeland and Mr. Wu Ping."
    assert "Ministry of Finance of Lakeland" in [p[0] for p in _parties(text)]


def test_general_after_a_title_inside_a_name_stays():
    assert _parties("Lakeland's Office of the Auditor General said so.")[0][0] == "Lakeland's Office of the Auditor General"


def test_the_asian_development_bank_is_an_international_body():
    assert _canonical("亚洲开发银行提供贷款。") == ["Asian Development Bank"]
    assert [p[1] for p in _parties("亚洲开发银行提供贷款。")] == [None]
    assert [p[1:] for p in _parties("东盟秘书处发布报告。")] == [(None, None)]


def test_an_international_body_is_no_one_s_and_a_city_after_its_province_hosts():
    from transforms.extract import extract_article
    events = extract_article("上海合作组织成员国元首理事会会议昨天在浙江宁波举行。", language="zh").events
    assert [(p.canonical_name, p.country, p.role) for p in events[0].partners] == [
        ("Shanghai Cooperation Organisation", None, "participant"), ("Ningbo", "CN", "host")]


def test_an_adverb_before_a_suffix_used_as_a_verb_leaves_no_name():
    assert _parties("主办方精心组织了这次展览。") == []
    assert _parties("俄方经常组织培训。") == []


def test_a_measure_word_opens_a_count_not_a_name():
    assert _parties("会议吸引了30个国际组织参加。") == []


def test_a_numeral_before_a_measure_word_opens_a_count():
    assert _parties("多家公司参加了展会。") == []
    assert _parties("三所大学参加了论坛。") == []
    assert _parties("全国5万家企业参加。") == []


def test_a_measure_word_character_without_a_numeral_begins_a_name():
    assert _parties("家乐福公司与中国企业签署协议。")[0][0] == "家乐福公司"
    assert _parties("家得宝公司宣布扩大采购。") == [("家得宝公司", "CN", "chinese")]
    assert _parties("万家乐公司宣布扩大产能。") == [("万家乐公司", "CN", "chinese")]


def test_american_states_written_with_e_are_not_russia():
    assert _parties("俄亥俄州立大学与中国企业签署协议。")[0] == ("俄亥俄州立大学", "US", "foreign")
    assert _parties("俄勒冈大学发布报告。") == [("俄勒冈大学", "US", "foreign")]
    assert _parties("俄克拉何马州立大学发布报告。") == [("俄克拉何马州立大学", "US", "foreign")]
    assert _parties("俄铝集团扩大产能。") == [("俄铝集团", "RU", "foreign")]
