"""Type-ahead client search on the FTS5 index that triggers keep in step (``store/ddl.py``).

- Words: every token typed matches as a prefix ("ol smi" finds Olivia Smith); accents are
  ignored ("zoe" finds Zoë). Names are tried first; e-mail, phone and notes only fill up
  the list when the names alone give fewer than ``limit`` clients.
- Phone: text made only of digits and phone punctuation with at least three digits
  ("555 123", "(555) 123-4567", "+1 555", "020 7123") matches those digits anywhere in
  the number.
- What a person types is never FTS5 syntax: each token is quoted, so quotes, ``*``,
  ``NEAR``, ``-`` and ``:`` are searched for as text, never interpreted.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator

from sqlalchemy import Connection, TextClause, text
from sqlalchemy.orm import Session

from medspa_desktop.store import ddl

MAX_TOKENS = 8
MAX_TOKEN_CHARS = 64
CANDIDATES = 1000
"""Most matches ranked per query: a one-letter prefix may match most of 100,000 clients,
and ranking all of them would make type-ahead lag. Longer prefixes match fewer clients
than this, so they are ranked exactly."""

_TOKEN = re.compile(r"[^\W_]+")
_PHONE_LIKE = re.compile(r"[\d\s().+\-/]+")
_MIN_PHONE_DIGITS = 3
_NAME_COLUMNS = "{first_name last_name preferred_name}"

_WORDS = text(
    "SELECT r.client_id FROM ("
    " SELECT rowid, bm25(client_fts, 10.0, 10.0, 8.0, 4.0, 2.0, 1.0) AS score"
    " FROM client_fts WHERE client_fts MATCH :query LIMIT :candidates"
    ") AS hit JOIN client_search_row AS r ON r.rowid = hit.rowid"
    " ORDER BY hit.score, r.client_id LIMIT :limit"
)
_PHONE = text(
    "SELECT r.client_id FROM ("
    " SELECT rowid, rank FROM client_phone_fts WHERE client_phone_fts MATCH :query"
    " LIMIT :candidates"
    ") AS hit JOIN client_search_row AS r ON r.rowid = hit.rowid"
    " ORDER BY hit.rank, r.client_id LIMIT :limit"
)


def search_clients(session: Session, typed: str, *, limit: int = 50) -> list[str]:
    """Ids of live clients matching what was typed, best first; ``[]`` for blank text.

    Call from the thread that owns ``session``; cheap enough to run on every keystroke.
    """
    digits = phone_digits(typed)
    if digits:
        return _run(session, _PHONE, f'"{digits}"', limit)
    tokens = _tokens(typed)
    if not tokens:
        return []
    words = " AND ".join(f'"{token}"*' for token in tokens)
    found = _run(session, _WORDS, f"{_NAME_COLUMNS} : ({words})", limit)
    if len(found) < limit:
        seen = set(found)
        more = _run(session, _WORDS, words, limit)
        found += [client_id for client_id in more if client_id not in seen][: limit - len(found)]
    return found


def phone_digits(typed: str) -> str:
    """The digits to look for when ``typed`` looks like (part of) a phone number, else ``""``.

    Leading zeros are dropped: they are a trunk or international prefix ("020 7123",
    "0044 20") that the stored E.164 number does not contain.
    """
    stripped = typed.strip()
    if not _PHONE_LIKE.fullmatch(stripped):
        return ""
    digits = re.sub(r"\D", "", stripped).lstrip("0")
    return digits if len(digits) >= _MIN_PHONE_DIGITS else ""


def _tokens(typed: str) -> list[str]:
    normalised = unicodedata.normalize("NFKC", typed).casefold()
    return [token[:MAX_TOKEN_CHARS] for token in _TOKEN.findall(normalised)][:MAX_TOKENS]


def _run(session: Session, statement: TextClause, query: str, limit: int) -> list[str]:
    params = {"query": query, "candidates": CANDIDATES, "limit": limit}
    return list(session.scalars(statement, params))


@contextlib.contextmanager
def client_search_paused(conn: Connection) -> Iterator[None]:
    """Within ``conn``'s write transaction: client rows written inside the block are not
    indexed by the triggers; index them with ``index_clients`` before the block ends.

    The pause is a row added and removed in this same transaction, so other connections
    never see it and a crash (a rollback) cannot leave it behind.
    """
    conn.exec_driver_sql(ddl.PAUSE_CLIENT_SEARCH_V1)
    try:
        yield
    finally:
        conn.exec_driver_sql(ddl.RESUME_CLIENT_SEARCH_V1)


def index_clients(
    conn: Connection, client_ids: Iterable[str], *, indexed: Collection[str] | None = None
) -> None:
    """Bring the search index of these clients in step with their rows (set-based).

    ``indexed``: the ids among them that may have index entries already (rows that existed
    before this transaction); only theirs are looked for and removed. None: all of them.
    """
    every = list(client_ids)
    ids = json.dumps(every)
    old = ids if indexed is None else json.dumps([i for i in every if i in indexed])
    for statement in ddl.INDEX_CLIENTS_V1:
        if statement.startswith("DELETE"):
            if old != "[]":
                conn.execute(text(statement), {"ids": old})
        else:
            conn.execute(text(statement), {"ids": ids})
