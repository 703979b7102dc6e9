"""The period a ledger covers: a quarter (the handbook's rule) or a month (where the enterprise
keeps it monthly), read from `?year=&quarter=` or `?year=&month=` and checked."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ledger.models import Rhythm

# The summary's quarters (一季度…), in the reader's language on the page.
QUARTER_NAMES = {
    1: pgettext_lazy("quarter", "Q1"),
    2: pgettext_lazy("quarter", "Q2"),
    3: pgettext_lazy("quarter", "Q3"),
    4: pgettext_lazy("quarter", "Q4"),
}
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodError(ValueError):
    """A period that cannot be: the message says what to give instead."""


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # 1–4
    month: int | None = None  # 1–12; a month period has no quarter

    @property
    def start(self) -> datetime.date:
        if self.month:
            return datetime.date(self.year, self.month, 1)
        if self.quarter:
            return datetime.date(self.year, 3 * self.quarter - 2, 1)
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period (inclusive)."""
        if self.month:
            first_next = datetime.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        elif self.quarter:
            first_next = (
                datetime.date(self.year + 1, 1, 1)
                if self.quarter == 4
                else datetime.date(self.year, 3 * self.quarter + 1, 1)
            )
        else:
            first_next = datetime.date(self.year + 1, 1, 1)
        return first_next - datetime.timedelta(days=1)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start, end) as aware datetimes in the site's time zone, for `received_at`."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tz)
        end = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tz
        )
        return start, end

    @property
    def printed(self) -> str:
        """As the handbook's title prints it: 2026年第4季度, 2026年11月, 2026年度."""
        if self.month:
            return f"{self.year}年{self.month}月"
        if self.quarter:
            return f"{self.year}年第{self.quarter}季度"
        return f"{self.year}年度"

    @property
    def shown(self) -> str:
        """`printed` in the reader's language, for titles on the page."""
        if self.month:
            return _("%(year)s, month %(month)s") % {"year": self.year, "month": self.month}
        if self.quarter:
            return _("%(year)s, quarter %(quarter)s") % {"year": self.year, "quarter": self.quarter}
        return _("year %(year)s") % {"year": self.year}

    @property
    def label(self) -> str:
        if self.month:
            return _("%(year)s-%(month)02d") % {"year": self.year, "month": self.month}
        if self.quarter:
            return _("Q%(quarter)s %(year)s") % {"year": self.year, "quarter": self.quarter}
        return str(self.year)

    @property
    def slug(self) -> str:
        if self.month:
            return f"{self.year}-{self.month:02d}"
        if self.quarter:
            return f"{self.year}-Q{self.quarter}"
        return str(self.year)

    def query(self) -> dict[str, str]:
        q = {"year": str(self.year)}
        if self.month:
            q["month"] = str(self.month)
        elif self.quarter:
            q["quarter"] = str(self.quarter)
        return q

    def previous(self) -> Period:
        if self.month:
            return Period(self.year - (self.month == 1), month=(self.month - 2) % 12 + 1)
        if self.quarter:
            return Period(self.year - (self.quarter == 1), quarter=(self.quarter - 2) % 4 + 1)
        return Period(self.year - 1)

    def next(self) -> Period:
        if self.month:
            return Period(self.year + (self.month == 12), month=self.month % 12 + 1)
        if self.quarter:
            return Period(self.year + (self.quarter == 4), quarter=self.quarter % 4 + 1)
        return Period(self.year + 1)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def current(rhythm: str = Rhythm.QUARTERLY, today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    if rhythm == Rhythm.MONTHLY:
        return Period(today.year, month=today.month)
    return Period(today.year, quarter=quarter_of(today))


def from_slug(slug: str) -> Period:
    """The period of `Period.slug` (2026-Q3, 2026-07, 2026)."""
    year, _sep, rest = slug.partition("-")
    if rest.startswith("Q"):
        return Period(int(year), quarter=int(rest[1:]))
    if rest:
        return Period(int(year), month=int(rest))
    return Period(int(year))


def last_quarters(count: int = 4, today: datetime.date | None = None) -> list[Period]:
    """The current quarter and the ones before it, oldest first."""
    period = current(Rhythm.QUARTERLY, today)
    found = [period]
    while len(found) < count:
        period = period.previous()
        found.append(period)
    return list(reversed(found))


def _number(params: Mapping[str, str], name: str, low: int, high: int, message: str) -> int | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 4) or not low <= int(raw) <= high:
        raise PeriodError(message)
    return int(raw)


def parse(
    params: Mapping[str, str],
    *,
    rhythm: str = Rhythm.QUARTERLY,
    whole_year: bool = False,
    today: datetime.date | None = None,
) -> Period:
    """The period of `?year=` with `?quarter=` or `?month=` (the enterprise's rhythm decides
    which one is assumed when neither is given); `whole_year` for the annual summary."""
    today = today or timezone.localdate()
    year = _number(
        params,
        "year",
        FIRST_YEAR,
        LAST_YEAR,
        _("The year must be a number from %(first)s to %(last)s.")
        % {"first": FIRST_YEAR, "last": LAST_YEAR},
    )
    quarter = _number(params, "quarter", 1, 4, _("The quarter must be 1, 2, 3 or 4."))
    month = _number(params, "month", 1, 12, _("The month must be a number from 1 to 12."))
    if quarter and month:
        raise PeriodError(_("Give a quarter or a month, not both."))
    if whole_year:
        return Period(year or today.year)
    if year is None:
        if quarter or month:
            year = today.year
        else:
            return current(rhythm, today)
    if month:
        return Period(year, month=month)
    if quarter:
        return Period(year, quarter=quarter)
    base = current(rhythm, today)
    if year == today.year:
        return base
    return Period(year, month=12) if rhythm == Rhythm.MONTHLY else Period(year, quarter=4)
