"""The documented Elasticsearch/OpenSearch configuration is well-formed.

No search server runs here, so this checks the dict itself: it merges into
Wagtail's own index settings, every analyzer's tokenizer and filters exist,
and the cjk analyzer is the index default.
"""

import importlib.util
import json
from pathlib import Path

import pytest
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend, deep_update

from search.elasticsearch import BACKENDS, INDEX_SETTINGS, elasticsearch_config

BUILT_IN_ANALYZERS = {"cjk", "standard", "simple", "whitespace", "keyword"}
BUILT_IN_TOKENIZERS = {"standard", "whitespace", "keyword", "icu_tokenizer"}
BUILT_IN_FILTERS = {"cjk_width", "cjk_bigram", "lowercase", "asciifolding", "stop"}
# Keys the Elasticsearch backends consume; anything else would reach the client constructor.
BACKEND_KEYS = {"BACKEND", "URLS", "HOSTS", "INDEX_PREFIX", "TIMEOUT", "OPTIONS", "INDEX_SETTINGS", "ATOMIC_REBUILD"}


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_backend_entry(backend):
    config = elasticsearch_config("https://user:secret@search.internal:9200", backend=backend)
    assert set(config) <= BACKEND_KEYS
    module = BACKENDS[backend]
    assert module.startswith("wagtail.search.backends.")
    assert importlib.util.find_spec(module) is not None  # the module exists (its client library is optional)
    json.dumps(config)  # plain data, as settings should be


def test_index_settings_merge_into_wagtails_and_are_consistent():
    merged = deep_update(json.loads(json.dumps(ElasticsearchBaseSearchBackend.settings)), INDEX_SETTINGS)
    analysis = merged["settings"]["analysis"]
    assert analysis["analyzer"]["default"] == {"type": "cjk"}
    # Wagtail's own analyzers and filters survive the merge.
    assert "ngram_analyzer" in analysis["analyzer"]
    assert "edgengram" in analysis["filter"]

    for name, analyzer in analysis["analyzer"].items():
        if analyzer["type"] != "custom":
            assert analyzer["type"] in BUILT_IN_ANALYZERS, name
            continue
        tokenizer = analyzer["tokenizer"]
        assert tokenizer in BUILT_IN_TOKENIZERS or tokenizer in analysis.get("tokenizer", {}), name
        for token_filter in analyzer["filter"]:
            assert token_filter in BUILT_IN_FILTERS or token_filter in analysis["filter"], (name, token_filter)

    autocomplete = analysis["analyzer"]["edgengram_analyzer"]
    assert "cjk_width" in autocomplete["filter"]
    assert autocomplete["filter"][-1] == "edgengram"


def test_docs_show_the_same_settings():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "search.md").read_text(encoding="utf-8")
    assert '"default": {"type": "cjk"}' in docs
    assert "edgengram_analyzer" in docs
    assert "INDEX_SETTINGS" in docs
