"""Opt-out grammar: example tables in FR, EN and DE, and Hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from turnout.messaging.optout import (
    ANYWHERE_PHRASES,
    ANYWHERE_PREFIXES,
    FILLER,
    LEADING_KEYWORDS,
    OPTIN_KEYWORDS,
    OPTOUT_KEYWORDS,
    normalize_reply,
    optin_keyword,
    optout_keyword,
)

OPTOUT_EN = [
    "STOP",
    "stop",
    "Stop.",
    "STOP!!!",
    "stop please",
    "Stop 🙏",
    "Please stop",
    "STOP STOP STOP",
    "stopall",
    "STOP ALL",
    "Unsubscribe",
    "unsubscribe me please",
    "cancel",
    "END",
    "quit",
    "Quit.",
    "opt out",
    "Opt-out",
    "remove me",
    "Remove me from your list",
    "take me off the list",
    "Take me off your list!",
    "please take me off this list thanks",
    "delete my number",
    "Lose my number",
    "don't contact me again",
    "Do not text me",
    "stop texting me",
    "Stop sending me these",
    "Stop the war",  # short and starts with STOP: opt out, like Spoke
    "stop, thanks",
    "Thanks for the info. STOP",
    "Hi, stop",
    "no more texts",
    "revoke",
    "I opt out",
    "How do I unsubscribe?",
    "leave me alone",
    "STOP 12345",
    "stooop",
    "sorry, stop please",
    "  Stop  ",
]

NOT_OPTOUT_EN = [
    "don't stop the fight",
    "I can't stop laughing",
    "We will never stop",
    "Yes I'll be there",
    "Count me in!",
    "Where is the bus stop?",
    "What time does it end?",
    "Can I cancel my RSVP and come next week instead?",
    "The end of the campaign is near",
    "Let's put an end to this",
    "Thanks, see you Saturday",
    "Is this the right list?",
    "Please add my friend to the list",
    "I quit my job to volunteer",
    "Who do I contact?",
    "Nonstop action!",
    "unstoppable",
    "This must end now, vote!",
    "Remove the barriers to voting",
    "Nothing will stop us",
    "I just signed the petition",
    "OK",
    "Thanks!",
    "start",
    "Great job team",
    "How can I help?",
    "Stopwatch ready",
    "Bus stops at 9",
    "Stopped by the office today",
    "I will be there at the end",
    "endless thanks",
    "text me the address",
    "",
    "🙏",
]

OPTOUT_FR = [
    "STOP",
    "Stop svp",
    "STOP merci",
    "stop stp",
    "Arrêt",
    "ARRET",
    "arrêter",
    "Arrêtez !",
    "Désinscrire",
    "DESINSCRIRE",
    "désinscription",
    "Désabonner",
    "désabonnement svp",
    "désinscrivez-moi",
    "Désabonnez moi s'il vous plaît",
    "STOP SMS",
    "Stop au 36180",
    "Bonjour, stop",
    "Merci pour l'info. STOP",
    "Non merci, stop",
    "Plus de SMS svp",
    "Ne m'envoyez plus de messages",
    "Je ne veux plus recevoir vos SMS",
    "Merci de ne plus me contacter",
    "Retirez-moi de votre liste",
    "Supprimez mon numéro",
    "Arrêtez de m'envoyer des SMS",
    "Je souhaite me désinscrire",
    "Stop à la réforme",  # short and starts with STOP: opt out (documented)
    "Fin",
    "stop 🙏",
    "Stop, merci beaucoup",
    "Laissez-moi tranquille",
    "ne me contactez plus",
    "Effacez mon numéro svp",
    "Comment me désabonner ?",
    "Pas de SMS",
    "ARRÊT immédiatement",
]

NOT_OPTOUT_FR = [
    "Il faut arrêter cette réforme",
    "On ne lâchera rien !",
    "Je serai là samedi",
    "Merci pour l'info",
    "Oui je viens",
    "On ne s'arrête pas là",
    "Rien ne nous arrêtera",
    "Jusqu'à la fin !",
    "La fin du quinquennat approche",
    "Je vous soutiens, continuez",
    "Où est l'arrêt de bus ?",
    "Je me suis inscrit hier",
    "Comment m'inscrire ?",
    "Super initiative, bravo",
    "À quelle heure ?",
    "Inscrivez-moi",
    "Combien ça coûte ?",
    "Envoyez-moi plus d'infos",
    "J'ai signé la pétition",
    "C'est la fin des haricots",
    "Je n'arrête pas de partager",
    "Faut que ça s'arrête",
    "On arrête quand ?",
    "Stoppons la réforme",
    "Pas de souci",
    "Plus de monde samedi !",
    "Non",
    "Ok merci",
    "Bonjour",
    "Bonne soirée",
    "Je suis désolé de ne pas pouvoir venir",
    "La réforme doit être stoppée",
]

OPTOUT_DE = [
    "STOPP",
    "Stopp bitte",
    "stop",
    "Stop danke",
    "ABMELDEN",
    "abmelden bitte",
    "Bitte abmelden",
    "Abbestellen",
    "austragen",
    "Bitte austragen",
    "Keine SMS mehr",
    "keine SMS",
    "Nicht mehr!",
    "Nicht mehr, danke",
    "Ich möchte mich abmelden",
    "Bitte aus dem Verteiler nehmen",
    "Löschen Sie meine Nummer",
    "Meine Nummer löschen bitte",
    "Schreiben Sie mir nicht mehr",
    "Bitte nicht mehr kontaktieren",
    "Ende",
    "Hallo, stopp",
    "Danke für die Info. STOPP",
    "Widerspruch",
    "Kündigen",
    "STOPP!!!",
    "Stopp 🙏",
    "Lasst mich in Ruhe",
    "Keine Nachrichten mehr bitte",
    "Abmeldung",
    "Wie kann ich mich abmelden?",
    "Entfernen",
    "Löschen",
    "Stopp sofort",
    "Nein danke, stopp",
    "KEINE SMS MEHR!!",
]

NOT_OPTOUT_DE = [
    "Stoppt die Rechten!",  # a slogan: "stoppt" is not the keyword "stopp"
    "Ich bin dabei",
    "Wann geht es los?",
    "Wir hören nicht auf",
    "Das ist das Ende der Demokratie",
    "Nichts kann uns stoppen",
    "Bis zum Ende kämpfen",
    "Danke für die Info",
    "Ja, ich komme",
    "Ich kann nicht mehr warten",
    "Wo ist die Haltestelle?",
    "Halt die Klappe",
    "Ich melde mich an",
    "Anmeldung bestätigt",
    "Super Aktion!",
    "Stopptaste",
    "Gestoppt",
    "Wir stoppen das",
    "Schluss mit der Ungerechtigkeit",
    "Bitte mehr Infos",
    "Kann ich noch mitmachen?",
    "Mach weiter so",
    "Ich habe unterschrieben",
    "Wo treffen wir uns?",
    "Gute Arbeit",
    "Wie viel kostet das?",
    "Bitte schick mir den Link",
    "Ende gut, alles gut",
    "Kein Problem",
    "Morgen um 10?",
    "Danke!",
    "Ja",
]


@pytest.mark.parametrize("body", OPTOUT_EN + OPTOUT_FR + OPTOUT_DE)
def test_opt_out_examples(body):
    assert optout_keyword(body) is not None, body


@pytest.mark.parametrize("body", NOT_OPTOUT_EN + NOT_OPTOUT_FR + NOT_OPTOUT_DE)
def test_not_opt_out_examples(body):
    assert optout_keyword(body) is None, body


def test_the_tables_are_big_enough():
    for table in (OPTOUT_EN, OPTOUT_FR, OPTOUT_DE, NOT_OPTOUT_EN, NOT_OPTOUT_FR, NOT_OPTOUT_DE):
        assert len(table) >= 30


@pytest.mark.parametrize(
    ("body", "keyword"),
    [
        ("Stop svp", "STOP"),
        ("ARRÊT", "ARRET"),
        ("arret", "ARRET"),
        ("Désinscrire", "DESINSCRIRE"),
        ("Stopp bitte", "STOPP"),
        ("take me off your list please", "TAKE ME OFF YOUR LIST"),
        ("Keine SMS mehr", "KEINE SMS MEHR"),
        ("ABMELDEN", "ABMELDEN"),
        ("stoooop", "STOP"),
    ],
)
def test_the_matched_keyword_is_returned(body, keyword):
    assert optout_keyword(body) == keyword


@pytest.mark.parametrize(
    ("body", "keyword"),
    [
        ("START", "START"),
        ("start please", "START"),
        ("Unstop", "UNSTOP"),
        ("Réabonner svp", "REABONNER"),
        ("wieder anmelden bitte", "WIEDER ANMELDEN"),
        ("opt-in", "OPT IN"),
    ],
)
def test_opt_in_keywords(body, keyword):
    assert optin_keyword(body) == keyword
    assert optout_keyword(body) is None


@pytest.mark.parametrize(
    "body", ["stop start", "Start the fight? No, stop", "I will start tomorrow", "Oui", "Yes"]
)
def test_not_opt_in(body):
    assert optin_keyword(body) is None


def test_normalization():
    assert normalize_reply("ARRÊT! Don't… Straße") == [("arret",), ("dont",), ("strasse",)]


# ---- properties ----------------------------------------------------------------------------


def _spellings(phrase: tuple[str, ...]) -> st.SearchStrategy[str]:
    text = " ".join(phrase)
    return st.sampled_from([text, text.upper(), text.title(), text.replace(" ", "-")])


keywords = st.sampled_from(sorted(OPTOUT_KEYWORDS)).flatmap(_spellings)
fillers = st.one_of(
    st.sampled_from(sorted(FILLER)).flatmap(lambda w: st.sampled_from([w, w.upper(), w.title()])),
    st.integers(min_value=0, max_value=99999).map(str),
)
separators = st.sampled_from([" ", "  ", ", ", "! ", ". ", "!!! ", "\n", " 🙏 ", "... ", " - "])


@given(
    st.lists(keywords, min_size=1, max_size=3),
    st.lists(fillers, max_size=4),
    st.randoms(use_true_random=False),
    st.lists(separators, min_size=10, max_size=10),
    st.sampled_from(["", "!", "!!!", ".", " 🙏", "?", " :)"]),
)
def test_keywords_with_fillers_and_punctuation_are_detected(words, extra, rnd, seps, end):
    pieces = words + extra
    rnd.shuffle(pieces)
    body = "".join(piece + seps[i % len(seps)] for i, piece in enumerate(pieces)) + end
    assert optout_keyword(body) is not None, body


_KEYWORD_WORDS = {
    word
    for vocabulary in (OPTOUT_KEYWORDS, LEADING_KEYWORDS, ANYWHERE_PHRASES, OPTIN_KEYWORDS)
    for phrase in vocabulary
    for word in phrase
}


def _has_keyword_word(body: str) -> bool:
    words = [word for clause in normalize_reply(body) for word in clause]
    return any(
        w in _KEYWORD_WORDS or w.startswith(ANYWHERE_PREFIXES) or normalize_reply(w) == [("stop",)]
        for w in words
    )


@given(st.text(max_size=200))
def test_random_text_without_keywords_is_never_an_opt_out(body):
    assume(not _has_keyword_word(body))
    assert optout_keyword(body) is None


NEUTRAL = [
    "the",
    "fight",
    "vote",
    "march",
    "samedi",
    "demain",
    "rendez",
    "vous",
    "kommen",
    "wir",
    "bus",
    "demo",
    "petition",
    "ich",
]


@given(
    st.lists(st.sampled_from(NEUTRAL + sorted(FILLER)), min_size=1, max_size=12),
    st.lists(separators, min_size=12, max_size=12),
)
def test_fillers_and_ordinary_words_are_never_an_opt_out(words, seps):
    body = "".join(word + sep for word, sep in zip(words, seps, strict=False))
    assert optout_keyword(body) is None, body
