from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "turnout.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models import Field, ForeignObject
        from django.db.models.signals import post_migrate
        from PIL import Image

        from . import checks, maintenance  # noqa: F401  (deploy checks, periodic tasks)
        from .sql_lists import IdsIn

        post_migrate.connect(sync_site, sender=self)
        Field.register_lookup(IdsIn)
        ForeignObject.register_lookup(IdsIn)  # related fields look only at their own lookups

        # Refuse decompression bombs before decoding: Pillow raises above twice this limit and
        # warns above it; our upload validators refuse anything above it with a clear message.
        Image.MAX_IMAGE_PIXELS = settings.TURNOUT_IMAGE_MAX_PIXELS


def sync_site(sender, **kwargs) -> None:
    """Keep django.contrib.sites in step with SITE_URL: account emails name the site."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.sites.models import Site

    host = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": host, "name": "Turnout"})
