"""Every model of the project has a factory that builds a valid row (so tests of later
features can make any object in one line)."""

import importlib
from pathlib import Path

import factory
import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def all_factories():
    found = {}
    for path in sorted((ROOT / "turnout").glob("*/tests/factories.py")):
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
            ):
                model = value._meta.get_model_class()
                found.setdefault(model, value)
    return found


def test_every_model_has_a_factory():
    factories = all_factories()
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("turnout.") and model not in factories
    ]
    assert missing == []


@pytest.mark.django_db
def test_every_factory_builds_a_valid_row():
    for model, model_factory in all_factories().items():
        obj = model_factory()
        assert model.objects.filter(pk=obj.pk).exists(), model._meta.label


def test_every_model_is_in_the_admin():
    from django.contrib import admin

    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("turnout.") and model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.django_db
def test_every_admin_list_opens_for_staff(client):
    from django.contrib import admin
    from django.urls import reverse

    from turnout.organizations.tests.factories import UserFactory

    for model_factory in all_factories().values():
        model_factory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in admin.site._registry:
        if model.__module__.startswith("turnout."):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, model._meta.label
