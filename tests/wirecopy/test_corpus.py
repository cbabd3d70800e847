"""The damage corpus: every damaged file flagged, no clean file flagged, damage never hidden.

``corpus/damaged`` holds real damage patterns (built by ``corpus/build_damaged.py`` from
``corpus/clean``, the seed's facts written cleanly). The figures are printed with ``-s``.
"""

from pathlib import Path

import pytest

from wirecopy.cleaner import clean_article, decode_article, split_article

CORPUS = Path(__file__).resolve().parent / "corpus"
DAMAGED = sorted((CORPUS / "damaged").glob("*.txt"))
CLEAN = sorted((CORPUS / "clean").glob("*.txt"))


def cleaned(path):
    return clean_article(decode_article(path.read_bytes()))


def test_corpus_is_large_enough():
    assert len(DAMAGED) >= 30
    assert len(CLEAN) >= 10


def test_detection_rate_is_100_percent_with_no_false_alarms():
    missed = [path.name for path in DAMAGED if not cleaned(path).warnings]
    false_alarms = {path.name: cleaned(path).warnings for path in CLEAN if cleaned(path).warnings}
    detected = len(DAMAGED) - len(missed)
    print(
        f"\nwire-copy corpus: {detected}/{len(DAMAGED)} damaged files flagged, {len(false_alarms)}/{len(CLEAN)} clean"
    )
    assert missed == []
    assert false_alarms == {}


@pytest.mark.parametrize("path", DAMAGED, ids=lambda path: path.stem)
def test_damaged_lines_stay_paragraphs_and_every_message_is_chinese(path):
    result = cleaned(path)
    article = split_article(result.text, damaged_lines=result.damaged_lines)
    headings = {block.line for block in article.body if block.kind == "heading"}
    assert not headings & result.damaged_lines
    for block in article.body:
        assert block.damaged == (block.line in result.damaged_lines)
    for found in result.damage:
        assert "。原文：" in found.message
        assert found.message.isascii() is False


@pytest.mark.parametrize(
    ("name", "passage"),
    [
        ("q_name_ascii.txt", "“???”"),  # not turned into ？？？, and named as lost text
        ("q_name_fullwidth.txt", "“？？？”"),
        ("gbk_drop_bureau.txt", "“镌ｇ”"),  # the mojibake of the review, quoted whole
        ("utf8_as_gbk_drop.txt", "“绯诲楁椿锷ㄥ\ufffd嬩簬”"),
        ("html_lead_span.txt", '“<span style="color:red">”'),
        ("latin_halfwidth.txt", "“g”"),
        ("pinyin_unbracketed.txt", "“xué”"),
    ],
)
def test_the_whole_damaged_passage_is_quoted(name, passage):
    result = cleaned(CORPUS / "damaged" / name)
    assert any(passage in message for _, message in result.warnings), result.warnings


def test_question_marks_standing_in_for_a_name_are_kept_as_they_were():
    result = cleaned(CORPUS / "damaged" / "q_name_ascii.txt")
    assert "知名演员???接受" in result.text
    assert "连续问号" in result.warnings[0][1]


def test_a_damaged_short_line_is_not_a_heading():
    damaged = cleaned(CORPUS / "damaged" / "truncated_short_de.txt")
    article = split_article(damaged.text, damaged_lines=damaged.damaged_lines)
    block = next(block for block in article.body if block.text.startswith("体验营将带领"))
    assert block.kind == "paragraph" and block.damaged
    assert article.place(block.line) == "正文第 2 段"


def test_the_same_line_undamaged_would_be_a_heading():
    # Guards the test above: without the damage, a short line without a full stop is a heading.
    article = split_article("标题\n导语。\n体验营将带领孩子走进企业")
    assert article.body[0].kind == "heading"
