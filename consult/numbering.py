"""The numbering rule (DESIGN.md "Numbers"): per enterprise and year, no gaps from failed
requests, no duplicates under concurrency. Grievances and meetings each keep a counter model
with `enterprise`, `year` and `last`; this is the one function that advances one."""

from django.db import connection


def next_number(counter_model, *, enterprise, year: int) -> int:
    """The next number; call inside the transaction that creates the numbered row.

    One statement creates the counter row or advances it (an upsert on the unique
    enterprise and year). The row stays locked until that transaction commits, so concurrent
    requests wait their turn and then see the committed value, and a request that fails rolls
    its number back with it. PostgreSQL and SQLite (3.35+) both read this statement.
    """
    meta = counter_model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    enterprise_column = quote(meta.get_field("enterprise").column)
    year_column, last = quote("year"), quote("last")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({enterprise_column}, {year_column}, {last}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({enterprise_column}, {year_column}) "
            f"DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}",
            [enterprise.pk, year],
        )
        return cursor.fetchone()[0]
