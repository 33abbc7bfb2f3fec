"""A sector keyword inside the institution a speaker's title names ("a professor at … University said") is no sector;
the institution of a scholar who acts, not speaks, keeps its sector."""

from __future__ import annotations

from transforms.sectors import find_sectors


def _sectors(text: str) -> list[tuple[str, str]]:
    return [(m.sector, m.keyword) for m in find_sectors(text, "en")]


def test_the_institution_after_a_title_word_names_no_sector():
    assert _sectors("Ana Reyes, a professor at Riverside University, said the loan was fair.") == []
    assert _sectors("Omar Idris, a senior lecturer at Hillcrest College, told reporters the terms were fair.") == []
    assert _sectors("A researcher with the Lakeside Energy Institute said prices rose.") == []
    assert _sectors("Tom Ray, professor of economics at Northgate University, said so.") == []
    assert _sectors("Said a visiting scholar from the Institute of Health Policy.") == []


def test_keywords_after_the_affiliation_still_count():
    assert _sectors("An analyst at Northgate Capital said the port deal was large.") == [
        ("transport_logistics", "port")]
    assert _sectors("Ana Reyes, a professor at Riverside University, said the new solar plant was needed.") == [
        ("energy", "solar")]


def test_institutions_not_after_a_title_word_keep_their_sector():
    assert _sectors("China funded a new library at Riverside University.") == [("education", "University")]
    assert _sectors("The university will build a campus with the loan.") == [
        ("education", "university"), ("education", "campus")]
    assert _sectors("Students at Hillcrest College met the delegation.") == [
        ("education", "Students"), ("education", "College")]


def test_an_affiliation_runs_at_most_eight_capitalised_words():
    # past eight words the run has gone on into a person's name and another body
    text = ("The guests were met by a dean of Hillcrest College Ana Lee Ben Ode and the Riverside City Tourism Bureau, "
            "who said the visit went well.")
    assert _sectors(text) == [("culture_tourism", "Tourism")]


def test_a_speech_word_before_the_title_marks_a_speaker_too():
    assert _sectors("According to a researcher with the Lakeside Energy Institute, prices rose.") == []


def test_the_institution_of_a_scholar_who_acts_keeps_its_sector():
    text = ("Scholars from Lakeview University Health Science Center signed a memorandum with "
            "Ghana's Riverside Teaching Hospital.")
    assert _sectors(text) == [("education", "University"), ("health", "Health"), ("education", "Teaching"),
                              ("health", "Hospital")]
    assert _sectors("A professor from Hillcrest Agricultural University arrived in Malawi.") == [
        ("agriculture", "Agricultural"), ("education", "University")]


def test_a_speech_word_in_the_next_sentence_does_not_reach_back():
    assert _sectors("A professor at Riverside University arrived. He said it was good.") == [
        ("education", "University")]


def _zh_sectors(text: str) -> list[tuple[str, str]]:
    return [(m.sector, m.keyword) for m in find_sectors(text, "zh")]


def test_a_chinese_scholar_s_institute_before_a_title_names_no_sector():
    assert _zh_sectors("湖滨师范大学非洲研究院教授刘明表示，合作很好。") == []
    assert _zh_sectors("山城大学国家发展研究院院长说合作很好。") == []
    assert _zh_sectors("湖滨大学孔子学院教授王芳表示欢迎。") == []


def test_a_chinese_university_s_institute_without_a_title_keeps_education():
    assert _zh_sectors("中国与肯尼亚大学合作成立非洲研究院。") == [("education", "大学")]
    assert _zh_sectors("华为与开罗大学签约共建研究中心。") == [("technology", "华为"), ("education", "大学")]


def test_jiaoshou_as_the_verb_teach_keeps_education():
    assert _zh_sectors("内罗毕大学孔子学院教授汉语。") == [("education", "大学"), ("education", "孔子学院")]


def test_a_biography_s_affiliation_names_no_sector():
    assert _sectors("Dr Lim Wei is Senior Lecturer at Riverside University.") == []
    assert _sectors("Omar Idris is a senior lecturer at Hillcrest College.") == []


def test_a_long_chinese_department_name_before_a_title_names_no_sector():
    assert _zh_sectors("山城大学世界经济与国际政治系主任卢金表示欢迎。") == []


def test_a_chinese_name_with_a_name_dot_before_a_speech_word_is_a_speaker():
    assert _zh_sectors("湖滨大学海洋工程学院学者马可·伍德表示，项目进展顺利。") == []


def test_an_author_s_note_names_no_sector():
    assert _zh_sectors("（作者单位：山城大学中亚研究中心）") == []
    assert _zh_sectors("（作者系山城大学中亚问题专家）") == []


def test_a_scholar_in_a_passive_clause_acts_and_the_institution_keeps_its_sector():
    for text in ("The survey was led by a professor at Lakeside Agricultural University in Malawi.",
                 "The memorandum was signed by a lecturer at Lakeside Agricultural University and the minister."):
        assert {m.sector for m in find_sectors(text, "en")} >= {"education", "agriculture"}, text
