from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from supervision import documents, events  # noqa: F401 (they register forms and events)

        _connect_receivers()
        _register_pages()
        _register_actors()
        _register_digest()


def _connect_receivers():
    """Tasks come from finalised minutes and answers; identities erased reach tasks too."""
    from consult.privacy import identity_erased
    from consult.workflow import step_taken
    from meetings.signals import minutes_finalised
    from supervision import erasure, receivers

    minutes_finalised.connect(receivers.tasks_from_minutes, dispatch_uid="supervision_minutes")
    step_taken.connect(receivers.task_from_answer, dispatch_uid="supervision_answer")
    step_taken.connect(receivers.tasks_stop_for_meeting, dispatch_uid="supervision_meeting")
    identity_erased.connect(erasure.erase_identity, dispatch_uid="supervision.erase_identity")


def _register_pages():
    from consult import dashboard, public
    from grievances import sections
    from supervision import panels
    from supervision.models import Task

    dashboard.register(panels.waiting_panel)
    dashboard.register_nav(panels.nav_links)
    public.register(panels.public_notice_extra)
    sections.register_detail(panels.grievance_section)
    sections.register_track(panels.track_section)
    served = Task.grievances.through._meta
    sections.register_part("tasks", served.db_table, served.get_field("grievance").column)


def _register_actors():
    from grievances import actors
    from supervision.selectors import grievances_in_bulletins, grievances_served

    actors.register_served("supervision.task", grievances_served)
    actors.register_served("supervision.bulletin", grievances_in_bulletins)
    actors.register_link("task_detail", "supervision.task")
    actors.register_link("bulletin_detail", "supervision.bulletin")


def _register_digest():
    """The union's group robot posts these counts (and nothing about any item)."""
    from django.utils import timezone

    from consult.outbox import digest
    from supervision.models import Task, TaskStatus

    digest.register(
        "to_inform",
        _("%(n)d requesters to be told"),
        lambda e: Task.objects.filter(enterprise=e, status=TaskStatus.REPORTED).count(),
    )
    digest.register(
        "overdue",
        _("%(n)d tasks overdue"),
        lambda e: Task.objects.overdue(timezone.localdate()).filter(enterprise=e).count(),
    )
