"""`python -m tests.fakes` (started by `bin/serve --fakes`): every platform's fake server on
127.0.0.1, ports FAKES_PORT (default 9100) + 1…5, printing each message it accepts.

Each fake's received messages are also at http://127.0.0.1:<port>/_received (JSON). The lines
printed at start are what to type into the app's message channel forms (消息推送渠道).
"""

import os
import signal
import sys
import threading

from tests.fakes.dingtalk import FakeDingTalk, FakeFeishu
from tests.fakes.sms import FakeAliyunSms, FakeTencentSms
from tests.fakes.wecom import FakeWeCom

BASE_PORT = int(os.environ.get("FAKES_PORT", "9100"))


def bases(base_port: int = BASE_PORT) -> dict[str, str]:
    """The settings that point the app at the fakes (bin/serve exports the same)."""
    url = "http://127.0.0.1:{}".format
    return {
        "WECOM_API_BASE": url(base_port + 1),
        "DINGTALK_API_BASE": url(base_port + 2),
        "DINGTALK_OAPI_BASE": url(base_port + 2),
        "FEISHU_API_BASE": url(base_port + 3),
        "ALIYUN_SMS_BASE": url(base_port + 4),
        "TENCENT_SMS_BASE": url(base_port + 5),
    }


def _printer(server, message):
    shown = {k: v for k, v in message.items() if not k.startswith("_")}
    print(f"[fake {server.name}] {shown}", flush=True)


def main() -> None:
    fakes = [
        FakeWeCom(open_directory=True, port=BASE_PORT + 1),
        FakeDingTalk(open_directory=True, port=BASE_PORT + 2),
        FakeFeishu(port=BASE_PORT + 3),
        FakeAliyunSms(port=BASE_PORT + 4),
        FakeTencentSms(port=BASE_PORT + 5),
    ]
    for fake in fakes:
        fake.on_message = _printer
        fake.start()
    wecom, dingtalk, feishu = fakes[0], fakes[1], fakes[2]
    print(
        "\n".join(
            [
                ">> fake platforms running; what to type in 消息推送渠道 (Message channels):",
                f"   企业微信应用消息: Corp ID {wecom.corp_id}, AgentId {wecom.agent_id}, "
                f"Secret {wecom.secret}",
                f"   钉钉工作通知: AppKey {dingtalk.app_key}, AgentId {dingtalk.agent_id}, "
                f"AppSecret {dingtalk.app_secret}",
                f"   企业微信群机器人: {wecom.base}/cgi-bin/webhook/send?key=fake-robot-key",
                f"   钉钉自定义机器人: {dingtalk.base}/robot/send?access_token=fake-robot-token, "
                "加签 SECfake-signing-secret",
                f"   飞书自定义机器人: {feishu.base}/open-apis/bot/v2/hook/fake-hook, "
                "签名 fake-feishu-secret",
                "   短信（阿里云）: AccessKey LTAI-fake / fake-aliyun-secret, 签名 协商平台, "
                "templates SMS_0001 (code), SMS_0002 (date), SMS_0000 (test)",
                "   短信（腾讯云）: SecretId AKID-fake / fake-tencent-key, SmsSdkAppId 1400000000, "
                "签名 协商平台, templates 1001 (code), 1002 (date), 1000 (test)",
                "   received messages: " + ", ".join(f"{f.base}/_received" for f in fakes),
            ]
        ),
        flush=True,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    for fake in fakes:
        fake.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
