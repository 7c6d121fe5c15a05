from django.utils.translation import gettext_lazy as _

from ...osdi.registry import register_entry, register_scope_family
from ..routes import route
from . import views

register_scope_family("donations", _("Fundraising pages and donations"))
register_entry(
    "osdi:fundraising_pages",
    "fundraising-pages",
    _("The collection of fundraising pages in the system"),
)
register_entry("osdi:donations", "donations", _("The collection of donations in the system"))

P = r"(?P<page_id>[^/]+)"

urlpatterns = [
    route("fundraising_pages", views.PagesView, "fundraising-pages"),
    route(rf"fundraising_pages/{P}", views.PageView, "fundraising-page"),
    route(
        rf"fundraising_pages/{P}/donations", views.PageDonationsView, "fundraising-page-donations"
    ),
    route(
        rf"fundraising_pages/{P}/record_donation_helper",
        views.RecordDonationHelperView,
        "fundraising-page-record-donation",
    ),
    route("donations", views.DonationsView, "donations"),
    route(r"donations/(?P<donation_id>[^/]+)", views.DonationView, "donation"),
]
