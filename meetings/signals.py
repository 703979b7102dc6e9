"""Signals for the apps to the right of meetings (supervision turns decisions into tasks).

`minutes_finalised` is sent inside the finalising transaction, with `meeting` and `decisions`
(a list of `meetings.models.Decision`): a receiver that creates tasks commits or fails together
with the minutes, so no decision is lost between the two apps.
"""

from django.dispatch import Signal

minutes_finalised = Signal()
