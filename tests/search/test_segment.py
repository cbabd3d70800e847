import pytest

from search.query import MAX_QUERY_LENGTH, normalise_query
from search.segment import MAX_QUERY_TOKENS, index_tokens, query_tokens, segment_query


def test_han_runs_become_bigrams_and_the_index_keeps_unigrams():
    assert query_tokens("质量官") == ["质量", "量官"]
    assert index_tokens("春城质量官") == ["春", "城", "质", "量", "官", "春城", "城质", "质量", "量官"]
    # every query token of a word inside the text is an index token of the text
    assert set(query_tokens("质量官")) <= set(index_tokens("春城质量官"))


def test_single_character_query_is_a_unigram():
    assert query_tokens("娃") == ["娃"]


def test_traditional_and_full_width_are_normalised():
    assert query_tokens("質量月") == query_tokens("质量月")
    assert query_tokens("ＫＭＰＰ２０２２") == ["kmpp2022"]


def test_latin_digits_and_mixed():
    assert query_tokens("0871-65392426") == ["0871", "65392426"]
    assert query_tokens("KMPP2022@126.com") == ["kmpp2022", "126", "com"]
    assert query_tokens("2022年质量月") == ["2022", "年质", "质量", "量月"]


@pytest.mark.parametrize(
    "query",
    [
        '"质量"',
        "质量*",
        "NEAR(质量 月)",
        "a AND b",
        "-论坛",
        "(春城)",
        "' OR 1=1; DROP TABLE x; --",
        "😀",
        "\x00\x1b[2J",
    ],
)
def test_fts_syntax_never_survives(query):
    for token in query_tokens(query):
        assert token.isalnum(), token


def test_query_length_and_tokens_are_capped():
    assert len(normalise_query("质" * 1000)) == MAX_QUERY_LENGTH
    assert len(query_tokens("".join(chr(0x4E00 + i) for i in range(500)))) == MAX_QUERY_TOKENS


def test_normalise_query_drops_control_characters_and_collapses_space():
    assert normalise_query("  夏嘉伟\x00\t\n 演员\u200b ") == "夏嘉伟 演员"
    assert normalise_query(None) == ""


def test_pathological_input_is_handled():
    # The tokeniser is one linear pass without regular expressions (no ReDoS).
    assert segment_query("a-" * 50_000 + "!") == "a"  # deduplicated
    assert len(index_tokens("质a" * 50_000)) == 100_000
