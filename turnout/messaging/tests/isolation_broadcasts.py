"""How to make, in another organization, each object that a broadcast URL names."""

from turnout.messaging.models import Broadcast
from turnout.people.tests.factories import PeopleListFactory


def _broadcast(org):
    return Broadcast.objects.create(
        organization=org,
        channel="sms",
        name="Rappel",
        people_list=PeopleListFactory(organization=org),
        content={"fr": {"subject": "", "body": "Bonjour"}},
    ).pk


OBJECT_KWARGS = {"broadcast_id": _broadcast}

EXEMPT = {
    "provider_webhook": "called by SMS providers; verified by signature or secret token",
    "messaging:unsubscribe": "a signed token naming one message; no organization data shown",
}
