"""The API for the enterprise's OA and mini-programs, under /api/v1/ (issue 22).

Django Ninja builds it: typed schemas (pydantic) become the OpenAPI document and the checks of
each request, and its API page uses the Swagger UI files the package ships (no CDN). Every call
goes through the services, forms, limits and identity rule of the pages; see `operations`.
"""

from grievances.api.operations import api  # noqa: F401
