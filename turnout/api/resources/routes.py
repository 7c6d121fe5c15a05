from django.urls import re_path


def route(pattern: str, view, name: str):
    """``petitions`` and ``petitions/`` both work (OSDI and Action Network clients use
    either)."""
    return re_path(rf"^{pattern}/?$", view.as_view(), name=name)
