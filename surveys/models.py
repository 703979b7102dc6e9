"""Step 7 (开展满意度测评): survey rounds, their respondents and answers, and remedies.

A round serves one grievance (the spine) and opens when its requester has been told the result
(step 6). Each respondent answers at most once (the one-to-one `Answer`); an anonymous
requester's respondent row holds no identity at all. State changes happen only in
`surveys.services` through `consult.workflow.apply` and the table of `surveys.workflow`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.models import Department, Enterprise, display_name
from grievances.models import Grievance
from supervision.models import Task


class SatisfactionLevel(models.TextChoices):
    """The handbook's four levels (满意度设为“非常满意”“满意”“基本满意”“不满意”四个档次)."""

    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


LEVEL_PRINT: dict[str, str] = {
    SatisfactionLevel.VERY_SATISFIED: "非常满意",
    SatisfactionLevel.SATISFIED: "满意",
    SatisfactionLevel.BASICALLY_SATISFIED: "基本满意",
    SatisfactionLevel.UNSATISFIED: "不满意",
}
# Worst first: a round's level is its worst answer (one 不满意 asks for a remedy).
LEVEL_ORDER = [
    SatisfactionLevel.UNSATISFIED,
    SatisfactionLevel.BASICALLY_SATISFIED,
    SatisfactionLevel.SATISFIED,
    SatisfactionLevel.VERY_SATISFIED,
]
NO_ANSWER_PRINT = "未答复"


class SurveyMethod(models.TextChoices):
    """调查方式 as the form prints it."""

    PHONE = "phone", _("Phone callback")
    ONLINE = "online", _("Online or questionnaire")
    ON_SITE = "on_site", _("On site")


METHOD_PRINT: dict[str, str] = {
    SurveyMethod.PHONE: "电话回访",
    SurveyMethod.ONLINE: "网络或问卷调查",
    SurveyMethod.ON_SITE: "现场答复",
}


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed, waiting for the supervisor's signature")
    SIGNED = "signed", _("Signed by the supervisor")
    REVIEWED = "reviewed", _("Reviewed by the union")


class SurveyRoundQuerySet(models.QuerySet):
    def taking_answers(self, today: datetime.date):
        return self.filter(SurveyRound.taking_answers_q(today))

    def past_last_day(self, today: datetime.date):
        """Open rounds whose last day has passed: `remind` closes them."""
        return self.filter(status=RoundStatus.OPEN, closes_on__lt=today)


class SurveyRound(models.Model):
    """One round of the survey of one item; a remedy after 不满意 leads to a new round."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    grievance = models.ForeignKey(
        Grievance,
        on_delete=models.PROTECT,
        related_name="survey_rounds",
        verbose_name=_("grievance"),
    )
    number = models.PositiveSmallIntegerField(_("round"))
    task = models.ForeignKey(
        Task,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_rounds",
        verbose_name=_("task"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handling department"),
    )
    responsible_person = models.CharField(_("responsible person"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closes_on = models.DateField(_("closes on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    review = models.TextField(_("union review and feedback"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["grievance", "number"], name="survey_round_unique")
        ]
        indexes = [models.Index(fields=["enterprise", "status"])]

    def __str__(self):
        return f"{self.grievance.number} #{self.number}"

    # -- derived states: the one definition of "open for answers" (issue 18 point 24) -------

    @staticmethod
    def taking_answers_q(today: datetime.date, via: str = "") -> models.Q:
        """Rounds that take answers today: open, and their last day not passed. `via` is the
        path from the queried model ("round__" from a respondent)."""
        return models.Q(**{f"{via}status": RoundStatus.OPEN, f"{via}closes_on__gte": today})

    def takes_answers(self, today: datetime.date) -> bool:
        return self.status == RoundStatus.OPEN and today <= self.closes_on

    @property
    def open_for_answers(self) -> bool:
        """`takes_answers` today (for templates)."""
        return self.takes_answers(timezone.localdate())

    @property
    def signed_by_name(self) -> str:
        return display_name(self.signed_by) if self.signed_by_id else ""


class RespondentKind(models.TextChoices):
    REQUESTER = "requester", _("Requester")
    REPRESENTATIVE = "representative", _("Employee representative at the meeting")
    RELATED = "related", _("Related employee")


class Respondent(models.Model):
    """Someone asked in a round. An anonymous requester is a row with no identity: they answer
    on /track/ with their receipt, and nothing here or in the answer points to a person."""

    round = models.ForeignKey(
        SurveyRound, on_delete=models.PROTECT, related_name="respondents", verbose_name=_("round")
    )
    kind = models.CharField(_("who"), max_length=16, choices=RespondentKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=40, blank=True)
    anonymous = models.BooleanField(default=False, verbose_name=_("anonymous"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=models.Q(user__isnull=False),
                name="survey_respondent_once",
            )
        ]

    def __str__(self):
        # Not the person: admin prints an object's text where it lists it (an inline's row),
        # and a 保密 requester is shown only through the identity rule (respondent_label).
        return f"{self.get_kind_display()} #{self.pk}"


class Answer(models.Model):
    """One respondent's answer in one round (the one-to-one makes "once" hold in the database)."""

    respondent = models.OneToOneField(
        Respondent, on_delete=models.PROTECT, related_name="answer", verbose_name=_("respondent")
    )
    level = models.CharField(_("satisfaction"), max_length=20, choices=SatisfactionLevel.choices)
    reason = models.TextField(_("reason for dissatisfaction"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    method = models.CharField(_("survey method"), max_length=10, choices=SurveyMethod.choices)
    answered_at = models.DateTimeField(_("answered at"))
    # The union staff member who recorded a phone or on-site answer; empty when answered online.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["answered_at", "id"]

    def __str__(self):
        return f"{self.respondent_id}: {self.level}"


class Remedy(models.Model):
    """不满意: what the union ordered (责任部门, 解决措施及时限); it becomes a supervised task."""

    round = models.OneToOneField(
        SurveyRound, on_delete=models.PROTECT, related_name="remedy", verbose_name=_("round")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    responsible_person = models.CharField(_("responsible person"), max_length=40, blank=True)
    measures = models.TextField(_("measures"))
    deadline = models.DateField(_("deadline"))
    task = models.OneToOneField(
        Task,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remedy",
        verbose_name=_("task"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["id"]

    def __str__(self):
        return f"{self.round}: {self.measures[:30]}"
