from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from turnout.core.jobs import job_create
from turnout.organizations.mixins import WorkspaceMixin

from . import selectors, services
from .forms import (
    ConsentForm,
    CustomFieldForm,
    ExportForm,
    LiftForm,
    NoteForm,
    PersonForm,
    SuppressionForm,
    TagForm,
)
from .models import AccessLog, Consent, Segment, Suppression
from .panels import person_panels
from .services import ConsentInput, PersonData, PersonRefused


class PeopleMixin(WorkspaceMixin):
    permission_required = "people.view_people"

    def posted(self):
        """The submitted data on POST (even when empty, so that errors show), else None."""
        return self.request.POST if self.request.method == "POST" else None

    @property
    def show_sensitive(self) -> bool:
        return self.can("people.view_sensitive")

    def get_person(self):
        return selectors.person_get(
            organization=self.organization, person_uuid=self.kwargs["person_uuid"]
        )

    def person_url(self, person) -> str:
        return reverse(
            "people:detail", kwargs={"org_slug": self.organization.slug, "person_uuid": person.uuid}
        )


class PersonListView(PeopleMixin, TemplateView):
    template_name = "people/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")
        tag = self.request.GET.get("tag", "")
        people = selectors.people_search(organization=self.organization, query=query, tag_id=tag)
        paginator = Paginator(people, 50)
        context.update(
            page=paginator.get_page(self.request.GET.get("page")),
            q=query,
            tag=tag,
            tags=selectors.tags_for(organization=self.organization),
            query="&".join(f"{k}={v}" for k, v in (("q", query), ("tag", tag)) if v),
            can_change=self.can("people.change_people"),
            can_export=self.can("people.export_people"),
            can_import=self.can("people.import_people"),
            can_rights=self.can("people.manage_rights"),
            can_fields=self.can("people.manage_fields"),
        )
        return context


class PersonFormMixin(PeopleMixin):
    permission_required = "people.change_people"
    template_name = "people/form.html"

    def form_kwargs(self):
        return {
            "organization": self.organization,
            "show_sensitive": self.show_sensitive,
            "custom_fields": list(selectors.custom_fields_for(organization=self.organization)),
        }


class PersonCreateView(PersonFormMixin, FormView):
    def get_form(self, form_class=None):
        return PersonForm(self.posted(), **self.form_kwargs())

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            person, created = services.person_upsert(
                organization=self.organization,
                actor=self.request.user,
                source=_("entered by hand"),
                data=PersonData(
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    email=data["email"],
                    phone=data["phone"],
                    language=data["language"],
                    address={k: data[k] for k in ("address_lines", "postal_code", "locality")},
                    custom_fields={k: v for k, v in form.custom_values().items() if v is not None},
                ),
            )
        except PersonRefused as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        extra = {k: data[k] for k in ("notes", "do_not_contact") if data.get(k)}
        if data.get("support_level"):
            extra["support_level"] = data["support_level"]
        if extra:
            services.person_update(person=person, actor=self.request.user, fields=extra)
        if created:
            messages.success(self.request, _("%(name)s was added.") % {"name": person})
        else:
            messages.info(
                self.request,
                _(
                    "%(name)s was already in your base (same email or "
                    "phone); the record was updated."
                )
                % {"name": person},
            )
        return redirect(self.person_url(person))


class PersonEditView(PersonFormMixin, FormView):
    def get_form(self, form_class=None):
        self.person = self.get_person()
        return PersonForm(
            self.posted(),
            initial=PersonForm.initial_for(self.person),
            **self.form_kwargs(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        person = self.person
        fields = {
            k: data[k] for k in ("given_name", "family_name", "language", "notes", "do_not_contact")
        }
        if self.show_sensitive:
            fields["support_level"] = data["support_level"]
        custom = {**person.custom_fields, **form.custom_values()}
        fields["custom_fields"] = {k: v for k, v in custom.items() if v is not None}
        try:
            services.person_update(person=person, actor=self.request.user, fields=fields)
            services.contact_points_update(
                person=person,
                actor=self.request.user,
                email=data["email"],
                phone=data["phone"],
                address={k: data[k] for k in ("address_lines", "postal_code", "locality")},
            )
        except (IntegrityError, PersonRefused) as exc:
            form.add_error(
                "email",
                str(exc)
                if isinstance(exc, PersonRefused)
                else _(
                    "Another person already has this email address. Merge the two "
                    "records from the duplicates page instead."
                ),
            )
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return redirect(self.person_url(person))


class PersonDetailView(PeopleMixin, TemplateView):
    template_name = "people/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.get_person()
        services.access_log_record(
            organization=self.organization,
            user=self.request.user,
            action=AccessLog.Action.VIEW,
            person=person,
        )
        fields = selectors.custom_fields_for(
            organization=self.organization, include_sensitive=self.show_sensitive
        )
        context.update(
            person=person,
            emails=person.emails.all(),
            phones=person.phones.all(),
            addresses=person.addresses.all(),
            tags=person.tags.all(),
            custom_values=[
                (f, person.custom_fields.get(f.key))
                for f in fields
                if person.custom_fields.get(f.key) not in (None, "")
            ],
            consents=selectors.person_current_consents(person=person),
            timeline=selectors.person_timeline(
                person=person, include_sensitive=self.show_sensitive
            ),
            show_sensitive=self.show_sensitive,
            can_change=self.can("people.change_people"),
            can_rights=self.can("people.manage_rights"),
            tag_form=TagForm(),
            note_form=NoteForm(),
            consent_form=ConsentForm(),
            panels=person_panels(
                request=self.request, organization=self.organization, person=person
            ),
        )
        return context


class PersonTagView(PeopleMixin, View):
    permission_required = "people.change_people"

    def post(self, request, org_slug, person_uuid):
        person = self.get_person()
        if "remove" in request.POST:
            tag = selectors.tag_get(
                organization=self.organization, tag_id=int(request.POST.get("remove") or 0)
            )
            services.tag_remove(person=person, tag=tag, actor=request.user)
            messages.success(request, _("Tag “%(tag)s” removed.") % {"tag": tag})
        else:
            form = TagForm(request.POST)
            if form.is_valid():
                services.tags_add(
                    person=person, names=[form.cleaned_data["name"]], actor=request.user
                )
            else:
                messages.error(request, _("Give the tag a name."))
        return redirect(self.person_url(person))


class PersonNoteView(PeopleMixin, View):
    permission_required = "people.change_people"

    def post(self, request, org_slug, person_uuid):
        person = self.get_person()
        form = NoteForm(request.POST)
        if form.is_valid():
            services.activity_record(
                person=person,
                kind="note",
                actor=request.user,
                summary=form.cleaned_data["text"][:300],
                data={"text": form.cleaned_data["text"]},
            )
            messages.success(request, _("Note added to the timeline."))
        else:
            messages.error(request, _("The note is empty."))
        return redirect(self.person_url(person))


class PersonConsentView(PeopleMixin, View):
    permission_required = "people.change_people"

    def post(self, request, org_slug, person_uuid):
        person = self.get_person()
        form = ConsentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say how the person gave or withdrew consent."))
            return redirect(self.person_url(person))
        data = form.cleaned_data
        services.consent_record(
            person=person,
            source=Consent.Source.STAFF,
            actor=request.user,
            consent=ConsentInput(
                channel=data["channel"],
                purpose=data["purpose"],
                status=data["status"],
                notice_text=data["evidence"],
                source_ref=str(request.user),
            ),
        )
        messages.success(request, _("Consent recorded."))
        return redirect(self.person_url(person))


class TagListView(PeopleMixin, TemplateView):
    template_name = "people/tags.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tags"] = selectors.tags_with_counts(organization=self.organization)
        return context


class CustomFieldListView(PeopleMixin, FormView):
    template_name = "people/fields.html"
    permission_required = "people.manage_fields"

    def get_form(self, form_class=None):
        return CustomFieldForm(self.posted(), organization=self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields"] = selectors.custom_fields_for(organization=self.organization)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        field = services.custom_field_create(
            organization=self.organization,
            actor=self.request.user,
            label=data["label"],
            key=data["key"],
            kind=data["kind"],
            sensitive=data["sensitive"],
            choices=data["choices"],
        )
        messages.success(self.request, _("Field “%(label)s” added.") % {"label": field.label})
        return redirect("people:fields", org_slug=self.organization.slug)


class CustomFieldDeleteView(PeopleMixin, View):
    permission_required = "people.manage_fields"

    def post(self, request, org_slug, field_id):
        field = selectors.custom_field_get(organization=self.organization, field_id=field_id)
        services.custom_field_delete(field=field, actor=request.user)
        messages.success(
            request,
            _("Field “%(label)s” deleted. Values already stored on people are kept.")
            % {"label": field.label},
        )
        return redirect("people:fields", org_slug=org_slug)


class SuppressionListView(PeopleMixin, FormView):
    template_name = "people/suppressions.html"
    permission_required = "people.manage_rights"

    def get_form(self, form_class=None):
        return SuppressionForm(self.posted(), organization=self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(
            selectors.suppressions_for(organization=self.organization), 50
        ).get_page(self.request.GET.get("page"))
        context["lift_form"] = LiftForm()
        return context

    def form_valid(self, form):
        services.suppression_add(
            organization=self.organization,
            actor=self.request.user,
            channel=form.cleaned_data["channel"],
            value=form.cleaned_data["value"],
            reason=Suppression.Reason.STAFF,
            source=_("added by staff"),
        )
        messages.success(self.request, _("Added to the suppression list."))
        return redirect("people:suppressions", org_slug=self.organization.slug)


class SuppressionLiftView(PeopleMixin, View):
    permission_required = "people.manage_rights"

    def post(self, request, org_slug, suppression_id):
        suppression = selectors.suppression_get(
            organization=self.organization, suppression_id=suppression_id
        )
        form = LiftForm(request.POST)
        try:
            if not form.is_valid():
                raise ValueError(_("Say why the suppression is lifted."))
            services.suppression_lift(
                suppression=suppression, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The suppression was lifted; the reason is kept."))
        except ValueError as exc:
            messages.error(request, str(exc))
        return redirect("people:suppressions", org_slug=org_slug)


class PeopleExportView(PeopleMixin, FormView):
    template_name = "people/export.html"
    permission_required = "people.export_people"

    def get_form(self, form_class=None):
        segments = Segment.objects.for_organization(self.organization)
        return ExportForm(self.posted(), segments=segments)

    def form_valid(self, form):
        data = form.cleaned_data
        job = job_create(
            organization=self.organization,
            kind="people_export",
            title=_("Export of people"),
            user=self.request.user,
            params={
                "format": data["file_format"],
                "segment": data["segment"],
                "purpose": data["purpose"],
            },
        )
        return redirect("core:job", org_slug=self.organization.slug, job_uuid=job.uuid)
