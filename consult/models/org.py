"""Organisation, people and roles, categories (受理类别) and working-day calendar overrides."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.roles import Role


class CurrentManager(models.Manager):
    """Rows not removed. Removed rows stay in the table for the record (nothing is
    hard-deleted); models that use this keep a plain `all_objects` manager beside it."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


# ---------------------------------------------------------------------------------------------
# Organisation
# ---------------------------------------------------------------------------------------------


class Federation(models.Model):
    """A parent union body (上级工会), e.g. a county federation of trade unions (县总工会)."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        verbose_name = _("federation")
        verbose_name_plural = _("federations")

    def __str__(self):
        return self.name


# The longest retention period a chair may set (50 years).
RETENTION_MAX_MONTHS = 600

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,29}$",
    _("Use 2–30 lowercase letters, digits or hyphens."),
)


class Enterprise(models.Model):
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("public code"),
        max_length=30,
        unique=True,
        validators=[code_validator],
        help_text=_("Short code used in public addresses, e.g. /s/<code>/."),
    )
    federation = models.ForeignKey(
        Federation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("federation"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name=_("parent enterprise (group)"),
    )
    union_name = models.CharField(_("union name"), max_length=100, blank=True)
    union_office_address = models.CharField(_("union office address"), max_length=200, blank=True)
    # 个人信息保护法: how long a closed item keeps its requester's identity (set by the union
    # chair); `manage.py erase_expired_identities` erases it afterwards.
    identity_retention_months = models.PositiveSmallIntegerField(
        _("months a closed item keeps its requester's identity"),
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(RETENTION_MAX_MONTHS)],
        help_text=_(
            "After this many months the requester's name, phone, unit, account link, "
            "attachments and the text marked as identifying are erased; the item's number, "
            "category, departments, dates, handling and satisfaction stay for the ledgers."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_union_name(self) -> str:
        return self.union_name or f"{self.name}工会"


class OrgUnitManager(models.Manager):
    # A unit is named with its parent (label), so every list, filter and choice field of
    # units reads the parent in the same query.
    def get_queryset(self):
        return super().get_queryset().select_related("parent")


class OrgUnit(models.Model):
    """A branch factory, workshop or team inside an enterprise."""

    class Kind(models.TextChoices):
        BRANCH = "branch", _("Branch factory")
        WORKSHOP = "workshop", _("Workshop")
        TEAM = "team", _("Team")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="units", verbose_name=_("enterprise")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["enterprise", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "parent", "name"], name="unit_unique_name_per_parent"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The unit named with its parent, as people say it: 机加工车间一班, not 一班 (an
        enterprise has several 一班). Select `parent` with the unit where many are shown."""
        return f"{self.parent.name}{self.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id and self.parent.enterprise_id != self.enterprise_id:
            raise ValidationError({"parent": _("The parent unit belongs to another enterprise.")})


class Department(models.Model):
    """A functional department (职能部门) of an enterprise."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("enterprise"),
    )
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["enterprise", "name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name"], name="department_unique_name")
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person in an enterprise, with their unit, department, phone and roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("user"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("enterprise"),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("unit")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("department"),
    )
    # 工号: the key of the roster import (花名册), unique among an enterprise's members.
    employee_no = models.CharField(_("employee number"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    post = models.CharField(_("post"), max_length=60, blank=True)
    gender = models.CharField(_("gender"), max_length=4, blank=True)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    # Message channels (issue 21): the person's user id on the enterprise's WeCom or DingTalk.
    wecom_userid = models.CharField(_("WeCom user id"), max_length=64, blank=True)
    dingtalk_userid = models.CharField(_("DingTalk user id"), max_length=64, blank=True)
    # The sign-in sheet (会议签到表) prints the phone as 联系方式 only if the person allows it.
    phone_on_sign_in = models.BooleanField(
        _("phone printed on sign-in sheets"),
        default=False,
        help_text=_("The person agrees that meeting sign-in sheets show this phone number."),
    )
    # Union staff the chair designates to see protected identities (DESIGN: confidentiality).
    identity_access = models.BooleanField(
        _("may see protected identities"),
        default=False,
        help_text=_("Set by the union chair for designated union staff."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["enterprise", "employee_no"],
                condition=~models.Q(employee_no=""),
                name="membership_unique_employee_no",
            ),
        ]

    def __str__(self):
        return f"{display_name(self.user)} @ {self.enterprise}"

    def clean(self):
        for field in ("unit", "department"):
            obj = getattr(self, field)
            if obj is not None and obj.enterprise_id != self.enterprise_id:
                raise ValidationError({field: _("This belongs to another enterprise.")})


class MembershipRole(models.Model):
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="roles", verbose_name=_("membership")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Given by the roster import (是否职工代表=是): a later roster saying 否 takes it away again,
    # while a role given by hand stays until it is taken away by hand.
    from_roster = models.BooleanField(_("from the roster"), default=False, editable=False)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["membership", "role"], name="membership_role_unique")
        ]

    def __str__(self):
        return self.get_role_display()


class FederationMembership(models.Model):
    """A federation officer: the assessor (`federation`) reads aggregate figures of the
    enterprises under the federation; the office (`federation_office`) brings enterprises in
    and sees only their set-up state."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="federation_memberships",
        verbose_name=_("user"),
    )
    federation = models.ForeignKey(
        Federation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("federation"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[(r.value, r.label) for r in (Role.FEDERATION, Role.FEDERATION_OFFICE)],
        default=Role.FEDERATION,
    )

    class Meta:
        verbose_name = _("federation membership")
        verbose_name_plural = _("federation memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "federation"], name="fed_membership_unique")
        ]

    def __str__(self):
        return f"{display_name(self.user)} @ {self.federation}"


def display_name(user) -> str:
    if user is None:
        return ""
    full = f"{user.last_name}{user.first_name}".strip()
    return full or user.get_username()


# ---------------------------------------------------------------------------------------------
# Categories (受理类别)
# ---------------------------------------------------------------------------------------------


class Category(models.Model):
    """A class (职工诉求类…) or sub-class (工资福利类…) of grievances, per enterprise."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="categories",
        verbose_name=_("enterprise"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent class"),
    )
    name = models.CharField(_("name"), max_length=60)
    default_departments = models.ManyToManyField(
        Department, blank=True, verbose_name=_("default handling departments")
    )
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("Words that suggest this category, separated by spaces or commas."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["enterprise", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "parent", "name"], name="category_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent.enterprise_id != self.enterprise_id:
            raise ValidationError({"parent": _("The parent class belongs to another enterprise.")})

    @property
    def top(self) -> "Category":
        return self.parent if self.parent_id else self


# ---------------------------------------------------------------------------------------------
# Working-day calendar overrides
# ---------------------------------------------------------------------------------------------


class CalendarOverride(models.Model):
    """A day whose status the State Council schedule sets differently from Monday–Friday.

    Entered by installation admins for years that `chinesecalendar` does not know yet; an
    override also wins over `chinesecalendar` for the years it does know.
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"), help_text=_("Ticked: a make-up workday. Unticked: a holiday.")
    )
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"


class CalendarSchedule(models.Model):
    """A year's State Council holiday schedule as an installation admin entered it in one form
    (holiday ranges and make-up workdays, as the notice lists them).

    Every entry is kept, never edited: it is the audit record of who entered which schedule
    (an `AuditEvent` belongs to an enterprise or a federation; the national schedule belongs to
    neither) and the history of the year's `CalendarOverride` rows, which are derived from the
    newest entry and replaced, with the rows it replaced kept here, when the year is entered again.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    # [{"name": "春节", "first": "2099-02-10", "last": "2099-02-16", "make_up": ["2099-02-07"]}]
    holidays = models.JSONField(_("holidays"), default=list)
    # The year's overrides this entry replaced: [["2099-10-05", false, "国庆节"], …]
    replaced = models.JSONField(_("days replaced"), default=list)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("holiday schedule of a year")
        verbose_name_plural = _("holiday schedules of years")
        ordering = ["-year", "-entered_at"]

    def __str__(self):
        return str(self.year)
