"""Knowledge-base pages: the filtered list, the entry editor (the same slug side by side in
the three languages, "Verified today", archive with undo), the installer of the shipped
knowledge base, and the test console."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.organizations.models import Membership

from . import selectors
from .forms import ConsoleForm, EntryFilterForm, EntryForm, InstallForm
from .models import Entry
from .services.elections import Refused
from .services.entries import entry_archive, entry_restore, entry_save, entry_verify
from .views import AssistantMixin, state_labels

PAGE_SIZE = 50


def refused_on(form, exc: Refused) -> None:
    form.add_error(exc.field_name if exc.field_name in form.fields else None, exc.message)


class KbMixin(AssistantMixin):
    section = "kb"

    def elections(self):
        return list(selectors.elections_for(organization=self.organization))


class EntryListView(KbMixin, TemplateView):
    template_name = "assistant/kb/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.organization
        form = EntryFilterForm(
            self.request.GET or None,
            elections=self.elections(),
            countries=selectors.coverage_countries(organization=org),
        )
        filters = selectors.EntryFilters(**form.filters())
        today = timezone.localdate()
        rows = selectors.entries_list(organization=org, filters=filters, today=today)
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        labels = state_labels()
        for entry in page.object_list:
            entry.state = selectors.entry_state(entry, today)
            entry.state_label = labels[entry.state]
        query = {k: v for k, v in self.request.GET.items() if k != "page" and v}
        context.update(
            form=form,
            page=page,
            query=urlencode(query),
            can_edit=self.can("assistant.manage_entries"),
            can_install=self.can("assistant.install_entries"),
            stale_days=selectors.stale_after_days(),
        )
        return context


class EntryEditView(KbMixin, TemplateView):
    """A new entry (no ``kb_entry_id``; GET parameters or an inbox question prefill it), or the
    editor of one."""

    template_name = "assistant/kb/editor.html"
    permission_required = "assistant.manage_entries"

    def load(self, kwargs):
        org = self.organization
        self.entry = (
            selectors.entry_get(organization=org, entry_id=kwargs["kb_entry_id"])
            if "kb_entry_id" in kwargs
            else None
        )
        self.inbox_question = (
            selectors.inbox_get(organization=org, question_id=kwargs["inbox_question_id"])
            if "inbox_question_id" in kwargs
            else None
        )
        self.owners = [
            m.user
            for m in Membership.objects.filter(organization=org)
            .exclude(role="volunteer")
            .select_related("user")
            .order_by("user__full_name", "user__email")
        ]

    def prefill(self):
        """An unsaved entry to start from: the inbox question's, or GET parameters."""
        if self.entry is not None:
            return None
        get = self.request.GET
        prefill = Entry(
            country=get.get("country", "")[:2] or getattr(self.organization, "country", ""),
            language=get.get("language", "")[:2],
            slug=get.get("slug", "")[:80],
            owner=self.request.user,
        )
        if get.get("election", "").isdigit():
            prefill.election_id = int(get["election"])
        question = self.inbox_question
        if question is not None:
            prefill.question = question.question[:300]
            prefill.answer = question.answer
            prefill.language = question.language or prefill.language
            prefill.country = question.country or prefill.country
            prefill.election_id = question.election_id
        return prefill

    def make_form(self, data=None):
        return EntryForm(
            data,
            entry=self.entry,
            initial_entry=self.prefill(),
            elections=self.elections(),
            owners=self.owners,
        )

    def get(self, request, *args, **kwargs):
        self.load(kwargs)
        return self.render_to_response(self.get_context_data(form=self.make_form()))

    def post(self, request, *args, **kwargs):
        self.load(kwargs)
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                entry = entry_save(
                    organization=self.organization,
                    actor=request.user,
                    entry=self.entry,
                    data=form.entry_data(verified_today="verified_today" in request.POST),
                    inbox_question=self.inbox_question,
                )
            except Refused as exc:
                refused_on(form, exc)
                if self.entry is not None:
                    self.entry.refresh_from_db()
            else:
                messages.success(request, _("The entry is saved."))
                return redirect(self.url("entry_edit", kb_entry_id=entry.pk))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            entry=self.entry,
            inbox_question=self.inbox_question,
            placeholders=EntryForm.placeholders(),
            today=timezone.localdate(),
        )
        if self.entry is not None:
            entry = self.entry
            entry.state = selectors.entry_state(entry)
            entry.state_label = state_labels()[entry.state]
            entry.shipped_label = entry.shipped_version.partition(":")[0]
            context["siblings"] = [
                (language, sibling, self.new_url(entry, language))
                for language, sibling in selectors.entry_siblings(entry=entry).items()
            ]
            context["used_count"] = selectors.entry_answers_count(entry=entry)
        return context

    def new_url(self, entry, language):
        query = {"slug": entry.slug, "country": entry.country, "language": language}
        if entry.election_id:
            query["election"] = entry.election_id
        return f"{self.url('entry_new')}?{urlencode(query)}"


class EntryActionView(KbMixin, View):
    """POST: verified today, archive, or restore (the undo of archive)."""

    permission_required = "assistant.manage_entries"

    def post(self, request, *args, **kwargs):
        entry = selectors.entry_get(organization=self.organization, entry_id=kwargs["kb_entry_id"])
        action = request.POST.get("action", "")
        if action == "verify":
            entry_verify(entry=entry, actor=request.user)
            messages.success(request, _("Marked as verified today."))
        elif action == "archive":
            previous = entry_archive(entry=entry, actor=request.user)
            messages.success(request, _("The entry is archived: the assistant no longer uses it."))
            request.session["assistant_undo"] = {"entry": entry.pk, "status": previous}
        elif action == "restore":
            undo = request.session.pop("assistant_undo", None) or {}
            status = undo.get("status") if undo.get("entry") == entry.pk else None
            entry_restore(entry=entry, actor=request.user, status=status or Entry.Status.DRAFT)
            messages.success(request, _("The entry is back."))
        next_url = request.POST.get("next", "")
        if next_url == "list":
            return redirect(self.url("entries"))
        return redirect(self.url("entry_edit", kb_entry_id=entry.pk))


def install_summary(report) -> dict:
    """What ``knowledge_base_install`` did, for the page: the keys ("FR/fr/proxy-vote") it
    added, updated, kept as the organization edited them, or found already up to date."""
    out = {
        "added": list(report.created),
        "updated": list(report.updated),
        "kept": list(report.kept),
        "unchanged": list(report.unchanged),
    }
    for key in list(out):
        out[f"{key}_count"] = len(out[key])
    return out


class InstallView(KbMixin, TemplateView):
    template_name = "assistant/kb/install.html"
    permission_required = "assistant.install_entries"

    def get(self, request, *args, **kwargs):
        initial = {}
        if getattr(self.organization, "country", "") in selectors.SHIPPED_COUNTRIES:
            initial["country"] = self.organization.country
        return self.render_to_response(self.get_context_data(form=InstallForm(initial=initial)))

    def post(self, request, *args, **kwargs):
        from .services.knowledge import knowledge_base_install

        form = InstallForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        result = knowledge_base_install(
            organization=self.organization,
            country=form.cleaned_data["country"],
            languages=list(form.cleaned_data["languages"]),
            actor=request.user,
        )
        return self.render_to_response(
            self.get_context_data(form=form, summary=install_summary(result))
        )


class ConsoleView(KbMixin, TemplateView):
    """Ask a question as a person would and see what the assistant answers, from which entry,
    how sure it is, and the next best entries. Nothing is recorded."""

    template_name = "assistant/kb/console.html"

    def get(self, request, *args, **kwargs):
        elections = self.elections()
        if "question" not in request.GET:
            initial = {"language": request.LANGUAGE_CODE[:2]}
            if getattr(self.organization, "country", ""):
                initial["country"] = self.organization.country
            form = ConsoleForm(initial=initial, elections=elections)
            return self.render_to_response(self.get_context_data(form=form))
        form = ConsoleForm(request.GET, elections=elections)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        c = form.cleaned_data
        result = selectors.console_run(
            organization=self.organization,
            question=c["question"],
            language=c["language"],
            country=c["country"],
            election=form.chosen_election(),
        )
        return self.render_to_response(self.get_context_data(form=form, result=result))
