from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrievancesConfig(AppConfig):
    name = "grievances"
    verbose_name = _("Grievances")

    def ready(self):
        from grievances import documents  # noqa: F401 (documents registers its forms)

        _register_pages()
        _register_actors()
        _register_privacy()
        _connect_signals()
        _register_digest()


def _register_pages():
    """The dashboard's panels and links, the public form's extra and the item page's section."""
    from consult import dashboard, public
    from grievances import panels, sections
    from grievances.public_views import public_form_extra
    from grievances.views.privacy import privacy_section

    dashboard.register(panels.waiting_panel)
    dashboard.register(panels.aggregate_panel)
    dashboard.register(panels.my_items_panel)
    dashboard.register_nav(panels.nav_links)
    public.register(public_form_extra)
    sections.register_detail(privacy_section)
    _register_parts(sections)


def _register_parts(sections):
    from grievances.models import Attachment, Grievance

    column = Attachment._meta.get_field("grievance").column
    sections.register_part("attachments", Attachment._meta.db_table, column)
    column = Grievance._meta.get_field("merged_into").column
    sections.register_part("merged_items", Grievance._meta.db_table, column)


def _register_actors():
    from consult.events import register_actors
    from grievances import actors

    actors.register_own()
    register_actors(actors.ActorsByTarget)


def _register_privacy():
    """Items in a person's data, and the erasure journal replayed after a restore."""
    from consult import personal_data
    from consult.privacy import register_journal
    from grievances import privacy
    from grievances.personal_data import items
    from grievances.services.erasure import reapply_journal_entry

    personal_data.register(items)
    register_journal(entries=privacy.journal_entries, reapply=reapply_journal_entry)


def _connect_signals():
    from django.db.models.signals import post_delete, post_save

    from consult.audit import remember_last_notification
    from consult.workflow import step_taken
    from grievances import panels
    from grievances.list_cache import drop_figures
    from grievances.models import Grievance, GrievanceEvent
    from grievances.workflow import GRIEVANCE_FLOW

    post_save.connect(
        remember_last_notification, sender=GrievanceEvent, dispatch_uid="grievances.last_note"
    )
    post_save.connect(drop_figures, sender=Grievance, dispatch_uid="grievances.total_new")
    post_delete.connect(drop_figures, sender=Grievance, dispatch_uid="grievances.total_gone")
    step_taken.connect(
        panels.grievance_step_taken,
        sender=GRIEVANCE_FLOW,
        dispatch_uid="grievances.notifications_done",
    )


def _register_digest():
    """The union's group robot posts this count (and nothing about any item)."""
    from consult.outbox import digest
    from grievances.choices import Status
    from grievances.models import Grievance

    digest.register(
        "to_verify",
        _("%(n)d waiting for verification"),
        lambda enterprise: Grievance.objects.filter(
            enterprise=enterprise, status=Status.SUBMITTED
        ).count(),
    )
