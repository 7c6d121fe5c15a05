"""The editors of an action's page (POST only): extra questions and thank-you asks on the
settings page, co-sponsors on the action's page. A form with errors is shown again in
place with what was typed; everything else redirects back."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import configure
from .exceptions import SubmissionRefused
from .forms import ActionForm, SponsorAddForm, SponsorForm
from .selectors import action_get, action_sponsor_get, other_actions
from .services import action_sponsor_add
from .views import ActionDetailView, ActionFormView

MOVES = {"up": -1, "down": 1}


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


class _EditorMixin:
    permission_required = "actions.change_actions"
    http_method_names = ["post"]

    def load(self):
        self.action = action_get(organization=self.organization, action_id=self.kwargs["action_id"])
        self.bound = {}
        return self.action


class QuestionEditView(_EditorMixin, ActionFormView):
    """``op``: add, save, up, down, remove, restore; ``key`` names the question."""

    def post(self, request, *args, **kwargs):
        action = self.load()
        op, key = request.POST.get("op", ""), request.POST.get("key") or None
        actor = request.user
        existing = {item["key"]: item for item in action.questions or []}
        if op in ("add", "save"):
            question = existing.get(key) if op == "save" else None
            if op == "save" and question is None:
                messages.error(request, _("This question no longer exists."))
                return redirect(self.edit_url(action))
            form = self.question_form(question, request.POST, custom_fields=self.custom_fields())
            if not form.is_valid():
                self.bound[form.prefix] = form
                return self.render_to_response(
                    self.get_context_data(form=ActionForm(instance=action)), status=400
                )
            configure.question_save(
                action=action, actor=actor, definition=form.definition(), key=question and key
            )
            messages.success(request, _("Question saved."))
        elif op in MOVES and key:
            configure.question_move(action=action, actor=actor, key=key, offset=MOVES[op])
        elif op == "remove" and key:
            kept = configure.question_remove(action=action, actor=actor, key=key)
            messages.success(
                request,
                _("Question removed from the form; its answers stay readable.")
                if kept
                else _("Question removed."),
            )
        elif op == "restore" and key:
            configure.question_restore(action=action, actor=actor, key=key)
            messages.success(request, _("Question back on the form."))
        return redirect(self.edit_url(action) + "#questions")


class AskEditView(_EditorMixin, ActionFormView):
    """``op``: add, save, up, down, remove; ``index`` names the ask."""

    def post(self, request, *args, **kwargs):
        action = self.load()
        op, index = request.POST.get("op", ""), _int(request.POST.get("index"))
        actor = request.user
        asks = action.next_asks or []
        try:
            if op in ("add", "save"):
                if op == "save" and (index is None or index >= len(asks)):
                    raise SubmissionRefused(_("This ask no longer exists."))
                form = self.ask_form(
                    index if op == "save" else None,
                    asks[index] if op == "save" else None,
                    request.POST,
                    actions=list(other_actions(action=action)),
                )
                if not form.is_valid():
                    self.bound[form.prefix] = form
                    return self.render_to_response(
                        self.get_context_data(form=ActionForm(instance=action)), status=400
                    )
                configure.ask_save(
                    action=action,
                    actor=actor,
                    ask=form.ask(),
                    index=index if op == "save" else None,
                )
                messages.success(request, _("Thank-you page saved."))
            elif op in MOVES and index is not None:
                configure.ask_move(action=action, actor=actor, index=index, offset=MOVES[op])
            elif op == "remove" and index is not None:
                configure.ask_remove(action=action, actor=actor, index=index)
        except SubmissionRefused as exc:
            messages.error(request, str(exc))
        return redirect(self.edit_url(action) + "#asks")


class SponsorEditView(_EditorMixin, ActionDetailView):
    """``op``: add; or save, up, down, remove with ``sponsor`` (an id among this action's
    co-sponsors). Only the owner's members get here."""

    def post(self, request, *args, **kwargs):
        action = self.load()
        op = request.POST.get("op", "")
        actor = request.user
        try:
            if op == "add":
                form = SponsorAddForm(
                    request.POST, prefix="sponsor-new", action=action, mine=self.my_organizations()
                )
                if not form.is_valid():
                    self.bound[form.prefix] = form
                    return self.render_to_response(self.get_context_data(), status=400)
                sponsor = action_sponsor_add(
                    action=action,
                    organization=form.cleaned_data["organization"],
                    opt_in_label=form.labels(),
                    actor=actor,
                )
                messages.success(
                    request,
                    _("%(name)s co-sponsors the action.") % {"name": sponsor.organization.name},
                )
            else:
                sponsor = action_sponsor_get(
                    action=action, sponsor_id=_int(request.POST.get("sponsor"))
                )
                if op == "save":
                    prefix = f"sponsor-{sponsor.pk}"
                    form = SponsorForm(request.POST, prefix=prefix, sponsor=sponsor)
                    if not form.is_valid():
                        self.bound[form.prefix] = form
                        return self.render_to_response(self.get_context_data(), status=400)
                    configure.sponsor_update(
                        sponsor=sponsor,
                        actor=actor,
                        opt_in_label=form.labels(),
                        hidden=form.cleaned_data["hidden"],
                    )
                    messages.success(request, _("Co-sponsor saved."))
                elif op in MOVES:
                    configure.sponsor_move(sponsor=sponsor, actor=actor, offset=MOVES[op])
                elif op == "remove":
                    configure.sponsor_remove(sponsor=sponsor, actor=actor)
                    messages.success(
                        request,
                        _("%(name)s no longer co-sponsors the action.")
                        % {"name": sponsor.organization.name},
                    )
        except SubmissionRefused as exc:
            messages.error(request, str(exc))
        return redirect(self.detail_url(action) + "#sponsors")
