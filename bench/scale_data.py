"""What bench/scale.py writes: names, the proportions of a working union office, the order of
each path's steps, and the columns of the rows it copies."""

ROLES = [
    "union_chair",
    "union_staff",
    "admin_head",
    "admin_deputy",
    "dept_head",
    "supervisor",
    "employee",
]


DEPARTMENTS = ["人力资源部", "后勤保障部", "安全环保部", "生产技术部", "财务部", "办公室"]


CATEGORIES = {
    "职工诉求类": ["工资福利类", "劳动安全卫生类", "生活后勤类"],
    "合理化建议类": ["生产经营类", "技术创新类", "管理改进类"],
}


CONTENT = [
    "食堂晚班供餐时间太早，夜班职工吃不上热饭，建议延长到晚上九点。",
    "三号车间通风不好，夏天温度超过三十五度，希望加装排风设备。",
    "加班费计算方式不清楚，请人力资源部公开计算标准。",
    "宿舍热水供应不稳定，冬天经常没有热水。",
    "建议在厂区增设电动车充电桩，解决职工上下班充电难的问题。",
    "劳保用品发放不及时，手套和口罩经常断货。",
    "班组交接班记录太繁琐，建议改为电子化登记。",
    "希望增加职工技能培训，提高一线职工的技术水平。",
]


# Share of grievances by how far they went (older years end further along).
MIX = [
    ("closed", 0.50),
    ("informed", 0.08),
    ("reported", 0.04),
    ("routed_department", 0.06),
    ("answered", 0.04),
    ("decided", 0.04),
    ("routed_meeting", 0.03),
    ("opinion_signed", 0.03),
    ("classified", 0.03),
    ("verified", 0.03),
    ("submitted", 0.04),
    ("rejected", 0.04),
    ("merged", 0.02),
    ("withdrawn", 0.02),
]


CHAIN = [  # (event action, to status) in the order a grievance passes them
    ("submitted", "submitted"),
    ("verified", "verified"),
    ("classified", "classified"),
    ("opinion_signed", "opinion_signed"),
    ("routing_approved", "routed_department"),
    ("answered", "answered"),
    ("reported", "reported"),
    ("informed", "informed"),
    ("closed", "closed"),
]


MEETING_CHAIN = [
    ("submitted", "submitted"),
    ("verified", "verified"),
    ("classified", "classified"),
    ("opinion_signed", "opinion_signed"),
    ("routing_approved", "routed_meeting"),
    ("topic_assigned", ""),
    ("put_on_agenda", "in_meeting"),
    ("decided", "decided"),
    ("reported", "reported"),
    ("informed", "informed"),
    ("closed", "closed"),
]


ENDS = {
    "rejected": ("rejected", "rejected", 2),  # after verification was attempted
    "merged": ("merged", "merged", 2),
    "withdrawn": ("withdrawn", "withdrawn", 1),
}


GRIEVANCE_FIELDS = [
    "id",
    "enterprise",
    "year",
    "serial",
    "kind",
    "channel",
    "disclosure",
    "status",
    "title",
    "content",
    "received_at",
    "requester",
    "requester_name",
    "requester_phone",
    "category",
    "route",
    "topic",
    "public_reply",
    "created_at",
    "updated_at",
    "receipt_secret_hash",
    "responsible_person",
    "opinion",
    "approval_note",
    "answer_measures",
]


EVENT_FIELDS = [
    "grievance",
    "actor",
    "action",
    "from_status",
    "to_status",
    "note",
    "public",
    "data",
    "changes",
    "created_at",
]


TOPIC_FIELDS = [
    "id",
    "enterprise",
    "title",
    "summary",
    "category",
    "responsible_person",
    "note",
    "status",
    "created_by",
    "created_at",
]


MEETING_FIELDS = [
    "id",
    "enterprise",
    "year",
    "number",
    "kind",
    "date",
    "time",
    "place",
    "status",
    "script",
    "head_remarks",
    "signin_token",
    "created_at",
    "created_by",
    "series",
    "agenda",
    "minutes_text",
]


DECISION_FIELDS = [
    "id",
    "meeting",
    "agenda_item",
    "topic",
    "text",
    "responsible_person",
    "deadline",
    "created_at",
]


AGENDA_FIELDS = [
    "id",
    "meeting",
    "topic",
    "order",
    "statement",
    "reply",
    "decision",
    "responsible_person",
    "deadline",
    "summary",
]


TASK_FIELDS = [
    "id",
    "enterprise",
    "source",
    "decision",
    "meeting",
    "title",
    "content",
    "lead_department",
    "responsible_person",
    "started_on",
    "deadline",
    "status",
    "visits_required",
    "progress",
    "outcome",
    "outcome_text",
    "completed_on",
    "report_due",
    "reported_at",
    "reported_by",
    "feedback_on",
    "inform_due",
    "informed_on",
    "created_at",
]


VISIT_FIELDS = [
    "task",
    "visited_on",
    "method",
    "union_members",
    "management_members",
    "representatives",
    "findings",
    "status",
    "recorded_by",
    "created_at",
]


TOLD_FIELDS = ["task", "grievance", "method", "told_at", "text", "by", "created_at"]


SURVEY_SQL = [
    # Step 7: every item whose requester was told has a round (the requester is asked); closed
    # items' rounds were answered, signed by the enterprise's supervisor and reviewed.
    """
    INSERT INTO surveys_surveyround (enterprise_id, grievance_id, number, task_id,
        department_id, responsible_person, status, opened_on, closes_on, closed_at,
        signed_by_id, signed_at, review, reviewed_by_id, reviewed_at, created_at)
    SELECT g.enterprise_id, g.id, 1, t.id, t.lead_department_id, '',
        CASE WHEN g.status = 'closed' THEN 'reviewed' ELSE 'open' END,
        t.informed_on, t.informed_on + 7,
        CASE WHEN g.status = 'closed' THEN t.informed_on + 5 END,
        CASE WHEN g.status = 'closed' THEN s.user_id END,
        CASE WHEN g.status = 'closed' THEN t.informed_on + 6 END,
        CASE WHEN g.status = 'closed' THEN '已反馈承办部门和行政负责人。' ELSE '' END,
        CASE WHEN g.status = 'closed' THEN c.user_id END,
        CASE WHEN g.status = 'closed' THEN t.informed_on + 7 END,
        now()
    FROM grievances_grievance g
    JOIN supervision_task_grievances tg ON tg.grievance_id = g.id
    JOIN supervision_task t ON t.id = tg.task_id
    JOIN consult_enterprise e ON e.id = g.enterprise_id AND e.code LIKE 'bench-%'
    JOIN LATERAL (SELECT m.user_id FROM consult_membership m JOIN consult_membershiprole r
        ON r.membership_id = m.id WHERE m.enterprise_id = g.enterprise_id
        AND r.role = 'supervisor' LIMIT 1) s ON true
    JOIN LATERAL (SELECT m.user_id FROM consult_membership m JOIN consult_membershiprole r
        ON r.membership_id = m.id WHERE m.enterprise_id = g.enterprise_id
        AND r.role = 'union_chair' LIMIT 1) c ON true
    WHERE g.status IN ('informed', 'closed') AND t.informed_on IS NOT NULL
    """,
    """
    INSERT INTO surveys_respondent (round_id, kind, user_id, name, anonymous, created_at)
    SELECT r.id, 'requester', g.requester_id, '', g.requester_id IS NULL, now()
    FROM surveys_surveyround r JOIN grievances_grievance g ON g.id = r.grievance_id
    JOIN consult_enterprise e ON e.id = r.enterprise_id AND e.code LIKE 'bench-%'
    """,
    """
    INSERT INTO surveys_answer (respondent_id, level, reason, comment, method, answered_at)
    SELECT p.id,
        (ARRAY['very_satisfied', 'very_satisfied', 'satisfied', 'satisfied', 'satisfied',
               'satisfied', 'basically_satisfied', 'basically_satisfied', 'satisfied',
               'unsatisfied'])[1 + p.id % 10],
        CASE WHEN p.id % 10 = 9 THEN '整改不彻底。' ELSE '' END, '',
        CASE WHEN p.anonymous THEN 'online' ELSE 'phone' END, r.closed_at
    FROM surveys_respondent p JOIN surveys_surveyround r ON r.id = p.round_id
    JOIN consult_enterprise e ON e.id = r.enterprise_id AND e.code LIKE 'bench-%'
    WHERE r.status = 'reviewed'
    """,
]
