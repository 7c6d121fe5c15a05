"""Routes of every resource family (joined to /api/v1/ and /api/v2/ by
``turnout/api/osdi/urls.py``). Importing a family's ``urls`` registers its scope family and
its entry-point links."""

from .actions import urls as actions_urls
from .canvassing import urls as canvassing_urls
from .donations import urls as donations_urls
from .events import urls as events_urls
from .messages import urls as messages_urls

urlpatterns = [
    *actions_urls.urlpatterns,
    *events_urls.urlpatterns,
    *donations_urls.urlpatterns,
    *messages_urls.urlpatterns,
    *canvassing_urls.urlpatterns,
]
