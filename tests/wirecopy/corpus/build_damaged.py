"""Build damaged/ from clean/: real damage patterns applied to the clean articles.

Run from the repository root: ``.venv/bin/python tests/wirecopy/corpus/build_damaged.py``.
The output is committed; the test reads the files, not this script.
Each entry: (file name, clean article, function from its text to the damaged text).
"""

from pathlib import Path

import opencc

HERE = Path(__file__).resolve().parent
CLEAN = HERE / "clean"
DAMAGED = HERE / "damaged"
T2S = opencc.OpenCC("s2tw")  # Taiwan forms: what Big5 holds


def clean(name):
    return (CLEAN / name).read_text(encoding="utf-8")


def replace_once(old, new):
    def damage(text):
        assert old in text, old
        return text.replace(old, new, 1)

    return damage


def gbk_dropped_byte(word, drop=1):
    """``word`` encoded GBK, one byte dropped, decoded GBK again: the lost-byte shift."""

    def damage(text):
        data = word.encode("gbk")
        garbled = (data[:drop] + data[drop + 1 :]).decode("gbk", errors="replace")
        return replace_once(word, garbled)(text)

    return damage


def utf8_dropped_byte(word, drop=4):
    """``word`` in UTF-8 with one byte lost, decoded leniently: U+FFFD where the character was."""

    def damage(text):
        data = word.encode("utf-8")
        return replace_once(word, (data[:drop] + data[drop + 1 :]).decode("utf-8", errors="replace"))(text)

    return damage


def utf8_as_gbk_dropped(word, drop=2):
    """UTF-8 read as GBK after a byte was lost, so it no longer realigns."""

    def damage(text):
        data = word.encode("utf-8")
        return replace_once(word, (data[:drop] + data[drop + 1 :]).decode("gbk", errors="replace"))(text)

    return damage


def big5_as_gbk(word):
    """Traditional text in Big5 read as GBK."""

    def damage(text):
        return replace_once(word, T2S.convert(word).encode("big5").decode("gbk", errors="replace"))(text)

    return damage


def truncate_line(start_of_line, keep):
    """The line starting with ``start_of_line`` cut after ``keep`` characters."""

    def damage(text):
        lines = text.split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(start_of_line))
        lines[index] = lines[index][:keep]
        return "\n".join(lines)

    return damage


def drop_line_start(start_of_line, cut):
    def damage(text):
        lines = text.split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(start_of_line))
        lines[index] = lines[index][cut:]
        return "\n".join(lines)

    return damage


CORPUS = [
    # Runs of question marks standing in for lost characters (a name, a place).
    ("q_name_ascii.txt", "03_xiajiawei.txt", replace_once("知名演员夏嘉伟接受", "知名演员???接受")),
    ("q_name_fullwidth.txt", "03_xiajiawei.txt", replace_once("知名演员夏嘉伟接受", "知名演员？？？接受")),
    ("q_mixed_run.txt", "02_yeming.txt", replace_once("副局长叶明介绍", "副局长?？介绍")),
    ("q_single_between.txt", "11_organisers.txt", replace_once("昆明市人民政府主办", "昆明市人?政府主办")),
    (
        "q_heading_line.txt",
        "05_activities.txt",
        replace_once("昆明市“质量月”六大主题活动等你参与", "昆明市“质量月”??大主题活动"),
    ),
    # U+FFFD from lenient decoding.
    ("fffd_utf8_drop.txt", "01_launch.txt", utf8_dropped_byte("昆明市市场监督管理局", 16)),
    ("fffd_literal.txt", "06_kids.txt", replace_once("体验营开始招募", "体验营开\ufffd招募")),
    ("fffd_gbk_lost.txt", "09_forum.txt", replace_once("共同探讨", "共同\ufffd讨")),
    # GBK with a dropped byte: the shifted decoding.
    ("gbk_drop_bureau.txt", "02_yeming.txt", replace_once("昆明市市场监督管理局将持续", "昆明市市场监镌ｇ理局将持续")),
    ("gbk_drop_generated.txt", "12_history.txt", gbk_dropped_byte("政府质量工作考核连续三年位列全省第一", 5)),
    ("gbk_drop_generated2.txt", "08_story.txt", gbk_dropped_byte("往届已有30多家企业报名参加", 1)),
    ("utf8_as_gbk_drop.txt", "10_walk.txt", utf8_as_gbk_dropped("系列活动始于", 4)),
    (
        "utf8_as_gbk_whole.txt",
        "04_officers.txt",
        replace_once("探险家金飞豹", "探险家" + "金飞豹".encode()[:-1].decode("gbk", errors="replace")),
    ),
    # Big5 read as GBK.
    ("big5_as_gbk.txt", "07_brands.txt", big5_as_gbk("走进昆明的品牌企业")),
    ("big5_as_gbk_title.txt", "09_forum.txt", big5_as_gbk("主题为")),
    # Private use area (GBK user-defined rows, fonts' private glyphs).
    ("pua_single.txt", "06_kids.txt", replace_once("了解产品质量", "了解产\ue000质量")),
    ("pua_from_gbk.txt", "01_launch.txt", replace_once("启动仪式", "启" + b"\xaa\xa1".decode("gb18030") + "仪式")),
    # Rare characters typical of mojibake.
    ("rare_cjk_run.txt", "11_organisers.txt", replace_once("战略领导小组", "战略顒訉⒊组")),
    ("rare_cjk_ext.txt", "10_walk.txt", replace_once("发展速度", "发展\U00020000度")),
    ("kinbaku.txt", "05_activities.txt", replace_once("时间从9月", "时间锟斤拷锟斤拷从9月")),
    # Leftover HTML, in the body and in the lead.
    (
        "html_body_tags.txt",
        "08_story.txt",
        replace_once("您的企业（组织）也可报名。", "<p>您的企业（组织）也可报名。</p>"),
    ),
    ("html_lead_entity.txt", "01_launch.txt", replace_once("一年一度的9月", "一年一度的&nbsp;9月")),
    (
        "html_lead_span.txt",
        "12_history.txt",
        replace_once("全国“质量月”活动始于", '<span style="color:red">全国“质量月”</span>活动始于'),
    ),
    ("html_script.txt", "07_brands.txt", replace_once("直播将在", "<script>alert(1)</script>直播将在")),
    ("html_br.txt", "04_officers.txt", replace_once("一张照片、", "一张照片、<br/>")),
    # Latin noise inside Chinese words: half width, full width, pinyin left over.
    ("latin_halfwidth.txt", "02_yeming.txt", replace_once("高度重视质量工作", "高度重视质g量工作")),
    ("latin_fullwidth.txt", "03_xiajiawei.txt", replace_once("分享他的质量故事", "分享他的质量ＧＵ事")),
    ("pinyin_unbracketed.txt", "09_forum.txt", replace_once("专家学者", "专家xué者")),
    ("pinyin_toneless.txt", "06_kids.txt", replace_once("家长可拨打", "家(jia)长可拨打")),
    ("pinyin_tone_numbers.txt", "11_organisers.txt", replace_once("协办", "协(xie2)办")),
    ("latin1_mojibake.txt", "07_brands.txt", replace_once("三场直播", "三场ç›´æ")),
    # Mixed scripts.
    ("mixed_cyrillic.txt", "05_activities.txt", replace_once("六大主题活动", "六大主题活Дм")),
    ("mixed_kana.txt", "12_history.txt", replace_once("三项全省第一", "三项全省の第一")),
    ("mixed_greek.txt", "04_officers.txt", replace_once("欢迎各行各业", "欢迎各α行各业")),
    # Truncated lines.
    ("truncated_quote.txt", "03_xiajiawei.txt", truncate_line("夏嘉伟表示", 10)),
    ("truncated_short_de.txt", "06_kids.txt", truncate_line("体验营将带领", 14)),
    ("truncated_long.txt", "02_yeming.txt", truncate_line("下一步", 30)),
    ("truncated_start.txt", "01_launch.txt", drop_line_start("今年，", 2)),
    # Control characters.
    ("control_chars.txt", "10_walk.txt", replace_once("第七届", "第七\x1a届")),
]


def main():
    DAMAGED.mkdir(exist_ok=True)
    for old in DAMAGED.glob("*.txt"):
        old.unlink()
    for name, source, damage in CORPUS:
        original = clean(source)
        damaged = damage(original)
        assert damaged != original, name
        (DAMAGED / name).write_text(damaged, encoding="utf-8")
    print(f"{len(CORPUS)} damaged files written to {DAMAGED}")


if __name__ == "__main__":
    main()
