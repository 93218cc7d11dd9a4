"""An organiser writes to an event's participants."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from klynge.core.errors import DomainError, show_error
from klynge.core.ratelimit import ratelimit
from klynge.events import messaging
from klynge.events.manage_views import editable_event
from klynge.events.models import EventMessage


class MessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=gettext_lazy("To"),
        choices=EventMessage.Audience.choices,
        initial=EventMessage.Audience.REGISTERED,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=150)
    body = forms.CharField(
        label=gettext_lazy("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    nonce = forms.CharField(widget=forms.HiddenInput, max_length=36)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("events.message", "20/h")
def message_write(request: HttpRequest, slug: str) -> HttpResponse:
    event = editable_event(request, slug)
    form = MessageForm(request.POST or None, initial={"nonce": str(uuid.uuid4())})
    if request.method == "POST" and form.is_valid():
        try:
            sent = messaging.message_send(event=event, by=request.user, **form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(
                request,
                _("The message is on its way to %(count)d people.") % {"count": sent.recipients},
            )
            return redirect("events:manage", slug=event.slug)
    counts = {
        value: messaging.recipients(event, value).count() for value in EventMessage.Audience.values
    }
    context = {"event": event, "form": form, "counts": counts}
    return render(request, "events/message_form.html", context)
