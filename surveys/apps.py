from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self):
        from surveys import documents, events  # noqa: F401 (they register forms and events)

        _register_pages()
        _register_steps()
        _register_actors()
        _register_privacy()


def _register_pages():
    from consult import dashboard
    from grievances import sections
    from surveys import panels
    from surveys.models import SurveyRound

    dashboard.register(panels.waiting_panel)
    dashboard.register(panels.figures_panel)
    dashboard.register_nav(panels.nav_links)
    sections.register_detail(panels.grievance_section)
    sections.register_track(panels.track_section)
    rounds = SurveyRound._meta
    sections.register_part("survey_rounds", rounds.db_table, rounds.get_field("grievance").column)


def _register_steps():
    """A round opens when the requester is told; supervision's reminders ask surveys too."""
    from consult.workflow import step_taken
    from supervision import reminders as supervision_reminders
    from surveys import receivers, reminders

    step_taken.connect(receivers.round_on_inform, dispatch_uid="surveys_round_on_inform")
    supervision_reminders.register(reminders.decide)


def _register_actors():
    from grievances import actors
    from surveys.selectors import grievances_surveyed

    actors.register_served("surveys.surveyround", grievances_surveyed)
    for page in ("survey_round", "survey_answer"):
        actors.register_link(page, "surveys.surveyround")


def _register_privacy():
    from consult import personal_data
    from consult.privacy import identity_erased
    from surveys import erasure
    from surveys.personal_data import answers

    identity_erased.connect(erasure.erase_identity, dispatch_uid="surveys.erase_identity")
    personal_data.register(answers)
