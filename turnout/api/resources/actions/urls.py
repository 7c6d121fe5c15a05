from django.utils.translation import gettext_lazy as _

from ...osdi.registry import register_entry, register_scope_family
from ..routes import route
from . import views

register_scope_family("actions", _("Petitions, pledges, forms, signatures and submissions"))
register_entry("osdi:petitions", "petitions", _("The collection of petitions in the system"))
register_entry("osdi:forms", "forms", _("The collection of forms in the system"))

A = r"(?P<action_id>[^/]+)"
R = r"(?P<record_id>[^/]+)"

urlpatterns = [
    route("petitions", views.PetitionsView, "petitions"),
    route(rf"petitions/{A}", views.PetitionView, "petition"),
    route(rf"petitions/{A}/signatures", views.SignaturesView, "petition-signatures"),
    route(
        rf"petitions/{A}/record_signature_helper",
        views.RecordSignatureHelperView,
        "petition-record-signature",
    ),
    route(rf"petitions/{A}/signatures/{R}", views.SignatureView, "petition-signature"),
    route("forms", views.FormsView, "forms"),
    route(rf"forms/{A}", views.FormView, "form"),
    route(rf"forms/{A}/submissions", views.SubmissionsView, "form-submissions"),
    route(
        rf"forms/{A}/record_submission_helper",
        views.RecordSubmissionHelperView,
        "form-record-submission",
    ),
    route(rf"forms/{A}/submissions/{R}", views.SubmissionView, "form-submission"),
]
