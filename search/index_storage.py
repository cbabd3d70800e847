"""Create and drop the index text storage the ORM cannot describe.

Called by this app's migration; vendor-specific, like the index itself.
"""

FTS_TABLE = "search_indexentry_fts"
TEXT_COLUMNS = ("autocomplete", "body", "title")


def create(schema_editor):
    connection = schema_editor.connection
    table = "search_indexentry"
    if connection.vendor == "sqlite":
        # Index text is space-separated tokens of letters, digits and Han
        # (search.segment); unicode61 splits on the spaces only.
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            f"{', '.join(TEXT_COLUMNS)}, tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif connection.vendor == "postgresql":
        for column in TEXT_COLUMNS:
            schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN {column} tsvector NOT NULL DEFAULT ''::tsvector")
            schema_editor.execute(f"CREATE INDEX {table}_{column}_gin ON {table} USING GIN ({column})")


def drop(schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif connection.vendor == "postgresql":
        for column in TEXT_COLUMNS:
            schema_editor.execute(f"ALTER TABLE search_indexentry DROP COLUMN IF EXISTS {column}")
