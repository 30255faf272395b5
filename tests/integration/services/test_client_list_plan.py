"""The client list stays fast on 100,000 clients: its queries read the sort-order index."""

from __future__ import annotations

from sqlalchemy.dialects import sqlite

from medspa_desktop.services.clients import client_count_statement, client_page_statement


def _plan(store, statement) -> str:
    sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    assert "?" not in sql
    with store.engine.connect() as conn:
        return " | ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))


def test_a_client_page_reads_the_sort_order_index_without_sorting(store):
    plan = _plan(store, client_page_statement("org-1", 0, 100))
    assert "ix_client_list_order" in plan
    assert "TEMP B-TREE" not in plan, plan


def test_the_client_count_reads_the_index_not_the_table(store):
    plan = _plan(store, client_count_statement("org-1"))
    assert "ix_client_list_order" in plan, plan
