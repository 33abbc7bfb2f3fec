"""What a careful reader of real news found wrong, as specifications over sentences we wrote in the same style.

Each row is a pattern seen in the Chinese BRI energy news, the digital silk road articles or the raw news pages:
a word in a name, a title or a measure that names no sector, and figures that are aims, counts or rankings rather
than money an event moves. The sentences are ours; only the patterns carry over.
"""

from __future__ import annotations

import pytest

from transforms.amounts import find_amounts
from transforms.sectors import sector_set


@pytest.mark.parametrize(("language", "text", "expected"), [
    # a company's name is not its deal's sector: an import-export firm building a solar plant is an energy deal
    ("zh", "由中国机械进出口有限公司投资兴建的光伏电站投入运营。", {"energy"}),
    ("zh", "一家纺织品进出口公司与当地政府签约建设水电站。", {"energy", "manufacturing"}),
    # an NEV maker is manufacturing, however much 能源 its description holds
    ("zh", "该国政府与中国新能源车企签署框架协议。", {"manufacturing"}),
    ("zh", "当地新能源车辆销量翻番。", {"manufacturing"}),
    # a speaker's title (minister of science and technology, of energy and mines) names a ministry, not the deal
    ("zh", "该国创新与科技部部长说，风电站是两国合作的重点项目。", {"energy"}),
    ("zh", "能源矿产部部长在采访中表示，欢迎中国企业投资铁路。", {"transport_logistics"}),
    ("zh", "某某财经大学金融学院院长表示，光伏合作前景广阔。", {"energy"}),
    ("en", "The minister of energy and mines praised the new highway.", {"transport_logistics"}),
    ("en", "Speaking to reporters, the mines minister welcomed the hospital project.", {"health"}),
    # measures and descriptions: an area 'the size of 300 football fields', 'the port city of X'
    ("zh", "电站占地约550公顷，约合770个标准足球场。", {"energy"}),
    ("zh", "风电场坐落在南部港口城市附近。", {"energy"}),
    ("en", "The solar farm covers an area the size of 300 football fields.", {"energy"}),
    ("en", "Two solar parks and three solar farms were connected to the grid.", {"energy"}),
    ("en", "The wind farm stands near the port city of Taranto.", {"energy"}),
    ("en", "The new container terminal will double the port's capacity.", {"transport_logistics"}),
    # lithium-ion batteries are made in factories, not mined
    ("en", "The partners will build a lithium-ion battery plant.", {"manufacturing"}),
    ("en", "The company opened a lithium mine.", {"metals_mining"}),
    # academics are people; academic exchanges are education
    ("en", "The association gathers experts, scholars and academics from many fields.", set()),
    ("en", "The universities agreed on academic exchanges.", {"education"}),
])
def test_names_titles_and_measures_in_real_news_name_no_sector(language, text, expected):
    assert sector_set(text, language) == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    # 国家电力 (a national power company) and 国家电投 (SPIC) hold 家电 (home appliances) across the word edge
    ("zh", "该国国家电力公司与中国企业签署购电协议。", {"energy"}),
    ("zh", "国家电投参与投资的风电场并网。", {"energy"}),
    ("zh", "国家电影局与外方签署合拍协议。", {"culture_tourism"}),
    ("zh", "据该国国家电视台报道，两国签署了协议。", set()),
    ("zh", "家电企业在当地设厂。", {"manufacturing"}),
    # 中海关系 (China–GCC relations) holds 海关 (customs); the customs system itself is trade
    ("zh", "中海关系不断深化，双方同意推进合作。", set()),
    ("zh", "两国海关系统推进数据互换。", {"trade"}),
    # 能建 (Energy China) and 电建 (PowerChina) are company names, not the tail of 可能/产能 or 变电
    ("zh", "双方可能建立联合工作组。", set()),
    ("zh", "该厂年产能建设目标为十万吨钢材。", {"metals_mining"}),
    ("zh", "中国能建承建的风电项目开工。", {"energy", "construction_real_estate"}),
    ("zh", "输变电建设项目顺利推进。", {"energy"}),
    ("zh", "中方为8个城市升级改造中低压配电网。", {"energy"}),
    # the non-oil economy is the rest of an economy, not oil
    ("zh", "该国非石油经济部门增长强劲。", set()),
    ("en", "The non-oil sector grew strongly last year.", set()),
    ("en", "The refinery will process crude oil from the field.", {"energy"}),
    # words that look like a sector in other senses
    ("en", "The exoskeleton is made of carbon fibre.", {"manufacturing"}),
    ("en", "Carbon emissions will fall.", {"environment"}),
    ("en", "The skater won an Olympic gold medal.", set()),
    ("en", "Of the new imported cases, three were found in Guangzhou.", set()),
    ("en", "Imported grain rose by a fifth.", {"trade", "agriculture"}),
    ("en", "The party is banking on foreign support.", set()),
    ("en", "The Electoral College meets in December.", set()),
    ("en", "The college will train nurses.", {"education", "health"}),
    ("en", "China will help train 500 local technicians.", set()),
    ("en", "The first freight train left Chongqing for Hanoi.", {"transport_logistics"}),
    ("en", "Passengers can now take the train from Vientiane.", {"transport_logistics"}),
    # an AI or start-up ecosystem is technology; a marine ecosystem is environment
    ("en", "The partners will grow the country's AI ecosystem.", {"technology"}),
    ("en", "The reserve protects a fragile marine ecosystem.", {"environment"}),
])
def test_words_across_word_edges_and_in_other_senses(language, text, expected):
    assert sector_set(text, language) == expected


def money(text: str, language: str) -> list[tuple]:
    return [(a.value, a.currency, a.kind, a.counted) for a in find_amounts(text, language)]


@pytest.mark.parametrize(("language", "text", "expected"), [
    # Malaysian and Philippine English write mil and bil straight after the figure
    ("en", "Washington will also provide US$3.3mil (RM14.5mil) in technical assistance to the institute.",
     [(3.3e6, "USD", "grant", True), (14.5e6, "MYR", "grant", False)]),
    ("en", "The firm won a RM1.2bil order for rail coaches.", [(1.2e9, "MYR", "contract_value", True)]),
    ("en", "The consortium signed a RM2.5bil contract for the highway.", [(2.5e9, "MYR", "contract_value", True)]),
    ("en", "The bank extended a US$400mil loan for the dam.", [(4e8, "USD", "loan", True)]),
    # Spanish and Portuguese mil stays a thousand in their own texts
    ("es", "El banco concedió un préstamo de 50 mil dólares.", [(5e4, "USD", "loan", True)]),
    ("pt", "O governo recebeu uma doação de 300 mil reais.", [(3e5, "BRL", "grant", True)]),
])
def test_mil_and_bil_are_million_and_billion_in_english(language, text, expected):
    assert money(text, language) == expected


@pytest.mark.parametrize(("language", "text"), [
    # 力争 (strive to) names an aim: a target, not money that moved
    ("zh", "双方正采取措施促进双边贸易额增长，力争到2025年达到3000亿美元。"),
    ("zh", "两国力争在五年内实现投资额500亿元。"),
    # counted goods are no money, even when billions of them are aid
    ("en", "China has provided assistance to 150 countries and exported over 179 billion masks."),
    ("en", "The donation included 2 million test kits and 1.5 million protective suits."),
    ("en", "The programme trained 3 million workers and planted 10 million trees with aid funds."),
    # a ranking describes the size of an economy or a market
    ("en", "China's digital economy is among the largest, ranking second globally in 2021 at US$7.1 trillion."),
    ("en", "The country's market ranked third in the region at $40 billion."),
])
def test_aims_counts_and_rankings_are_not_event_money(language, text):
    assert money(text, language) == []


@pytest.mark.parametrize(("language", "text"), [
    # statistics of a period: a year-on-year change, an average, a budget
    ("en", "Retail sales climbed 4.3 percent year on year to 3.86 trillion yuan last month."),
    ("en", "Each household received 2,500 yuan on average from the cooperative."),
    ("zh", "今年前8个月双边贸易额同比增长21.7%达到537.6亿美元。"),
    ("zh", "该项目光设备预算就将近3.5亿美元。"),
    ("zh", "合作社社员平均每人增收3000元。"),
    # a fine, a net worth, a balance sheet describe a party, not a tie
    ("en", "The regulator imposed a $98 million fine on the platform."),
    ("en", "Regulators levied penalties of $27 million on the firm."),
    ("en", "The founder's net worth fell to $16 billion."),
    ("en", "The shipbuilder is a state-owned group with $120 billion in assets."),
    ("zh", "监管部门对该公司处以1亿元罚款。"),
])
def test_statistics_fines_and_balance_sheets_are_not_event_money(language, text):
    assert money(text, language) == []


@pytest.mark.parametrize(("language", "text", "expected"), [
    # a deal cue in the same clause outranks the background word
    ("en", "The bank signed a $500 million loan, its largest this year, on average terms.",
     [(5e8, "USD", "loan", True)]),
    ("en", "The group, with $120 billion in assets, signed a $2 billion deal.", [(2e9, "USD", "contract_value", True)]),
    ("zh", "中方提供20亿元人民币无偿援助。", [(2e9, "CNY", "grant", True)]),
])
def test_deal_money_beside_background_words_stays(language, text, expected):
    assert money(text, language) == expected


@pytest.mark.parametrize(("language", "text"), [
    # a running stock of investment is no event's money
    ("zh", "二十年来，该集团在当地累计投资300多亿美元。"),
    ("zh", "中国累计对该国投资近400亿美元。"),
    ("en", "Cumulative investment by Chinese firms in the country reached $12 billion."),
    # turnover, trading volume, benefits, losses, savings and taxes describe an economy or a firm, not a tie
    ("zh", "咨询公司预计，海湾国家电商营业总额将达到290亿美元。"),
    ("zh", "去年人民币对卢布即期交易量达117亿元人民币。"),
    ("zh", "该计划将在今后30年带来410亿美元的净收益。"),
    ("zh", "干旱每年给该地区带来70亿美元经济损失。"),
    ("zh", "新航线每年可为项目节省4600万美元运输成本。"),
    ("zh", "园区企业累计缴纳税费近2亿美元。"),
    # a market's size, a valuation, income and output describe an economy
    ("en", "The region's $164 billion annual market for telecoms keeps growing."),
    ("en", "The startup topped a US$1bil valuation."),
    ("en", "The village earned a gross income of more than 19 million yuan from tourism."),
    ("en", "The town's output in 2018 hit 4.55 billion yuan."),
    ("zh", "报告认为，该地区微型光伏发电市场2030年价值将达1280亿美元。"),
])
def test_running_stocks_and_a_firms_accounts_are_not_event_money(language, text):
    assert money(text, language) == []


@pytest.mark.parametrize(("language", "text", "expected"), [
    # 协议 (an agreement) names a deal's value, as 'agreement' does in English; 增资 (a capital increase) is investment
    ("zh", "两家公司签署一揽子200亿元人民币的合作协议。", [(2e10, "CNY", "contract_value", True)]),
    ("zh", "双方达成一项100亿美元的炼化项目协议。", [(1e10, "USD", "contract_value", True)]),
    ("zh", "双方签署5亿美元贷款协议。", [(5e8, "USD", "loan", True)]),
    ("zh", "该企业宣布未来五年将在华增资4.5亿欧元。", [(4.5e8, "EUR", "investment", True)]),
    # a deal cue in the clause outranks a market word
    ("en", "In 2021, Huawei committed to pumping $15 million into the region's cloud computing market.",
     [(1.5e7, "USD", "investment", True)]),
    ("zh", "该公司在东南亚市场签下10亿美元订单。", [(1e9, "USD", "contract_value", True)]),
    # an expo's running tally of intended deals is that event's money
    ("zh", "博览会闭幕，累计意向成交578.3亿美元。", [(5.783e10, "USD", "contract_value", True)]),
])
def test_chinese_deal_words_give_the_kind(language, text, expected):
    assert [(pytest.approx(v), c, k, n) for v, c, k, n in money(text, language)] == expected


def test_a_figure_beside_a_ranking_clause_with_a_deal_cue_stays_money():
    text = "The firm, ranked among the top ten builders, signed a contract worth $300 million."
    assert money(text, "en") == [(3e8, "USD", "contract_value", True)]
