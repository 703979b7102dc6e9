"""How bench/scale_seed.py writes: rows by PostgreSQL COPY, ids handed out ahead, and the
sequences set past them afterwards."""


def copy_rows(model, fields: list[str], rows) -> int:
    """COPY rows (tuples in `fields` order) into the model's table; returns the count."""
    from django.db import connection

    columns = ", ".join(f'"{model._meta.get_field(f).column}"' for f in fields)
    n = 0
    with connection.cursor() as c:
        with c.cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
    return n


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def reset_sequences(models):
    from django.db import connection

    with connection.cursor() as c:
        for m in models:
            t = m._meta.db_table
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{t}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{t}"), 1))'
            )
