"""The installation admin's pages for the State Council holiday schedule: which years are known,
and one form per year (holiday ranges and make-up workdays as the notice lists them), previewed
before it is saved. Working days count every deadline of steps 3–7 (consult.workdays)."""

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from consult import workdays
from consult.access import enters_holiday_schedule
from consult.forms import HolidayFormSet, holiday_initial
from consult.models import CalendarOverride, CalendarSchedule
from consult.services import calendar_schedule_enter

INVALID = 400
YEARS = range(2000, 2200)  # the years the form takes


def _installation_admin(request) -> None:
    if not enters_holiday_schedule(request.user):
        raise PermissionDenied


@login_required
def calendar_years(request):
    """The years around today and who knows their schedule."""
    _installation_admin(request)
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in YEARS:
        return redirect("calendar_schedule", year=int(asked))
    today = timezone.localdate()
    years = range(today.year - 1, today.year + 3)
    newest_last = CalendarSchedule.objects.filter(year__in=years).order_by("entered_at", "pk")
    entered = {s.year: s for s in newest_last.select_related("entered_by")}
    overridden = {d.year for d in CalendarOverride.objects.dates("date", "year")}
    rows = [
        {
            "year": year,
            "library": workdays.library_covers(year),
            "schedule": entered.get(year),
            "overrides": year in overridden,
        }
        for year in years
    ]
    return render(request, "consult/calendar_years.html", {"rows": rows})


def checksum(year: int, holidays: list[workdays.Holiday]) -> str:
    """What the preview showed: saving asks for it, so nothing is saved unseen."""
    text = json.dumps([year, [h.as_json() for h in holidays]], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@login_required
def calendar_schedule(request, year: int):
    """Enter one year's schedule: preview first, then save (which replaces the year's days)."""
    _installation_admin(request)
    if year not in YEARS:
        raise Http404
    previous = CalendarSchedule.objects.filter(year=year).order_by("-entered_at", "-pk").first()
    formset = HolidayFormSet(
        request.POST or None,
        form_kwargs={"year": year},
        initial=holiday_initial(previous.holidays if previous else None),
    )
    context = {"year": year, "formset": formset, "previous": previous}
    context["library"] = workdays.library_covers(year)
    if request.method != "POST":
        return render(request, "consult/calendar_schedule.html", context)
    if not formset.is_valid():
        return render(request, "consult/calendar_schedule.html", context, status=INVALID)
    seen = checksum(year, formset.holidays)
    if request.POST.get("action") == "save" and request.POST.get("checked") == seen:
        calendar_schedule_enter(year=year, holidays=formset.holidays, by=request.user)
        messages.success(request, _("The holiday schedule of %(year)s is saved.") % {"year": year})
        return redirect("calendar_years")
    context.update(preview=workdays.year_preview(year, formset.holidays), checked=seen)
    return render(request, "consult/calendar_schedule.html", context)
