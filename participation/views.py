"""The public form page: shown only while its form is open; submissions saved whole or not at all."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from participation import abuse, notifications
from participation.encryption import digest
from participation.forms import FORM_CLASSES
from participation.models import CampSession, FormKind, ParticipationForm, Status
from publishing.visibility import public_pages

logger = logging.getLogger(__name__)


def public_form(pk):
    """A form on a public activity page; anything else is a 404."""
    from campaign.models import ActivityPage

    form = get_object_or_404(ParticipationForm.objects.select_related("activity"), pk=pk)
    if form.activity_id is None or not public_pages(ActivityPage.objects.filter(pk=form.activity_id)).exists():
        raise Http404
    return form


class Duplicate(Exception):
    pass


def is_duplicate(form, entry):
    """The same person sending the same thing again (rejected entries do not count)."""
    same = form.submissions().filter(contact_digest=entry.contact_digest).exclude(status=Status.REJECTED)
    if form.kind == FormKind.OFFICER:
        return same.exists()
    if form.kind == FormKind.CASE:
        return same.filter(case_title=entry.case_title).exists()
    # A camp sign-up: the same child (decrypted for the few rows of this guardian) in the same session.
    return any(row.child_name == entry.child_name for row in same.filter(session=entry.session_id))


def save_submission(form, bound, request):
    """Everything in one transaction; the camp session's row is locked while its places are counted."""
    entry = bound.save(commit=False)
    entry.form = form
    entry.contact_digest = digest(bound.cleaned_data[bound.contact_field])
    entry.consent_given_at = timezone.now()
    with transaction.atomic():
        if form.kind == FormKind.CAMP:
            # Lock the session (PostgreSQL: the row; SQLite: IMMEDIATE transactions take the write lock),
            # so that two sign-ups for the last place cannot both get it.
            session = CampSession.objects.select_for_update().get(pk=entry.session_id, form=form)
            CampSession.objects.filter(pk=session.pk).update(capacity=F("capacity"))
            entry.waitlisted = session.places_left() <= 0
        if is_duplicate(form, entry):
            raise Duplicate
        entry.save()
        transaction.on_commit(lambda: notifications.submitted(entry))
    return entry


@never_cache
@csrf_protect
def form_page(request, pk):
    form = public_form(pk)
    form_class = FORM_CLASSES[form.kind]
    state = form.state()
    context = {"participation_form": form, "activity": form.activity, "state": state}
    status = 200
    if request.method == "POST" and state == "open":
        bound = form_class(request.POST, request.FILES, participation_form=form)
        if abuse.address_limited(request):
            bound._errors, bound.cleaned_data = ErrorDict(), {}  # not validated: nothing of it is read
            bound.add_error(None, ValidationError(abuse.RATE_MESSAGE, code="rate"))
            status = 429
        elif bound.is_valid():
            if abuse.contact_limited(digest(bound.cleaned_data[bound.contact_field])):
                bound.add_error(None, ValidationError(abuse.RATE_MESSAGE, code="rate"))
                status = 429
            else:
                try:
                    entry = save_submission(form, bound, request)
                except Duplicate:
                    bound.add_error(None, ValidationError("您已经提交过相同的内容，无需重复提交。", code="duplicate"))
                else:
                    context.update(entry=entry, done=True)
                    return TemplateResponse(request, "participation/form_page.html", context)
        bound.refresh_token()
        context["form"] = bound
        return TemplateResponse(request, "participation/form_page.html", context, status=status)
    if state == "open":
        context["form"] = form_class(participation_form=form)
    return TemplateResponse(request, "participation/form_page.html", context)
