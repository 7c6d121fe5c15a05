"""Recognising opt-out (and re-subscribe) replies to SMS and WhatsApp messages, in FR, EN and DE.

Pure functions: the caller stores the inbound message and the suppression in one transaction
(requirement R18). Keyword sources: the CTIA/FCC set (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END,
QUIT, REVOKE, OPT OUT; FCC 24-24), Spoke's auto-optout list (stop at the start, "remove me",
"take me off the … list", "delete my number", "lose my number", "don't contact me", "I opt
out"…), the French "STOP" convention and their French and German equivalents.

**Normalisation.** The message is decomposed (NFKD), accents and case are dropped (``ARRÊT`` →
``arret``, ``ß`` → ``ss``, ``Ü`` → ``u``), apostrophes are removed (``don't`` → ``dont``,
``m'envoyer`` → ``menvoyer``), every other character that is not a letter or digit is a
separator (so emoji and punctuation are ignored), and a stretched ``stooop`` reads as ``stop``.
``. ! ? ; : ,`` and line breaks also end a *clause*.

**The rule.** A message is an opt-out when any of these holds, checked in this order:

1. *Whole message*: once filler words (politeness, greetings, "sms", bare numbers such as a
   short code: see ``FILLER``) are set aside, it consists only of opt-out keywords or phrases,
   at least one. This covers "Stop svp", "STOP merci", "stop please", "Stopp bitte", "STOP!!!",
   "stop.", "Stop 🙏", "CANCEL", "Fin", "Keine SMS mehr bitte".
2. *A clause on its own*: some clause consists only of strong keywords/phrases and fillers
   ("Merci pour l'info. STOP", "Bonjour, stop"). Weak words (``WEAK_KEYWORDS``: END, CANCEL,
   QUIT, FIN, ENDE…) do not count here, since "The end." is a normal clause.
3. *Short and starting with a keyword* (like Spoke's ``^\\s*stop\\b``): the first word that is
   not a filler is one of ``LEADING_KEYWORDS`` (STOP, STOPP, STOPALL, ARRET, UNSUBSCRIBE…) and
   the message has at most :data:`SHORT_MESSAGE_WORDS` words. "Stop the war" and "Stop à la
   réforme" therefore opt out: we err on the side of opting out, staff can see the reply and the
   person can write again.
4. *An unmistakable phrase anywhere*: "take me off your list", "remove me from", "delete my
   number", "ne m'envoyez plus", "keine SMS mehr", or a word starting with an unsubscribe
   verb (unsubscrib…, desinscri…, desabonn…, abmeld…, abbestell…, austragen).

Otherwise it is not: a stop word inside a normal sentence does not opt out ("don't stop the
fight", "I can't stop laughing", "Il faut arrêter cette réforme"). ``Stoppt die Rechten!`` is
not an opt-out: ``stoppt`` is a conjugated verb (a slogan), not the keyword ``stopp``.

:func:`optin_keyword` recognises START, UNSTOP, SUBSCRIBE… only as a whole message (rule 1),
and never when the message is also an opt-out. It is for telling staff; nothing re-subscribes
automatically.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

__all__ = [
    "ANYWHERE_PHRASES",
    "ANYWHERE_PREFIXES",
    "FILLER",
    "LEADING_KEYWORDS",
    "OPTIN_KEYWORDS",
    "OPTOUT_KEYWORDS",
    "SHORT_MESSAGE_WORDS",
    "WEAK_KEYWORDS",
    "normalize_reply",
    "optin_keyword",
    "optout_keyword",
]

#: Rule 3 applies to messages of at most this many words.
SHORT_MESSAGE_WORDS = 8

_APOSTROPHES = "'’‘`´ʼ"
_CLAUSE_BREAK = re.compile(r"[.!?;:,¡¿…\n\r\u2028\u2029]+")
_NOT_WORD = re.compile(r"[\W_]+")
_STRETCHED_STOP = re.compile(r"st+o+p+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold()
    for apostrophe in _APOSTROPHES:
        folded = folded.replace(apostrophe, "")
    return folded


def _words(clause: str) -> tuple[str, ...]:
    words = []
    for word in _NOT_WORD.split(clause):
        if not word:
            continue
        if word not in ("stopp",) and _STRETCHED_STOP.fullmatch(word):
            word = "stop"
        words.append(word)
    return tuple(words)


def normalize_reply(body: str) -> list[tuple[str, ...]]:
    """The message as a list of clauses, each a tuple of folded words (see the module docs)."""
    return [words for clause in _CLAUSE_BREAK.split(_fold(body)) if (words := _words(clause))]


def _phrases(items: Iterable[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(_words(_fold(item)) for item in items)


#: Single words that opt out at the start of a short message (rule 3) and in any clause.
LEADING_KEYWORDS = _phrases(
    [
        # EN (CTIA / FCC / Spoke)
        "stop",
        "stopall",
        "stop2quit",
        "unsubscribe",
        "unsub",
        "optout",
        # FR
        "arrêt",
        "désinscrire",
        "désinscription",
        "désabonner",
        "désabonnement",
        # DE
        "stopp",
        "abmelden",
        "abbestellen",
        "austragen",
    ]
)

#: Keywords and phrases that opt out as a whole message and in a clause of their own.
_STRONG_PHRASES = LEADING_KEYWORDS | _phrases(
    [
        "opt out",
        "opt me out",
        "i opt out",
        "remove me",
        "remove my number",
        "remove my name",
        "take me off the list",
        "take me off your list",
        "take me off this list",
        "take me off",
        "delete my number",
        "lose my number",
        "dont contact me",
        "do not contact me",
        "dont text me",
        "do not text me",
        "no more texts",
        "no more messages",
        "no more sms",
        "leave me alone",
        "stop sms",
        "stop texting",
        "stop texting me",
        "stop messaging me",
        "stop sending",
        "stop sending me",
        "arrêter",
        "arrêtez",
        "arrête",
        "désinscrivez moi",
        "désabonnez moi",
        "désinscris moi",
        "retirez moi",
        "retirez moi de la liste",
        "retirez mon numéro",
        "supprimez mon numéro",
        "plus de sms",
        "plus de messages",
        "pas de sms",
        "ne menvoyez plus",
        "ne menvoyez plus de sms",
        "ne me contactez plus",
        "laissez moi tranquille",
        "stop sms",
        "keine sms",
        "keine sms mehr",
        "keine nachrichten",
        "keine nachrichten mehr",
        "keine werbung",
        "nicht mehr",
        "nicht mehr schreiben",
        "nicht mehr kontaktieren",
        "bitte austragen",
        "abmeldung",
        "nummer löschen",
        "meine nummer löschen",
        "löschen sie meine nummer",
        "lasst mich in ruhe",
        "lassen sie mich in ruhe",
        "widerruf",
        "widerspruch",
    ]
)

#: Words that opt out only when they are the whole message (with fillers).
WEAK_KEYWORDS = _phrases(
    [
        "cancel",
        "end",
        "quit",
        "remove",
        "revoke",
        "halt",
        "fin",
        "annuler",
        "ende",
        "kündigen",
        "kuendigen",
        "löschen",
        "loeschen",
        "entfernen",
        "widerrufen",
    ]
)

#: Phrases that opt out wherever they appear (rule 4).
ANYWHERE_PHRASES = _phrases(
    [
        "take me off the list",
        "take me off your list",
        "take me off this list",
        "take me off ur list",
        "take me off the mailing list",
        "remove me from",
        "remove my number",
        "remove my name",
        "delete my number",
        "lose my number",
        "dont contact me",
        "do not contact me",
        "dont text me",
        "do not text me",
        "stop texting me",
        "stop messaging me",
        "stop sending me",
        "i opt out",
        "opt me out",
        "ne menvoyez plus",
        "nenvoyez plus",
        "ne plus recevoir",
        "ne veux plus recevoir",
        "arrêtez de menvoyer",
        "arrêtez les sms",
        "arrêtez les messages",
        "arrêter les sms",
        "ne me contactez plus",
        "ne plus me contacter",
        "retirez moi de",
        "supprimez mon numéro",
        "effacez mon numéro",
        "keine sms mehr",
        "keine nachrichten mehr",
        "nicht mehr kontaktieren",
        "nicht mehr anschreiben",
        "schreiben sie mir nicht mehr",
        "schreibt mir nicht mehr",
        "meine nummer löschen",
        "löschen sie meine nummer",
        "löscht meine nummer",
        "aus dem verteiler",
    ]
)

#: Word beginnings of unsubscribe verbs that opt out anywhere (rule 4).
ANYWHERE_PREFIXES = ("unsubscrib", "desinscri", "desabonn", "abmeld", "abbestell", "austragen")

#: Words set aside around keywords: politeness, greetings, "sms" and bare numbers (digits).
FILLER = frozenset(
    _fold(word)
    for word in [
        "please",
        "pls",
        "plz",
        "plse",
        "thanks",
        "thank",
        "you",
        "thx",
        "ty",
        "ok",
        "okay",
        "now",
        "all",
        "just",
        "hi",
        "hello",
        "hey",
        "sorry",
        "no",
        "nope",
        "yes",
        "sir",
        "madam",
        "asap",
        "immediately",
        "right",
        "away",
        "me",
        "merci",
        "svp",
        "stp",
        "sil",
        "vous",
        "te",
        "plait",
        "plaît",
        "bonjour",
        "bonsoir",
        "salut",
        "non",
        "oui",
        "beaucoup",
        "davance",
        "cordialement",
        "madame",
        "monsieur",
        "maintenant",
        "tout",
        "de",
        "suite",
        "immédiatement",
        "sms",
        "au",
        "a",
        "bitte",
        "danke",
        "dankeschön",
        "schön",
        "hallo",
        "moin",
        "servus",
        "nein",
        "ja",
        "jetzt",
        "sofort",
        "sehr",
        "gerne",
        "sms",
        "text",
        "texts",
        "message",
        "messages",
        "nachricht",
        "nachrichten",
    ]
)

#: Re-subscribe keywords (CTIA START/UNSTOP plus FR and DE), whole message only.
OPTIN_KEYWORDS = _phrases(
    [
        "start",
        "unstop",
        "subscribe",
        "resubscribe",
        "opt in",
        "optin",
        "réabonner",
        "réinscrire",
        "réinscription",
        "me réinscrire",
        "abonner",
        "anmelden",
        "wieder anmelden",
    ]
)


#: Every keyword and phrase that opts out when it is the whole message (rule 1).
OPTOUT_KEYWORDS = _STRONG_PHRASES | WEAK_KEYWORDS


def _is_filler(word: str) -> bool:
    return word in FILLER or word.isdigit()


def _canonical(phrase: tuple[str, ...]) -> str:
    return " ".join(phrase).upper()


@lru_cache(maxsize=8)
def _by_length(vocabulary: frozenset[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return sorted(vocabulary, key=len, reverse=True)


def _only_keywords(words: Sequence[str], vocabulary: frozenset[tuple[str, ...]]) -> str | None:
    """The first keyword when ``words`` is only keywords/phrases and fillers (at least one)."""
    phrases = _by_length(vocabulary)
    # best[i]: the first keyword of a parse of words[i:], "" for a parse with none, None: no parse.
    best: list[str | None] = [None] * len(words) + [""]
    for start in range(len(words) - 1, -1, -1):
        found: str | None = None
        for phrase in phrases:
            end = start + len(phrase)
            if tuple(words[start:end]) == phrase and best[end] is not None:
                found = _canonical(phrase)
                break
        if found is None and _is_filler(words[start]) and best[start + 1] is not None:
            found = best[start + 1]
        best[start] = found
    return best[0] or None


def _contains(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


def optout_keyword(body: str) -> str | None:
    """The opt-out keyword or phrase ``body`` matches (upper case, unaccented), else ``None``.

    See the module docstring for the exact rule.
    """
    clauses = normalize_reply(body)
    words = [word for clause in clauses for word in clause]
    if not words:
        return None
    # 1. The whole message.
    found = _only_keywords(words, OPTOUT_KEYWORDS)
    if found:
        return found
    # 2. A clause on its own.
    for clause in clauses:
        found = _only_keywords(clause, _STRONG_PHRASES)
        if found:
            return found
    # 3. A short message that starts with a keyword.
    if len(words) <= SHORT_MESSAGE_WORDS:
        first = next((word for word in words if not _is_filler(word)), None)
        if first is not None and (first,) in LEADING_KEYWORDS:
            return _canonical((first,))
    # 4. An unmistakable phrase anywhere.
    for clause in clauses:
        for phrase in _by_length(ANYWHERE_PHRASES):
            if _contains(clause, phrase):
                return _canonical(phrase)
        for word in clause:
            if word.startswith(ANYWHERE_PREFIXES):
                return word.upper()
    return None


def optin_keyword(body: str) -> str | None:
    """The re-subscribe keyword when ``body`` is only that (with fillers), else ``None``.

    Returns ``None`` when the message is also an opt-out. Never re-subscribe on this alone:
    show it to staff, who ask the person to confirm.
    """
    if optout_keyword(body) is not None:
        return None
    words = [word for clause in normalize_reply(body) for word in clause]
    return _only_keywords(words, OPTIN_KEYWORDS)
