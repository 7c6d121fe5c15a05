import factory

from turnout.organizations.tests.factories import OrganizationFactory
from turnout.visuals import models
from turnout.visuals.defaults import DEFAULT_TEMPLATES, HEADLINE, TAGLINE
from turnout.visuals.spec import parse_template


class VisualTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.VisualTemplate

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Template {n}")
    svg = DEFAULT_TEMPLATES["bold"]["svg"]
    spec = factory.LazyAttribute(lambda o: parse_template(o.svg).summary())
    headline = HEADLINE
    tagline = TAGLINE


class BrandKitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BrandKit
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(OrganizationFactory)
    primary = "#0f766e"
    secondary = "#a3e635"
    text = "#ffffff"
    font = "montserrat"
    tagline = {"fr": "L'énergie d'une région qui vote.", "en": "The energy of a region that votes."}
    link = "https://example.org/r/abc?src=visual"


class RenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Render

    template = factory.SubFactory(VisualTemplateFactory)
    organization = factory.SelfAttribute("template.organization")
    key = factory.Sequence(lambda n: f"{n:064x}")
    template_version = factory.SelfAttribute("template.version")
    brand_hash = "0" * 64
    language = "fr"
    format = "square"
    file = factory.django.FileField(filename="render.png", data=b"\x89PNG")
