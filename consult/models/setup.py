"""Step 1 (leading group, 强化组织领导) and step 2 (publicity, 宣传动员)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.models.org import CurrentManager, Enterprise, display_name

# ---------------------------------------------------------------------------------------------
# Step 1: leading group (强化组织领导)
# ---------------------------------------------------------------------------------------------


class LeadingGroup(models.Model):
    enterprise = models.OneToOneField(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="leading_group",
        verbose_name=_("enterprise"),
    )
    office_location = models.CharField(_("office located at"), max_length=100, default="公司工会")
    duties = models.TextField(
        _("duties"), help_text=_("One article per paragraph; numbering is added when printed.")
    )
    group_meeting_interval_months = models.PositiveSmallIntegerField(
        _("leading group meets every (months)"), default=3
    )
    dispatch_meeting_interval_months = models.PositiveSmallIntegerField(
        _("dispatch meeting every (months)"), default=1
    )
    formed_on = models.DateField(_("formed on"))

    class Meta:
        verbose_name = _("leading group")
        verbose_name_plural = _("leading groups")

    def __str__(self):
        return f"{self.enterprise} {self._meta.verbose_name}"

    @property
    def duty_list(self) -> list[str]:
        return [line.strip() for line in self.duties.splitlines() if line.strip()]


class LeadingGroupMember(models.Model):
    class Position(models.TextChoices):
        LEADER = "leader", _("Leader")
        DEPUTY = "deputy", _("Deputy leader")
        MEMBER = "member", _("Member")

    group = models.ForeignKey(
        LeadingGroup,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("leading group"),
    )
    position = models.CharField(_("position"), max_length=10, choices=Position.choices)
    post = models.CharField(_("post"), max_length=60, help_text=_("e.g. 企业行政负责人"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=40, blank=True)
    is_office_director = models.BooleanField(_("office director"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)

    all_objects = models.Manager()
    objects = CurrentManager()

    class Meta:
        verbose_name = _("leading group member")
        verbose_name_plural = _("leading group members")
        ordering = ["order", "id"]
        default_manager_name = "objects"  # the group's members are its current ones

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or display_name(self.user)

    def clean(self):
        if not self.name and not self.user_id:
            raise ValidationError(_("Enter a name or choose a user."))


# ---------------------------------------------------------------------------------------------
# Step 2: publicity (宣传动员)
# ---------------------------------------------------------------------------------------------


class ImplementationNotice(models.Model):
    """The yearly implementation notice (实施意见), the enterprise's internal notice."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="notices", verbose_name=_("enterprise")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    purpose = models.TextField(_("purpose and significance"))
    principles = models.TextField(_("basic principles"))
    priorities = models.TextField(_("priorities"))
    resolution = models.TextField(
        _("how requests are made and resolved"),
        help_text=_("Channels and the office address are added from the channel list."),
    )
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("implementation notice")
        verbose_name_plural = _("implementation notices")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="notice_unique_year")
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}"

    @staticmethod
    def paragraphs(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]


class Channel(models.Model):
    """A way to reach the union (受理渠道) published on the notice and the public page."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter")
        PHONE = "phone", _("Phone")
        OA = "oa", _("Enterprise OA")
        WEIBO = "weibo", _("Weibo")
        QQ = "qq", _("QQ group")
        WECHAT = "wechat", _("WeChat group")
        IN_PERSON = "in_person", _("In person at the union office")
        BOX = "box", _("Suggestion box")
        ONLINE = "online", _("Online form")
        OTHER = "other", _("Other")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="channels", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    value = models.CharField(
        _("number or address"), max_length=200, help_text=_("Phone number, group number, address…")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"
