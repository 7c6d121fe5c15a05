"""Segment and static-list pages. Thin: parse, resolve within the organization, check the
policy, call one service, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from ..views import PeopleMixin
from . import jobs as _jobs  # noqa: F401  (the snapshot job must be known where it is created)
from . import selectors, services
from .builder import Builder
from .describe import describe
from .filters import matching, people_matching, uses_sensitive, validate_definition
from .forms import PeopleListForm, SegmentForm, SnapshotForm
from .ui import builder_context

PER_PAGE = 50


def count_text(count: int) -> str:
    return ngettext("%(count)s person matches.", "%(count)s people match.", count) % {
        "count": number_format(count, force_grouping=True)
    }


class SegmentMixin(PeopleMixin):
    def get_segment(self):
        return selectors.segment_get(
            organization=self.organization, segment_id=self.kwargs["segment_id"]
        )

    def restricted(self, segment) -> bool:
        """A segment that selects people by political opinion is only for roles allowed to
        see opinions: its members would reveal them."""
        return not self.show_sensitive and uses_sensitive(
            organization=self.organization, definition=segment.definition
        )

    def restricted_response(self, segment):
        response = self.render_to_response(
            self.get_context_data(segment=segment), template_name="people/segments/restricted.html"
        )
        response.status_code = 403
        return response

    def render_to_response(self, context, template_name=None, **kwargs):
        return self.response_class(
            request=self.request,
            template=[template_name or self.template_name],
            context=context,
            using=self.template_engine,
            **kwargs,
        )

    def segment_url(self, segment) -> str:
        return reverse(
            "people:segment_detail",
            kwargs={"org_slug": self.organization.slug, "segment_id": segment.pk},
        )


class SegmentListView(SegmentMixin, TemplateView):
    template_name = "people/segments/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["segments"] = selectors.segments_for(organization=self.organization)
        context["can_change"] = self.can("people.change_people")
        return context


class SegmentBuilderView(SegmentMixin, TemplateView):
    """New and edit. Works without JavaScript: the "add", "remove" and "show the count"
    buttons post the form back and the page is rendered again with the rows."""

    template_name = "people/segments/builder.html"
    permission_required = "people.change_people"

    def setup_segment(self):
        self.segment = self.get_segment() if "segment_id" in self.kwargs else None

    def get(self, request, *args, **kwargs):
        self.setup_segment()
        if self.segment and self.restricted(self.segment):
            return self.restricted_response(self.segment)
        builder = Builder.from_definition(self.segment.definition if self.segment else None)
        form = SegmentForm(instance=self.segment)
        return self.render_builder(form, builder, count=self.try_count(builder, show=False))

    def post(self, request, *args, **kwargs):
        self.setup_segment()
        if self.segment and self.restricted(self.segment):
            return self.restricted_response(self.segment)
        builder = Builder.from_post(request.POST)
        if "save" not in request.POST:
            # "Add", "Remove" and "Show the count": the name is kept, not checked yet.
            form = SegmentForm(
                initial={k: request.POST.get(k, "") for k in ("name", "description")},
                instance=self.segment,
            )
            pressed = builder.apply(request.POST)
            count = self.try_count(builder, show=not pressed)
            return self.render_builder(form, builder, count=count)
        form = SegmentForm(request.POST, instance=self.segment)
        definition = builder.definition()
        try:
            validate_definition(
                organization=self.organization,
                definition=definition,
                allow_sensitive=self.show_sensitive,
            )
        except ValidationError as exc:
            builder.attach_errors(exc)
            form.is_valid()
            return self.render_builder(form, builder, count=None, status=400)
        if not form.is_valid():
            return self.render_builder(form, builder, count=None, status=400)
        data = form.cleaned_data
        fields = {
            "actor": request.user,
            "name": data["name"],
            "description": data["description"],
            "definition": definition,
            "allow_sensitive": self.show_sensitive,
        }
        if self.segment:
            segment = services.segment_update(segment=self.segment, **fields)
            messages.success(request, _("Segment saved."))
        else:
            segment = services.segment_create(organization=self.organization, **fields)
            messages.success(request, _("Segment “%(name)s” created.") % {"name": segment.name})
        return redirect(self.segment_url(segment))

    def try_count(self, builder: Builder, *, show: bool) -> int | None:
        """The count for the rows as they are; their problems are shown only when asked."""
        definition = builder.definition()
        try:
            cleaned = validate_definition(
                organization=self.organization,
                definition=definition,
                allow_sensitive=self.show_sensitive,
            )
        except ValidationError as exc:
            if show:
                builder.attach_errors(exc)
            return None
        return people_matching(organization=self.organization, definition=cleaned).count()

    def render_builder(self, form, builder, *, count, status=200):
        context = self.get_context_data(
            form=form,
            segment=self.segment,
            count=count,
            count_text=count_text(count) if count is not None else "",
            **builder_context(
                organization=self.organization,
                builder=builder,
                allow_sensitive=self.show_sensitive,
            ),
        )
        response = self.render_to_response(context)
        response.status_code = status
        return response


class SegmentCountView(PeopleMixin, View):
    """POST the builder's form (or a JSON body ``{"definition": {...}}``): ``{"count": n}``,
    or ``{"errors": [...]}`` with status 400."""

    def post(self, request, org_slug):
        if request.content_type == "application/json":
            try:
                payload = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                return JsonResponse({"errors": [_("The request is not valid JSON.")]}, status=400)
            definition = payload.get("definition", payload) if isinstance(payload, dict) else None
        else:
            definition = Builder.from_post(request.POST).definition()
        try:
            cleaned = validate_definition(
                organization=self.organization,
                definition=definition,
                allow_sensitive=self.show_sensitive,
            )
        except ValidationError as exc:
            return JsonResponse({"errors": exc.messages}, status=400)
        count = people_matching(organization=self.organization, definition=cleaned).count()
        return JsonResponse({"count": count, "text": count_text(count)})


class SegmentDetailView(SegmentMixin, TemplateView):
    template_name = "people/segments/detail.html"

    def get(self, request, *args, **kwargs):
        segment = self.get_segment()
        try:
            found = matching(organization=self.organization, definition=segment.definition)
        except ValidationError as exc:
            if self.restricted(segment):
                return self.restricted_response(segment)
            context = self.get_context_data(segment=segment, definition_errors=exc.messages)
            return self.render_to_response(context)
        if found.uses_sensitive and not self.show_sensitive:
            return self.restricted_response(segment)
        context = self.get_context_data(segment=segment, **self.people_context(segment, found))
        return self.render_to_response(context)

    def people_context(self, segment, found) -> dict:
        paginator = Paginator(selectors.with_contact_points(found.people), PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        count = paginator.count
        if segment.last_count != count or segment.counted_at is None:
            services.segment_count_refresh(segment=segment, count=count)
        return {
            "page": page,
            "count": count,
            "count_text": count_text(count),
            "description_lines": describe(
                organization=self.organization, definition=segment.definition
            ),
            "can_change": self.can("people.change_people"),
            "snapshot_form": SnapshotForm(
                initial={
                    "name": _("%(segment)s, %(date)s")
                    % {"segment": segment.name, "date": timezone.localdate().isoformat()}
                }
            ),
            "inline_limit": services.INLINE_SNAPSHOT_LIMIT,
        }


class SegmentDeleteView(SegmentMixin, TemplateView):
    template_name = "people/segments/delete.html"
    permission_required = "people.change_people"

    def get(self, request, *args, **kwargs):
        segment = self.get_segment()
        if self.restricted(segment):
            return self.restricted_response(segment)
        return self.render_to_response(self.get_context_data(segment=segment))

    def post(self, request, *args, **kwargs):
        segment = self.get_segment()
        if self.restricted(segment):
            return self.restricted_response(segment)
        try:
            services.segment_delete(segment=segment, actor=request.user)
        except ProtectedError:
            messages.error(
                request,
                _("This segment is the audience of a message, a journey or a turf: it stays."),
            )
            return redirect(self.segment_url(segment))
        messages.success(request, _("Segment “%(name)s” deleted.") % {"name": segment.name})
        return redirect("people:segments", org_slug=self.organization.slug)


class SegmentSnapshotView(SegmentMixin, TemplateView):
    template_name = "people/segments/restricted.html"
    permission_required = "people.change_people"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        segment = self.get_segment()
        if self.restricted(segment):
            return self.restricted_response(segment)
        form = SnapshotForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the list a name."))
            return redirect(self.segment_url(segment))
        try:
            people_list, job = services.list_snapshot(
                segment=segment, actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.segment_url(segment))
        if job is not None:
            messages.info(
                request,
                _("The list “%(name)s” is being filled in the background.")
                % {"name": people_list.name},
            )
            return redirect("core:job", org_slug=self.organization.slug, job_uuid=job.uuid)
        messages.success(request, _("List “%(name)s” created.") % {"name": people_list.name})
        return redirect(
            "people:list_detail", org_slug=self.organization.slug, list_id=people_list.pk
        )


# --- Static lists ---------------------------------------------------------------------------


class ListMixin(PeopleMixin):
    def get_list(self):
        return selectors.list_get(organization=self.organization, list_id=self.kwargs["list_id"])

    def list_url(self, people_list) -> str:
        return reverse(
            "people:list_detail",
            kwargs={"org_slug": self.organization.slug, "list_id": people_list.pk},
        )


class ListListView(ListMixin, TemplateView):
    template_name = "people/segments/lists.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", PeopleListForm())
        context["lists"] = selectors.lists_for(organization=self.organization)
        context["can_change"] = self.can("people.change_people")
        return context

    def post(self, request, *args, **kwargs):
        if not self.can("people.change_people"):
            raise PermissionDenied
        form = PeopleListForm(request.POST)
        if not form.is_valid():
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 400
            return response
        people_list = services.list_create(
            organization=self.organization,
            actor=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("List “%(name)s” created.") % {"name": people_list.name})
        return redirect(self.list_url(people_list))


class ListDetailView(ListMixin, TemplateView):
    template_name = "people/segments/list_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people_list = self.get_list()
        people = selectors.with_contact_points(selectors.list_members(people_list=people_list))
        context.update(
            people_list=people_list,
            page=Paginator(people, PER_PAGE).get_page(self.request.GET.get("page")),
            can_change=self.can("people.change_people"),
        )
        return context


class ListMemberRemoveView(ListMixin, View):
    permission_required = "people.change_people"

    def post(self, request, org_slug, list_id, person_uuid):
        people_list = self.get_list()
        person = selectors.list_member_get(people_list=people_list, person_uuid=person_uuid)
        services.list_member_remove(people_list=people_list, person=person, actor=request.user)
        messages.success(
            request,
            _("%(person)s was removed from the list.") % {"person": person},
        )
        url = self.list_url(people_list)
        page = request.POST.get("page", "")
        return redirect(f"{url}?page={page}" if page.isdigit() else url)


class ListDeleteView(ListMixin, TemplateView):
    template_name = "people/segments/list_delete.html"
    permission_required = "people.change_people"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["people_list"] = self.get_list()
        return context

    def post(self, request, *args, **kwargs):
        people_list = self.get_list()
        try:
            services.list_delete(people_list=people_list, actor=request.user)
        except ProtectedError:
            messages.error(
                request, _("This list is the audience of a message or a journey: it stays.")
            )
            return redirect(self.list_url(people_list))
        messages.success(request, _("List “%(name)s” deleted.") % {"name": people_list.name})
        return redirect("people:lists", org_slug=self.organization.slug)
