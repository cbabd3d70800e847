"""Scale-out configuration: Elasticsearch / OpenSearch with Chinese analysis.

Not used by default (no search server runs here). To switch, set in
settings, e.g. ``WAGTAILSEARCH_BACKENDS = {"default": elasticsearch_config(
os.environ["ELASTICSEARCH_URL"])}``. See docs/search.md.
"""

BACKENDS = {
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}

INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                # Every text field without its own analyzer: the built-in cjk
                # analyzer (standard tokenizer, cjk_width, lowercase,
                # cjk_bigram, stop) indexes Han text as overlapping bigrams.
                "default": {"type": "cjk"},
                # Autocomplete fields: Wagtail's edgengram_analyzer, with
                # cjk_width so full-width Latin and digits match half-width.
                # The standard tokenizer emits one token per Han character,
                # which is also what Wagtail's autocomplete search_analyzer
                # ("standard") produces for the query.
                "edgengram_analyzer": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "edgengram"],
                },
            },
        },
    },
}


def elasticsearch_config(url, backend="elasticsearch8", index_prefix="zlkm_", timeout=5):
    """A ``WAGTAILSEARCH_BACKENDS`` entry for Elasticsearch/OpenSearch."""
    return {
        "BACKEND": BACKENDS[backend],
        "URLS": [url],
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": timeout,
        "OPTIONS": {},
        "INDEX_SETTINGS": INDEX_SETTINGS,
    }
