"""API tokens of an enterprise's OA and mini-programs (issue 22): the chair's page and the
services that create, revoke and check them. The API itself is `grievances.api`."""
