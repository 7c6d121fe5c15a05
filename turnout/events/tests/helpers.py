"""Small builders shared by the events tests."""

from turnout.people.models import Channel
from turnout.people.services import PersonData

EMAIL_OK = {Channel.EMAIL: "Email me about this event."}
SMS_OK = {Channel.SMS: "Text me a reminder."}


def person(n: int = 0, **extra) -> PersonData:
    values = {
        "given_name": f"Marie{n}",
        "family_name": "Dupont",
        "email": f"marie{n}@example.org",
        "language": "fr",
    }
    values.update(extra)
    return PersonData(**values)
