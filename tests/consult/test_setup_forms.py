import pytest
from django.urls import reverse

from consult.models import Channel, LeadingGroup, LeadingGroupMember, Membership
from tests.factories import NOTICE_YEAR

pytestmark = pytest.mark.django_db


def _group_post(group, **overrides):
    data = {
        "office_location": group.office_location,
        "formed_on": "2026-03-01",
        "group_meeting_interval_months": "3",
        "dispatch_meeting_interval_months": "1",
        "duties": group.duties,
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-position": "member",
        "members-0-post": "职工代表",
        "members-0-user": str(Membership.objects.get(user__username="employee").user_id),
        "members-0-order": "9",
    }
    data.update(overrides)
    return data


def test_union_chair_adds_a_leading_group_member_chosen_from_the_people(login, demo):
    group = LeadingGroup.objects.get(enterprise=demo)
    response = login("union_chair").post(
        reverse("leading_group_edit", args=["demo"]), _group_post(group)
    )
    assert response.status_code == 302
    added = LeadingGroupMember.objects.get(group=group, user__username="employee")
    assert (added.name, added.post, added.display_name) == ("", "职工代表", "张三")


def test_members_are_offered_with_their_posts_and_a_typed_name_is_not_taken(login, demo):
    client = login("union_chair")
    page = client.get(reverse("leading_group_edit", args=["demo"])).content.decode()
    assert "周建国（总经理）" in page and "陈静（党办干事）" in page
    assert "蒙阴示范食品" not in page and 'name="members-0-name"' not in page
    group = LeadingGroup.objects.get(enterprise=demo)
    count = LeadingGroupMember.objects.count()
    typed = _group_post(group, **{"members-0-user": "", "members-0-name": "新成员"})
    response = client.post(reverse("leading_group_edit", args=["demo"]), typed)
    assert response.status_code == 400
    assert "请选择本企业的人员" in response.content.decode()
    assert LeadingGroupMember.objects.count() == count


def test_an_empty_post_is_the_chosen_persons_post(login, demo):
    group = LeadingGroup.objects.get(enterprise=demo)
    data = _group_post(group, **{"members-0-post": ""})
    assert login("union_chair").post(reverse("leading_group_edit", args=["demo"]), data)
    assert LeadingGroupMember.objects.get(group=group, user__username="employee").post == "操作工"


def test_a_member_typed_before_keeps_the_name_until_a_person_is_chosen(login, demo, member):
    group = LeadingGroup.objects.get(enterprise=demo)
    typed = LeadingGroupMember.objects.create(
        group=group, position="member", post="党办有关人员", name="陈静", order=20
    )
    client = login("union_chair")
    page = client.get(reverse("leading_group_edit", args=["demo"])).content.decode()
    assert "原来填写的是：陈静" in page
    chen = member("chenjing")
    members = list(group.members.all())
    data = _group_post(group, **{"members-TOTAL_FORMS": str(len(members))})
    data["members-INITIAL_FORMS"] = str(len(members))
    for i, m in enumerate(members):
        data.update(
            {
                f"members-{i}-id": str(m.pk),
                f"members-{i}-group": str(group.pk),
                f"members-{i}-position": m.position,
                f"members-{i}-post": m.post,
                f"members-{i}-user": str(m.user_id or ""),
                f"members-{i}-order": str(m.order),
            }
        )
        if m.is_office_director:
            data[f"members-{i}-is_office_director"] = "on"
        if m.pk == typed.pk:
            data[f"members-{i}-user"] = str(chen.user_id)
    response = client.post(reverse("leading_group_edit", args=["demo"]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    typed.refresh_from_db()
    assert (typed.user_id, typed.name, typed.display_name) == (chen.user_id, "", "陈静")


def test_empty_duties_are_refused_in_chinese_and_nothing_is_saved(login, demo):
    group = LeadingGroup.objects.get(enterprise=demo)
    response = login("union_chair").post(
        reverse("leading_group_edit", args=["demo"]), _group_post(group, duties="  ")
    )
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert not LeadingGroupMember.objects.filter(user__username="employee").exists()


def test_errors_are_in_english_for_english_readers(login, demo):
    group = LeadingGroup.objects.get(enterprise=demo)
    client = login("union_chair")
    client.post(reverse("set_language"), {"language": "en"})
    response = client.post(
        reverse("leading_group_edit", args=["demo"]), _group_post(group, duties="")
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_user_from_another_enterprise_cannot_be_made_a_member(login, demo):
    group = LeadingGroup.objects.get(enterprise=demo)
    outsider = Membership.objects.get(user__username="b_admin_head").user
    response = login("union_chair").post(
        reverse("leading_group_edit", args=["demo"]),
        _group_post(group, **{"members-0-user": str(outsider.pk)}),
    )
    assert response.status_code == 400
    assert not LeadingGroupMember.objects.filter(group=group, user=outsider).exists()


def test_text_over_the_limit_is_refused(login, demo):
    group = LeadingGroup.objects.get(enterprise=demo)
    response = login("union_chair").post(
        reverse("leading_group_edit", args=["demo"]),
        _group_post(group, office_location="办" * 101),
    )
    assert response.status_code == 400
    group.refresh_from_db()
    assert group.office_location == "公司工会"


def test_garbage_in_number_fields_is_a_400_not_a_500(login, demo):
    group = LeadingGroup.objects.get(enterprise=demo)
    response = login("union_chair").post(
        reverse("leading_group_edit", args=["demo"]),
        _group_post(
            group,
            group_meeting_interval_months="x",
            formed_on="2026-13-45",
            **{"members-TOTAL_FORMS": "abc"},
        ),
    )
    assert response.status_code == 400


def test_channel_added_by_staff_appears_on_the_public_page(login, client, demo):
    existing = list(Channel.objects.filter(enterprise=demo))
    data = {
        "form-TOTAL_FORMS": str(len(existing) + 1),
        "form-INITIAL_FORMS": str(len(existing)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(existing):
        data.update(
            {
                f"form-{i}-id": str(c.pk),
                f"form-{i}-kind": c.kind,
                f"form-{i}-value": c.value,
                f"form-{i}-order": str(c.order),
                f"form-{i}-is_active": "on",
            }
        )
    n = len(existing)
    data.update(
        {
            f"form-{n}-kind": "oa",
            f"form-{n}-value": "OA系统-工会信箱",
            f"form-{n}-order": "9",
            f"form-{n}-is_active": "on",
        }
    )
    response = login("union_staff").post(reverse("channels_edit", args=["demo"]), data)
    assert response.status_code == 302
    assert "OA系统-工会信箱" in client.get(reverse("public_page", args=["demo"])).content.decode()


def test_channel_formset_cannot_edit_another_enterprises_channel(login, demo, demo_b):
    # A forged id is not found in this enterprise's channels, so Django treats the row as new:
    # it lands in the poster's own enterprise and the other enterprise is untouched.
    foreign = Channel.objects.filter(enterprise=demo_b).first()
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(foreign.pk),
        "form-0-kind": "phone",
        "form-0-value": "hijacked",
        "form-0-order": "1",
    }
    login("union_chair").post(reverse("channels_edit", args=["demo"]), data)
    foreign.refresh_from_db()
    assert foreign.value != "hijacked"
    assert not Channel.objects.filter(enterprise=demo_b, value="hijacked").exists()


def test_notice_edit_saves_the_union_office_address(login, demo):
    notice = demo.notices.get(year=NOTICE_YEAR)
    response = login("union_chair").post(
        reverse("notice_edit", args=["demo", NOTICE_YEAR]),
        {
            "issued_on": f"{NOTICE_YEAR}-02-01",
            "purpose": notice.purpose,
            "principles": notice.principles,
            "priorities": notice.priorities,
            "resolution": notice.resolution,
            "office-union_name": "示范工会",
            "office-union_office_address": "三楼301",
        },
    )
    assert response.status_code == 302
    demo.refresh_from_db()
    assert demo.union_office_address == "三楼301"


def test_notice_for_a_far_year_cannot_be_started(login, demo):
    response = login("union_chair").post(reverse("notice_create", args=["demo"]), {"year": "1990"})
    assert response.status_code == 302
    assert not demo.notices.filter(year=1990).exists()


def test_removing_a_leading_group_member_keeps_the_row_for_the_record(login, demo):
    group = LeadingGroup.objects.get(enterprise=demo)
    member = group.members.get(user__username="chenjing")
    data = {
        "office_location": group.office_location,
        "formed_on": "2026-03-01",
        "group_meeting_interval_months": "3",
        "dispatch_meeting_interval_months": "1",
        "duties": group.duties,
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-id": str(member.pk),
        "members-0-group": str(group.pk),
        "members-0-position": "member",
        "members-0-post": member.post,
        "members-0-user": str(member.user_id),
        "members-0-order": str(member.order),
        "members-0-DELETE": "on",
    }
    response = login("union_chair").post(reverse("leading_group_edit", args=["demo"]), data)
    assert response.status_code == 302
    assert not group.members.filter(pk=member.pk).exists()
    assert LeadingGroupMember.all_objects.get(pk=member.pk).removed_at is not None
    page = login("employee").get(reverse("leading_group", args=["demo"])).content.decode()
    assert "陈静" not in page
