"""The platforms' fake servers started for a test, the settings pointed at them, and a helper
that configures an enterprise's channels as the union chair would (issue 21)."""

import pytest
from django.contrib.auth import get_user_model

from consult.models import Membership, MessengerKind
from consult.outbox import services
from consult.outbox.sender import send_due
from tests.fakes.dingtalk import FakeDingTalk, FakeFeishu
from tests.fakes.sms import FakeAliyunSms, FakeTencentSms
from tests.fakes.smtp import FakeSMTP
from tests.fakes.wecom import FakeWeCom

K = MessengerKind


def _started(fake, request):
    fake.start()
    request.addfinalizer(fake.stop)
    return fake


@pytest.fixture
def wecom(settings, request):
    fake = _started(
        FakeWeCom(users={"13800000001": "wx-dept-head", "13800000002": "wx-staff"}), request
    )
    settings.WECOM_API_BASE = fake.base
    return fake


@pytest.fixture
def dingtalk(settings, request):
    fake = _started(FakeDingTalk(users={"13800000003": "dd-employee"}), request)
    settings.DINGTALK_API_BASE = fake.base
    settings.DINGTALK_OAPI_BASE = fake.base
    return fake


@pytest.fixture
def feishu(settings, request):
    fake = _started(FakeFeishu(), request)
    settings.FEISHU_API_BASE = fake.base
    return fake


@pytest.fixture
def aliyun(settings, request):
    fake = _started(FakeAliyunSms(), request)
    settings.ALIYUN_SMS_BASE = fake.base
    return fake


@pytest.fixture
def tencent(settings, request):
    fake = _started(FakeTencentSms(), request)
    settings.TENCENT_SMS_BASE = fake.base
    return fake


@pytest.fixture
def smtp(settings, request):
    fake = _started(FakeSMTP(refuse_at_data={"refused@demo.invalid"}), request)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", fake.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return fake


# What the union chair types into the channel form for each fake.
SETTINGS = {
    K.WECOM_APP: (
        {"corp_id": "ww-fake-corp", "agent_id": "1000002"},
        {"secret": "fake-wecom-secret"},
    ),
    K.DINGTALK_APP: (
        {"app_key": "ding-fake-app", "agent_id": "2000001"},
        {"secret": "fake-dingtalk-secret"},
    ),
    K.SMS_ALIYUN: (
        {
            "access_key_id": "LTAI-fake",
            "sign_name": "协商平台",
            "region": "",
            "templates": {
                "activation_code": "SMS_0001",
                "password_reset": "SMS_0001",
                "survey": "SMS_0002",
                "task_due": "SMS_0002",
                "task_overdue": "SMS_0002",
                "inform_due": "SMS_0002",
                "test": "SMS_0000",
            },
        },
        {"secret": "fake-aliyun-secret"},
    ),
    K.SMS_TENCENT: (
        {
            "access_key_id": "AKID-fake",
            "sdk_app_id": "1400000000",
            "sign_name": "协商平台",
            "region": "",
            "templates": {
                "activation_code": "1001",
                "survey": "1002",
                "task_due": "1002",
                "test": "1000",
            },
        },
        {"secret": "fake-tencent-key"},
    ),
}


@pytest.fixture
def configure(demo, member):
    """configure(kind, base) → the enterprise's channel of that kind, pointing at the fake."""
    chair = member("union_chair").user

    def _configure(kind, fake=None, **overrides):
        config, secrets = SETTINGS.get(kind, ({}, {}))
        config, secrets = dict(config), dict(secrets)
        if kind == K.WECOM_ROBOT:
            secrets = {"webhook": f"{fake.base}/cgi-bin/webhook/send?key=fake-robot-key"}
        elif kind == K.DINGTALK_ROBOT:
            secrets = {
                "webhook": f"{fake.base}/robot/send?access_token=fake-robot-token",
                "sign_secret": "SECfake-signing-secret",
            }
        elif kind == K.FEISHU_ROBOT:
            secrets = {
                "webhook": f"{fake.base}/open-apis/bot/v2/hook/fake-hook",
                "sign_secret": "fake-feishu-secret",
            }
        secrets.update(overrides.pop("secrets", {}))
        config.update(overrides)
        return services.messenger_save(
            enterprise=demo,
            by=chair,
            kind=kind,
            name="",
            config=config,
            secrets=secrets,
            is_active=True,
        )

    return _configure


@pytest.fixture
def reach(demo):
    """reach("dept_head", wecom="wx-dept-head", phone="13800000001"): a member's ids (and
    no e-mail address unless given, so a test counts its platform's messages only)."""

    def _reach(username, *, wecom="", dingtalk="", phone="", email=""):
        Membership.objects.filter(user__username=username, enterprise=demo).update(
            wecom_userid=wecom, dingtalk_userid=dingtalk, phone=phone
        )
        if email is not None:
            get_user_model().objects.filter(username=username).update(email=email)

    return _reach


@pytest.fixture
def drained(db):
    """Send what the seed and earlier steps left due (so a test counts only its own)."""
    send_due()
