"""The cleaner repairs the seed's damage and flags what it cannot repair.

No database needed: ``pytest tests/wirecopy/test_cleaner.py -p no:django``.
"""

import re
from pathlib import Path

import pytest

from script_variants.converter import to_simplified
from wirecopy.cleaner import ArticleError, clean_article, decode_article, format_warnings, split_article

SEED = Path(__file__).resolve().parents[2] / "wirecopy" / "seed" / "000_82f4a8ec1a3a9c5b.txt"
GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
CJK = r"[\u4e00-\u9fff]"


@pytest.fixture(scope="module")
def seed_text():
    return decode_article(SEED.read_bytes())


@pytest.fixture(scope="module")
def cleaned(seed_text):
    return clean_article(seed_text)


def line_with(text, needle):
    return next(line for line in text.split("\n") if needle in line)


# --- the seed -------------------------------------------------------------


def test_seed_copy_is_the_shared_seed():
    shared = Path("/work/shared/seed/000_82f4a8ec1a3a9c5b.txt")
    if not shared.exists():
        pytest.skip("shared seed not present on this machine")
    assert SEED.read_bytes() == shared.read_bytes()


def test_all_244_pinyin_glosses_are_removed(seed_text, cleaned):
    assert cleaned.fixes["glosses_removed"] == 244
    assert GLOSS.search(seed_text)
    assert not GLOSS.search(cleaned.text)
    assert not re.search("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", cleaned.text)


def test_non_pinyin_brackets_are_kept(cleaned):
    assert "您的企业（组织）也可报名" in cleaned.text


def test_text_is_simplified(cleaned):
    assert cleaned.fixes["converted_to_simplified"] > 0
    assert to_simplified(cleaned.text) == cleaned.text
    assert "叶明" in cleaned.text
    assert "夏嘉伟" in cleaned.text
    # t2s leaves 著; as a particle it is 着 in Simplified.
    assert "也标志着2022年" in cleaned.text


def test_mojibake_sentence_is_repaired(cleaned):
    assert cleaned.fixes["mojibake_repaired"] == 2
    assert "等六大主题活动。活动将持续至10月，期待各单位、企业、市民踊跃参与。" in cleaned.text
    assert not set("顒訉⒊掷蝹フ") & set(cleaned.text)
    sentence = line_with(cleaned.text, "等六大主题活动")
    assert not re.search(f"{CJK}[?？]{CJK}", sentence)


def test_second_garbled_quote_is_repaired(cleaned):
    assert "我们必须为‘质量昆明’竖起大拇指。”夏嘉伟说。" in cleaned.text


def test_punctuation_is_chinese_but_contacts_are_intact(cleaned):
    assert cleaned.fixes["punctuation_normalised"] > 0
    assert "9月1日上午，2022年" in cleaned.text
    assert "全省第一；政府质量工作" in cleaned.text
    assert "新闻多一点：" in cleaned.text
    assert "你知道昆明有哪些知名品牌吗？这些品牌如何打造提升？今年" in cleaned.text
    assert "领导小组办公室（昆明市市场监督管理局）" in cleaned.text
    assert "“质量强市 昆明快走”——“晒”质量成绩" in cleaned.text
    assert "KMPP2022@126.com" in cleaned.text
    assert "0871-65392426" in cleaned.text
    assert not re.search(f"{CJK}[,;:?!]|[,;:?!]{CJK}", cleaned.text)
    assert "---" not in cleaned.text


def test_seed_has_nothing_left_to_warn_about(cleaned):
    assert cleaned.warnings == []


def test_cleaning_is_idempotent(cleaned):
    again = clean_article(cleaned.text)
    assert again.text == cleaned.text
    assert again.total_fixes == 0
    assert again.warnings == []


def test_lines_are_kept_so_warning_numbers_fit_the_file(seed_text, cleaned):
    assert cleaned.text.count("\n") == seed_text.count("\n")


def test_seed_structure(cleaned):
    article = split_article(cleaned.text)
    assert article.source == "昆明信息港"
    assert article.title == "一年一度的9月全国“质量月”到来"
    assert article.lead.startswith("一年一度的9月全国“质量月”到来。9月1日上午，")
    assert "新闻多一点" in article.headings
    assert "昆明市“质量月”六大主题活动等你参与" in article.headings
    assert "活动一：2022年“质量月”系列宣传" in article.headings
    assert "活动六：中国·昆明“质量赋能产业发展”论坛" in article.headings
    assert len(article.headings) == 8
    assert article.paragraphs[0].startswith("今年，昆明市创新活动形式")
    assert all(text.endswith("。") for text in article.paragraphs)
    assert [block.kind for block in article.body[:2]] == ["paragraph", "paragraph"]


def test_split_article_uses_a_given_title_or_a_title_line():
    text = "质量月启动\n本报讯（记者 张三）今天，质量月启动。\n第二段。"
    article = split_article(text)
    assert article.title == "质量月启动"
    assert (article.source, article.author) == ("本报", "张三")
    assert article.lead == "今天，质量月启动。"
    assert article.paragraphs == ["第二段。"]
    assert split_article(text, title="另一个标题").title == "另一个标题"


# --- decoding -------------------------------------------------------------


def test_decodes_utf8_with_bom_and_gb18030():
    assert decode_article("\ufeff质量月".encode()) == "质量月"
    assert decode_article("質量月活動將持續至10月".encode("gb18030")) == "質量月活動將持續至10月"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "文件为空"),
        (b" \r\n\t\n", "空白"),
        (b"\xef\xbb\xbf  \n", "空白"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "二进制"),
        (b"\x01\x02\x03\x04\x05abc" * 20, "控制字符"),
        ("Quality Month 质量月".encode("utf-16-le"), "UTF-16"),
        ("质量月活动将持续至十月".encode("utf-16-be"), "UTF-16"),
        (bytes(range(0x80, 0x100)) * 4, "无法识别文件编码"),
        ("質量月活動".encode("big5"), "无法识别文件编码"),
    ],
)
def test_unusable_files_raise_a_clear_chinese_error(data, says):
    with pytest.raises(ArticleError, match=says) as raised:
        decode_article(data)
    assert re.search(CJK, str(raised.value))
    assert isinstance(raised.value, ValueError)


# --- repairs and warnings on other damage ----------------------------------


def test_utf8_read_as_gbk_is_repaired():
    garbled = "昆明市质量月活动".encode().decode("gbk")
    assert garbled == "鏄嗘槑甯傝川閲忔湀娲诲姩"
    result = clean_article(f"今年，{garbled}。")
    assert result.text == "今年，昆明市质量月活动。"
    assert result.fixes["mojibake_repaired"] == 1
    assert result.warnings == []


def test_utf8_read_as_windows_1252_is_repaired():
    garbled = "昆明市活动".encode().decode("cp1252")
    assert garbled == "æ˜†æ˜Žå¸‚æ´»åŠ¨"
    assert clean_article(f"标题：{garbled}").text == "标题：昆明市活动"


def test_lost_character_that_is_not_punctuation_is_marked_and_warned():
    # Line 2 lost the first byte of 活; the rest is decoded one byte out of step.
    raw = "主題活動".encode("gbk") + "活動將持續".encode("gbk")[1:]
    garbled = raw[:8].decode("gbk") + "?" + raw[8:].decode("gbk")
    result = clean_article(f"第一行正常。\n{garbled}(xù)至10月。\n第三行正常。")
    assert result.text.split("\n")[1] == "主题活动\ufffd动将持续至10月。"
    assert [number for number, _ in result.warnings] == [2]
    assert "替换字符" in result.warnings[0][1]


def test_unrepairable_mojibake_is_warned_with_its_line_number():
    text = "第一行。\n\n第三行有乱码顒訉⒊掷，无法还原。\n第四行。"
    result = clean_article(text)
    assert [number for number, _ in result.warnings] == [3]
    assert "乱码" in result.warnings[0][1]
    assert "訉⒊" in result.warnings[0][1]
    assert format_warnings(result.warnings).startswith("第 3 行：")
    assert format_warnings(result.warnings, filename="a.txt").startswith("a.txt:3: ")


def test_replacement_characters_and_stray_question_marks_are_warned():
    result = clean_article("一切正常。\n质量\ufffd月\n活动?将持续")
    assert [number for number, _ in result.warnings] == [2, 3]
    assert "?" in result.text  # a stray '?' is not turned into a question


def test_real_questions_are_not_warned():
    result = clean_article("你知道吗?这些品牌如何打造?今年有3期直播!")
    assert result.text == "你知道吗？这些品牌如何打造？今年有3期直播！"
    assert result.warnings == []


@pytest.mark.parametrize(
    "text",
    [
        "会议10:30开始，共1,000人参加",
        "详见https://www.km.gov.cn/a,b?c=1:2。",
        "邮箱KMPP2022@126.com，热线0871-65392426。",
    ],
)
def test_numbers_times_urls_and_contacts_keep_ascii_punctuation(text):
    assert clean_article(text).text == text


def test_ascii_punctuation_in_chinese_text_is_made_full_width():
    result = clean_article("热线(0871-65392426),欢迎咨询;地址:昆明市")
    assert result.text == "热线（0871-65392426），欢迎咨询；地址：昆明市"
    assert clean_article(result.text).text == result.text


def test_glosses_are_removed_only_after_chinese_characters():
    result = clean_article("質(zhì)量(liàng) app(ā) 的(de) (zhì)")
    assert result.text == "质量 app(ā) 的 (zhì)"
    assert result.fixes["glosses_removed"] == 3


# --- what the cleaner cannot vouch for ----------------------------------------


def test_question_mark_runs_are_kept_and_flagged_not_made_full_width():
    result = clean_article("知名演员???接受聘书，副局长?？介绍。")
    assert result.text == "知名演员???接受聘书，副局长?？介绍。"
    assert [message.split("：")[0] for _, message in result.warnings] == ["连续问号“???”", "连续问号“?？”"]


def test_html_in_the_lead_is_flagged_with_the_whole_tag():
    result = clean_article('本报讯 <span style="color:red">质量月</span>启动仪式&nbsp;举行。')
    passages = [message.split("：")[0] for _, message in result.warnings]
    assert passages == [
        '残留的 HTML 代码“<span style="color:red">”',
        "残留的 HTML 代码“</span>”",
        "残留的 HTML 代码“&nbsp;”",
    ]
    article = split_article(result.text, damaged_lines=result.damaged_lines)
    assert article.lead_damaged and article.place(1) == "导语"


def test_rare_characters_are_vouched_for_only_inside_words():
    assert clean_article("滇池边，晏敏和金飞豹讲述质量故事。").warnings == []
    flagged = clean_article("昆明市市场监镌ｇ理局举行仪式。").warnings
    assert len(flagged) == 1 and "“镌ｇ”" in flagged[0][1]


def test_a_garbage_file_is_flagged_once_past_the_cap_and_stays_readable():
    result = clean_article("质(zhì" * 20_000)
    assert result.damage[-1].kind == "overflow"
    assert "问题太多" in result.warnings[-1][1]
    assert all(len(message) < 700 for _, message in result.warnings)


def test_a_long_damaged_passage_is_quoted_by_both_ends_and_its_length():
    result = clean_article("活动" + "\ue000" * 1000 + "开始。")
    (_, message), *_ = result.warnings
    assert "（中间还有 880 字）" in message and message.startswith("私用区字符")


def test_thousands_of_paragraphs_are_refused_with_a_clear_error():
    with pytest.raises(ArticleError, match="不像一篇新闻稿"):
        split_article("质量月活动\n" * 3000)


def test_different_damage_side_by_side_is_named_separately():
    kinds = [found.kind for found in clean_article("本报讯 知名演员???接受<b>聘书</b>。").damage]
    assert kinds == ["question_run", "html", "html"]
    # Garbled characters with a plausible one between them are one passage.
    assert [found.kind for found in clean_article("活动颙訉掷⒊将持续。").damage] == ["mojibake"]
