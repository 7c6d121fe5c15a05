"""The demo seeder of the knowledge base: three countries for Voix Citoyennes, Austria for
Demokratie Jetzt, three elections; running it twice changes nothing."""

from turnout.assistant.demo import seed_assistant_knowledge
from turnout.assistant.models import Election, Entry
from turnout.core.models import AuditEvent


def test_demo_installs_the_knowledge_bases_and_elections_once(org_a, owner_a, org_b, owner_b):
    seed_assistant_knowledge()
    assert Entry.objects.filter(organization=org_a).count() == 3 * 3 * 16
    assert set(Entry.objects.filter(organization=org_b).values_list("country", flat=True)) == {"AT"}
    assert Entry.objects.filter(organization=org_b).count() == 3 * 16
    elections = Election.objects.filter(organization=org_a)
    assert sorted(elections.values_list("country", flat=True)) == ["AT", "DE", "FR"]
    assert all("demo" in (e.name.get("en") or "") for e in elections)
    events = AuditEvent.objects.count()
    seed_assistant_knowledge()
    assert Entry.objects.count() == 4 * 3 * 16 and elections.count() == 3
    assert AuditEvent.objects.count() == events
