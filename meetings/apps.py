from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Consultation meetings")

    def ready(self):
        from meetings import documents  # noqa: F401 (documents registers its forms)

        _register_pages()
        _register_actors()
        _register_privacy()


def _register_pages():
    from consult.dashboard import register, register_nav
    from meetings import panels

    register(panels.invitations_panel)
    register(panels.notices_to_approve_panel)
    register(panels.rhythm_panel)
    register_nav(panels.nav_links)


def _register_actors():
    from grievances import actors
    from meetings.events import MeetingEvent as E
    from meetings.selectors import grievances_served

    actors.register_served("meetings.meeting", grievances_served)
    actors.register_link("meeting_detail", "meetings.meeting")
    actors.register_roster_events(
        E.RSVP_CONFIRMED, E.LEAVE_REQUESTED, E.SIGNED_IN, E.SIGN_IN_UNDONE
    )


def _register_privacy():
    from consult import personal_data
    from consult.privacy import identity_erased
    from meetings import erasure
    from meetings.personal_data import invitations

    identity_erased.connect(erasure.erase_identity, dispatch_uid="meetings.erase_identity")
    personal_data.register(invitations)
