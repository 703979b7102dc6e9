"""Topics (议题): the queue of items waiting for a meeting, grouping and refining."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from consult.access import get_enterprise_for
from consult.pagination import PAGE_SIZE
from consult.roles import Action
from consult.workflow import StepRefused
from grievances import services
from grievances.forms import (
    TopicEditForm,
    TopicForm,
)
from grievances.models import Grievance, Topic
from grievances.views._common import INVALID

# --------------------------------------------------------------------------------------------
# Topics (议题)
# --------------------------------------------------------------------------------------------


@login_required
def topic_list(request, code):
    access = get_enterprise_for(request.user, code, action=Action.VERIFY_GRIEVANCE)
    form = TopicForm(request.POST or None, enterprise=access.enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_create(
                enterprise=access.enterprise,
                by=request.user,
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
                grievances=form.cleaned_data["grievances"],
                category=form.cleaned_data["category"],
                confirm_mixed=form.cleaned_data["confirm_mixed"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Topic created."))
            return redirect("topic_list", code=code)
    # One page of topics; their items are fetched for that page only, with what a link needs.
    items = Grievance.objects.only("id", "year", "serial", "topic_id").order_by("year", "serial")
    topics = (
        Topic.objects.filter(enterprise=access.enterprise)
        .select_related("category")
        .prefetch_related("departments", Prefetch("grievances", items))
    )
    page = Paginator(topics, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grievances/topics.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "form": form,
            "topics": page.object_list,
            "page": page,
            "query": "",
        },
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
def topic_edit(request, code, pk):
    access = get_enterprise_for(request.user, code, action=Action.VERIFY_GRIEVANCE)
    topic = get_object_or_404(Topic, enterprise=access.enterprise, pk=pk)
    if request.method != "POST" and not topic.is_editable:
        messages.info(request, _("A topic on an agenda or decided can no longer be changed."))
        return redirect("topic_list", code=code)
    form = TopicEditForm(request.POST or None, topic=topic)
    status = INVALID if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_update(topic=topic, by=request.user, **form.cleaned_data)
        except StepRefused as exc:
            form.add_error(None, exc.message)
            status = StepRefused.status_code
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Topic saved."))
            return redirect("topic_list", code=code)
    return render(
        request,
        "grievances/topic_edit.html",
        {"access": access, "enterprise": access.enterprise, "form": form, "topic": topic},
        status=status,
    )
