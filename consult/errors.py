"""The one answer to a refused step: 409 with the message, whatever view raised it."""

from django.shortcuts import render

from consult.workflow import StepRefused


class StepRefusedMiddleware:
    """Views that re-show their page handle `StepRefused` themselves; any other view that lets
    it through answers with this page instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StepRefused):
            return render(
                request,
                "step_refused.html",
                {"message": exception.message},
                status=StepRefused.status_code,
            )
        return None
