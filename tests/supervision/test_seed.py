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
