"""Roles and what each may do: the one place that says so.

Views, admin, exports and documents ask `may(user, enterprise, Action.X)` (or the helpers in
`consult.access`); no role string appears anywhere else.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    EMPLOYEE_REP = "employee_rep", _("Employee representative")
    UNIT_COLLECTOR = "unit_collector", _("Unit union leader")
    UNION_STAFF = "union_staff", _("Union staff")
    UNION_CHAIR = "union_chair", _("Union chair")
    ADMIN_HEAD = "admin_head", _("Administrative head")
    ADMIN_DEPUTY = "admin_deputy", _("Administrative deputy")
    DEPT_HEAD = "dept_head", _("Department head")
    SUPERVISOR = "supervisor", _("Supervisor")
    FEDERATION = "federation", _("Federation (parent union)")
    FEDERATION_OFFICE = "federation_office", _("Federation office")


class Action(models.TextChoices):
    """Things a person may do inside one enterprise."""

    SUBMIT_GRIEVANCE = "submit_grievance", _("Submit a grievance")
    KEEP_REGISTER = "keep_register", _("Keep a unit collection register")
    VIEW_ENTERPRISE = "view_enterprise", _("See the enterprise's pages")
    VIEW_ALL_GRIEVANCES = "view_all_grievances", _("See every grievance")
    REGISTER_GRIEVANCE = "register_grievance", _("Register grievances for employees")
    VERIFY_GRIEVANCE = "verify_grievance", _("Verify, classify and merge grievances")
    SIGN_OPINION = "sign_opinion", _("Sign the union's handling opinion")
    APPROVE_ROUTING = "approve_routing", _("Approve the routing")
    ANSWER_AS_DEPARTMENT = "answer_as_department", _("Answer as a department")
    DESIGNATE_IDENTITY_ACCESS = (
        "designate_identity_access",
        _("Designate who may see protected identities"),
    )
    # 个人信息保护法: the retention period, erasure on request and the log of who saw whom.
    MANAGE_PERSONAL_DATA = (
        "manage_personal_data",
        _("Set the retention period, erase identities on request, read who saw whom"),
    )
    MANAGE_SETUP = "manage_setup", _("Edit leading group, notice, channels, categories")
    MANAGE_MEETINGS = "manage_meetings", _("Convene meetings and keep minutes")
    APPROVE_MEETING_NOTICE = "approve_meeting_notice", _("Approve meeting notices")
    ATTEND_MEETINGS = "attend_meetings", _("Attend consultation meetings")
    GRANT_MEETING_LEAVE = "grant_meeting_leave", _("Grant or refuse leave from a meeting")
    SUPERVISE = "supervise", _("Record supervision")
    RUN_SURVEYS = "run_surveys", _("Run satisfaction surveys")
    VIEW_LEDGERS = "view_ledgers", _("Read the ledgers")
    USE_ADMIN = "use_admin", _("Use the administration site")
    ASSIGN_ROLES = "assign_roles", _("Assign roles to the enterprise's people")
    ISSUE_ACTIVATION_CODES = (
        "issue_activation_codes",
        _("Print activation slips and issue new ones for forgotten passwords"),
    )
    MANAGE_ENTERPRISES = (
        "manage_enterprises",
        _("Create enterprises under the federation and see their set-up state"),
    )
    IMPORT_ROSTER = "import_roster", _("Import the roster (花名册) of the enterprise's people")
    IMPORT_HISTORY = (
        "import_history",
        _("Import the office's earlier work ledgers (职工诉求工作台账) as closed items"),
    )
    MANAGE_MESSAGING = "manage_messaging", _("Configure WeCom, DingTalk, robots and SMS")
    SEE_DELIVERIES = "see_deliveries", _("See and retry failed deliveries")
    # Issue 22: tokens with which the enterprise's OA or mini-program calls the API.
    MANAGE_INTEGRATIONS = (
        "manage_integrations",
        _("Create and revoke the API tokens of the enterprise's OA and mini-programs"),
    )


# Actions on people's personal data: union staff may take them only when the chair designated
# them (`Membership.identity_access`), as for protected identities (consult.access).
DESIGNATED_ONLY = frozenset({Action.IMPORT_ROSTER, Action.IMPORT_HISTORY})


_EVERY_MEMBER = {Action.SUBMIT_GRIEVANCE, Action.VIEW_ENTERPRISE}
_UNION_OFFICE = _EVERY_MEMBER | {
    Action.VIEW_ALL_GRIEVANCES,
    Action.REGISTER_GRIEVANCE,
    Action.VERIFY_GRIEVANCE,
    Action.MANAGE_SETUP,
    Action.MANAGE_MEETINGS,
    Action.ATTEND_MEETINGS,
    Action.SUPERVISE,
    Action.RUN_SURVEYS,
    Action.VIEW_LEDGERS,
    Action.USE_ADMIN,
    Action.ISSUE_ACTIVATION_CODES,
    Action.IMPORT_ROSTER,
    Action.IMPORT_HISTORY,
    Action.SEE_DELIVERIES,
}
_MANAGEMENT = _EVERY_MEMBER | {
    Action.VIEW_ALL_GRIEVANCES,
    Action.ATTEND_MEETINGS,
    Action.VIEW_LEDGERS,
}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.EMPLOYEE: frozenset(_EVERY_MEMBER),
    Role.EMPLOYEE_REP: frozenset(_EVERY_MEMBER | {Action.ATTEND_MEETINGS}),
    Role.UNIT_COLLECTOR: frozenset(_EVERY_MEMBER | {Action.KEEP_REGISTER}),
    Role.UNION_STAFF: frozenset(_UNION_OFFICE),
    Role.UNION_CHAIR: frozenset(
        _UNION_OFFICE
        | {
            Action.SIGN_OPINION,
            Action.DESIGNATE_IDENTITY_ACCESS,
            Action.GRANT_MEETING_LEAVE,
            Action.ASSIGN_ROLES,
            Action.MANAGE_PERSONAL_DATA,
            Action.MANAGE_MESSAGING,
            Action.MANAGE_INTEGRATIONS,
        }
    ),
    Role.ADMIN_HEAD: frozenset(
        _MANAGEMENT | {Action.APPROVE_MEETING_NOTICE, Action.APPROVE_ROUTING, Action.USE_ADMIN}
    ),
    Role.ADMIN_DEPUTY: frozenset(_MANAGEMENT | {Action.APPROVE_ROUTING, Action.USE_ADMIN}),
    Role.DEPT_HEAD: frozenset(
        _EVERY_MEMBER | {Action.ANSWER_AS_DEPARTMENT, Action.ATTEND_MEETINGS}
    ),
    Role.SUPERVISOR: frozenset(
        _EVERY_MEMBER | {Action.SUPERVISE, Action.VIEW_ALL_GRIEVANCES, Action.ATTEND_MEETINGS}
    ),
    # A federation user sees enterprises' aggregate figures only; see consult.access.
    Role.FEDERATION: frozenset({Action.VIEW_LEDGERS}),
    # The federation's office brings enterprises in; it never sees their people or items, so
    # it holds no enterprise action at all (consult.access gives it no enterprise entry).
    Role.FEDERATION_OFFICE: frozenset({Action.MANAGE_ENTERPRISES}),
}

# Roles held in a federation (FederationMembership.role), not in an enterprise.
FEDERATION_ROLES = (Role.FEDERATION, Role.FEDERATION_OFFICE)

# Roles the union chair assigns on the roles page (employee and employee representative come
# with the roster; identity access has its own page). The chair's own role is among them: a
# second chair may be named, and the last one cannot step down.
ASSIGNABLE_ROLES = (
    Role.UNION_CHAIR,
    Role.UNION_STAFF,
    Role.UNIT_COLLECTOR,
    Role.DEPT_HEAD,
    Role.SUPERVISOR,
    Role.ADMIN_HEAD,
    Role.ADMIN_DEPUTY,
)

# Roles that are plain membership: an account holding only these may be given a new
# activation slip by any union staff; one holding more only by the union chair.
PLAIN_ROLES = frozenset({Role.EMPLOYEE, Role.EMPLOYEE_REP})


def actions_for(roles) -> frozenset[str]:
    allowed: set[str] = set()
    for role in roles:
        allowed |= ROLE_ACTIONS.get(role, frozenset())
    return frozenset(allowed)
