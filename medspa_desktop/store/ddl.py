"""Hand-written schema objects that Alembic autogenerate cannot express.

- Client search: ``client_fts`` (FTS5, word prefixes over names, e-mail, phone digits and
  notes) and ``client_phone_fts`` (FTS5 trigram over the phone digits, so digits typed from
  the middle of a number match). Both use explicit rowids handed out by
  ``client_search_row``, because ``client`` has a text primary key and its implicit rowid
  may change on VACUUM or when a migration rebuilds the table. Triggers keep them in step;
  only live clients (not deleted, not erased) are indexed.
  Since revision 0004 the insert and update triggers stand aside while a row sits in
  ``client_search_paused``: applying a pulled page of clients then indexes them in a few
  set-based statements (``INDEX_CLIENTS_V1``), 2.5 times faster than row by row. The row is
  added and removed inside that one write transaction, so no other connection ever sees it.
- ``audit_entry`` guards: triggers that refuse UPDATE and DELETE.
- ``ix_client_list_order``: a partial index over live clients in the client list's sort
  order (case-insensitive last name, first name, id), so the first page of 100,000 clients
  and their count read an index instead of sorting the table. SQLAlchemy can declare an
  expression index, but Alembic's SQLite reflection cannot compare one, so it lives here.

NOTE: a constant a revision uses is frozen. Change these objects by adding ``*_V2``
constants and a new revision, never by editing a released one.
NOTE: Alembic's batch mode rebuilds a SQLite table by copy-and-rename, which drops the
table's triggers. A revision that batch-alters ``client`` or ``audit_entry`` must create
them again; tests/integration/test_store_migrations.py checks that head has every one.
"""

# ruff: noqa: S608 - statements are assembled from this module's constants, never from input

from __future__ import annotations

SEARCH_TABLES = ("client_fts", "client_phone_fts", "client_search_row", "client_search_paused")
TRIGGERS = (
    "client_search_ai",
    "client_search_au",
    "client_search_ad",
    "audit_entry_no_update",
    "audit_entry_no_delete",
)


HAND_MADE_INDEXES = ("ix_client_list_order",)

CLIENT_LIST_ORDER_V1 = (
    "CREATE INDEX ix_client_list_order ON client "
    "(org_id, last_name COLLATE NOCASE, first_name COLLATE NOCASE, id) "
    "WHERE deleted IS 0 AND erased_at IS NULL",
)
DROP_CLIENT_LIST_ORDER_V1 = ("DROP INDEX IF EXISTS ix_client_list_order",)


def is_hand_made(table: str) -> bool:
    """True for the search tables (and FTS5's shadow tables), which no model describes."""
    return any(table == t or table.startswith(t + "_") for t in SEARCH_TABLES)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic filter: autogenerate and compare leave the hand-made objects alone."""
    if type_ == "index":
        return name not in HAND_MADE_INDEXES
    return not (type_ == "table" and name is not None and is_hand_made(name))


def _digits(row: str) -> str:
    expr = f"{row}.phone"
    for char in "+ -().":
        expr = f"replace({expr}, '{char}', '')"
    return expr


def _live(row: str) -> str:
    return f"{row}.deleted = 0 AND {row}.erased_at IS NULL"


def _unindex(row: str) -> tuple[str, ...]:
    lookup = f"(SELECT rowid FROM client_search_row WHERE client_id = {row}.id)"
    return (
        f"DELETE FROM client_fts WHERE rowid = {lookup}",
        f"DELETE FROM client_phone_fts WHERE rowid = {lookup}",
    )


def _index(row: str, tables: str) -> tuple[str, ...]:
    """Index the live clients ``row`` of ``tables`` (which names ``client_search_row AS r``)."""
    where = f"WHERE r.client_id = {row}.id AND {_live(row)}"
    return (
        "INSERT INTO client_fts (rowid, first_name, last_name, preferred_name, email, phone, "
        f"notes) SELECT r.rowid, {row}.first_name, {row}.last_name, {row}.preferred_name, "
        f"{row}.email, {_digits(row)}, {row}.notes FROM {tables} {where}",
        f"INSERT INTO client_phone_fts (rowid, digits) SELECT r.rowid, {_digits(row)} "
        f"FROM {tables} {where} AND {row}.phone <> ''",
    )


def _trigger(head: str, *statements: str) -> str:
    return f"CREATE TRIGGER {head} BEGIN\n" + "".join(f"  {s};\n" for s in statements) + "END"


_REMEMBER_NEW = "INSERT OR IGNORE INTO client_search_row (client_id) VALUES (new.id)"
_INDEX_NEW = _index("new", "client_search_row AS r")
_INSERT_HEAD = "client_search_ai AFTER INSERT ON client"
_UPDATE_HEAD = (
    "client_search_au AFTER UPDATE OF id, first_name, last_name, preferred_name, email, "
    "phone, notes, deleted, erased_at ON client"
)
_UPDATE_BODY = (
    *_unindex("old"),
    "DELETE FROM client_search_row WHERE client_id = old.id AND old.id <> new.id",
    _REMEMBER_NEW,
    *_INDEX_NEW,
)
_NOT_PAUSED = " WHEN NOT EXISTS (SELECT 1 FROM client_search_paused)"
_IDS = "(SELECT value FROM json_each(:ids))"

CLIENT_SEARCH_V1 = (
    "CREATE TABLE client_search_row (rowid INTEGER PRIMARY KEY, client_id VARCHAR(36) NOT NULL "
    "UNIQUE)",
    "CREATE VIRTUAL TABLE client_fts USING fts5(first_name, last_name, preferred_name, email, "
    "phone, notes, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')",
    "CREATE VIRTUAL TABLE client_phone_fts USING fts5(digits, tokenize = 'trigram')",
    "INSERT INTO client_search_row (client_id) SELECT id FROM client ORDER BY id",
    *_index("c", "client AS c, client_search_row AS r"),
    _trigger(_INSERT_HEAD, *_unindex("new"), _REMEMBER_NEW, *_INDEX_NEW),
    _trigger(_UPDATE_HEAD, *_UPDATE_BODY),
    _trigger(
        "client_search_ad AFTER DELETE ON client",
        *_unindex("old"),
        "DELETE FROM client_search_row WHERE client_id = old.id",
    ),
)
CLIENT_SEARCH_PAUSE_V1 = (
    "CREATE TABLE client_search_paused (id INTEGER PRIMARY KEY CHECK (id = 1))",
    "DROP TRIGGER client_search_ai",
    "DROP TRIGGER client_search_au",
    _trigger(_INSERT_HEAD + _NOT_PAUSED, *_unindex("new"), _REMEMBER_NEW, *_INDEX_NEW),
    _trigger(_UPDATE_HEAD + _NOT_PAUSED, *_UPDATE_BODY),
)
DROP_CLIENT_SEARCH_PAUSE_V1 = (
    "DROP TRIGGER client_search_ai",
    "DROP TRIGGER client_search_au",
    _trigger(_INSERT_HEAD, *_unindex("new"), _REMEMBER_NEW, *_INDEX_NEW),
    _trigger(_UPDATE_HEAD, *_UPDATE_BODY),
    "DROP TABLE client_search_paused",
)
PAUSE_CLIENT_SEARCH_V1 = "INSERT INTO client_search_paused (id) VALUES (1)"
RESUME_CLIENT_SEARCH_V1 = "DELETE FROM client_search_paused"
INDEX_CLIENTS_V1 = (
    "DELETE FROM client_fts WHERE rowid IN "
    f"(SELECT rowid FROM client_search_row WHERE client_id IN {_IDS})",
    "DELETE FROM client_phone_fts WHERE rowid IN "
    f"(SELECT rowid FROM client_search_row WHERE client_id IN {_IDS})",
    "INSERT OR IGNORE INTO client_search_row (client_id) SELECT value FROM json_each(:ids)",
    *(
        f"{statement} AND c.id IN {_IDS}"
        for statement in _index("c", "client AS c, client_search_row AS r")
    ),
)
"""Index the clients whose ids are the JSON array ``:ids`` as the triggers would have (their
old entries out, live ones in), after they were written with the search paused."""

DROP_CLIENT_SEARCH_V1 = (
    "DROP TRIGGER client_search_ad",
    "DROP TRIGGER client_search_au",
    "DROP TRIGGER client_search_ai",
    "DROP TABLE client_phone_fts",
    "DROP TABLE client_fts",
    "DROP TABLE client_search_row",
)

AUDIT_GUARDS_V1 = (
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN "
    "SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN "
    "SELECT RAISE(ABORT, 'audit entries are append-only: DELETE refused'); END",
)
DROP_AUDIT_GUARDS_V1 = (
    "DROP TRIGGER audit_entry_no_delete",
    "DROP TRIGGER audit_entry_no_update",
)
