from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Ledgers")

    def ready(self):
        from consult import dashboard
        from ledger import documents, panels  # noqa: F401

        dashboard.register(panels.ledger_panel)
        dashboard.register_nav(panels.nav_links)

        from consult.privacy import identity_erased
        from ledger.history import erasure

        identity_erased.connect(erasure.erase_identity, dispatch_uid="ledger.history_erase")

        from grievances import sections
        from ledger.history.sections import history_section

        sections.register_detail(history_section)
