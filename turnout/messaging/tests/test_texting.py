"""Peer-to-peer texting: contacts, batches, one message per click, canned responses, STOP,
who sees what, and the pages."""

from __future__ import annotations

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.urls import URLResolver, include, path, reverse
from django.utils import translation

import turnout.urls as root_urls
from turnout.core.tests.concurrency import run_together
from turnout.messaging import texting
from turnout.messaging.models import (
    CannedResponse,
    Conversation,
    Message,
    OutboxMessage,
    SurveyAnswer,
    SurveyQuestion,
    TextingCampaign,
)
from turnout.messaging.providers.base import InboundSms
from turnout.messaging.services import inbound_receive
from turnout.messaging.texting import TextingError
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.models import Activity, ContactStatus, PhoneNumber, Suppression, Tagging
from turnout.people.tests.factories import (
    ConsentFactory,
    PeopleListFactory,
    PersonFactory,
    PhoneNumberFactory,
)

from .isolation_texting import reachable_person, texting_campaign


def _mounted(patterns) -> bool:
    return any(
        isinstance(p, URLResolver) and (p.namespace == "texting" or _mounted(p.url_patterns))
        for p in patterns
    )


# Until the project's URLconf mounts texting (o/<org_slug>/texting/), these tests add it.
TEXTING_MOUNTED = _mounted(root_urls.urlpatterns)
urlpatterns = root_urls.urlpatterns
if not TEXTING_MOUNTED:
    urlpatterns = root_urls.urlpatterns + i18n_patterns(
        path("o/<slug:org_slug>/texting/", include("turnout.messaging.texting_urls")),
        prefix_default_language=True,
    )

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def url(name, org, **kwargs):
    return reverse(f"texting:{name}", kwargs={"org_slug": org.slug, **kwargs})


def member(org, role=Role.VOLUNTEER, **user):
    return MembershipFactory(
        organization=org, role=role, **{f"user__{k}": v for k, v in user.items()}
    ).user


@pytest.fixture
def texters(org_a):
    return [
        member(org_a, full_name="Maëlle Quéré", email="maelle@example.org"),
        member(org_a, full_name="Yanis Benali", email="yanis@example.org"),
    ]


@pytest.fixture
def campaign(org_a, texters):
    return texting_campaign(org_a, people=5, texters=texters, batch_size=2)


def send_all(django_capture_on_commit_callbacks, func, *args, **kwargs):
    """Run and let the on-commit dispatch happen (the immediate task backend sends then)."""
    with django_capture_on_commit_callbacks(execute=True):
        return func(*args, **kwargs)


# --- Contacts -------------------------------------------------------------------------------


def test_load_contacts_takes_one_conversation_per_reachable_mobile_and_is_repeatable(org_a):
    campaign = texting_campaign(org_a, people=3)
    people_list = campaign.people_list
    assert Conversation.objects.filter(campaign=campaign).count() == 3
    # Not reachable: landline, no SMS consent, do-not-contact, unsubscribed.
    reachable_person(org_a, people_list, number_type="landline")
    no_consent = PhoneNumberFactory(person__organization=org_a)
    people_list.memberships.create(person=no_consent.person)
    reachable_person(org_a, people_list, person__do_not_contact=True)
    reachable_person(org_a, people_list, status=ContactStatus.UNSUBSCRIBED)
    # Two people sharing one number: one conversation.
    shared = reachable_person(org_a, people_list).phones.get().number
    reachable_person(org_a, people_list, number=shared)
    added = texting.texting_contacts_load(campaign=campaign, actor=None)
    assert added == 1
    assert texting.texting_contacts_load(campaign=campaign, actor=None) == 0
    assert Conversation.objects.filter(campaign=campaign).count() == 4
    assert set(Conversation.objects.values_list("status", flat=True)) == {"unassigned"}


def test_start_needs_contacts_texters_and_finish_gives_back_unsent(org_a, texters):
    empty = texting_campaign(org_a, status="draft", texters=texters)
    with pytest.raises(TextingError, match="Load the contacts"):
        texting.texting_campaign_transition(campaign=empty, actor=None, action="start")
    campaign = texting_campaign(org_a, people=3, status="draft", batch_size=2)
    with pytest.raises(TextingError, match="texter"):
        texting.texting_campaign_transition(campaign=campaign, actor=None, action="start")
    campaign.texters.set(texters)
    texting.texting_campaign_transition(campaign=campaign, actor=None, action="start")
    assert texting.texting_batch_assign(campaign=campaign, texter=texters[0]) == 2
    texting.texting_campaign_transition(campaign=campaign, actor=None, action="finish")
    assert not Conversation.objects.filter(campaign=campaign, status="to_send").exists()
    with pytest.raises(TextingError):
        texting.texting_campaign_transition(campaign=campaign, actor=None, action="pause")


# --- Batches --------------------------------------------------------------------------------


def test_batches_never_overlap_and_wait_for_the_previous_one(campaign, texters):
    maelle, yanis = texters
    assert texting.texting_batch_assign(campaign=campaign, texter=maelle) == 2
    with pytest.raises(TextingError, match="before asking for more"):
        texting.texting_batch_assign(campaign=campaign, texter=maelle)
    assert texting.texting_batch_assign(campaign=campaign, texter=yanis) == 2
    mine = set(Conversation.objects.filter(texter=maelle).values_list("id", flat=True))
    theirs = set(Conversation.objects.filter(texter=yanis).values_list("id", flat=True))
    assert mine and theirs and not mine & theirs
    # Giving the batch back makes room for a new one.
    assert texting.texting_batch_release(campaign=campaign, texter=maelle) == 2
    assert texting.texting_batch_assign(campaign=campaign, texter=maelle) == 2


def test_no_batch_while_the_campaign_is_paused(campaign, texters):
    texting.texting_campaign_transition(campaign=campaign, actor=None, action="pause")
    campaign.refresh_from_db()
    with pytest.raises(TextingError, match="not running"):
        texting.texting_batch_assign(campaign=campaign, texter=texters[0])


def test_texters_pass_the_required_training_before_getting_contacts(campaign, texters, org_a):
    from turnout.training.models import Module
    from turnout.training.services import quiz_submit, requirement_set

    maelle, yanis = texters
    course = Module.objects.shipped().get(slug="texting-basics")
    owner = member(org_a, role=Role.OWNER)
    requirement_set(organization=org_a, actor=owner, capability="texting", module=course)
    with pytest.raises(TextingError, match="First pass the training “Texting basics”"):
        texting.texting_batch_assign(campaign=campaign, texter=maelle)
    assert not Conversation.objects.filter(texter=maelle).exists()
    answers = {q.pk: q.correct for q in course.questions.all()}
    quiz_submit(module=course, organization=org_a, user=maelle, answers=answers)
    assert texting.texting_batch_assign(campaign=campaign, texter=maelle) == 2
    # Nor may an organizer move conversations to an untrained texter.
    with (
        translation.override("en"),
        pytest.raises(TextingError, match=r"Yanis Benali has not passed Texting basics yet\."),
    ):
        texting.conversations_reassign(
            campaign=campaign, actor=owner, from_texter_id=maelle.pk, to_texter=yanis
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_texters_never_receive_the_same_person(org_a):
    texters = [member(org_a) for _i in range(8)]
    campaign = texting_campaign(org_a, people=60, texters=texters, batch_size=10)

    def run(index):
        translation.activate("en")
        return texting.texting_batch_assign(campaign=campaign, texter=texters[index])

    results = dict(enumerate(run_together(len(texters), run)))
    assert sum(results.values()) == 60
    assigned = Conversation.objects.filter(campaign=campaign, texter__isnull=False)
    assert assigned.count() == 60
    assert all(n <= 10 for n in results.values())  # 8 texters x 10 asked, 60 to share
    # And one texter clicking twice at once gets one batch.
    campaign2 = texting_campaign(org_a, people=20, texters=texters[:1], batch_size=5)

    def twice(_index):
        translation.activate("en")
        try:
            return texting.texting_batch_assign(campaign=campaign2, texter=texters[0])
        except TextingError:
            return "refused"

    outcomes = run_together(2, twice)
    assert sorted(outcomes, key=str) == [5, "refused"]
    assert Conversation.objects.filter(campaign=campaign2, texter=texters[0]).count() == 5


# --- Sending the first message --------------------------------------------------------------


def test_send_screen_shows_one_contact_with_the_rendered_script(
    client, campaign, texters, django_assert_max_num_queries
):
    maelle = texters[0]
    texting.texting_batch_assign(campaign=campaign, texter=maelle)
    conversation = Conversation.objects.filter(texter=maelle).order_by("id").first()
    person = conversation.person
    client.force_login(maelle)
    with django_assert_max_num_queries(16):
        response = client.get(url("send", campaign.organization, texting_id=campaign.pk))
    page = response.content.decode()
    assert f"Bonjour {person.given_name}, c&#x27;est Maëlle de l&#x27;équipe." in page
    assert "STOP" in page  # the opt-out instructions the organization requires
    assert page.count('name="conversation"') == 1


def test_the_send_screen_warns_outside_sending_hours(client, campaign, texters, clock):
    from turnout.messaging.models import MessagingSettings

    MessagingSettings.objects.filter(organization=campaign.organization).update(quiet_hours="FR")
    maelle = texters[0]
    texting.texting_batch_assign(campaign=campaign, texter=maelle)
    client.force_login(maelle)
    page = client.get(url("send", campaign.organization, texting_id=campaign.pk))
    assert "Outside sending hours" not in page.content.decode()  # Tuesday 10:00 in Paris
    clock.move_to("2026-11-29 10:00:00+01:00")  # Sunday
    page = client.get(url("send", campaign.organization, texting_id=campaign.pk)).content.decode()
    assert "Outside sending hours" in page and "08:00" in page


def test_english_speakers_get_the_english_script(org_a, texters):
    campaign = texting_campaign(org_a, texters=texters)
    person = reachable_person(org_a, campaign.people_list, language="en")
    texting.texting_contacts_load(campaign=campaign, actor=None)
    conversation = Conversation.objects.get(person=person)
    text = texting.initial_message_text(conversation=conversation, texter=texters[1])
    assert text.startswith(f"Hi {person.given_name}, it's Yanis. Coming on Saturday?")


def test_a_double_post_sends_once(client, campaign, texters, django_capture_on_commit_callbacks):
    maelle = texters[0]
    texting.texting_batch_assign(campaign=campaign, texter=maelle)
    first, second = Conversation.objects.filter(texter=maelle).order_by("id")
    client.force_login(maelle)
    send_url = url("send", campaign.organization, texting_id=campaign.pk)
    for _i in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(send_url, {"conversation": first.pk})
        assert response.status_code == 302
    assert OutboxMessage.objects.filter(to=[first.phone]).count() == 1
    message = Message.objects.get(conversation=first)
    assert message.idempotency_key == f"p2p:{first.pk}:initial"
    assert message.status == Message.Status.SENT and message.sent_by == maelle
    first.refresh_from_db()
    assert first.status == Conversation.Status.WAITING
    # On the person's timeline.
    assert Activity.objects.filter(person=first.person, kind="sms_sent").count() == 1
    # The next contact is shown.
    page = client.get(send_url).content.decode()
    assert f'value="{second.pk}"' in page


def test_a_texter_cannot_send_someone_elses_contact(client, campaign, texters):
    maelle, yanis = texters
    texting.texting_batch_assign(campaign=campaign, texter=maelle)
    conversation = Conversation.objects.filter(texter=maelle).first()
    client.force_login(yanis)
    response = client.post(
        url("send", campaign.organization, texting_id=campaign.pk),
        {"conversation": conversation.pk},
    )
    assert response.status_code == 404
    assert not Message.objects.exists()


# --- Replies, canned responses, STOP --------------------------------------------------------


def _started(campaign, texter, capture):
    texting.texting_batch_assign(campaign=campaign, texter=texter)
    conversation = Conversation.objects.filter(texter=texter).order_by("id").first()
    send_all(capture, texting.texting_initial_send, conversation=conversation, texter=texter)
    conversation.refresh_from_db()
    return conversation


def _reply(conversation, body, event="e1"):
    return inbound_receive(
        provider="outbox",
        inbound=InboundSms(event_id=event, sender=conversation.phone, recipient="", body=body),
    )


def test_a_reply_reaches_the_conversation_which_then_needs_an_answer(
    campaign, texters, django_capture_on_commit_callbacks
):
    conversation = _started(campaign, texters[0], django_capture_on_commit_callbacks)
    _reply(conversation, "Oui je viens !")
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.NEEDS_REPLY
    assert conversation.messages.filter(direction="in").get().body == "Oui je viens !"
    assert Activity.objects.filter(person=conversation.person, kind="sms_received").exists()


def test_canned_response_sends_tags_and_answers_in_one_click(
    client, org_a, owner_a, campaign, texters, django_capture_on_commit_callbacks
):
    maelle = texters[0]
    organizer = member(org_a, Role.ORGANIZER)
    question = texting.survey_question_add(
        campaign=campaign,
        actor=owner_a,
        text="Vote aux municipales ?",
        choices=["Pour nous", "Contre", "Indécis"],
        reveals_opinion=True,
    )
    canned = texting.canned_response_add(
        campaign=campaign,
        actor=owner_a,
        title="Soutien",
        body="Merci {first_name|} ! À samedi.",
        tag_name="soutien texting",
        question=question,
        answer="Pour nous",
    )
    conversation = _started(campaign, maelle, django_capture_on_commit_callbacks)
    _reply(conversation, "Je vote pour vous")
    client.force_login(maelle)
    thread_url = url(
        "conversation", org_a, texting_id=campaign.pk, texting_conversation_id=conversation.pk
    )
    page = client.get(thread_url).content.decode()
    assert "Soutien" in page and "Je vote pour vous" in page
    for _i in range(2):  # a double click does it once
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                thread_url, {"action": "canned", "canned": canned.pk, "token": "t1"}
            )
        assert response.status_code == 302
    person = conversation.person
    assert (
        OutboxMessage.objects.filter(
            to=[conversation.phone], body=f"Merci {person.given_name} ! À samedi."
        ).count()
        == 1
    )
    assert Tagging.objects.filter(person=person, tag__name="soutien texting").exists()
    answer = SurveyAnswer.objects.get(conversation=conversation)
    assert (answer.question, answer.answer, answer.answered_by) == (question, "Pour nous", maelle)
    activity = Activity.objects.get(person=person, kind="survey_answer")
    assert activity.sensitive
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.WAITING
    # The opinion is hidden from organizers on the person page, shown to admins.
    person_url = reverse(
        "people:detail", kwargs={"org_slug": org_a.slug, "person_uuid": person.uuid}
    )
    assert "answer “Pour nous” recorded" in client.get(thread_url).content.decode()
    client.force_login(organizer)
    assert "Pour nous" not in client.get(person_url).content.decode()
    client.force_login(owner_a)
    assert "Pour nous" in client.get(person_url).content.decode()


def test_wrong_number_is_one_click(
    client, org_a, campaign, texters, django_capture_on_commit_callbacks
):
    conversation = _started(campaign, texters[0], django_capture_on_commit_callbacks)
    _reply(conversation, "Vous vous trompez de numéro")
    canned = texting.canned_response_add(
        campaign=campaign,
        actor=None,
        title="Mauvais numéro",
        body="Désolé pour le dérangement.",
        marks_wrong_number=True,
    )
    client.force_login(texters[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(
                "conversation",
                org_a,
                texting_id=campaign.pk,
                texting_conversation_id=conversation.pk,
            ),
            {"action": "canned", "canned": canned.pk, "token": "x"},
        )
    conversation.refresh_from_db()
    assert conversation.wrong_number and conversation.status == Conversation.Status.CLOSED
    assert PhoneNumber.objects.get(number=conversation.phone).status == ContactStatus.BOUNCING
    assert Activity.objects.filter(person=conversation.person, kind="sms_wrong_number").exists()
    # The plain button does the same without a canned response.
    other = _started(campaign, texters[1], django_capture_on_commit_callbacks)
    client.force_login(texters[1])
    client.post(
        url("conversation", org_a, texting_id=campaign.pk, texting_conversation_id=other.pk),
        {"action": "wrong_number"},
    )
    other.refresh_from_db()
    assert other.wrong_number and other.status == Conversation.Status.CLOSED


def test_stop_opts_out_and_nothing_more_can_be_sent(
    client, org_a, campaign, texters, django_capture_on_commit_callbacks
):
    maelle = texters[0]
    conversation = _started(campaign, maelle, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        _reply(conversation, "STOP")
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.OPTED_OUT
    assert (
        Suppression.objects.filter(
            organization=org_a, channel="sms", lifted_at__isnull=True
        ).count()
        == 1
    )
    canned = texting.canned_response_add(
        campaign=campaign, actor=None, title="Merci", body="Merci !"
    )
    with pytest.raises(TextingError, match="opted out"):
        texting.texting_reply_send(
            conversation=conversation, texter=maelle, body="Vraiment ?", token="a"
        )
    with pytest.raises(TextingError, match="opted out"):
        texting.canned_response_apply(
            conversation=conversation, texter=maelle, canned=canned, token="b"
        )
    client.force_login(maelle)
    thread_url = url(
        "conversation", org_a, texting_id=campaign.pk, texting_conversation_id=conversation.pk
    )
    page = client.get(thread_url).content.decode()
    assert "opted out" in page and 'value="reply"' not in page
    before = Message.objects.filter(conversation=conversation, direction="out").count()
    response = client.post(
        thread_url, {"action": "reply", "body": "Allô ?", "token": "c"}, follow=True
    )
    assert "opted out" in response.content.decode()
    assert Message.objects.filter(conversation=conversation, direction="out").count() == before


def test_free_text_reply_is_sent_once_per_form(
    client, org_a, campaign, texters, django_capture_on_commit_callbacks
):
    conversation = _started(campaign, texters[0], django_capture_on_commit_callbacks)
    _reply(conversation, "C'est où ?")
    client.force_login(texters[0])
    thread_url = url(
        "conversation", org_a, texting_id=campaign.pk, texting_conversation_id=conversation.pk
    )
    for _i in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                thread_url,
                {"action": "reply", "body": "Place de la Liberté, 10 h.", "token": "tok"},
            )
    assert OutboxMessage.objects.filter(body="Place de la Liberté, 10 h.").count() == 1
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.WAITING


# --- Who sees what --------------------------------------------------------------------------


def test_texters_see_only_their_own_conversations(client, org_a, campaign, texters):
    maelle, yanis = texters
    texting.texting_batch_assign(campaign=campaign, texter=maelle)
    hers = Conversation.objects.filter(texter=maelle).first()
    client.force_login(yanis)
    thread_url = url("conversation", org_a, texting_id=campaign.pk, texting_conversation_id=hers.pk)
    assert client.get(thread_url).status_code == 404
    assert client.post(thread_url, {"action": "close"}).status_code == 404
    # A member who is not a texter of the campaign does not see it at all.
    stranger = member(org_a)
    client.force_login(stranger)
    assert client.get(url("send", org_a, texting_id=campaign.pk)).status_code == 404
    # Volunteers never reach the organizer pages.
    client.force_login(maelle)
    for name in ("campaign", "campaign_edit", "setup", "reassign", "messages", "progress"):
        assert client.get(url(name, org_a, texting_id=campaign.pk)).status_code == 403, name
    assert client.get(url("campaign_create", org_a)).status_code == 403
    assert client.get(thread_url).status_code == 200


def test_another_organization_is_not_found(client, org_a, org_b, owner_a, owner_b):
    theirs = texting_campaign(org_b, people=2, texters=[owner_b])
    conversation = theirs.conversations.first()
    client.force_login(owner_a)
    assert client.get(url("campaign", org_a, texting_id=theirs.pk)).status_code == 404
    assert client.get(url("campaign", org_b, texting_id=theirs.pk)).status_code == 404
    assert (
        client.get(
            url(
                "conversation", org_a, texting_id=theirs.pk, texting_conversation_id=conversation.pk
            )
        ).status_code
        == 404
    )


# --- Organizer pages ------------------------------------------------------------------------


def test_campaign_form_refuses_an_unknown_variable(client, org_a, owner_a, texters):
    people_list = PeopleListFactory(organization=org_a)
    client.force_login(owner_a)
    response = client.post(
        url("campaign_create", org_a),
        {
            "name": "Relance",
            "people_list": people_list.pk,
            "purpose": "campaigns",
            "default_language": "fr",
            "batch_size": 25,
            "script_fr": "Bonjour {prenom}, c'est {texter_name|}.",
            "texters": [t.pk for t in texters],
        },
    )
    assert response.status_code == 200
    assert "Unknown variable {prenom}" in response.content.decode()
    assert not TextingCampaign.objects.exists()


def test_organizer_creates_sets_up_loads_and_starts_a_campaign(client, org_a, owner_a, texters):
    people_list = PeopleListFactory(organization=org_a)
    for _i in range(3):
        reachable_person(org_a, people_list)
    client.force_login(owner_a)
    response = client.post(
        url("campaign_create", org_a),
        {
            "name": "Relance",
            "people_list": people_list.pk,
            "purpose": "campaigns",
            "default_language": "fr",
            "batch_size": 25,
            "script_fr": "Bonjour {first_name|}, c'est {texter_name|}.",
            "script_de": "Hallo {first_name|}!",
            "texters": [t.pk for t in texters],
        },
    )
    campaign = TextingCampaign.objects.get()
    assert response.status_code == 302
    assert campaign.script == {
        "fr": "Bonjour {first_name|}, c'est {texter_name|}.",
        "de": "Hallo {first_name|}!",
    }
    assert set(campaign.texters.all()) == set(texters)
    setup_url = url("setup", org_a, texting_id=campaign.pk)
    client.post(
        setup_url,
        {
            "form": "question",
            "q-text": "Tu votes ?",
            "q-choices": "Oui\nNon",
            "q-reveals_opinion": "on",
        },
    )
    question = SurveyQuestion.objects.get()
    assert question.choices == ["Oui", "Non"] and question.reveals_opinion
    client.post(
        setup_url,
        {
            "form": "canned",
            "c-title": "Oui",
            "c-body": "Super !",
            "c-tag_name": "votant",
            "c-answer": f"{question.pk}:Oui",
        },
    )
    canned = CannedResponse.objects.get()
    assert (canned.tag.name, canned.question, canned.answer) == ("votant", question, "Oui")
    bad = client.post(setup_url, {"form": "canned", "c-title": "X", "c-body": "{oops}"})
    assert "Unknown variable {oops}" in bad.content.decode()
    client.post(url("load", org_a, texting_id=campaign.pk))
    assert campaign.conversations.count() == 3
    client.post(url("transition", org_a, texting_id=campaign.pk), {"action": "start"})
    campaign.refresh_from_db()
    assert campaign.status == TextingCampaign.Status.ACTIVE


def test_progress_page_and_json(
    client,
    org_a,
    owner_a,
    campaign,
    texters,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    conversation = _started(campaign, texters[0], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        _reply(conversation, "STOP")
    client.force_login(owner_a)
    with django_assert_max_num_queries(16):
        page = client.get(url("campaign", org_a, texting_id=campaign.pk)).content.decode()
    assert "Maëlle Quéré" in page and "data-progress-url" in page
    data = client.get(url("progress", org_a, texting_id=campaign.pk)).json()
    assert data["total"] == 5
    assert data["conversations"]["opted_out"] == 1 and data["conversations"]["to_send"] == 1
    assert data["messages"]["sent"] == 1 and data["messages"]["received"] == 1
    assert data["by_texter"][str(texters[0].pk)]["opted_out"] == 1


def test_reassign_moves_conversations_or_gives_unsent_back(
    client, org_a, owner_a, campaign, texters, django_capture_on_commit_callbacks
):
    maelle, yanis = texters
    started = _started(campaign, maelle, django_capture_on_commit_callbacks)
    client.force_login(owner_a)
    client.post(
        url("reassign", org_a, texting_id=campaign.pk), {"from_texter": maelle.pk, "to_texter": ""}
    )
    assert not Conversation.objects.filter(texter=maelle, status="to_send").exists()
    assert Conversation.objects.get(pk=started.pk).texter == maelle  # started ones stay
    client.post(
        url("reassign", org_a, texting_id=campaign.pk),
        {"from_texter": maelle.pk, "to_texter": yanis.pk},
    )
    assert Conversation.objects.get(pk=started.pk).texter == yanis


def test_message_review_filters(
    client, org_a, owner_a, campaign, texters, django_capture_on_commit_callbacks
):
    conversation = _started(campaign, texters[0], django_capture_on_commit_callbacks)
    _reply(conversation, "Réponse unique 42")
    client.force_login(owner_a)
    review = url("messages", org_a, texting_id=campaign.pk)
    assert "Réponse unique 42" in client.get(review, {"direction": "in"}).content.decode()
    assert "Réponse unique 42" not in client.get(review, {"direction": "out"}).content.decode()
    assert "Réponse unique 42" in client.get(review, {"q": "unique"}).content.decode()


def test_my_campaigns_lists_running_campaigns_with_my_counts(client, org_a, campaign, texters):
    texting.texting_batch_assign(campaign=campaign, texter=texters[0])
    texting_campaign(org_a, name="Brouillon", status="draft", texters=texters)
    client.force_login(texters[0])
    page = client.get(url("campaigns", org_a)).content.decode()
    assert campaign.name in page and "Brouillon" not in page
    assert "2 first messages to send" in page


# --- Outbox ---------------------------------------------------------------------------------


def test_outbox_simulates_a_reply_and_stop(
    client, campaign, texters, django_capture_on_commit_callbacks
):
    conversation = _started(campaign, texters[0], django_capture_on_commit_callbacks)
    sms = OutboxMessage.objects.get(to=[conversation.phone])
    page = client.get(f"/en/outbox/{sms.pk}/").content.decode()
    assert "Simulate a reply" in page
    client.post(f"/en/outbox/{sms.pk}/", {"body": "D'accord"})
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.NEEDS_REPLY
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/outbox/{sms.pk}/", {"body": "STOP"})
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.OPTED_OUT


def test_unreachable_people_are_not_loaded(org_a):
    campaign = texting_campaign(org_a)
    person = PersonFactory(organization=org_a)
    PhoneNumberFactory(person=person)
    ConsentFactory(person=person, channel="sms", purpose="newsletter")  # other purpose
    campaign.people_list.memberships.create(person=person)
    assert texting.texting_contacts_load(campaign=campaign, actor=None) == 0


def test_demo_seeder_builds_a_texting_campaign_once(django_capture_on_commit_callbacks):
    from turnout.messaging.demo import seed_texting
    from turnout.organizations.demo import seed_organizations
    from turnout.people.demo import seed_people

    seed_organizations()
    seed_people()
    seed_texting()
    campaign = TextingCampaign.objects.get(organization__slug="horizon-commun")
    counts = (Conversation.objects.count(), Message.objects.count(), Activity.objects.count())
    seed_texting()
    assert (
        Conversation.objects.count(),
        Message.objects.count(),
        Activity.objects.count(),
    ) == counts
    statuses = set(campaign.conversations.values_list("status", flat=True))
    assert statuses == {value for value, _label in Conversation.Status.choices}
    assert campaign.canned_responses.filter(tag__isnull=False, question__isnull=False).exists()
    assert campaign.conversations.filter(wrong_number=True).exists()
    assert Message.objects.filter(
        conversation__campaign=campaign, direction="in", body__iexact="stop"
    ).exists()


def test_the_isolation_walker_finds_no_texting_leak(client, org_a, org_b, owner_a):
    """The generic walker (tests/isolation.py) over the texting URLs, as an owner and as a
    texter of organization A."""
    from tests.isolation import check_isolation, iter_routes

    names = {route.name for route in iter_routes() if route.name.startswith("texting:")}
    assert {"texting:send", "texting:conversation", "texting:canned_delete"} <= names
    for user in (owner_a, member(org_a)):
        failures = check_isolation(client, member_of_a=user, org_a=org_a, org_b=org_b)
        assert [line for line in failures if line.startswith("texting:")] == []
