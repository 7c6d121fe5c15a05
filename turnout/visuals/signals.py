"""Rendered files are a cache of their rows: when a row goes (its template, its organization
or the row itself deleted, cascades included), its file goes too, once the deletion is
committed. Brand-kit logos and photos likewise. Signals, because cascades do not call services."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import BrandKit, Render


def _delete_after_commit(field_file) -> None:
    name, storage = field_file.name, field_file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=Render, dispatch_uid="visuals_render_file")
def render_file_delete(sender, instance: Render, **kwargs) -> None:
    _delete_after_commit(instance.file)


@receiver(post_delete, sender=BrandKit, dispatch_uid="visuals_logo_file")
def logo_file_delete(sender, instance: BrandKit, **kwargs) -> None:
    _delete_after_commit(instance.logo)
    _delete_after_commit(instance.photo)
