from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def _language_url(request, code: str) -> str:
    url = translate_url(request.get_full_path(), code)
    return url if url.startswith(f"/{code}/") else f"/{code}/"


def site(request):
    current = get_language()
    return {
        "site_url": settings.SITE_URL,
        "outbox_ui": settings.TURNOUT_OUTBOX_UI,
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": _language_url(request, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }
