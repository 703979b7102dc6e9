"""The union chair's page of API tokens: created for a few scopes, shown once, kept as a hash,
revoked after a confirmation and never deleted; each change in the audit table."""

import hashlib
import re

from consult.models import AuditEvent, IntegrationToken

PAGE = "/e/demo/integrations/"


def _create(client, name="企业OA", scopes=("submit_for_person", "read_receipt")):
    return client.post(PAGE, {"name": name, "scopes": list(scopes)})


def _shown_token(response) -> str:
    return re.search(r'<code id="new-token"[^>]*>([^<]+)</code>', response.content.decode())[1]


def test_the_chair_creates_a_token_shown_once_and_kept_only_as_a_hash(login, demo):
    chair = login("union_chair")
    response = _create(chair)
    assert response.status_code == 200
    secret = _shown_token(response)
    token = IntegrationToken.objects.get(enterprise=demo)
    assert token.scopes == ["submit_for_person", "read_receipt"]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(IntegrationToken.objects.filter(pk=token.pk).values().get())
    listed = chair.get(PAGE).content.decode()
    assert "企业OA" in listed and token.prefix in listed
    assert secret not in listed
    event = AuditEvent.objects.get(action="integration_token_created", target_id=token.pk)
    assert event.enterprise == demo and event.actor.username == "union_chair"
    assert secret not in str(event.data) + event.note


def test_a_token_needs_a_name_and_a_scope(login, demo):
    response = login("union_chair").post(PAGE, {"name": "", "scopes": []})
    assert response.status_code == 400
    assert not IntegrationToken.objects.exists()


def test_revoking_asks_first_and_keeps_the_token_with_who_revoked_it(login, demo):
    chair = login("union_chair")
    _create(chair)
    token = IntegrationToken.objects.get()
    page = chair.get(PAGE).content.decode()
    revoke = f'action="/e/demo/integrations/{token.pk}/revoke/" data-confirm="'
    assert revoke in page
    response = chair.post(f"{PAGE}{token.pk}/revoke/", follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by.username == "union_chair"
    assert revoke not in response.content.decode()
    assert AuditEvent.objects.filter(action="integration_token_revoked", target_id=token.pk)
    chair.post(f"{PAGE}{token.pk}/revoke/")  # again: nothing more happens
    assert AuditEvent.objects.filter(action="integration_token_revoked").count() == 1


def test_revoking_is_post_only(login):
    chair = login("union_chair")
    _create(chair)
    token = IntegrationToken.objects.get()
    assert chair.get(f"{PAGE}{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_only_the_chair_sees_the_page_and_its_link(login):
    assert "/integrations/" in login("union_chair").get("/e/demo/").content.decode()
    for username in ("employee", "union_staff", "admin_head"):
        client = login(username)
        assert client.get(PAGE).status_code == 403, username
        assert "/integrations/" not in client.get("/e/demo/").content.decode()
    assert login("b_union_chair").get(PAGE).status_code == 404


def test_another_enterprises_chair_cannot_revoke_a_token(login):
    _create(login("union_chair"))
    token = IntegrationToken.objects.get()
    assert (
        login("b_union_chair").post(f"/e/demo-b/integrations/{token.pk}/revoke/").status_code == 404
    )
    token.refresh_from_db()
    assert token.revoked_at is None
