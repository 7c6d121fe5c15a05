from django.utils.translation import gettext_lazy as _

from ...osdi.registry import register_entry, register_scope_family
from ..routes import route
from . import views

register_scope_family("events", _("Events and attendances"))
register_entry("osdi:events", "events", _("The collection of events in the system"))

E = r"(?P<event_id>[^/]+)"

urlpatterns = [
    route("events", views.EventsView, "events"),
    route(rf"events/{E}", views.EventView, "event"),
    route(rf"events/{E}/attendances", views.AttendancesView, "event-attendances"),
    route(
        rf"events/{E}/record_attendance_helper",
        views.RecordAttendanceHelperView,
        "event-record-attendance",
    ),
    route(
        rf"events/{E}/attendances/(?P<attendance_id>[^/]+)",
        views.AttendanceView,
        "event-attendance",
    ),
]
