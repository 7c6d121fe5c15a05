"""Public pages of the site itself and the error pages."""

from django.shortcuts import render
from django.views.decorators.cache import cache_control


@cache_control(private=True)
def home(request):
    return render(request, "home.html")


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    return render(request, "500.html", status=500)
