from django.utils.translation import gettext_lazy as _

LABELS = {
    "visuals.template_created": _("added the visual template “%(target)s”"),
    "visuals.template_updated": _("changed the visual template “%(target)s”"),
    "visuals.brand_kit_updated": _("changed the brand kit"),
}
