from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultConfig(AppConfig):
    name = "consult"
    verbose_name = _("Consultation: organisation and set-up")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from consult import checks, documents, org_lists, panels  # noqa: F401
        from consult.audit import audit_flow_step_taken, remember_last_notification
        from consult.models import AuditEvent
        from consult.workflow import step_taken

        step_taken.connect(audit_flow_step_taken, dispatch_uid="consult.notifications_done")
        post_save.connect(
            remember_last_notification, sender=AuditEvent, dispatch_uid="consult.last_note"
        )
        from consult.models import Messenger
        from consult.outbox import routing

        post_save.connect(routing.drop_configured, sender=Messenger, dispatch_uid="outbox.setup")
        for model in org_lists.LISTED:
            for signal in (post_save, post_delete):
                signal.connect(
                    org_lists.drop_lists, sender=model, dispatch_uid=f"consult.org_lists.{model}"
                )
