from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrievancesConfig(AppConfig):
    name = "grievances"
    verbose_name = _("Grievances")

    def ready(self):
        from consult import dashboard, public
        from grievances import documents, panels  # noqa: F401 (documents registers its forms)
        from grievances.public_views import public_form_extra

        dashboard.register(panels.waiting_panel)
        dashboard.register(panels.aggregate_panel)
        dashboard.register(panels.my_items_panel)
        dashboard.register_nav(panels.nav_links)
        public.register(public_form_extra)

        from consult.events import register_actors
        from grievances import actors

        actors.register_own()
        register_actors(actors.ActorsByTarget)
        from grievances import sections
        from grievances.views.privacy import privacy_section

        sections.register_detail(privacy_section)

        from consult import personal_data
        from grievances.personal_data import items

        personal_data.register(items)

        from django.db.models.signals import post_delete, post_save

        from consult.audit import remember_last_notification
        from consult.workflow import step_taken
        from grievances.list_cache import drop_figures
        from grievances.models import Grievance, GrievanceEvent
        from grievances.workflow import GRIEVANCE_FLOW

        post_save.connect(
            remember_last_notification, sender=GrievanceEvent, dispatch_uid="grievances.last_note"
        )

        post_save.connect(drop_figures, sender=Grievance, dispatch_uid="grievances.total_new")
        post_delete.connect(drop_figures, sender=Grievance, dispatch_uid="grievances.total_gone")

        from consult.privacy import register_journal
        from grievances import privacy
        from grievances.services.erasure import reapply_journal_entry

        register_journal(entries=privacy.journal_entries, reapply=reapply_journal_entry)
        from consult.outbox import digest
        from grievances.choices import Status

        # The union's group robot posts this count (and nothing about any item).
        digest.register(
            "to_verify",
            _("%(n)d waiting for verification"),
            lambda enterprise: Grievance.objects.filter(
                enterprise=enterprise, status=Status.SUBMITTED
            ).count(),
        )

        step_taken.connect(
            panels.grievance_step_taken,
            sender=GRIEVANCE_FLOW,
            dispatch_uid="grievances.notifications_done",
        )
