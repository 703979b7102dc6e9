"""The installation admin creates a federation (县总工会) and its office's first account.

    manage.py create_federation --name 某某县总工会 --office-name 张三 --office-phone 13800001234

prints the office account's login name and one-time activation code, and writes the
activation slip as a PDF (`--slip`, default ./开通凭条-<login>.pdf). `--federation <id>` adds
another office account to an existing federation instead.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from consult.accounts import services
from consult.accounts.slips import slip_for, slips_pdf
from consult.models import Federation, FederationMembership


class Command(BaseCommand):
    help = "Create a federation and its first office account, with an activation slip."

    def add_arguments(self, parser):
        parser.add_argument("--name", help="the federation's name, e.g. 某某县总工会")
        parser.add_argument("--federation", type=int, help="add an office account to this id")
        parser.add_argument("--parent", type=int, help="id of the parent federation, if any")
        parser.add_argument("--office-name", required=True)
        parser.add_argument("--office-phone", required=True)
        parser.add_argument("--slip", help="where to write the slip's PDF")

    def handle(self, *args, **opts):
        federation, membership, code = _office_account(opts)
        login = membership.user.get_username()
        slip = slip_for(user=membership.user, place=federation.name, code=code)
        path = Path(opts["slip"] or f"开通凭条-{login}.pdf")
        path.write_bytes(
            slips_pdf([slip], title=f"{federation.name} 账号开通凭条", filename=path.name).read()
        )
        path.chmod(0o600)
        self.stdout.write(f"federation: {federation.name} (id {federation.pk})")
        self.stdout.write(f"office login name: {login}")
        self.stdout.write(f"activation code: {slip.code} (valid until {slip.expires}, once)")
        self.stdout.write(f"activation page: {slip.url}")
        self.stdout.write(f"slip: {path.resolve()}")


def _office_account(opts) -> tuple[Federation, FederationMembership, str]:
    """A new federation with its office's first account, or another account for the office of
    `--federation`; (federation, office membership, activation code)."""
    try:
        if opts["federation"]:
            federation = Federation.objects.get(pk=opts["federation"])
            membership, code = services.federation_office_account_create(
                federation=federation, name=opts["office_name"], phone=opts["office_phone"]
            )
            return federation, membership, code
        if not opts["name"]:
            raise CommandError("--name or --federation is required")
        parent = Federation.objects.get(pk=opts["parent"]) if opts["parent"] else None
        return services.federation_create(
            name=opts["name"],
            parent=parent,
            office_name=opts["office_name"],
            office_phone=opts["office_phone"],
        )
    except Federation.DoesNotExist as exc:
        raise CommandError("No federation with that id.") from exc
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages)) from exc
