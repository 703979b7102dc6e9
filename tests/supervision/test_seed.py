"""The demo has tasks in every supervision state, and seeding twice adds nothing."""

from django.core.management import call_command

from supervision.models import Bulletin, Escalation, Task, TaskStatus


def test_seed_supervision_puts_tasks_in_every_state(demo):
    call_command("seed_examples", stdout=open("/dev/null", "w"))
    call_command("seed_supervision", stdout=open("/dev/null", "w"))
    assert set(Task.objects.values_list("status", flat=True)) == set(TaskStatus.values)
    assert Escalation.objects.filter(status="open").exists()
    assert Escalation.objects.filter(status="answered").exists()
    assert Bulletin.objects.exists()
    count = Task.objects.count()
    call_command("seed_supervision", stdout=open("/dev/null", "w"))
    assert Task.objects.count() == count


def test_seeded_demo_data_leaves_no_email_waiting(demo, member):
    """The demo's made-up people get no mail: bin/serve's mail loop would print hundreds."""
    from consult.audit import notify
    from consult.models import Notification

    # A real notification from before the seed keeps its e-mail waiting.
    chair = member("union_chair").user
    notify(enterprise=demo, recipients=[chair], subject="真实的通知")
    call_command("seed_examples", stdout=open("/dev/null", "w"))
    call_command("seed_supervision", stdout=open("/dev/null", "w"))
    call_command("seed_surveys", stdout=open("/dev/null", "w"))
    assert Notification.objects.count() > 10
    pending = Notification.objects.filter(deliveries__state="waiting").distinct()
    assert list(pending.values_list("subject", flat=True)) == ["真实的通知"]
