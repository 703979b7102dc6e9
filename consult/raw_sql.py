"""Small correlated subqueries written as SQL (`RawSQL`) for the queries every signed-in page
or item page makes: built through the ORM (OuterRef, Subquery, Exists, values, annotate) each
cost Django more to build and compile than the rest of its query (issue 22 point 5; the
profiles are in bench/README.md). Table and column names come from the models' `_meta`."""

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL


def column(model, field: str) -> str:
    """`"table"."column"` of `model`'s `field`, as the outer query names it."""
    return f'"{model._meta.db_table}"."{model._meta.get_field(field).column}"'


def has_rows(table: str, column_name: str, outer) -> RawSQL:
    """Whether `table` has a row whose `column_name` is the id of the outer query's `outer`
    model row (the inner table aliased, so that it may be the outer one)."""
    return RawSQL(
        f'EXISTS (SELECT 1 FROM "{table}" p WHERE p."{column_name}" = {column(outer, "id")})',
        (),
        output_field=BooleanField(),
    )
