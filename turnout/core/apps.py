from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "turnout.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        # Refuse decompression bombs before decoding: Pillow raises above twice this limit and
        # warns above it; our upload validators refuse anything above it with a clear message.
        Image.MAX_IMAGE_PIXELS = settings.TURNOUT_IMAGE_MAX_PIXELS
