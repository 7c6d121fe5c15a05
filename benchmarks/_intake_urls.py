"""URLs of the intake benchmark's server: the project's own, plus ``/bench/ok``, a trivial
view that goes through the same middleware stack and is measured as the baseline."""

from django.http import HttpResponse
from django.urls import path

from turnout.urls import handler403, handler404, handler500
from turnout.urls import urlpatterns as project_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def ok(request):
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/ok", ok, name="bench_ok"), *project_urlpatterns]
