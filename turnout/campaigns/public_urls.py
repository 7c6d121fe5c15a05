"""Public pages of campaigns, under /<lang>/c/ (namespace ``campaigns_public``)."""

from .urls.public_core import urlpatterns as core
from .urls.public_quests import urlpatterns as quests
from .urls.public_wall import urlpatterns as wall

app_name = "campaigns_public"
urlpatterns = core + quests + wall
