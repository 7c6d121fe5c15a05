"""Readable audit lines of training."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "training.module_created": _("created the training module “%(target)s”"),
    "training.module_copied": _("copied the training module “%(target)s”"),
    "training.module_updated": _("changed the training module “%(target)s”"),
    "training.module_published": _("published the training module “%(target)s”"),
    "training.module_unpublished": _("took the training module “%(target)s” back to draft"),
    "training.requirement_set": _("required a training: %(target)s"),
    "training.requirement_removed": _("no longer requires a training: %(target)s"),
    "training.progress_exported": _("exported the volunteers' training progress"),
}
