"""Workspace pages of campaigns, under /<lang>/o/<org_slug>/campaigns/ (namespace ``campaigns``).
Each area keeps its own url module; this one joins them."""

from .core import urlpatterns as core
from .insights import urlpatterns as insights
from .quests import urlpatterns as quests
from .wall import urlpatterns as wall

app_name = "campaigns"
urlpatterns = core + quests + wall + insights
