from io import StringIO

import pytest
from django.core.management import call_command

from turnout.actions.demo import FORM_SLUG, SLUG
from turnout.actions.models import Action, Delivery, SponsorOptIn, Submission
from turnout.people.models import Person


@pytest.mark.django_db
def test_demo_petition_tells_a_consistent_story():
    call_command("seed_demo", stdout=StringIO())
    action = Action.objects.get(slug=SLUG)
    confirmed = Submission.objects.filter(action=action, status="confirmed").count()
    assert action.signature_count == confirmed > 30
    assert Submission.objects.filter(action=action, status="pending").exists()
    delivered = SponsorOptIn.objects.filter(submission__action=action, person__isnull=False)
    assert delivered.exists()
    partner = action.sponsors.get(is_owner=False).organization
    assert Person.objects.filter(organization=partner, pk__in=delivered.values("person")).exists()
    # Shared links brought people in.
    assert Submission.objects.filter(action=action, referrer__isnull=False).exists()

    # Its thank-you page asks to share, to volunteer through the form, to come to an event.
    form = Action.objects.get(slug=FORM_SLUG)
    assert [a["kind"] for a in action.next_asks] == ["share", "volunteer", "event"]
    assert action.next_asks[1]["action"] == form.pk

    # The volunteer form asks questions; availability lands on the people's own field.
    assert len(form.questions) == 4 and form.status == "published"
    answers = Submission.objects.filter(action=form).values_list("answers", flat=True)
    key = form.questions[0]["key"]
    assert answers and all(key in a for a in answers)
    people = Person.objects.filter(action_submissions__action=form)
    assert all(
        p.custom_fields.get("disponibilites") in {"semaine", "week-end", "soir"} for p in people
    )

    # Delivered once, naming only those who agreed.
    delivery = Delivery.objects.get(action=action)
    named = Submission.objects.filter(action=action, status="confirmed", show_name=True).count()
    assert delivery.confirmed_total == confirmed and delivery.named_count == named > 0
    assert delivery.unnamed_count == confirmed - named
    assert delivery.pdf_file.read(4) == b"%PDF"

    call_command("seed_demo", stdout=StringIO())
    assert Action.objects.filter(slug=SLUG).count() == 1
    assert Delivery.objects.filter(action=action).count() == 1
    assert Action.objects.get(slug=FORM_SLUG).questions == form.questions
    action.refresh_from_db()
    assert action.signature_count == confirmed and len(action.next_asks) == 3
