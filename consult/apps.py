from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultConfig(AppConfig):
    name = "consult"
    verbose_name = _("Consultation: organisation and set-up")

    def ready(self):
        from consult import checks, documents, panels  # noqa: F401
