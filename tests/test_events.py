"""Events: sentence-level triggers in seven languages, precedence, plans, merging, dates, places and the China tie.

These tests feed ``detect_events`` the partners found by ``partners.find_partners`` and hand-made places, dates and
amounts (so they pin the event rules alone; tests/test_extract.py runs the whole stage).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.chinese import simplified_chinese
from transforms.dates import DateMention
from transforms.dates import lower_same_length
from transforms.events import detect_events
from transforms.gazetteer import Place, PlaceMatch
from transforms.model import AmountMention
from transforms.partners import find_partners, main_parties
from transforms.sentences import sentence_spans


def _at(text: str, surface: str, occurrence: int = 0) -> int:
    return [m.start() for m in re.finditer(re.escape(surface), text)][occurrence]


def place(text, surface, name, kind, country, occurrence=0):
    start = _at(text, surface, occurrence)
    return PlaceMatch(start, start + len(surface), surface, Place(f"t:{name}", name, kind, country, "", 1.5, 2.5, 0),
                      False)


def date(text, surface, value, precision="day"):
    start = _at(text, surface)
    return DateMention(start, start + len(surface), surface, value, precision, False)


def amount(text, surface, value, currency):
    start = _at(text, surface)
    return AmountMention(value=value, currency=currency, kind="loan", surface=surface, start=start,
                         end=start + len(surface))


def detect(text, places=(), dates=(), amounts=(), published=None, language=None):
    sentences = sentence_spans(text)
    folded = lower_same_length(text)
    scan = find_partners(text, list(places), language, folded=folded)
    return detect_events(
        text, sentences, folded=folded, partners=scan.partners, locations=scan.locations,
        destinations=scan.destinations, amounts=list(amounts), dates=list(dates), sectors=[], published=published,
        main_parties=main_parties(sentences, scan.partners), language=language,
        china_in_article=any(p.place.country == "CN" for p in places),
    )


def brief(detection):
    return [(e.event_type, [(p.canonical_name, p.role) for p in e.partners]) for e in detection.events]


# --- one sentence in, its event types out (in the order detect_events gives them) ---------------------------------

EVENT_TYPES = {  # what the sentences show: [(language, sentence, event types)]
    "talks held during a visit are part of the visit": [
        ("en",
         "Chinese President Xi Jinping held talks with Abdel Fattah al-Sisi during his state visit to Cairo.", ["visit"]),
    ],
    "takeovers and currency swaps": [
        ("de", "Midea kündigte am Mittwoch ein Übernahmeangebot für den chinesischen Markt an.", ["investment"]),
        ("en", "The People's Bank of China expanded its currency swap line with Mongolia.", ["finance"]),
    ],
    "aid handed over is finance and a medical team sent is other": [
        ("en", "On 9 June 2011 Beijing handed over antibiotics worth 2 million yuan to Eritrea.", ["finance"]),
        ("en", "China sent its 12th medical team to Burundi.", ["other"]),
        ("en", "The Chinese council approved new members and their materials.", []),
    ],
    "police cooperation is not crime news": [
        ("en", "China and Solomon Islands signed an agreement on police cooperation.", ["agreement"]),
    ],
    "other gives way to a named type in the same sentence": [
        ("en",
         "The Lisbon association of experts signed a cooperation protocol with the Portugal-China Chamber.", ["agreement"]),
    ],
    "in kind gifts debt write offs and courses held": [
        ("en", "A donation ceremony for computers from the Chinese embassy was held at the ministry.", ["finance"]),
        ("en", "China wrote off 22 million dollars of debt owed by Mozambique.", ["finance"]),
        ("en", "A training course for Lesotho officials was held in Harbin, China.", ["other"]),
        ("en", "The Chinese-built hospital in Kigali was completed in 2012.", ["investment"]),
    ],
    "the signed document of a contract is the contract": [
        ("ru",
         "Газпром и CNPC подписали контракт на поставку газа.\nДокумент подписали глава Газпрома и "
         "председатель CNPC.", ["contract"]),
    ],
    "aid committed or a donation to someone is finance": [
        ("en", "In 2014 China commits to donate medical supplies to Togo to fight Ebola.", ["finance"]),
        ("en", "In 2016, China pledged to assist Vanuatu in putting wind turbines on two outer islands.", ["finance"]),
        ("en",
         "In 2013 the Chinese Ministry of Commerce made a further printer donation to a Botswanan "
         "agency.", ["finance"]),
        ("en",
         "On May 4th, 2008, the Chinese ambassador gave the cultural centre televisions and bicycles.", ["finance"]),
    ],
    "a signed order or supply agreement is a contract not an agreement": [
        ("en", "QatarEnergy signed a 27-year agreement on Monday to supply China's Sinopec with LNG.", ["contract"]),
        ("fr", "China Aviation Supplies a signé lundi une commande de 300 avions Airbus.", ["contract"]),
        ("ar", "وقعت قطر للطاقة اتفاقية بيع وشراء مع شركة سينوبك الصينية.", ["contract"]),
        # a cooperation agreement stays an agreement
        ("en", "China and Chile signed an agreement on cooperation in agriculture.", ["agreement"]),
    ],
    "goods ordered from a chinese maker are a contract": [
        ("de", "BMW hat bei CATL Batteriezellen im Wert von vier Milliarden Euro bestellt.", ["contract"]),
        ("en", "Air China placed an order for 20 Airbus A350 jets.", ["contract"]),
    ],
    "a trip at a hosts invitation is a visit and its meeting part of it": [
        ("pt", "O encontro aconteceu em Hangzhou, na China, a que Xanana assistiu a convite de Pequim.", ["visit"]),
        ("en", "At the invitation of President Xi Jinping, President Biya paid a state visit to China.", ["visit"]),
    ],
    "aid from china told by analysts and chinese state media name china": [
        ("en",
         "A brick kiln near Kumasi was constructed with Chinese state assistance.", ["finance"]),
        ("en", "Beijing assisted with the construction of the fire station in Gaborone.", ["finance"]),
        ("en", "On December 28, 2004, China approved an export credit to Cuba for farm machinery.", ["finance"]),
        ("en",
         "In 2008 the first batch of humanitarian aid was shipped to Jordan by the Chinese government.", ["finance"]),
        ("en", "In 2012, Xinhua News Agency donated three cameras to a radio station in Honiara.", ["finance"]),
    ],
    "agreeing to study or discuss a deal is no agreement": [
        ("en", "China and Fiji agreed to work on a feasibility study for a free trade agreement.", []),
        ("en", "The ministers of China and Samoa agreed to keep discussing the draft vision.", []),
        # agreeing to the deal itself still is one
        ("en", "China and Fiji agreed to cut tariffs on fish.", ["agreement"]),
    ],
    "an inauguration opens the facility not a summit named beside it": [
        ("es",
         "Los presidentes de China y del Perú inauguraron el terminal portuario de Chancay en la antesala de "
         "la cumbre de APEC.", ["investment"]),
        # a summit inaugurated is still a meeting
        ("es", "Los presidentes de China y del Perú inauguraron la cumbre de APEC en Lima.", ["meeting"]),
    ],
    "visitors of a fair are no visit and a named fair opened is a fair": [
        # "Besucher" starts with the visit stem "besuch*" at the same place: the longer word is no trigger
        ("de", "Die Messe in Hannover mit China als Partnerland erwartet mehr als 200.000 Besucher.", []),
        ("de", "Li Keqiang besuchte Hannover, China und Deutschland.", ["visit"]),
        ("de", "Merkel und der chinesische Vizepremier haben in Hannover die CeBIT eröffnet.", ["trade_fair"]),
    ],
    "a french conclusion stem does not sign a portuguese completion": [
        ("pt", "Construída pela China Gezhouba, a central será a maior do país quando estiver concluída.", []),
        ("fr", "La Chine et le Sénégal ont conclu un accord de coopération.", ["agreement"]),
    ],
    "a foundation stone laid for a hydro plant is an investment and a protocol of intent an mou": [
        ("pt",
         "O Presidente lançou a primeira pedra do aproveitamento hidroeléctrico construído pela China "
         "Gezhouba.", ["investment"]),
        ("pt", "A BYD assinou um protocolo de intenções com a Bahia.", ["mou"]),
    ],
    "a spanish award with words between is a contract": [
        ("es",
         "La Empresa Metro de Bogotá adjudicó este mes la construcción del metro a China Harbour Engineering "
         "Company.", ["contract"]),
    ],
    "foreign invested projects signed are an investment": [
        ("zh", "开幕当天，福建省举行签约仪式，一批外资项目在厦门集中签约，中国客商参加。", ["investment"]),
    ],
    "a pledge to build fund or provide is aid given": [
        ("en", "In 2013 the Chinese side pledged to build three village clinics near Bo.", ["finance"]),
        ("en", "In 2007 China promised to fund a new hospital in Gagnoa.", ["finance"]),
        ("en", "In 2010 China committed to help Tonga build a covered fish market.", ["finance"]),
        ("en", "A cassava factory was set up in Gabon with an interest free loan from China.", ["finance"]),
        ("en", "In July 2011 a batch of anti-malaria drugs was given by the Chinese government to Congo.", ["finance"]),
    ],
    "experts or teachers sent are assistance": [
        ("en", "On 3 March 2012, China sent a team of irrigation specialists to Niger.", ["other"]),
        ("en",
         "In 2014, the Chinese Embassy assigned three Chinese language teachers to a high school in Apia.", ["other"]),
    ],
    "according to is no french accord": [
        ("en", "According to the embassy, China donated computers to the ministry in Suva.", ["finance"]),
    ],
    "a facility given or promised is aid and a building started is an investment": [
        ("en", "Local papers say the Chinese donated a vocational school to Togo in 2012.", ["finance"]),
        ("en", "China promised Djibouti a new library in 2014.", ["finance"]),
        ("en", "In June 2011 China began the renovation of a sports hall in Bulawayo.", ["investment"]),
        ("en", "In September 2016 the cornerstone was laid for a Chinese-funded clinic in Massawa.", ["investment"]),
        # projects or roads offered to investors are no gift
        ("en", "China offered a list of projects in agriculture, but no figures were given.", []),
    ],
    "notes or letters exchanged are an agreement": [
        ("en", "In 2016 China and Tonga exchanged letters about solar street lamps.", ["agreement"]),
    ],
    "a demining team sent is assistance and a school established an investment": [
        ("en", "In March 2010, China sent a 106-member demining team to the DRC.", ["other"]),
        ("en", "In December 2009 the Chinese embassy established a school in Addis Ababa.", ["investment"]),
    ],
    "chinese doctors arriving are assistance even after an earthquake": [
        ("en", "In 2013, eight Chinese doctors arrived at a hospital in Lome.", ["other"]),
        ("en", "In February 2004, a Chinese medical team began rescue work after the earthquake in Bam.", ["other"]),
        # a match report stays sport news
        ("en", "The Chinese striker signed for the club before the football championship.", []),
    ],
    "the construction china supported is aid but a building it funded long ago no gift": [
        ("en", "In May 2014, China supported the construction of a teacher training centre in Niamey.", ["finance"]),
        ("en", "The Overseas Investment Office later gave its consent to the Chinese buyer.", []),
    ],
    "peacekeepers pledged and a palace renovated or a centre founded": [
        ("en", "In 2013 the Chinese government pledged to send 140 policewomen to Monrovia.", ["finance"]),
        ("en", "In 2015 China sent a third batch of peace-keepers to South Sudan.", ["other"]),
        ("en", "China has renovated the old governor's palace in Mutsamudu.", ["investment"]),
        ("en", "A Chinese vocational training center was founded in Kigali on 14 March 2012.", ["investment"]),
    ],
    "debt cancelled exempted or rescheduled is finance": [
        ("en", "In 2007 the Chinese government cancelled 90 million yuan of debt owed by Benin.", ["finance"]),
        ("en", "Beijing announced an exemption of the debts owed by Togo at the close of 2009.", ["finance"]),
        ("en", "In 2015 Beijing rescheduled the debt Zambia owed to Chinese lenders.", ["finance"]),
        # debt with no relief is no event
        ("en", "China's debt grew faster than its economy in 2019.", []),
    ],
    "a facility built by a finite verb is given but a participle only describes it": [
        ("en", "China built the new parliament building in Lilongwe.", ["finance"]),
        ("en", "A secondary school in Mwanza has been constructed using Chinese grant aid.", ["finance"]),
        ("en", "In 2009 China funded and constructed a hospital in Lusaka.", ["finance"]),
        # "a stadium built with Chinese funding" describes the stadium a visit story passes through
        ("en", "The minister spoke at the national stadium built with Chinese funding.", []),
    ],
    "who paid told in a finite passive is aid but not a reduced relative": [
        ("en", "The new clinic in Kara was funded by China and opened in May.", ["finance"]),
        ("en", "Leaders gathered in the conference hall, a building funded by China.", []),
    ],
    "an agreement made, agreed upon or entered into": [
        ("en", "In 2005 China and Cape Verde agreed upon the construction of a stadium in Praia.", ["agreement"]),
        ("en", "In 2008 China and Burundi made an agreement on a new hospital in Bujumbura.", ["agreement"]),
        ("en", "In December the Chinese oil company CNPC entered into an agreement with Juba.", ["agreement"]),
    ],
    "people sent to serve or to be trained are assistance": [
        ("en", "In July 2009 a group of Chinese doctors left for Freetown.", ["other"]),
        ("en", "Chinese peacekeepers were deployed near Juba in 2013.", ["other"]),
        ("en", "In 2007 a Chinese city recruited ten youth volunteers for the hospital in Victoria.", ["other"]),
        ("en", "In 2006 China sent twenty engineers to Accra.", ["other"]),
        ("en", "Every year thirty officials from Lilongwe receive training in China.", ["other"]),
        ("en", "In 2009 ten students from Windhoek were sent to study fisheries at a Chinese university.", ["other"]),
        ("en", "Some 90 nurses went to China in 2005 to be trained in surgery.", ["other"]),
        ("en", "In April 2013 Chinese peacekeepers constructed training centres in Wau.", ["other"]),
        ("en", "On 8 September 2010 China trained two officials from Port Louis in Shanghai.", ["other"]),
        ("en", "In 2009 eleven engineers from Windhoek underwent training in space science in China.", ["other"]),
        ("en", "In 2014 a 17-strong team of Chinese doctors were working in clinics on Unguja.", ["other"]),
        ("en", "The team consisted of 15 Chinese doctors and it left on 14 January 2007.", ["other"]),
        # working, or being experts in something, is no aid sent
        ("en", "Chinese experts working on the report said prices would rise.", []),
        ("en", "After years at the farm, the Chinese workers have become experts in pest control.", []),
    ],
    "experts helping to build, a donation from China, aid shipped, a restoration begun, a sum in renminbi": [
        ("en", "In 2012 Chinese rice experts helped build four demonstration plots in Gabu.", ["other"]),
        ("en", "The amount of $80,000 was a donation from China's government toward the library in Maseru.", ["finance"]),
        ("en", "In December 2000 a plane from China carried a shipment of humanitarian aid to Kabul.", ["finance"]),
        ("en", "China and Benin marked the beginning of the restoration work on the old town hall.", ["investment"]),
        # a sum in renminbi names China as the giver
        ("en", "The medical team donated drugs worth 100,000 RMB to the hospital in Accra.", ["finance"]),
    ],
    "a study visit is a visit": [
        ("en", "In 2004 six journalists from Luanda left for China on a study visit.", ["visit"]),
    ],
    "a team dispatched to serve is assistance; a team that travels, or at work at home, is not": [
        ("en", "The Chinese team was dispatched to Lilongwe in June 2013.", ["other"]),
        ("en", "The Chinese research team announced its results on Monday.", []),
        ("en", "The Chinese national football team left for Doha on 3 May 2019 to play Qatar.", []),
        ("en", "A team of Chinese tourists arrived at the Louvre on 3 May 2019.", []),
    ],
    "a college expanded, an institute unveiled and documents exchanged": [
        ("en", "In 2006 China launched a project to expand a teachers' college in Bujumbura.", ["investment"]),
        ("en", "The unveiling ceremony for a new Confucius Institute in Kandy took place on 5 June 2015.", ["investment"]),
        ("en", "Documents were exchanged between Samoa and the Chinese embassy on 2 March 2016.", ["agreement"]),
    ],
    "funding arranged, a project committed and a first stone laid": [
        ("en", "In July 2013 Abuja arranged funding from the Export-Import Bank of China for the road.", ["finance"]),
        ("en", "This Chinese project was committed in 2012.", ["finance"]),
        ("en", "The rice mill of a Chinese firm had its first stone laid on 4 May 2011.", ["investment"]),
    ],
    "aid pledged by promising that it would give is aid, but a signing so told stays a plan": [
        ("en", "In 2019 Beijing pledged that it would donate ambulances to the clinic in Tarija.",
         ["finance"]),
        ("en", "China and Peru agreed that they would sign a trade agreement next year.", []),
        # saying it would give is still a plan
        ("en", "Beijing said that it would donate ambulances to the clinic in Tarija.", []),
    ],
    "a technical cooperation project started is assistance, any other project started is not": [
        ("en", "In 2012 China and Togo started a rice technical cooperation project near Lome.", ["other"]),
        ("fr", "Le projet de coopération technique sino-malien a été lancé à Bamako en 2010.", ["other"]),
        ("es", "China y Bolivia iniciaron en 2011 un proyecto de cooperación técnica en La Paz.", ["other"]),
        ("en", "She started a new project at the Chinese university.", []),
        ("en", "Chinese engineers started testing the new chip in Shenzhen.", []),
    ],
    "lending or aid told by what it paid for, a gift, aid handed out or rendered": [
        ("en", "The road to Kasama was rebuilt with a loan from the Export-Import Bank of China.", ["finance"]),
        ("es", "El hospital de Chimaltenango se construyó con un préstamo del Banco de Desarrollo de China.",
         ["finance"]),
        ("en", "A Chinese state bank helped finance the new ferry terminal in Dar es Salaam.", ["finance"]),
        ("en", "Two ferries reached the Comoros in 2003 as a gift of the Chinese people.", ["finance"]),
        ("en", "In January 2014 the Chinese ambassador attended a ceremony to distribute aid to returning refugees "
               "in Gitega.", ["finance"]),
        ("en", "Volunteers distributed blankets from China to families in Kabul.", ["finance"]),
        ("en", "The Chinese embassy has rendered assistance to flood victims in Malawi.", ["finance"]),
        # what a storm renders useless, donations pouring in, a ceremony's guests, an award received: no aid given
        ("en", "The storm rendered the Chinese-made equipment useless.", []),
        ("en", "Donations poured in after the flood in Texas, China's consulate said.", []),
        ("en", "The Chinese ceremony was attended by 300 guests.", []),
        ("en", "The Chinese company received an award.", []),
    ],
    "investment projects launched, peace-keeping forces deployed and cultural troupes sent": [
        ("en", "A Chinese rice grower launched two investment projects near Xai-Xai in Mozambique.", ["investment"]),
        ("en", "Chinese officials discussed several investment projects in Lusaka.", []),
        ("en", "In 2011 China deployed its seventh peace-keeping force to Darfur.", ["other"]),
        ("en", "China sent two cultural troupes to Port Louis in 2012.", ["other"]),
    ],
    "wells a government helped drill are given and experts helping set up a farm are assistance": [
        ("en", "In 2012 the Chinese government helped drill 40 water wells in Darfur.", ["finance"]),
        ("en", "In 2011 Chinese agronomists helped set up a demonstration farm near Lilongwe.", ["other"]),
        ("en", "In 2009 Chinese rice experts helped establish a training centre near Toamasina.", ["other"]),
        ("en", "The rain helped set up a great match for the Chinese team.", []),
    ],
    "a place visited by someone is described, a place that was visited by someone had a visit": [
        ("en", "The new port lies near a naval base visited by Chinese ships.", []),
        ("en", "The port of Haifa was visited by the Chinese ambassador in May.", ["visit"]),
    ],
    "russian words with several endings: a plant commissioned, a currency swap, a fair attended, a gift handed over": [
        ("ru", "В мае в Минске введена в эксплуатацию фабрика китайской компании.", ["investment"]),
        ("ru", "Банк России и Народный банк Китая заключили соглашение о валютном свопе.", ["finance", "agreement"]),
        ("ru", "Китайская компания Huawei приняла участие в выставке в Москве.", ["trade_fair"]),
        ("ru", "Китай передал в дар Белоруссии сто автобусов.", ["finance"]),
    ],
    "ordinary news told with words of help, loans and giving is no aid (sport, weather, a transfer, a budget, a plan)": [
        ("en", "The US Congress set aside $52 billion to help chipmakers compete with China.", []),
        ("en", "Kenya set aside 5 billion shillings for drought relief, the ministry said, as Chinese tourists "
               "returned to Nairobi.", []),
        ("en", "Beijing set aside 1 billion yuan to subsidise purchases of electric cars.", []),
        ("en", "Chinese striker Wu Lei helped set up the equaliser for Espanyol at the stadium in Barcelona on "
               "Sunday.", []),
        ("en", "The Chinese-born architect helped establish the museum in Paris in 1989.", []),
        ("en", "Chinese volunteers helped rebuild the church in Florence after the floods.", []),
        ("en", "The Chinese billionaire helped fund the new stadium of the Italian club in Milan.", []),
        ("en", "Two Chinese tourists rendered assistance to an injured hiker in the Swiss Alps.", []),
        ("en", "Heavy snow blankets Harbin as the city provided free bus rides to residents.", []),
        ("en", "The Chinese club signed the Brazilian striker with a loan from Benfica until June.", []),
        ("fr", "Le milieu chinois a rejoint Nantes au moyen d'un prêt de Shanghai Shenhua.", []),
        ("de", "Der chinesische Nationalspieler wechselte mit einem Kredit der Eltern nach Berlin.", []),
        ("en", "Tencent is set to invest $500 million in a new gaming studio in Shenzhen.", []),
        ("en", "Heavy snow blankets the Chinese city of Harbin as the city provided free bus rides to residents.", []),
    ],
    "a loan told by its means is lending when the sentence tells what it built or carried out; aid handed out": [
        ("pt", "O hospital de Maputo foi reconstruído com um empréstimo da China.", ["finance"]),
        ("en", "The water project in Kitwe was implemented through a loan from China Exim Bank.", ["finance"]),
        ("en", "In 2013 China agreed to pay for the construction of a port in Lamu through a loan from a Chinese bank.",
         ["finance", "agreement"]),
        ("de", "Die Brücke in Dhaka wurde mit einem Kredit der chinesischen Exim-Bank gebaut.", ["finance"]),
        ("en", "Chinese aid was distributed to refugees in Kakuma in 2015.", ["finance"]),
    ],
    "a facility given as a gift is aid even in sport news (the giving words of ordinary news are not)": [
        ("en", "In 2004 a Chinese firm finished a soccer stadium in Castries as a gift of the Chinese government.",
         ["finance"]),
    ],
}


@pytest.mark.parametrize("language,text,expected", [
    pytest.param(language, text, expected, id=f"{group.replace(' ', '-')}-{n}")
    for group, cases in EVENT_TYPES.items() for n, (language, text, expected) in enumerate(cases, 1)])
def test_a_sentence_gives_its_event_types(language, text, expected):
    assert [e.event_type for e in detect(text, amounts=_sums(text), language=language).events] == expected


# a sum of money in a table sentence: "$52 billion", "5 billion shillings", "1 billion yuan" (the amounts stage's work,
# told here by hand so that a rule needing a figure in its sentence is tested with one)
_SUM = re.compile(r"(?:US\$|\$|€|RMB ?)\d[\d.,]*(?: (?:million|billion))?"
                  r"|\d[\d.,]* (?:million|billion) (?:yuan|shillings|dollars|euros)")


def _sums(text):
    return [AmountMention(value=1e6, currency="USD", kind="unknown", surface=m.group(), start=m.start(), end=m.end())
            for m in _SUM.finditer(text)]


# --- one signed document per language ----------------------------------------------------------------------------

def test_english_mou():
    d = detect("China Development Bank signed a memorandum of understanding with Petrobras.", language="en")
    assert brief(d) == [("mou", [("China Development Bank", "signatory"), ("Petrobras", "signatory")])]
    assert d.events[0].summary == "China Development Bank – Petrobras: memorandum of understanding"
    assert d.events[0].confidence == 0.9


def test_chinese_mou():
    d = detect("国家开发银行与俄罗斯直接投资基金签署谅解备忘录。", language="zh")
    assert brief(d) == [("mou", [("China Development Bank", "signatory"),
                                 ("Russian Direct Investment Fund", "signatory")])]


def test_russian_contract():
    d = detect("Газпром и CNPC подписали контракт на поставку газа.", language="ru")
    assert brief(d) == [("contract", [("Gazprom", "signatory"), ("China National Petroleum Corporation", "signatory")])]


def test_portuguese_agreement():
    d = detect("A Petrobras e a Sinopec assinaram um acordo de cooperação.", language="pt")
    assert brief(d) == [("agreement", [("Petrobras", "signatory"), ("Sinopec", "signatory")])]
    assert d.events[0].summary == "Petrobras – Sinopec: acordo de cooperação"


def test_spanish_mou():
    d = detect("Huawei y Petrobras firmaron un memorando de entendimiento.", language="es")
    assert brief(d) == [("mou", [("Huawei", "signatory"), ("Petrobras", "signatory")])]


def test_french_protocol_is_an_agreement():
    d = detect("Huawei et la Banque mondiale ont signé un protocole de coopération.", language="fr")
    assert brief(d) == [("agreement", [("Huawei", "signatory"), ("World Bank", "signatory")])]


def test_german_letter_of_intent_is_an_mou():
    d = detect("Siemens und Huawei unterzeichneten eine Absichtserklärung.", language="de")
    assert brief(d) == [("mou", [("Siemens", "signatory"), ("Huawei", "signatory")])]


def test_loan_with_an_amount_is_finance_and_lender_and_borrower_roles():
    text = "China Exim Bank extended a loan of $500 million to Petrobras."
    d = detect(text, amounts=[amount(text, "$500 million", 5e8, "USD")], language="en")
    assert brief(d) == [("finance", [("Export-Import Bank of China", "lender"), ("Petrobras", "borrower")])]
    assert [(a.value, a.currency) for a in d.events[0].amounts] == [(5e8, "USD")]


def test_with_no_bank_named_the_chinese_side_gives_and_the_other_receives():
    from transforms.extract import extract_article
    facts = extract_article("China donated ten patrol boats to the Zambian police in May 2011.", language="en")
    assert [(p.canonical_name, p.role) for e in facts.events for p in e.partners] == [
        ("China", "lender"), ("Zambia", "borrower")]


# --- weak triggers need their cue; words inside names are not triggers ---------------------------------------------

def test_document_words_without_a_signing_are_no_event():
    d = detect("According to the agreement, Huawei will train engineers. The memorandum covers ports.")
    assert d.events == [] and d.reason == "no economic event found"


def test_a_trigger_inside_a_partner_name_does_not_count():
    d = detect("Forum Macao opened an office. Bank of China attended.")
    assert d.events == []


# --- precedence -----------------------------------------------------------------------------------------------------

def test_an_mou_signed_during_a_visit_reports_the_mou_and_the_visit():
    d = detect("During the visit, China Development Bank and Petrobras signed an MoU.", language="en")
    assert brief(d) == [("mou", [("China Development Bank", "signatory"), ("Petrobras", "signatory")]),
                        ("visit", [("China Development Bank", "host"), ("Petrobras", "host")])]


def test_a_visit_reported_on_its_own_is_a_separate_event():
    text = ("Huawei executives visited Petrobras in Rio on 3 May. "
            "During the visit, Huawei and Petrobras signed a memorandum of understanding.")
    places = [place(text, "Rio", "Rio de Janeiro", "city", "BR")]
    d = detect(text, places, dates=[date(text, "3 May", dt.date(2024, 5, 3))], language="en")
    assert brief(d) == [("visit", [("Huawei", "visitor"), ("Petrobras", "host")]),
                        ("mou", [("Huawei", "signatory"), ("Petrobras", "signatory")])]
    visit, mou = d.events
    assert (visit.place, visit.country, visit.date, visit.date_precision) == ("Rio de Janeiro", "BR",
                                                                             dt.date(2024, 5, 3), "day")
    assert (mou.date, mou.date_precision) == (dt.date(2024, 5, 3), "day")  # the nearest earlier date


# --- plans and negation are not events ------------------------------------------------------------------------------

def test_future_and_plans_are_no_event():
    for text, language in [
        ("CNPC will sign an agreement with Gazprom next year.", "en"),
        ("CNPC plans to sign a contract with Gazprom, which is expected to be signed in May.", "en"),
        ("中国石油计划与俄罗斯天然气工业股份公司签署合作协议。", "zh"),
        ("Газпром и CNPC намерены подписать соглашение.", "ru"),
        ("A Petrobras planeja assinar um acordo com a Sinopec.", "pt"),
        ("Petrobras prevé firmar un acuerdo con Sinopec.", "es"),
        ("Huawei envisage de signer un accord avec la Banque mondiale.", "fr"),
    ]:
        d = detect(text, language=language)
        assert d.events == [], text
    assert detect("CNPC will sign an agreement with Gazprom.", language="en").reason == "only planned or future deals"


def test_negation_is_no_event():
    assert detect("Sinopec did not sign the contract with Petrobras.", language="en").events == []
    assert detect("中国石化尚未签署合同。", language="zh").events == []


# --- several sentences, one event ------------------------------------------------------------------------------------

def test_the_same_event_told_twice_is_one_event_and_the_two_sides_are_the_main_parties():
    text = ("Huawei signed a strategic cooperation agreement with Petrobras. "
            "The two sides signed the agreement on 17 May in Rio. "
            "The two sides also signed seven projects with a total investment of 2 billion yuan.")
    places = [place(text, "Rio", "Rio de Janeiro", "city", "BR")]
    d = detect(text, places, dates=[date(text, "17 May", dt.date(2024, 5, 17))],
               amounts=[amount(text, "2 billion yuan", 2e9, "CNY")], language="en")
    assert brief(d) == [("agreement", [("Huawei", "signatory"), ("Petrobras", "signatory")])]
    event = d.events[0]
    assert event.summary == "Huawei – Petrobras: strategic cooperation agreement"
    assert (event.date, event.place, [a.value for a in event.amounts]) == (dt.date(2024, 5, 17), "Rio de Janeiro",
                                                                           [2e9])


def test_two_deals_with_different_parties_stay_apart():
    text = ("Huawei signed an agreement with Petrobras. "
            "In addition, ZTE and Vale S.A. signed a cooperation agreement.")
    d = detect(text, language="en")
    assert brief(d) == [("agreement", [("Huawei", "signatory"), ("Petrobras", "signatory")]),
                        ("agreement", [("ZTE", "signatory"), ("Vale", "signatory")])]


def test_money_in_a_continuing_sentence_belongs_to_the_event():
    text = "Sinopec signed a contract with Petrobras. The deal is worth $1.2 billion."
    d = detect(text, amounts=[amount(text, "$1.2 billion", 1.2e9, "USD")], language="en")
    assert [a.value for a in d.events[0].amounts] == [1.2e9]


# --- dates -----------------------------------------------------------------------------------------------------------

def test_background_dates_do_not_date_the_event_and_publication_date_lowers_precision():
    text = "The Lisbon Smart Cities Association, formed in 2018, signed a protocol with the Bank of China."
    d = detect(text, dates=[date(text, "2018", dt.date(2018, 1, 1), "year")], published=dt.date(2024, 3, 9),
               language="en")
    event = d.events[0]
    assert (event.date, event.date_precision) == (dt.date(2024, 3, 9), "month")


# a sentence with no date of its own takes the nearest earlier one, unless that is the story's history told further
# back than the sentences just before it
_LAMU_PLAN = "The port of Lamu was first planned in 1975."
_LAMU_CONTRACT = "China Communications Construction Company signed a contract with Kenya to build three berths."
_LAMU_BETWEEN = "Officials expect more ships this year. Farmers welcome the news. Fishermen are worried."


def _contract_date(text, dates, published=dt.date(2023, 6, 14)):
    d = detect(text, dates=[date(text, surface, value, precision) for surface, value, precision in dates],
               published=published, language="en")
    assert [e.event_type for e in d.events] == ["contract"]
    return d.events[0].date, d.events[0].date_precision


PLANNED_1975 = [("1975", dt.date(1975, 1, 1), "year")]


def test_a_history_date_in_the_sentence_just_before_dates_the_event():
    assert _contract_date(f"{_LAMU_PLAN} {_LAMU_CONTRACT}", PLANNED_1975) == (dt.date(1975, 1, 1), "year")


@pytest.mark.parametrize("text", [
    f"{_LAMU_PLAN}\nFarmers welcome the news. {_LAMU_CONTRACT}",  # another paragraph
    f"{_LAMU_PLAN} {_LAMU_BETWEEN} {_LAMU_CONTRACT}",  # four sentences back
])
def test_a_history_date_told_further_back_gives_way_to_the_publication_date(text):
    assert _contract_date(text, PLANNED_1975) == (dt.date(2023, 6, 14), "month")


def test_a_history_date_told_further_back_gives_way_to_the_recent_date_before_it():
    text = f"On 3 April 2023, Kenya's transport minister spoke in Nairobi.\n{_LAMU_PLAN}\n{_LAMU_BETWEEN} {_LAMU_CONTRACT}"
    dates = [("3 April 2023", dt.date(2023, 4, 3), "day")] + PLANNED_1975
    assert _contract_date(text, dates) == (dt.date(2023, 4, 3), "day")


def test_a_recent_date_told_further_back_still_dates_the_event():
    text = f"The port of Lamu was planned in May 2023.\n{_LAMU_BETWEEN} {_LAMU_CONTRACT}"
    assert _contract_date(text, [("May 2023", dt.date(2023, 5, 1), "month")]) == (dt.date(2023, 5, 1), "month")


# --- on topic ---------------------------------------------------------------------------------------------------------

def test_an_event_with_no_chinese_party_is_dropped():
    d = detect("Petrobras and Vale S.A. signed an agreement.", language="en")
    assert d.events == [] and d.reason == "no Chinese party"


def test_a_bilateral_body_naming_china_gives_the_tie():
    d = detect("The Lisbon Smart Cities Association signed a protocol with the Portugal-China SME Chamber of Commerce.")
    assert brief(d) == [("agreement", [("Lisbon Smart Cities Association", "signatory"),
                                       ("Portugal-China SME Chamber of Commerce", "signatory")])]
    assert d.events[0].domestic is False


def test_sport_is_off_topic():
    d = detect("Shanghai Port football club signed a contract with the striker.", language="en")
    assert d.events == [] and d.reason == "not an economic event (sport, weather or crime)"


def test_sister_cities_meeting_and_trade_fair():
    text = ("Ningbo and Lisbon became sister cities. The forum was held in Ningbo. "
            "The China-Lusophone expo opened in Macao.")
    places = [place(text, "Ningbo", "Ningbo", "city", "CN"), place(text, "Lisbon", "Lisbon", "city", "PT"),
              place(text, "Ningbo", "Ningbo", "city", "CN", occurrence=1), place(text, "Macao", "Macao", "country", "MO")]
    d = detect(text, places, language="en")
    assert [(e.event_type, e.place) for e in d.events] == [("partnership", None), ("meeting", "Ningbo"),
                                                           ("trade_fair", "Macao")]
    assert [(p.canonical_name, p.kind) for p in d.events[0].partners] == [("Ningbo", "local_government"),
                                                                          ("Lisbon", "local_government")]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text):
    detect(text)


# --- several events in one sentence ---------------------------------------------------------------------------------

def _types_and_money(detection):
    return [(e.event_type, [a.value for a in e.amounts]) for e in detection.events]


def test_a_sentence_reports_every_event_type_that_holds_and_money_goes_to_the_first():
    text = ("Egypt and China signed 21 agreements during Chinese President Xi Jinping's state visit to Cairo, "
            "including a $1 billion loan from China Development Bank.")
    d = detect(text, amounts=[amount(text, "$1 billion", 1e9, "USD")], language="en")
    assert _types_and_money(d) == [("finance", [1e9]), ("agreement", []), ("visit", [])]


def test_a_subject_word_before_a_document_word_is_not_an_event_of_its_own():
    d = detect("Chinese officials signed a free trade agreement and an investment agreement with ASEAN.", language="en")
    assert _types_and_money(d) == [("agreement", [])]


def test_a_facility_built_or_opened_is_an_investment():
    built = detect("The railway was built by China Road and Bridge Corporation.", language="en")
    opened = detect("China's BYD opened its first car factory in Thailand.", language="en")
    planned = detect("China's BYD will open a car factory in Thailand.", language="en")
    assert [e.event_type for e in built.events] == ["investment"]
    assert [e.event_type for e in opened.events] == ["investment"]
    assert planned.events == [] and planned.reason == "only planned or future deals"


def test_what_a_party_could_do_is_no_event_in_chinese():
    d = detect("香港可为沿线国家的基建项目提供融资。", language="zh")
    assert d.events == []


def test_a_traditional_chinese_page_is_matched_through_its_simplified_twin():
    assert simplified_chinese("香港與東盟簽署自由貿易協定") == "香港与东盟签署自由贸易协定"
    assert simplified_chinese("中国与东盟签署协定，香港發展") == "中国与东盟签署协定，香港發展"  # mostly Simplified
    assert simplified_chinese("Hong Kong signs") == "Hong Kong signs"
    text = "香港特區政府與深圳市人民政府昨日簽署合作備忘錄。"
    folded = simplified_chinese(text)
    sentences = sentence_spans(text)
    scan = find_partners(text, [], "zh", folded=folded)
    d = detect_events(text, sentences, folded=folded, partners=scan.partners, locations=[], destinations=[],
                      amounts=[], dates=[], sectors=[], published=None,
                      main_parties=main_parties(sentences, scan.partners), language="zh")
    assert [e.event_type for e in d.events] == ["mou"]


def test_a_deal_dated_well_before_publication_is_background_when_the_story_has_news():
    text = ("China and Azerbaijan signed a memorandum in December 2015. "
            "On 25 April, China and Azerbaijan signed a package of agreements.")
    dates = [date(text, "December 2015", dt.date(2015, 12, 1), "month"), date(text, "25 April", dt.date(2019, 4, 25))]
    places = [place(text, "Azerbaijan", "Azerbaijan", "country", "AZ"),
              place(text, "Azerbaijan", "Azerbaijan", "country", "AZ", occurrence=1)]
    d = detect(text, places, dates=dates, published=dt.date(2019, 4, 27), language="en")
    assert [(e.event_type, e.date) for e in d.events] == [("agreement", dt.date(2019, 4, 25))]
    alone = detect(text[:text.index(" On")], places[:1], dates=dates[:1], published=dt.date(2019, 4, 27),
                   language="en")
    assert [(e.event_type, e.date) for e in alone.events] == [("mou", dt.date(2015, 12, 1))]


# --- visits told with a noun, parts of a visit, Arabic particles ----------------------------------------------------

def test_a_visit_told_with_a_noun_is_a_visit():
    for text in ("Ghana and China signed nine agreements during the first visit by a Chinese president.",
                 "The documents were signed in Accra within hours of Xi's arrival in the country.",
                 "Nine agreements were signed on Monday, on a week-long visit that took the Chinese delegation north.",
                 "El presidente ghanés fue recibido el viernes en Pekín por el presidente chino."):
        assert "visit" in [e.event_type for e in detect(text, language=None).events], text


def test_a_visit_one_is_invited_to_make_is_no_visit():
    d = detect("China invited the Ghanaian president for a visit next year.", language="en")
    assert d.events == []


def test_talks_told_apart_from_the_visit_are_still_part_of_it():
    text = ("Chinese President Xi Jinping arrived in Cairo on 20 January for a state visit. "
            "Xi held talks with Abdel Fattah al-Sisi on 21 January.")
    dates = [date(text, "20 January", dt.date(2016, 1, 20)), date(text, "21 January", dt.date(2016, 1, 21))]
    assert [e.event_type for e in detect(text, dates=dates, language="en").events] == ["visit"]


def test_a_forum_in_another_month_is_not_part_of_the_visit():
    text = ("Chinese President Xi Jinping arrived in Cairo on 20 January for a state visit. "
            "Egyptian and Chinese ministers held talks at a forum on 3 March.")
    dates = [date(text, "20 January", dt.date(2016, 1, 20)), date(text, "3 March", dt.date(2016, 3, 3))]
    assert [e.event_type for e in detect(text, dates=dates, language="en").events] == ["visit", "meeting"]


def test_a_two_letter_arabic_particle_is_a_whole_word():
    # "لم" (not) must not be found inside "المهدي": the visit and the signing stand
    text = "اختتم عادل عبد المهدي زيارة رسمية إلى الصين بعد أن وقع الجانبان ثماني اتفاقيات."
    assert sorted(e.event_type for e in detect(text, language="ar").events) == ["agreement", "visit"]
    assert detect("لم توقع الصين والعراق الاتفاقية.", language="ar").events == []


def test_a_chinese_builder_named_in_the_next_paragraph_ties_the_event_to_china():
    text = ("President Filipe Nyusi inaugurated the Maputo bridge on Saturday.\n"
            "The bridge was built by China Road and Bridge Corporation.")
    assert [e.event_type for e in detect(text, language="en").events] == ["investment"]
    far = ("President Filipe Nyusi inaugurated the Maputo bridge on Saturday.\nTraffic was heavy.\n"
           "Toll prices were not given.\nChina Road and Bridge Corporation is busy elsewhere.")
    assert detect(far, language="en").reason == "no Chinese party"


def _countries(text, *names):
    return [place(text, name, name, "country", code) for name, code in names]


def test_a_deal_between_two_foreign_countries_needs_china_in_its_own_or_the_next_sentence():
    # China told two sentences away, in the same paragraph, does not make Laos and Thailand's deal Sino-foreign
    for text in ("Sinohydro is building a dam in Uzbekistan. Output rose in the first quarter. Exports grew too. "
                 "Laos and Thailand signed a memorandum of understanding on power trade.",
                 "Laos and Thailand signed a memorandum of understanding on power trade. Output rose in the first "
                 "quarter. Exports grew too. Sinohydro is building a dam in Uzbekistan."):
        d = detect(text, places=_countries(text, ("Uzbekistan", "UZ"), ("Laos", "LA"), ("Thailand", "TH")),
                   language="en")
        assert d.events == [] and d.reason == "no Chinese party", text
    # a Chinese builder in the next sentence, or a Chinese firm in the paragraph just before, still ties it
    text = "Ethiopia and Djibouti signed an agreement on the railway. It was built by Sinohydro."
    assert brief(detect(text, places=_countries(text, ("Ethiopia", "ET"), ("Djibouti", "DJ")), language="en")) == [
        ("agreement", [("Ethiopia", "signatory"), ("Djibouti", "signatory")]), ("investment", [("Sinohydro", "investee")])]
    text = "Sinohydro finished the port last year.\nEthiopia and Djibouti signed an agreement on the railway."
    assert brief(detect(text, places=_countries(text, ("Ethiopia", "ET"), ("Djibouti", "DJ")), language="en")) == [
        ("agreement", [("Ethiopia", "signatory"), ("Djibouti", "signatory")])]


def test_a_deal_with_one_foreign_side_is_tied_by_china_anywhere_in_its_or_the_neighbouring_paragraph():
    text = "Sinohydro finished the port last year. Trade grew. Prices fell.\nKenya signed an agreement on the railway."
    assert brief(detect(text, places=_countries(text, ("Kenya", "KE")), language="en")) == [
        ("agreement", [("Kenya", "signatory")])]


def test_reaching_an_agreement_winning_a_tender_and_first_output():
    cases = [
        ("Brasil e China chegaram a um acordo sobre o comércio em moedas locais.", None, "agreement"),
        ("La Empresa Metro adjudicó la construcción de la línea a un consorcio chino.", None, "contract"),
        ("The Chinese-owned refinery started commercial operations this month.", "en", "investment"),
        # (an agreement reached to take a company over is the takeover only: tests/test_triggers_visits_fairs.py)
        ("Italia e Cina hanno raggiunto un accordo sulla cooperazione portuale.", "it", "agreement"),
        ("BMW erhöht seinen Anteil am chinesischen Gemeinschaftsunternehmen von 50 auf 75 Prozent.", "de",
         "investment"),
    ]
    for text, language, expected in cases:
        assert expected in [e.event_type for e in detect(text, language=language).events], text


def test_rising_prices_are_no_investment():
    assert detect("Der Preis für chinesischen Stahl steigt wieder.", language="de").events == []


# --- official finance as analysts describe it -----------------------------------------------------------------------

def test_money_given_by_the_chinese_government_is_finance():
    text = "On 2 July 2009 the Chinese government granted Moldova RMB 30 million."
    d = detect(text, amounts=[amount(text, "RMB 30 million", 3e7, "CNY")], language="en")
    assert [e.event_type for e in d.events] == ["finance"]
    # a giving verb without a money figure is no finance ("provided support")
    assert detect("The Chinese government provided support to Moldova.", language="en").events == []


def test_a_privatisation_fund_is_not_funding_and_a_games_stadium_is_sport():
    text = "China's COSCO signed the purchase of a stake from the privatisation fund for 368 million euros."
    d = detect(text, amounts=[amount(text, "368 million euros", 3.68e8, "EUR")], language="en")
    assert "finance" not in [e.event_type for e in d.events]
    assert detect("The Asian Games opened in Hangzhou at a new Chinese stadium.", language="en").events == []


# --- round 3: loan agreements, document words, headline dates, datelines -------------------------------------------

def test_signed_loan_agreement_is_lending_and_an_agreement():
    text = "Eskom signed a $2.5 billion loan agreement with China Development Bank on Tuesday."
    d = detect(text, amounts=[amount(text, "$2.5 billion", 2.5e9, "USD")], language="en")
    assert sorted(e.event_type for e in d.events) == ["agreement", "finance"]


def test_a_loan_agreement_not_signed_is_only_lending():
    text = "China Development Bank approved a loan agreement worth $2.5 billion for Eskom."
    d = detect(text, amounts=[amount(text, "$2.5 billion", 2.5e9, "USD")], language="en")
    assert [e.event_type for e in d.events] == ["finance"]


def test_an_agreement_named_by_its_own_word_does_not_fold_into_earlier_lending():
    text = ("La Chine a accordé au Cameroun un appui financier de 400 milliards de francs CFA.\n"
            "Cinq documents ont été signés, notamment un accord de coopération économique entre la Chine et le "
            "Cameroun.")
    d = detect(text, amounts=[amount(text, "400 milliards de francs CFA", 4e11, "XAF")], language="fr")
    assert sorted(e.event_type for e in d.events) == ["agreement", "finance"]


def test_a_headline_is_dated_by_the_lead_after_it():
    text = ("Huawei and Petrobras sign memorandum of understanding\n"
            "Huawei signed the memorandum of understanding with Petrobras on 6 December 2016 in Rio.")
    d = detect(text, dates=[date(text, "6 December 2016", dt.date(2016, 12, 6))], published=dt.date(2016, 12, 7),
               language="en")
    assert [(e.event_type, e.date, e.date_precision) for e in d.events] == [("mou", dt.date(2016, 12, 6), "day")]


def test_a_date_alone_on_its_line_is_the_dateline_not_the_event_date():
    text = ("7 December 2016\n"
            "Huawei signed a memorandum of understanding with Petrobras in Rio.")
    d = detect(text, dates=[date(text, "7 December 2016", dt.date(2016, 12, 7))], published=dt.date(2016, 12, 7),
               language="en")
    # the publication date at month precision, not the dateline's day
    assert [(e.date, e.date_precision) for e in d.events] == [(dt.date(2016, 12, 7), "month")]


def test_a_mention_dated_apart_from_the_inherited_date_is_another_event():
    text = ("On 19 April 2017 Huawei inaugurated its plant in Duqm.\n"
            "Huawei also signed an agreement with Petrobras.\n"
            "Huawei had signed another agreement with Petrobras in March 2017.")
    dates = [date(text, "19 April 2017", dt.date(2017, 4, 19)),
             date(text, "March 2017", dt.date(2017, 3, 1), "month")]
    d = detect(text, dates=dates, published=dt.date(2017, 4, 20), language="en")
    assert [(e.event_type, e.date) for e in d.events] == [("investment", dt.date(2017, 4, 19)),
                                                          ("agreement", dt.date(2017, 4, 19)),
                                                          ("agreement", dt.date(2017, 3, 1))]


def test_the_loan_that_paid_for_an_opened_facility_is_part_of_the_opening():
    text = ("President Museveni on 21 March 2019 commissioned the Isimba dam, built by China Three Gorges.\n"
            "Most of the cost was financed by a loan of $480 million from the Export-Import Bank of China.")
    d = detect(text, dates=[date(text, "21 March 2019", dt.date(2019, 3, 21))],
               amounts=[amount(text, "$480 million", 4.8e8, "USD")], published=dt.date(2019, 3, 22), language="en")
    assert [(e.event_type, e.date) for e in d.events] == [("investment", dt.date(2019, 3, 21))]
    opening = d.events[0]
    assert [a.value for a in opening.amounts] == [4.8e8]
    assert "Export-Import Bank of China" in {p.canonical_name for p in opening.partners}


def test_a_loan_signed_at_an_opening_is_lending_of_its_own():
    text = ("President Museveni on 21 March 2019 commissioned the Isimba dam, built by China Three Gorges.\n"
            "Uganda also signed a loan agreement of $480 million with the Export-Import Bank of China.")
    d = detect(text, dates=[date(text, "21 March 2019", dt.date(2019, 3, 21))],
               amounts=[amount(text, "$480 million", 4.8e8, "USD")], published=dt.date(2019, 3, 22), language="en")
    assert sorted(e.event_type for e in d.events) == ["agreement", "finance", "investment"]


def test_an_announced_investment_with_its_sum_is_an_investment():
    text = "BYD vai investir R$ 3 bilhões em um complexo industrial em Camaçari."
    d = detect(text, amounts=[amount(text, "R$ 3 bilhões", 3e9, "BRL")], language="pt")
    assert [e.event_type for e in d.events] == ["investment"]


def test_an_intended_investment_stays_a_plan():
    text = "BYD pretende investir R$ 3 bilhões em um complexo industrial em Camaçari."
    d = detect(text, amounts=[amount(text, "R$ 3 bilhões", 3e9, "BRL")], language="pt")
    assert (d.events, d.reason) == ([], "only planned or future deals")


def test_a_year_after_publication_is_a_horizon_not_the_event_date():
    text = "Huawei signed a memorandum of understanding with Petrobras to create 600 jobs by 2022."
    d = detect(text, dates=[date(text, "2022", dt.date(2022, 1, 1), "year")], published=dt.date(2018, 7, 10),
               language="en")
    assert [(e.date, e.date_precision) for e in d.events] == [(dt.date(2018, 7, 10), "month")]


def test_analyst_aid_wording_gifts_aid_from_china_cancelled_sums_and_renovations():
    cases = [
        ("In 2007 the Chinese embassy gifted ten computers to the national radio.", "finance"),
        ("The Chinese government provided 40 laptops to a women's cooperative.", "finance"),
        ("In 2002 a Chinese company laid the water supply network with aid from the Chinese government.", "finance"),
        ("In 2014 a Kenyan utility secured financing from Beijing for new water pipes.", "finance"),
        ("In 2005 the Chinese-staffed hospital in Libreville was renovated.", "investment"),
        ("In 2007 the Confucius Institute at Egerton University was officially launched.", "investment"),
    ]
    for text, expected in cases:
        got = [e.event_type for e in detect(text, language="en").events]
        assert got == ([expected] if expected else []), text
    text = "In 2004, China cancelled 58 million CNY of Togolese debt."
    d = detect(text, amounts=[amount(text, "58 million CNY", 5.8e7, "CNY")], language="en")
    assert [e.event_type for e in d.events] == ["finance"]
    # a building built long ago, or a promise to workers, is no event of its own
    assert detect("The line China built half a century ago has fallen into disrepair.", language="en").events == []


def test_confucius_institutes_and_former_chinese_leaders_name_china():
    d = detect("In 2014 an accord to open a Confucius Classroom at a lycée in Monastir was signed.",
               language="en")
    assert d.reason != "no Chinese party"
    assert [e.event_type for e in d.events] == ["agreement"]
    d = detect("On 12 March 1998, Vice Premier Li Lanqing and the Malagasy finance minister signed a technical and "
               "economic cooperation agreement.", language="en")
    assert [e.event_type for e in d.events] == ["agreement"]


def test_aid_for_a_disaster_or_a_team_is_aid_not_weather_or_sport_news():
    text = "On 17 April 2016 China donated $2 million to Ecuador for earthquake relief."
    d = detect(text, amounts=[amount(text, "$2 million", 2e6, "USD")], language="en")
    assert [e.event_type for e in d.events] == ["finance"]
    d = detect("In 2003 the Chinese ambassador donated basketballs and sports equipment to the national federation.",
               language="en")
    assert [e.event_type for e in d.events] == ["finance"]
    # a match report stays sport news
    d = detect("The Chinese striker signed for the club before the football championship.", language="en")
    assert d.events == [] and d.reason == "not an economic event (sport, weather or crime)"


def test_a_sum_of_lending_or_aid_announced_is_finance_but_intent_keeps_it_a_plan():
    text = "In 2012 Beijing said it would provide Bolivia a soft loan of US $3,500,000."
    d = detect(text, amounts=[amount(text, "US $3,500,000", 3.5e6, "USD")], language="en")
    assert [e.event_type for e in d.events] == ["finance"]
    text = "China plans to provide a loan of $40 million to Uruguay."
    d = detect(text, amounts=[amount(text, "$40 million", 4e7, "USD")], language="en")
    assert d.events == [] and d.reason == "only planned or future deals"
    # with no sum, an announced loan stays a plan
    assert detect("China said it would provide a loan to Uruguay.", language="en").events == []


def test_a_sum_of_lending_set_to_come_is_announced_but_a_signing_set_to_come_a_plan():
    text = "Kenya is set to receive a $1 billion loan from China next month."
    d = detect(text, amounts=[amount(text, "$1 billion", 1e9, "USD")], language="en")
    assert [e.event_type for e in d.events] == ["finance"]
    d = detect("The Chinese deal is set to be signed in May.", language="en")
    assert d.events == [] and d.reason == "only planned or future deals"


def test_a_sum_set_aside_is_a_budget_not_money_given():
    text = "The Chinese fund set aside $2 billion for farming projects in Liberia."
    d = detect(text, amounts=[amount(text, "$2 billion", 2e9, "USD")], language="en")
    assert d.events == []


def test_a_weekday_or_an_exhibition_venue_is_no_trade_fair():
    d = detect("Foi inaugurada na sexta-feira a zona de cooperação entre Guangdong e Macau.", language="pt")
    assert "trade_fair" not in [e.event_type for e in d.events]
    d = detect("簽署儀式在香港會議展覽中心舉行。", language="zh")
    assert "trade_fair" not in [e.event_type for e in d.events]
    # a fair is still a fair
    d = detect("A feira de Cantão foi realizada em Guangzhou, na China.", language="pt")
    assert [e.event_type for e in d.events] == ["trade_fair"]


def test_portuguese_airport_inaugurated_and_cooperation_zone_inaugurated():
    d = detect("O Presidente inaugurou o aeroporto construído pela China Jiangsu em Luanda.", language="pt")
    assert [e.event_type for e in d.events] == ["investment"]
    d = detect("Foi inaugurada a zona de cooperação entre Guangdong e Macau, na China.", language="pt")
    assert [e.event_type for e in d.events] == ["partnership"]


def test_a_date_told_after_a_future_word_does_not_date_the_event():
    text = ("On 10 July 2023 Sogavare signed a cooperation agreement with China. Sogavare, on a week-long visit to "
            "China, praised its support for the Games, which Honiara will host in November.")
    d = detect(text, dates=[date(text, "10 July 2023", dt.date(2023, 7, 10)),
                            date(text, "November", dt.date(2022, 11, 1), "month")],
               published=dt.date(2023, 7, 11), language="en")
    assert [(e.event_type, e.date) for e in d.events] == [("agreement", dt.date(2023, 7, 10)),
                                                          ("visit", dt.date(2023, 7, 10))]
    # the last sentence's only date, after a future word, leaves the event with no own date (and no crash)
    text = "China donated computers to Fiji, which will use them from November."
    d = detect(text, dates=[date(text, "November", dt.date(2023, 11, 1), "month")], language="en")
    assert [e.event_type for e in d.events] == ["finance"] and d.events[0].date is None


def test_relations_raised_to_a_partnership_with_an_infinitive_or_a_noun():
    # an agreed or decided upgrade told with the infinitive after words of time and place, or as a noun
    d = detect("Los presidentes de Chile y China acordaron el martes en Pekín elevar la relación a una "
               "asociación estratégica.", language="es")
    assert [e.event_type for e in d.events] == ["partnership"]
    d = detect("Angola e China anunciaram a elevação das relações a uma parceria estratégica.", language="pt")
    assert [e.event_type for e in d.events] == ["partnership"]
    d = detect("Beide Seiten vereinbarten, die Beziehungen zwischen China und Peru zu einer strategischen "
               "Partnerschaft aufzuwerten.", language="de")
    assert [e.event_type for e in d.events] == ["partnership"]
    # a wish to upgrade is a plan
    d = detect("Chile y China pretenden elevar la relación a una asociación estratégica.", language="es")
    assert d.events == []


def test_a_year_someone_joined_in_is_background_not_the_signing_date():
    text = "Las delegaciones de Cuba y China firmaron acuerdos sobre la Franja y la Ruta, a la que Cuba se sumó en 2018."
    d = detect(text, dates=[date(text, "2018", dt.date(2018, 1, 1), "year")], published=dt.date(2022, 11, 26),
               language="es")
    assert [(e.event_type, e.date, e.date_precision) for e in d.events] == [("agreement", dt.date(2022, 11, 26), "month")]


def test_an_investment_ministers_title_is_no_investment():
    d = detect("Australia and China signed a free trade agreement, with Trade and Investment Minister Andrew Robb "
               "signing for Australia.", language="en")
    assert [e.event_type for e in d.events] == ["agreement"]
    text = "Selon le ministre des Investissements de la Guinée, la Chine a accordé 3 milliards de dollars."
    d = detect(text, amounts=[amount(text, "3 milliards de dollars", 3e9, "USD")], language="fr")
    assert "investment" not in [e.event_type for e in d.events]


def test_being_in_talks_is_a_negotiation_not_a_meeting_held():
    d = detect("Zimbabwe is in talks with Chinese partners on expanding the Hwange power station.", language="en")
    assert d.events == []
    d = detect("Zimbabwe's president held talks with Chinese partners in Harare.", language="en")
    assert [e.event_type for e in d.events] == ["meeting"]
    d = detect("In 2015 CNPC engaged in talks with Costa Rica's RECOPE in San José.", language="en")
    assert [e.event_type for e in d.events] == ["meeting"]


def test_a_sum_committed_received_or_borrowed_is_finance():
    cases = [
        ("In March 2015, the China Development Bank committed to provide Laos $312 million.",
         "$312 million", 3.12e8, "USD"),
        ("In 2010 Kenya received 960 million shillings from the Chinese government.",
         "960 million shillings", 9.6e8, "KES"),
        ("In June 2010, PDVSA borrowed $1.5 billion from the China Development Bank.", "$1.5 billion", 1.5e9, "USD"),
    ]
    for text, surface, value, currency in cases:
        d = detect(text, amounts=[amount(text, surface, value, currency)], language="en")
        assert [e.event_type for e in d.events] == ["finance"], text
    # a leader committing to invest is an investment, not lending
    text = "Chinese President Xi Jinping committed to investing $20 billion in India."
    d = detect(text, amounts=[amount(text, "$20 billion", 2e10, "USD")], language="en")
    assert [e.event_type for e in d.events] == ["investment"]


def test_a_date_after_a_negation_word_still_dates_the_event_but_one_after_a_future_word_does_not():
    text = ("A World Bank note of 2004 on the finances of Niger and its debt says that debts of $4.1 million "
            "were cancelled by China in May 2003.")
    dates = [date(text, "2004", dt.date(2004, 1, 1), "year"), date(text, "May 2003", dt.date(2003, 5, 1), "month")]
    d = detect(text, dates=dates, language="en")
    assert [(e.event_type, e.date, e.date_precision) for e in d.events] == [("finance", dt.date(2003, 5, 1), "month")]
    text = ("A World Bank note of 2004 on the finances of Niger and its debt says that China cancelled debts, "
            "and that it will lend $4.1 million in May 2005.")
    dates = [date(text, "2004", dt.date(2004, 1, 1), "year"), date(text, "May 2005", dt.date(2005, 5, 1), "month")]
    d = detect(text, dates=dates, language="en")
    assert [(e.event_type, e.date, e.date_precision) for e in d.events] == [("finance", dt.date(2004, 1, 1), "year")]


def test_a_project_started_is_dated_by_its_start_not_its_planned_end():
    text = "Work started on the hospital in 2012 and a Chinese firm was to finish it on 30 June 2014."
    dates = [date(text, "2012", dt.date(2012, 1, 1), "year"), date(text, "30 June 2014", dt.date(2014, 6, 30))]
    d = detect(text, dates=dates, language="en")
    assert [(e.event_type, e.date, e.date_precision) for e in d.events] == [("investment", dt.date(2012, 1, 1), "year")]


def test_a_project_that_started_without_a_facility_is_no_construction():
    for text in ("The research project started in 2016 at Peking University.",
                 "Work started again at the Chinese embassy in Nairobi on 3 May 2019."):
        assert detect(text, language="en").events == []


def test_a_dateline_opening_the_storys_line_dates_the_page_not_the_event():
    text = "Beijing, 5 May 2009 China and Chad signed a loan agreement yesterday. In 2007 China pledged a hospital."
    dates = [date(text, "5 May 2009", dt.date(2009, 5, 5)), date(text, "yesterday", dt.date(2009, 5, 4)),
             date(text, "2007", dt.date(2007, 1, 1), "year")]
    d = detect(text, dates=dates, published=dt.date(2009, 5, 5), language="en")
    # the older pledge is background to a story published on 5 May 2009
    assert [(e.event_type, e.date) for e in d.events] == [
        ("finance", dt.date(2009, 5, 4)), ("agreement", dt.date(2009, 5, 4))]


def test_a_page_has_one_dateline_and_the_dates_opening_a_timelines_lines_date_their_entries():
    text = ("Lusaka, 2 May 2018\nZambia's ties with China: a timeline\n"
            "12 March 2015: China and Zambia signed a loan agreement for the Kafue road.\n"
            "- 4 June 2017 - The Export-Import Bank of China signed a loan with Zambia for the airport.")
    dates = [date(text, "2 May 2018", dt.date(2018, 5, 2)), date(text, "12 March 2015", dt.date(2015, 3, 12)),
             date(text, "4 June 2017", dt.date(2017, 6, 4))]
    d = detect(text, dates=dates, published=dt.date(2018, 5, 2), language="en")
    assert [(e.event_type, e.date) for e in d.events] == [
        ("finance", dt.date(2015, 3, 12)), ("agreement", dt.date(2015, 3, 12)), ("finance", dt.date(2017, 6, 4))]


def test_a_facility_named_by_a_partners_name_is_opened_but_a_bank_is_no_facility():
    d = detect("The Confucius Institute at Dodoma University was inaugurated on 17 March 2015.", language="en")
    assert [e.event_type for e in d.events] == ["investment"]
    d = detect("The Bank of China opened in Nairobi.", language="en")
    assert "investment" not in [e.event_type for e in d.events]


def test_of_several_dates_in_a_sentence_an_event_takes_the_one_told_nearest_its_words():
    text = "According to a 2011 report, in 2007 China donated anti-malaria drugs to Angola."
    dates = [date(text, "2011", dt.date(2011, 1, 1), "year"), date(text, "2007", dt.date(2007, 1, 1), "year")]
    d = detect(text, dates=dates, language="en")
    assert [(e.event_type, e.date) for e in d.events] == [("finance", dt.date(2007, 1, 1))]
    # a year told near the words still beats a day told far from them; with one date, that date
    text = "On 3 March 2010 the minister recalled that China signed the loan agreement in 2008 in Accra."
    dates = [date(text, "3 March 2010", dt.date(2010, 3, 3)), date(text, "2008", dt.date(2008, 1, 1), "year")]
    d = detect(text, dates=dates, language="en")
    assert [(e.event_type, e.date) for e in d.events] == [("finance", dt.date(2008, 1, 1)),
                                                          ("agreement", dt.date(2008, 1, 1))]


def test_a_sum_of_aid_announced_is_aid_but_aid_announced_with_no_sum_a_plan():
    text = "On 26 June 2014 the Chinese government said it will present $4.8 million worth of humanitarian aid to Jordan."
    d = detect(text, amounts=[amount(text, "$4.8 million", 4.8e6, "USD")], language="en")
    assert [e.event_type for e in d.events] == ["finance"]
    d = detect("The Chinese government said it will provide humanitarian aid to Jordan.", language="en")
    assert d.events == [] and d.reason == "only planned or future deals"


def test_a_chinese_medical_team_at_work_is_assistance_dated_by_its_own_sentence():
    text = ("China has sent medical teams to Cape Verde since 1984. The 13th Chinese medical team worked in Praia "
            "from September 2008 to September 2010.")
    dates = [date(text, "1984", dt.date(1984, 1, 1), "year"), date(text, "September 2008", dt.date(2008, 9, 1), "month"),
             date(text, "September 2010", dt.date(2010, 9, 1), "month")]
    d = detect(text, dates=dates, language="en")
    # "since 1984" is background: the story is one team's work, dated by the sentence telling it
    assert [(e.event_type, e.date) for e in d.events] == [("other", dt.date(2008, 9, 1))]


def test_a_date_in_brackets_is_an_aside_not_the_events_date():
    text = "1993年6月8日，该岛国宣布独立刚满一年（1992年6月8日宣布独立），中国与其正式签署建交联合公报。"
    dates = [date(text, "1993年6月8日", dt.date(1993, 6, 8)), date(text, "1992年6月8日", dt.date(1992, 6, 8))]
    d = detect(text, dates=dates, language="zh")
    assert [(e.event_type, e.date) for e in d.events] == [("agreement", dt.date(1993, 6, 8))]


def test_hard_to_reach_or_to_do_soon_in_chinese_is_no_deal_yet():
    assert detect("欧盟内部难以在乌克兰问题上与中国达成协议。", language="zh").events == []
    d = detect("中海双方一致同意尽快签署中海自由贸易协定。", language="zh")
    assert d.events == [] and d.reason == "only planned or future deals"


def test_a_chinese_target_year_dates_no_event():
    text = "阿塞拜疆计划到2040年提高清洁能源比重。近期，越来越多的中国企业赴阿塞拜疆考察。"
    d = detect(text, dates=[date(text, "2040年", dt.date(2040, 1, 1), "year")], language="zh")
    assert [(e.event_type, e.date) for e in d.events] == [("visit", None)]


def test_a_chinese_plan_reaches_a_clause_opened_by_and_and_hoping_to_sign_is_a_plan():
    text = "卡塔尔计划向中巴经济走廊投资40亿美元，并在卡拉奇投资建设一座化肥厂。"
    d = detect(text, amounts=[amount(text, "40亿美元", 4e9, "USD")], language="zh")
    assert d.events == [] and d.reason == "only planned or future deals"
    d = detect("我们期待几周后同中国石化签署若干个谅解备忘录。", language="zh")
    assert d.events == [] and d.reason == "only planned or future deals"
    # a clause of its own after a comma is not reached by the plan before it
    text = "双方计划扩大合作，中国石化在瓜达尔投资建设了大型炼厂。"
    assert [e.event_type for e in detect(text, language="zh").events] == ["investment"]


def test_a_finer_date_of_the_same_year_wins_over_a_nearer_year():
    text = "On 10 March, a Chinese delegation attended the opening ceremony of the 2023 Lusophone Trade Fair in Hengqin."
    dates = [date(text, "10 March", dt.date(2023, 3, 10)), date(text, "2023", dt.date(2023, 1, 1), "year")]
    d = detect(text, dates=dates, language="en")
    assert [(e.event_type, e.date) for e in d.events] == [("trade_fair", dt.date(2023, 3, 10))]


def test_a_sum_committed_handed_or_co_financed_is_finance_but_a_commitment_to_buy_is_not():
    cases = [("The Chinese side committed $2.9 million to the road.", "$2.9 million", 2.9e6),
             ("The Chinese embassy handed $20,000 in cash to the Red Crescent.", "$20,000", 2e4),
             ("The two central banks co-financed the fund with $2 billion, China said.", "$2 billion", 2e9)]
    for text, surface, value in cases:
        d = detect(text, amounts=[amount(text, surface, value, "USD")], language="en")
        assert [e.event_type for e in d.events] == ["finance"], text
    text = "China committed to buy $200 billion of American goods."
    d = detect(text, amounts=[amount(text, "$200 billion", 2e11, "USD")], language="en")
    assert d.events == []


def test_scholarships_and_training_courses_are_assistance_unless_planned():
    for text in ("Some students at the medical college are on Chinese scholarships.",
                 "In 2011 a Chinese oil company began a welder training course in Juba.",
                 "About 30 nurses from Maseru were trained in China in 2003."):
        assert [e.event_type for e in detect(text, language="en").events] == ["other"], text
    d = detect("China will provide 200 scholarships to students from Ghana.", language="en")
    assert (d.events, d.reason) == ([], "only planned or future deals")


def test_aid_told_over_a_span_of_years_is_dated_by_the_spans_start():
    for text, first, second in (
            ("From 2010 to 2014, China's embassy donated laptops to schools in Luxor.", "2010", "2014"),
            ("In 2011 and 2012, China donated farm machinery to Gitega.", "2011", "2012")):
        dates = [date(text, first, dt.date(int(first), 1, 1), "year"),
                 date(text, second, dt.date(int(second), 1, 1), "year")]
        d = detect(text, dates=dates, language="en")
        assert [(e.event_type, e.date) for e in d.events] == [("finance", dt.date(int(first), 1, 1))], text
    # two dates not joined as a span: the one told nearest the event's words
    text = "A 2011 report says that in 2007 China donated computers to Juba."
    dates = [date(text, "2011", dt.date(2011, 1, 1), "year"), date(text, "2007", dt.date(2007, 1, 1), "year")]
    d = detect(text, dates=dates, language="en")
    assert [(e.event_type, e.date) for e in d.events] == [("finance", dt.date(2007, 1, 1))]


def test_a_ground_breaking_without_hyphen_a_hyphenated_credit_line_and_a_sum_sponsored():
    d = detect("The ground breaking ceremony for the Chinese-funded office complex took place in Kigali.",
               language="en")
    assert [e.event_type for e in d.events] == ["investment"]
    text = "The housing project in Luanda drew USD 2.5 billion under a credit-line from a Chinese bank."
    d = detect(text, amounts=[amount(text, "USD 2.5 billion", 2.5e9, "USD")], language="en")
    assert [e.event_type for e in d.events] == ["finance"]
    text = "China will sponsor a $26.5 million office complex in Kigali."
    d = detect(text, amounts=[amount(text, "$26.5 million", 2.65e7, "USD")], language="en")
    assert [e.event_type for e in d.events] == ["finance"]


def test_goods_that_went_to_someone_are_no_visit():
    from transforms.extract import extract_article
    facts = extract_article("In 2009 China donated office equipment worth $2 million. The equipment went to the "
                            "Comoran government.", language="en")
    assert [e.event_type for e in facts.events] == ["finance"]


# --- the matcher and the scan's bookkeeping (their shortcuts must not change what they find) ---------------------


def test_term_matcher_orders_matches_by_start_longest_first_and_keeps_word_boundaries():
    from transforms.events import TermMatcher

    matcher = TermMatcher([("loan", "noun"), ("loan agreement", "deal"), ("agreement", "paper"), ("sign*", "verb")])
    text = "they signed a loan agreement; a loans office"
    assert matcher.find(text) == [
        (5, 11, "verb"),  # a stem runs to the end of its word
        (14, 28, "deal"),  # of two matches starting together, the longer first
        (14, 18, "noun"),
        (19, 28, "paper"),
    ]  # "loan" inside "loans" is not a whole word


def test_scan_files_each_match_under_the_sentence_holding_it_and_drops_matches_between_sentences():
    from transforms.events import _scan

    text = "xx visited. gap visited. China visited Laos."
    folded = lower_same_length(text)
    first, third = (0, 11), (25, len(text))  # the words between them belong to no sentence
    facts = _scan(text, folded, [first, third], [], "en")
    assert [(f.start, f.end, [t[:3] for t in f.triggers]) for f in facts] == [
        (0, 11, [(3, 10, "visit")]),
        (25, len(text), [(31, 38, "visit")]),
    ]


def test_term_matcher_gives_every_label_of_a_word_listed_by_several_terms_in_the_terms_order():
    from transforms.events import TermMatcher

    # one word, several terms: "china" in two lists; "sign" both a stem and a whole word (only the stem holds in
    # "signed"), and "signed" a term of its own
    matcher = TermMatcher([("china", "en"), ("sign*", "stem"), ("China", "es"), ("sign", "word"), ("signed", "past")])
    assert matcher.find("china signed") == [(0, 5, "en"), (0, 5, "es"), (6, 12, "stem"), (6, 12, "past")]
    assert matcher.find("china signs") == [(0, 5, "en"), (0, 5, "es"), (6, 11, "stem")]
    assert matcher.find("china sign") == [(0, 5, "en"), (0, 5, "es"), (6, 10, "stem"), (6, 10, "word")]


def test_term_matcher_finds_the_same_in_an_ascii_text_and_in_one_with_other_characters():
    from transforms.events import TermMatcher

    matcher = TermMatcher([("loan", "noun"), ("贷款", "noun"), ("sign*", "verb")])
    ascii_text = "they signed a loan"
    assert ascii_text.isascii()
    assert matcher.find(ascii_text) == [(5, 11, "verb"), (14, 18, "noun")]
    assert matcher.find(ascii_text + " “贷款”") == [(5, 11, "verb"), (14, 18, "noun"), (20, 22, "noun")]


def test_main_parties_given_as_a_function_are_asked_for_only_when_a_sentence_names_no_party():
    asked = []

    def parties():
        asked.append(True)
        return []

    def run(text):
        asked.clear()
        sentences = sentence_spans(text)
        folded = lower_same_length(text)
        places = [place(text, name, name, "country", code) for name, code in (("China", "CN"), ("Kenya", "KE"))
                  if name in text]
        scan = find_partners(text, places, "en", folded=folded)
        detect_events(text, sentences, folded=folded, partners=scan.partners, locations=[], destinations=[],
                      amounts=[], dates=[], sectors=[], published=None, main_parties=parties, language="en")
        return bool(asked)

    assert not run("China and Kenya signed a memorandum of understanding on fisheries.")
    assert run("The two sides signed a memorandum of understanding on fisheries.")
    assert not run("The weather was fine on Monday.")  # no event told: nobody's parties are needed


def test_a_headline_may_tell_a_visit_only_with_a_visit_word_and_a_story_without_one():
    from transforms.events import headline_may_tell_visit
    from transforms.model import EventMention

    deal = [EventMention(event_type="agreement", evidence="They signed an agreement.")]
    visit = [EventMention(event_type="visit", evidence="The minister visited Beijing.")]
    assert headline_may_tell_visit("Kenyan minister visits Beijing", deal)
    assert not headline_may_tell_visit("Kenya and China sign trade deal", deal)  # no visit word
    assert not headline_may_tell_visit("Kenyan minister visits Beijing", visit)  # the story tells the visit
    assert not headline_may_tell_visit("Kenyan minister visits Beijing", [])  # a headline alone is no story
    assert not headline_may_tell_visit(None, deal)
