"""Pages for the people we write to: unsubscribing needs no account and no cookie."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from turnout.people.normalize import mask

from .unsubscribe import unsubscribe_message


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """GET shows a page with one button (link scanners open links: a GET never
    unsubscribes); POST unsubscribes, from that button or from a mail client's one-click
    ``List-Unsubscribe-Post`` request (RFC 8058), which carries no cookie and no CSRF token."""

    def _message(self, token):
        message = unsubscribe_message(token)
        if message is None:
            raise Http404
        return message

    def get(self, request, token):
        message = self._message(token)
        return render(
            request,
            "messaging/unsubscribe.html",
            {
                "organization": message.organization,
                "masked": mask(message.to_address),
                "done": False,
            },
        )

    def post(self, request, token):
        from .services import unsubscribe_apply

        message = self._message(token)
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        unsubscribe_apply(message=message, source="one-click" if one_click else "unsubscribe page")
        if one_click:
            return HttpResponse("OK", content_type="text/plain")
        return render(
            request,
            "messaging/unsubscribe.html",
            {
                "organization": message.organization,
                "masked": mask(message.to_address),
                "done": True,
            },
        )
