"""Lists a page at a time: one page size, the id-first paginator, the pager's query string."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


class IdFirstPaginator(Paginator):
    """Finds a page's ids first (`WHERE id IN (SELECT id … ORDER BY … LIMIT 25 OFFSET n)`), so a
    deep page skips index entries instead of whole joined rows; the joins (select_related) and
    prefetches run for the page's rows only. One query, as plain slicing."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


def query_without_page(request) -> str:
    """The list's filters as a query string, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
