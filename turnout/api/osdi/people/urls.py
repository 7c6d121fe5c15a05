from django.urls import re_path
from django.utils.translation import gettext_lazy as _

from ..registry import register_entry
from . import views


def _route(pattern: str, view, name: str):
    """``people`` and ``people/`` both work (OSDI and Action Network clients use either)."""
    return re_path(rf"^{pattern}/?$", view.as_view(), name=name)


register_entry("osdi:people", "people", _("The collection of people in the system"))
register_entry("osdi:tags", "tags", _("The collection of tags in the system"))
register_entry("osdi:lists", "lists", _("The collection of lists in the system"))
register_entry("osdi:person_signup_helper", "person_signup_helper", _("The person signup helper"))

urlpatterns = [
    _route("people", views.PeopleView, "people"),
    _route("people/person_signup_helper", views.SignupHelperView, "person_signup_helper"),
    _route(r"people/(?P<person_id>[^/]+)", views.PersonView, "person"),
    _route(r"people/(?P<person_id>[^/]+)/taggings", views.PersonTaggingsView, "person-taggings"),
    _route(r"people/(?P<person_id>[^/]+)/items", views.PersonItemsView, "person-items"),
    _route("tags", views.TagsView, "tags"),
    _route(r"tags/(?P<tag_id>[^/]+)", views.TagView, "tag"),
    _route(r"tags/(?P<tag_id>[^/]+)/taggings", views.TagTaggingsView, "tag-taggings"),
    _route(r"tags/(?P<tag_id>[^/]+)/taggings/(?P<tagging_id>[^/]+)", views.TaggingView, "tagging"),
    _route("lists", views.ListsView, "lists"),
    _route(r"lists/(?P<list_id>[^/]+)", views.ListView, "list"),
    _route(r"lists/(?P<list_id>[^/]+)/items", views.ListItemsView, "list-items"),
    _route(r"lists/(?P<list_id>[^/]+)/items/(?P<item_id>[^/]+)", views.ListItemView, "list-item"),
]
