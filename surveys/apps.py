from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self):
        from consult import dashboard
        from consult.workflow import step_taken
        from grievances import sections
        from supervision import reminders as supervision_reminders
        from surveys import documents, events, panels, receivers, reminders  # noqa: F401

        step_taken.connect(receivers.round_on_inform, dispatch_uid="surveys_round_on_inform")
        dashboard.register(panels.waiting_panel)
        dashboard.register(panels.figures_panel)
        dashboard.register_nav(panels.nav_links)
        sections.register_detail(panels.grievance_section)
        sections.register_track(panels.track_section)
        supervision_reminders.register(reminders.decide)

        from grievances import actors
        from surveys.selectors import grievances_surveyed

        actors.register_served("surveys.surveyround", grievances_surveyed)
        for page in ("survey_round", "survey_answer"):
            actors.register_link(page, "surveys.surveyround")
        from consult.privacy import identity_erased
        from surveys import erasure

        identity_erased.connect(erasure.erase_identity, dispatch_uid="surveys.erase_identity")

        from consult import personal_data
        from surveys.personal_data import answers

        personal_data.register(answers)
