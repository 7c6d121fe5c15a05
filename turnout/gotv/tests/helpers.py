"""Small builders shared by the GOTV tests."""

from turnout.people.services import PersonData, person_upsert

CONSENT = "Remind me the day before and on the day of the election. I can stop at any time."


def voter(org, n: int = 0, *, email: bool = True, phone: bool = False, **extra):
    values = {"given_name": f"Camille{n}", "family_name": "Martin", "language": "fr"}
    if email:
        values["email"] = f"camille{n}@example.org"
    if phone:
        values["phone"] = f"+3361234{n:04d}"
    values.update(extra)
    person, _created = person_upsert(organization=org, data=PersonData(**values), source="test")
    return person
