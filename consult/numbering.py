"""The numbering rule (DESIGN.md "Numbers"): per enterprise and year, no gaps from failed
requests, no duplicates under concurrency. Grievances and meetings each keep a counter model
with `enterprise`, `year` and `last`; this is the one function that advances one."""


def next_number(counter_model, *, enterprise, year: int) -> int:
    """The next number; call inside the transaction that creates the numbered row.

    The counter row stays locked until that transaction commits, so concurrent requests wait
    their turn, and a request that fails rolls its number back with it.
    """
    counter_model.objects.get_or_create(enterprise=enterprise, year=year)
    counter = counter_model.objects.select_for_update().get(enterprise=enterprise, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
