"""Retrieval: typos, missing accents, SMS style, other languages, out-of-scope and partisan
questions, election-specific entries, validity dates, drafts, the cached index, tenants."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from turnout.assistant import retrieval
from turnout.assistant.answering import answer
from turnout.assistant.exceptions import QuestionRejected
from turnout.assistant.models import Entry
from turnout.assistant.services.knowledge import knowledge_base_install

from .factories import ElectionFactory, EntryFactory


@pytest.fixture
def kb(org_a):
    for country in ("FR", "AT", "DE"):
        knowledge_base_install(organization=org_a, country=country)
    return org_a


def ask(org, question, language="fr", country="FR", **kwargs):
    return answer(organization=org, question=question, language=language, country=country, **kwargs)


@pytest.mark.parametrize(
    ("question", "language", "country", "slug"),
    [
        ("procuation", "fr", "FR", "proxy-vote"),  # typo
        ("vote par corespondance", "fr", "FR", "postal-vote"),  # typo
        ("INSCRIPTION LISTE ELECTORALE EN LIGNE", "fr", "FR", "register-how"),  # no accents
        ("jpeux voter si jsuis europeen ?", "fr", "FR", "who-can-vote"),  # SMS style
        ("carte electorale perdu", "fr", "FR", "lost-voter-card"),
        ("wahlbenachrichtigung verlohren", "de", "DE", "lost-voter-card"),  # typo
        ("briefwal beantragen", "de", "DE", "postal-vote"),
        ("Wählerverzeichniss prüfen", "de", "DE", "register-check"),
        ("how to get a wahlkarte", "en", "AT", "postal-vote"),  # a German word in English
        ("proxy vote plz", "en", "FR", "proxy-vote"),
        ("wheres my poling station", "en", "DE", "polling-station"),
    ],
)
def test_questions_as_people_type_them(kb, question, language, country, slug):
    got = ask(kb, question, language, country)
    assert got.known and got.slug == slug
    assert got.language == language and got.entry.language == language
    assert got.sources[0]["url"].startswith("https://")
    assert 0 < got.confidence <= 1


@pytest.mark.parametrize(
    ("question", "language", "country", "slug"),
    [
        # Ordinary words the knowledge base never uses do not sink a clear match.
        ("je serai en vacances, comment faire une procuration", "fr", "FR", "proxy-vote"),
        ("et je dois amener quoi comme papier ?", "fr", "FR", "id-documents"),
        ("ab wieviel jahren darf man wählen", "de", "AT", "who-can-vote"),
        ("wie funktioniert briefwahl", "de", "DE", "postal-vote"),
        ("wie funktioniert die briefwahl", "de", "DE", "postal-vote"),
        ("ma soeur part en vacances, elle voudrait faire une procuration", "fr", "FR",
         "proxy-vote"),
        ("my nan is in a care home, can she vote by post", "en", "DE", "postal-vote"),
        # Endings: "votez" is "voter".
        ("votez vous par correspondance", "fr", "FR", "postal-vote"),
        # Another shipped country is abroad; its people are foreigners.
        ("je suis française et j'habite en allemagne, comment voter ?", "fr", "FR",
         "voting-abroad"),
        ("je suis allemand et j'habite à Lyon, je peux voter ?", "fr", "FR", "who-can-vote"),
    ],
)  # fmt: skip
def test_questions_with_context_words(kb, question, language, country, slug):
    got = ask(kb, question, language, country)
    assert got.known and got.slug == slug, got.confidence
    assert got.entry.language == language and got.entry.country == country


@pytest.mark.parametrize(
    ("question", "language", "country", "slug"),
    [
        ("wie funktioniert die briefwahl", "fr", "DE", "postal-vote"),
        ("vote par correspondance", "de", "FR", "postal-vote"),
        ("wahlkarte beantragen bis wann", "en", "AT", "postal-vote"),
    ],
)
def test_a_question_in_another_language_gets_the_entry_in_the_language_asked(
    kb, question, language, country, slug
):
    got = ask(kb, question, language, country)
    assert got.known and got.slug == slug
    assert got.language == language and got.entry.language == language
    assert got.entry.country == country


def test_another_language_never_answers_with_an_entry_the_language_asked_lacks(kb):
    Entry.objects.filter(organization=kb, country="DE", language="fr", slug="postal-vote").delete()
    assert not ask(kb, "wie funktioniert die briefwahl", "fr", "DE").known
    assert ask(kb, "wie funktioniert die briefwahl", "de", "DE").slug == "postal-vote"


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("how do I renew my passport", "en"),
        ("comment payer mes impôts en ligne", "fr"),
        ("kann ich mein Auto ummelden", "de"),
        ("quel age a le president", "fr"),
        ("translate hello to spanish", "en"),
        ("hello", "en"),
        ("ok", "fr"),
        ("?", "de"),
    ],
)
def test_one_known_word_in_another_topic_is_still_unknown(kb, question, language):
    got = ask(kb, question, language, "FR")
    assert not got.known and got.slug is None


def test_endings_compare_by_stem():
    assert retrieval.stem("votez", "fr") == retrieval.stem("voter", "fr")
    assert retrieval.stem("wahlt", "de") == retrieval.stem("wahlen", "de")
    assert retrieval.stem("registered", "en") == "register"
    assert retrieval.stem("seit", "de") != retrieval.stem("sein", "de")


def test_the_answer_depends_on_the_country(kb):
    france = ask(kb, "can I vote by post?", "en", "FR")
    germany = ask(kb, "can I vote by post?", "en", "DE")
    assert france.slug == germany.slug == "postal-vote"
    assert "No: France has no postal voting" in france.text
    assert "Friday before the election" in germany.text


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("quel temps fera-t-il demain à Brest ?", "fr"),
        ("who won the football last night", "en"),
        ("wie wird das Wetter am Wahltag", "de"),
        ("asdfgh qwerty", "fr"),
        # About election day, but about buses: the dates entry would be true and useless.
        ("are the buses free on election day?", "en"),
    ],
)
def test_out_of_scope_questions_are_unknown(kb, question, language):
    got = ask(kb, question, language, "FR")
    assert not got.known and got.slug is None and got.entry is None
    assert got.confidence == 0


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("pour qui je dois voter ?", "fr"),
        ("Who should I vote for, is the proxy vote a good idea", "en"),
        ("Welche Partei soll ich wählen? Briefwahl oder Urne?", "de"),
    ],
)
def test_never_says_whom_to_vote_for(kb, question, language):
    got = ask(kb, question, language, "DE")
    assert not got.known and got.entry is None


def test_unknown_names_the_official_site_and_offers_an_organizer(kb):
    got = ask(kb, "recette de la quiche", "fr", "AT")
    assert "https://www.bmi.gv.at/412/" in got.text
    assert "organisateur" in got.text or "organizer" in got.text
    election = ElectionFactory(
        organization=kb, country="AT", official_site="https://wahl.example.at/"
    )
    got = ask(kb, "recette de la quiche", "fr", "AT", election=election)
    assert "https://wahl.example.at/" in got.text
    assert got.sources == [{"url": "https://wahl.example.at/", "name": "", "last_verified": ""}]


@pytest.mark.parametrize(
    ("question", "code"),
    [("", "empty"), ("   \n ", "empty"), ("x" * 501, "too_long"), ("vote\x00\x01", "binary")],
)
def test_bad_questions_are_refused(kb, question, code):
    with pytest.raises(QuestionRejected) as refused:
        ask(kb, question)
    assert refused.value.code == code and refused.value.message


def test_unsupported_language_and_country_are_refused(kb):
    with pytest.raises(QuestionRejected) as refused:
        ask(kb, "¿cómo voto?", "es", "FR")
    assert refused.value.code == "language"
    with pytest.raises(QuestionRejected) as refused:
        ask(kb, "proxy", "en", "XX")
    assert refused.value.code == "country"


def test_an_election_specific_entry_beats_the_general_one(kb):
    election = ElectionFactory(organization=kb, country="FR")
    EntryFactory(
        organization=kb,
        election=election,
        slug="proxy-vote",
        question="Procuration pour ce scrutin",
        keywords=["procuration"],
        answer="Pour ce scrutin, la mairie reçoit les procurations jusqu'au samedi.",
    )
    assert ask(kb, "procuration", election=election).text.startswith("Pour ce scrutin")
    other = ElectionFactory(organization=kb, country="FR")
    assert ask(kb, "procuration", election=other).text.startswith("Faites votre demande")


def test_expired_and_draft_entries_are_not_used(kb):
    today = timezone.localdate()
    entry = Entry.objects.get(organization=kb, country="FR", language="fr", slug="proxy-vote")
    entry.valid_until = today - timedelta(days=1)
    entry.save()
    assert not ask(kb, "procuration").known
    assert ask(kb, "procuration", today=today - timedelta(days=1)).known
    entry.valid_until = None
    entry.status = Entry.Status.DRAFT
    entry.save()
    assert not ask(kb, "procuration").known


def test_an_edited_entry_answers_at_once(kb):
    entry = Entry.objects.get(organization=kb, country="FR", language="fr", slug="results")
    entry.keywords = [*entry.keywords, "soirée électorale"]
    entry.answer = "Résultats mis à jour."
    entry.save()
    got = ask(kb, "soirée électorale", "fr", "FR")
    assert got.slug == "results" and got.text == "Résultats mis à jour."


def test_another_organizations_entries_never_answer(kb, org_b):
    got = ask(org_b, "comment faire une procuration", "fr", "FR")
    assert not got.known
    EntryFactory(organization=org_b, slug="proxy-vote", answer="Réponse de B.")
    got_b = ask(org_b, "comment faire une procuration", "fr", "FR")
    assert got_b.text == "Réponse de B." and got_b.entry.organization_id == org_b.pk
    got_a = ask(kb, "comment faire une procuration", "fr", "FR")
    assert got_a.entry.organization_id == kb.pk and "maprocuration" in got_a.text


def test_answering_never_writes(kb, django_assert_max_num_queries):
    ask(kb, "procuration")  # the index is built
    with django_assert_max_num_queries(3):  # the version, the next election, nothing more
        got = ask(kb, "procuration")
    assert got.known


def test_words_drop_accents_case_and_filler():
    assert retrieval.words("Où est MON bureau de vote, s'il vous plaît ?", "fr") == [
        "ou", "bureau", "vote", "plait",
    ]  # fmt: skip
    assert retrieval.words("Wählerverzeichnis prüfen", "de") == ["wahlerverzeichnis", "prufen"]


def test_the_next_election_of_the_country_is_used_when_none_is_given(kb):
    today = date(2027, 1, 4)
    ElectionFactory(organization=kb, country="FR", date=date(2026, 12, 1), name={"fr": "Passée"})
    ElectionFactory(organization=kb, country="FR", date=date(2027, 3, 14), name={"fr": "Prochaine"})
    ElectionFactory(organization=kb, country="DE", date=date(2027, 2, 1), name={"fr": "Allemande"})
    got = ask(kb, "c'est quand la prochaine election", today=today)
    assert got.slug == "election-dates" and "Prochaine" in got.text and "69 jours" in got.text
