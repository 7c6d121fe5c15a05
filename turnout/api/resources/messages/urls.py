from django.utils.translation import gettext_lazy as _

from ...osdi.registry import register_entry, register_scope_family
from ..routes import route
from . import views

register_scope_family("messages", _("Messages (broadcasts) and their statistics"))
register_entry("osdi:messages", "messages", _("The collection of messages in the system"))

urlpatterns = [
    route("messages", views.MessagesView, "messages"),
    route(r"messages/(?P<message_id>[^/]+)", views.MessageView, "message"),
]
