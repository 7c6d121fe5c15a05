"""Finding the entry that answers a question: typo-tolerant, accent-insensitive matching of
the question's words against each entry's question, variants and keywords, in the language
asked and, when that fails, in the country's other languages.

How a question is scored (docs/decisions/0081):

1. Words: lowercase, accents stripped, ß as ss, punctuation dropped, the language's filler
   words removed (articles, pronouns, "please", "how does it work", country names: the
   country is known). A few phrases are rewritten first ("premier tour" → "élection",
   "ab wieviel Jahren" → "Alter").
2. Each remaining word is matched against the vocabulary of the knowledge base: the same
   word, the same stem (per language: "voter"/"votez"/"votes", "wählen"/"Wahl"), a typo
   (rapidfuzz ratio, one or two letters off), a long common beginning
   ("inscription"/"inscrire") or a word inside a German compound. A word the vocabulary does
   not know is looked up in a small synonym table ("vacances" → "absent", "Perso" →
   "Personalausweis", "Londres" → "étranger"), then split as a compound ("Wahlkabine" →
   "Wahl" + "Kabine").
3. Known words weigh by rarity (idf over slugs): "vote" is everywhere and tells little,
   "procuration" tells a lot. Words the vocabulary does not know ("vacances", "grandma",
   "funktioniert") are mostly context and weigh little, unless the question has several of
   them and no rare known word: then it is about something else ("comment remplir ma
   déclaration d'impôts") and they weigh heavily.
4. An entry's score mixes how much of the question's weight it explains and how much of its
   best question or variant the question covers. The confidence is that score, lowered when
   two different answers are nearly tied. Below ``THRESHOLD`` the assistant does not know.
5. When the best entry in the language asked is not a clear match, the country's other
   languages are searched too ("wie funktioniert Briefwahl" asked in French): if one of them
   matches clearly better, the same slug's entry in the language asked answers.

The indexes of an organization's entries for one country (one per language) are built once
and kept in memory with a version (number of entries, latest change, read in one query); any
saved entry changes the version, so the next question rebuilds them. No signals.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max
from rapidfuzz import fuzz, process

from .facts import normalize
from .models import Entry

THRESHOLD = 0.5
#: Below this confidence in the language asked, the country's other languages are tried.
CROSS_LANGUAGE_BELOW = 0.75
#: How much better another language must match to answer from it.
CROSS_LANGUAGE_MARGIN = 0.1
#: The weight of a word the knowledge base never uses, as a share of the rarest word's.
UNKNOWN_SHARE = 0.15
#: ... and when the question has several such words and no rare known word.
UNKNOWN_OFF_TOPIC = 1.5
# The shipped countries' names, the words for their people and their big cities. The
# question's own country comes with it: its words tell nothing and are dropped. Another
# shipped country means abroad, its people foreigners ("je suis allemand", asked in France).
COUNTRY_WORDS = {
    "FR": {
        "names": {"france", "frankreich"},
        "people": {"francais", "francaise", "french", "franzosisch"},
        "cities": {
            "paris", "lyon", "marseille", "toulouse", "nice", "nantes", "strasbourg",
            "montpellier", "bordeaux", "lille", "rennes", "brest", "reims", "grenoble",
            "dijon", "angers", "nimes", "toulon", "quimper", "rouen", "metz", "nancy",
        },
    },
    "AT": {
        "names": {"autriche", "austria", "osterreich", "oesterreich"},
        "people": {"autrichien", "autrichienne", "austrian", "osterreichisch"},
        "cities": {
            "wien", "vienne", "vienna", "graz", "linz", "salzburg", "salzbourg", "innsbruck",
            "klagenfurt", "villach", "wels", "bregenz", "eisenstadt", "polten",
        },
    },
    "DE": {
        "names": {"allemagne", "germany", "deutschland"},
        "people": {"allemand", "allemande", "german", "deutsch", "deutsche", "deutscher"},
        "cities": {
            "berlin", "hamburg", "hambourg", "munchen", "munich", "koln", "cologne",
            "frankfurt", "francfort", "stuttgart", "dusseldorf", "leipzig", "dortmund",
            "bremen", "dresden", "hannover", "nurnberg", "nuremberg", "bonn",
        },
    },
}  # fmt: skip
_ANY_COUNTRY = {
    word for words in COUNTRY_WORDS.values() for word in words["names"] | words["people"]
}

_COMMON = {
    # Greetings and politeness.
    "bonjour", "salut", "merci", "svp", "stp", "hello", "hi", "hey", "please", "thanks",
    "thank", "hallo", "bitte", "danke", "moin", "servus",
}  # fmt: skip


# Filler words per language: they tell nothing about the topic.
STOP_WORDS = {
    "fr": {
        "a", "au", "aux", "avec", "c", "ca", "ce", "ces", "cest", "d", "dans", "de", "des",
        "dois", "doit", "du", "elle", "en", "est", "et", "etre", "faire", "fais", "faut",
        "il", "ils", "j", "je", "jai", "jpeux", "l", "la", "le", "les", "leur", "lui", "m",
        "ma", "mais", "me", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on",
        "pas", "peut", "peux", "pouvoir", "pr", "qu", "que", "quel", "quelle", "quels",
        "quelles", "quoi", "s", "sa", "se", "ses", "si", "son", "sont", "sur", "t", "ta",
        "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "comment",
        "bien", "maintenant", "quand", "meme", "alors", "aussi", "ya", "oui", "non", "svp",
        "veux", "voudrais", "sais", "savoir", "va", "vais", "fait", "ai", "as", "avez", "ont",
        "suis", "es", "sommes", "etes", "cela", "ceci", "chose", "trop", "tres", "plus",
        "possible", "par", "pour", "sil", "qd", "kan", "koi", "jsuis", "chui",
        "aura", "auront", "sera", "seront", "serai", "serais", "etait", "avoir", "aller",
        "allez", "vas", "peuvent", "pouvez", "devez", "doivent", "dire", "dis",
        "encore", "toujours", "comme", "jsais", "sait", "fonctionne", "lol", "cette", "cet",
        "tour", "grave", "qq", "donc", "bah", "ben", "ok", "okay", "vrai", "exactement",
    },
    "en": {
        "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
        "can", "cant", "could", "did", "do", "does", "doing", "dont", "for", "from", "get",
        "got", "have", "how", "i", "if", "im", "in", "is", "it", "its", "just", "me", "my",
        "need", "of", "on", "or", "our", "out", "should", "so", "still", "that", "the",
        "their", "them", "then", "there", "this", "to", "u", "ur", "us", "was", "we", "what",
        "whats", "which", "will", "with", "would", "you", "your", "ive", "ill", "s",
        "t", "d", "m", "ok", "okay", "now", "some", "really", "much", "many", "gonna",
        "wanna", "want", "know", "tell", "pls", "plz", "possible", "here",
        "year", "years", "yr", "yrs", "old", "olds", "going", "go", "has", "had",
        "quick", "q", "work", "works", "lol", "yeah", "yes", "no", "think", "sure", "way",
        "exactly", "anyway", "guys",
    },
    "de": {
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
        "und", "oder", "aber", "ich", "du", "er", "sie", "es", "wir", "ihr", "mich", "mir",
        "dich", "dir", "mein", "meine", "meinen", "meinem", "meiner", "dein", "deine", "ist",
        "bin", "bist", "sind", "war", "hat", "habe", "hab", "haben", "kann", "konnen", "muss",
        "mussen", "soll", "sollen", "darf", "werde", "wird", "zu", "zum", "zur", "im", "in",
        "ins", "am", "an", "auf", "aus", "mit", "von", "vom", "bei", "fur", "uber", "nach",
        "noch", "schon", "auch", "nicht", "kein", "keine", "was", "wie", "man", "mal", "denn",
        "doch", "jetzt", "so", "da", "dann", "ob", "dass", "gibt", "tun", "machen",
        "brauch", "sich", "ja", "nein", "eigentlich", "bitte", "hier", "dort", "welche",
        "welcher", "welches", "welchen", "funktioniert", "funktionierts", "funktionieren",
        "geht", "gehts", "klappt", "nun", "wenn", "musst", "genau", "weiss", "lol", "ok",
        "okay", "eigene", "selbst", "etwas", "halt", "eben", "alt", "kommt", "komme", "kommen",
        "rein", "sein", "seit",
    },
}  # fmt: skip

# Phrases rewritten before the words are taken: idioms whose words alone mislead.
PHRASES = {
    "fr": (
        (r"\b(1er|1ere|premier|second|2nd|2e|2eme|deuxieme) tour\b", "election"),
        (r"\b(serai|serais|sera|serons|suis|etre) pas la\b", "absent"),
        (r"\bchaise roulante\b", "fauteuil roulant"),
        (r"\bje sais plus\b", " "),
        (r"\ba quel age\b", "age"),
        (r"\b(savoir|sais|sait|voir) si\b", "verifier"),
        (r"\b(le |la )?plus proche\b", "ou"),
        (r"\bvoter (pour moi|a ma place)\b", "procuration"),
        (r"\b(qq1|qqn|quelqu un) (d autre )?(peut|pourrait) voter\b", "procuration"),
    ),
    "en": (
        (r"\b(on|for) (holiday|holidays|vacation)\b", "away"),
        (r"\b(cant|can t|cannot|wont|won t) be (there|here|home)\b", "away"),
        (r"\bout of town\b", "away"),
        (r"\bfirst time\b", "first"),
        (r"\b(nearest|closest)\b", "where"),
        (r"\b(find out|know|see|tell) (if|whether)\b", "check"),
        (r"\b(threw|thrown|throw) (it )?away\b", "lost"),
        (
            r"\bhow (do|does|can|could|to) ((i|we|you|she|he|they) )?get "
            r"(registered|on the (electoral )?(list|roll|register))\b",
            "how register sign up",
        ),
        (r"\bvote (for me|on my behalf|in my place|instead of me)\b", "proxy"),
        (r"\bby (what|which) date\b", "until when"),
    ),
    "de": (
        (r"\b(ab )?wie ?viele?n? jahre?n?\b", "alter"),
        (r"\bab wie alt\b", "alter"),
        (r"\bzum ersten mal\b", "erstwahler"),
        (r"\berste(s|n)? mal\b", "erstwahler"),
        (r"\bnicht (da|hier|zu hause|daheim)\b", "abwesend"),
        (r"\bfur (mich|uns) (wahlen|abstimmen)\b", "vollmacht stellvertretend"),
        (r"\b(an meiner stelle|statt mir)\b", "vollmacht stellvertretend"),
        (r"\bnachstgelegene[ns]?\b", "wo"),
        (r"\b(weiss|sehe|erfahre|finde) ich(,)? ob\b", "prufen"),
    ),
}
PHRASES = {
    language: tuple((re.compile(pattern), replacement) for pattern, replacement in rules)
    for language, rules in PHRASES.items()
}

# Words the shipped vocabulary does not use, and what they mean there: the first words of
# the replacement that the knowledge base knows replace the word (none known: kept as is).
_ABROAD = {
    "fr": ("etranger",),
    "en": ("abroad",),
    "de": ("ausland",),
}
_FOREIGNER = {
    "fr": ("nationalite", "etranger", "europeen"),
    "en": ("nationality", "foreigner", "foreigners", "citizen", "eu"),
    "de": ("staatsangehorigkeit", "auslander", "burger", "eu"),
}
_PLACES_ABROAD = (
    "londres", "london", "angleterre", "england", "uk", "royaume", "espagne", "spain",
    "spanien", "italie", "italy", "italien", "canada", "kanada", "quebec", "usa",
    "amerique", "america", "amerika", "belgique", "belgium", "belgien", "suisse",
    "switzerland", "schweiz", "australie", "australia", "australien", "portugal", "maroc",
    "morocco", "marokko", "brussels", "bruxelles", "brussel", "dubai", "japon", "japan",
    "chine", "china", "irlande", "ireland", "irland",
)  # fmt: skip
SYNONYMS = {
    "fr": {
        "vacances": ("absent",), "conge": ("absent",), "conges": ("absent",),
        "voyage": ("absent",), "deplacement": ("absent",), "absente": ("absent",),
        "bosse": ("absent",), "travaille": ("absent",), "boulot": ("absent",),
        "taf": ("absent",), "hopital": ("absent",),
        "papier": ("piece", "identite"), "amener": ("apporter",), "ramener": ("apporter",),
        "emmener": ("apporter",), "prendre": ("apporter",), "montrer": ("apporter",),
        "qq1": ("quelqu",), "qqn": ("quelqu",), "quelquun": ("quelqu",),
        "1ere": ("premiere",), "1er": ("premier",), "1re": ("premiere",),
        "introuvable": ("perdue", "perdu"), "egaree": ("perdue", "perdu"),
        "egare": ("perdue", "perdu"), "paume": ("perdue", "perdu"),
        "chaise": ("fauteuil",), "roulante": ("roulant",), "marcher": ("mobilite", "handicap"),
        "portugais": ("nationalite", "europeen", "etranger"),
        "espagnol": ("nationalite", "europeen", "etranger"),
        "italien": ("nationalite", "europeen", "etranger"),
        "belge": ("nationalite", "europeen", "etranger"),
        "britannique": ("nationalite", "etranger"), "anglais": ("nationalite", "etranger"),
        "americain": ("nationalite", "etranger"), "etrangere": ("etranger",),
        "reinscrire": ("inscrire",), "reinscription": ("inscription",),
        "envoyer": ("courrier", "poste"), "envoi": ("courrier", "poste"),
        "resultat": ("resultats",), "gagnant": ("gagne",),
        "ville": ("commune",),
        "verif": ("verifier",), "checker": ("verifier",),
        "vivre": ("habite",), "vis": ("habite",), "vit": ("habite",), "vivant": ("habite",),
        "reside": ("habite",), "residant": ("habite",), "installe": ("habite",),
        "presidentielle": ("election",), "presidentielles": ("election",),
        "legislatives": ("election",), "europeennes": ("election",),
        "municipales": ("municipales", "election"), "regionales": ("election",),
    },
    "en": {
        "holiday": ("away",), "holidays": ("away",), "vacation": ("away",),
        "travelling": ("away",), "traveling": ("away",), "trip": ("away",),
        "hospital": ("away",),
        "id": ("identity",), "ids": ("identity",), "license": ("licence",),
        "british": ("nationality", "citizen"), "spanish": ("nationality", "citizen"),
        "italian": ("nationality", "citizen"), "polish": ("nationality", "citizen"),
        "portuguese": ("nationality", "citizen"), "american": ("nationality", "citizen"),
        "foreign": ("foreigner", "foreigners"),
        "published": ("results",), "winner": ("won",), "projections": ("results",),
        "projection": ("results",), "binned": ("lost",), "misplaced": ("lost",),
        "authorize": ("authorise",), "mom": ("someone",), "mum": ("someone",),
        "friend": ("someone",), "relocate": ("move",),
        "reregister": ("register",), "lives": ("live", "living"),
    },
    "de": {
        "urlaub": ("abwesend",), "verreist": ("abwesend",), "reise": ("abwesend",),
        "krankenhaus": ("abwesend",),
        "lebe": ("lebe", "wohne", "wohnen"), "lebt": ("lebe", "wohne", "wohnen"),
        "leben": ("lebe", "wohne", "wohnen"), "wohnhaft": ("lebe", "wohne", "wohnen"),
        "aufgenommen": ("eintragen", "eingetragen"), "stehe": ("stehe", "eingetragen"),
        "perso": ("personalausweis",), "ausweiss": ("ausweis",),
        "rausfinden": ("prufen",), "herausfinden": ("prufen",), "raus": ("prufen",),
        "nachschauen": ("nachsehen", "prufen", "einsicht"), "checken": ("prufen",),
        "gezogen": ("umgezogen",), "weggeschmissen": ("verloren",),
        "weggeworfen": ("verloren",), "verlegt": ("verloren",), "verschlampt": ("verloren",),
        "gekommen": ("angekommen", "bekommen"), "angekommen": ("angekommen", "bekommen"),
        "kabine": ("wahlzelle",), "wahlkabine": ("wahlzelle",),
        "hochrechnungen": ("hochrechnung",), "gewinnt": ("gewonnen",),
        "sehbehinderte": ("sehbehindert",),
        "spanier": ("staatsangehorigkeit", "burger"),
        "italiener": ("staatsangehorigkeit", "burger"),
    },
}  # fmt: skip
for _language, _targets in _ABROAD.items():
    for _place in _PLACES_ABROAD:
        SYNONYMS[_language].setdefault(_place, _targets)

# Endings stripped to compare words by their stem (first that fits, stem of 3+ letters).
SUFFIXES = {
    "fr": ("issements", "issement", "ements", "ement", "ations", "ation", "ees", "ions",
           "ais", "ait", "ent", "ee", "es", "er", "ez", "e", "s", "x"),
    "en": ("ations", "ation", "ings", "ing", "ers", "ed", "er", "es", "ly", "s", "e"),
    "de": ("ungen", "ung", "ern", "em", "en", "er", "es", "e", "n", "s", "t"),
}  # fmt: skip


def stem(word: str, language: str) -> str:
    if word.isdigit():
        return word
    for suffix in SUFFIXES.get(language, ()):
        # A German "-t" only after a long stem: "wählt"/"wählen", not "seit"/"sein".
        if word.endswith(suffix) and len(word) - len(suffix) >= (4 if suffix == "t" else 3):
            return word[: -len(suffix)]
    return word


# Questions about whom or what to vote for never get an answer (the assistant is neutral),
# whatever the knowledge base holds. Matched on the normalized question.
PARTISAN = (
    "pour qui voter", "pour qui je", "pour qui dois", "pour qui faut", "qui dois je voter",
    "meilleur candidat", "meilleur parti", "quel parti", "quel candidat", "programme de",
    "tu votes pour", "who should i vote", "who to vote for", "who do you support",
    "who would you vote", "which party", "which candidate", "best party", "best candidate",
    "wen soll ich wahlen", "wen sollte ich wahlen", "wen wahlen", "welche partei",
    "welchen kandidat", "beste partei", "wen wahlst du", "wen wurdest du",
    # Asked the other way round, or of the assistant itself.
    "pour qui tu", "tu voterais", "voter pour qui", "voterais pour qui", "vote pour qui",
    "should vote for", "should i vote for", "vote for who", "you vote for", "wen soll man",
    "partei soll ich", "partei sollte ich",
)  # fmt: skip


# Vocabulary words that make a question about voting (beginnings, any language; "wahl" also
# inside a word): with one of them, the question's other unknown words are context.
_VOTING = re.compile(
    r"(vot|elect|scrutin|procuration|maprocuration|mandat|isoloir|urne|bulletin|inscri|"
    r"reinscri|liste|bureau|depouillement|ballot|poll|proxy|regist|reregist|absentee|roll$|"
    r"stimm|abstimm|stichtag|vollmacht|bevollmacht|hochrechnung|result|ergebnis|candidat|"
    r"kandidat|referendum|wahlkarte|erstwahl)|wahl"
)

# Words that mark another topic outright: never context, always against the match.
OFF_TOPIC = {
    "meteo", "pluie", "pleuvoir", "neige", "weather", "rain", "snow", "wetter", "regen",
    "regnet", "schnee", "football", "foot", "match", "psg", "om", "fussball", "bundesliga",
    "bayern", "soccer", "game", "recette", "recipe", "rezept", "pizza", "restaurant",
    "netflix", "film", "movie", "bitcoin", "impots", "impot", "tax", "taxes", "steuer",
    "steuererklarung", "blague", "joke", "witz", "essence", "petrol", "benzin", "loyer",
    "rent", "miete", "immobilier", "supermarche", "supermarket", "supermarkt", "pharmacie",
    "pharmacy", "apotheke", "piscine", "colis", "package", "paket", "auto", "voiture", "car",
}  # fmt: skip


def is_about_voting(word: str) -> bool:
    return bool(_VOTING.match(word)) or "wahl" in word


# Question words: filler for the match, but they tell a "how" question from a "when" one.
INTENT_WORDS = {
    "fr": {"comment", "quand", "ou", "qui", "combien", "pourquoi", "quel", "quelle"},
    "en": {"how", "when", "where", "who", "which", "why", "what"},
    "de": {"wie", "wann", "wo", "wer", "welche", "welcher", "welches", "warum", "was"},
}

# Words too vague to make a question about voting on their own ("what time is it?").
WEAK_WORDS = {"heure", "heures", "time", "uhr", "spat", "date", "datum", "jour", "day", "tag"}


def words(text: str, language: str, country: str = "") -> list[str]:
    """The informative words of ``text``: normalized, filler words dropped, each once.
    Without a country, every shipped country's name is dropped (the entries' text); with
    one, its names and cities (a question)."""
    stop = STOP_WORDS.get(language, set())
    own = COUNTRY_WORDS.get(country)
    dropped = own["names"] | own["people"] | own["cities"] if own else _ANY_COUNTRY
    seen, result = set(), []
    for token in normalize(text).split():
        if token in stop or token in _COMMON or token in dropped:
            continue
        if len(token) < 2 and not token.isdigit():
            continue
        if token not in seen:
            seen.add(token)
            result.append(token)
    return result


def question_words(text: str, language: str, country: str = "") -> list[str]:
    """``words`` of a question, its idioms rewritten first (``PHRASES``)."""
    text = normalize(text)
    for pattern, replacement in PHRASES.get(language, ()):
        text = pattern.sub(replacement, text)
    return words(text, language, country)


def is_partisan(question: str) -> bool:
    text = f" {normalize(question)} "
    return any(f" {pattern} " in text or f" {pattern}" in text for pattern in PARTISAN)


def _similarity(query: str, word: str) -> float:
    if query == word:
        return 1.0
    shorter, longer = sorted((query, word), key=len)
    if len(shorter) >= 4:
        common = 0
        for a, b in zip(query, word, strict=False):
            if a != b:
                break
            common += 1
        # Same stem: a long common beginning and short endings ("inscris"/"inscription",
        # "demenage"/"demenagement"), not two words that merely start alike.
        if common >= 5 and common >= 0.75 * len(shorter) and len(longer) - common <= 6:
            return 0.9
        if len(shorter) >= 6 and longer.endswith(shorter):
            return 0.85
    return 0.0


@dataclass
class IndexedEntry:
    entry: Entry
    slug: str
    election_id: int | None
    valid_from: date | None
    valid_until: date | None
    tokens: set[str]
    phrases: list[list[str]]
    plain: list[str]  # question and variants, normalized, filler words kept
    intents: set[str]  # the question words ("how", "when") of the question and variants

    def valid_on(self, today: date) -> bool:
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_until is None or today <= self.valid_until
        )


@dataclass
class Match:
    entry: Entry
    slug: str
    confidence: float


@dataclass
class Index:
    language: str
    entries: list[IndexedEntry]
    country: str = ""
    idf: dict[str, float] = field(default_factory=dict)
    stems: dict[str, set[str]] = field(default_factory=dict)
    _memo: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries, language: str) -> Index:
        indexed = []
        for entry in entries:
            phrases = [words(text, language) for text in [entry.question, *entry.variants]]
            # Keywords count as (short) phrases too: "procuration" alone is a full question.
            phrases += [words(keyword, language) for keyword in entry.keywords]
            tokens = {t for phrase in phrases for t in phrase}
            indexed.append(
                IndexedEntry(
                    entry=entry,
                    slug=entry.slug,
                    election_id=entry.election_id,
                    valid_from=entry.valid_from,
                    valid_until=entry.valid_until,
                    tokens=tokens,
                    phrases=[p for p in phrases if p],
                    plain=[normalize(text) for text in [entry.question, *entry.variants]],
                    intents={
                        word
                        for text in [entry.question, *entry.variants]
                        for word in normalize(text).split()
                    }
                    & INTENT_WORDS.get(language, set()),
                )
            )
        # Rarity counted over slugs (the same slug for two elections is one answer).
        by_slug: dict[str, set[str]] = {}
        for item in indexed:
            by_slug.setdefault(item.slug, set()).update(item.tokens)
        frequency: dict[str, int] = {}
        for tokens in by_slug.values():
            for token in tokens:
                frequency[token] = frequency.get(token, 0) + 1
        total = max(len(by_slug), 1)
        idf = {t: math.log(1 + total / n) for t, n in frequency.items()}
        stems: dict[str, set[str]] = {}
        for token in idf:
            stems.setdefault(stem(token, language), set()).add(token)
        country = indexed[0].entry.country if indexed else ""
        return cls(language=language, entries=indexed, country=country, idf=idf, stems=stems)

    @property
    def max_idf(self) -> float:
        return max(self.idf.values(), default=1.0)

    @property
    def rare_idf(self) -> float:
        """The rarity of a word used by at most two answers: a word that points somewhere."""
        slugs = len({item.slug for item in self.entries}) or 1
        return math.log(1 + slugs / min(2, slugs)) - 1e-9

    def matches(self, query: str) -> dict[str, float]:
        """Vocabulary words close to ``query`` with their similarity (0..1)."""
        found = self._memo.get(query)
        if found is not None:
            return found
        found = {}
        if query in self.idf:
            found[query] = 1.0
        for word in self.stems.get(stem(query, self.language), ()):
            found.setdefault(word, 0.95)
        if len(query) >= 4:
            # One letter off in a short word, two in a long one: "procuation", "briefwal";
            # not "ever"/"never" or "Vater"/"Alter".
            cutoff = 89 if len(query) <= 5 else 84
            for word, score, _ in process.extract(
                query, list(self.idf), scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ):
                if abs(len(word) - len(query)) <= 2:
                    found[word] = max(found.get(word, 0.0), round(score / 100 * 0.95, 3))
            for word in self.idf:
                similarity = _similarity(query, word)
                if similarity:
                    found[word] = max(found.get(word, 0.0), similarity)
        if len(self._memo) < 20000:
            self._memo[query] = found
        return found

    def expand(self, token: str) -> list[str]:
        """The question word as the vocabulary knows it: itself, its first synonym the
        vocabulary knows ("vacances" → "absent", "Londres" → "étranger"), or the parts of a
        compound ("wahlkabine" → "wahl", "kabine"); itself when nothing fits."""
        if token in self.idf:
            return [token]
        synonyms = SYNONYMS.get(self.language, {}).get(token, ())
        for country, country_words in COUNTRY_WORDS.items():
            if country == self.country:
                continue
            if token in country_words["names"] or token in country_words["cities"]:
                synonyms = _ABROAD.get(self.language, ())
            elif token in country_words["people"]:
                synonyms = _FOREIGNER.get(self.language, ())
        for word in synonyms:
            if word in self.idf:
                return [word]
        if self.matches(token):
            return [token]
        return self._split(token) or [token]

    def _split(self, token: str) -> list[str]:
        if len(token) < 8 or token.isdigit():
            return []
        for cut in range(4, len(token) - 3):
            head, tail = token[:cut], token[cut:]
            for left in (head, head[:-1] if head.endswith("s") and len(head) > 4 else None):
                if left and self._known_part(left) and self._known_part(tail):
                    return [left, tail]
        return []

    def _known_part(self, part: str) -> bool:
        return part in self.idf or bool(self.stems.get(stem(part, self.language)))

    def candidates(self, *, election_id: int | None, today: date) -> dict[str, IndexedEntry]:
        """The entry answering for each slug: valid today, election-specific beats general."""
        candidates: dict[str, IndexedEntry] = {}
        for item in self.entries:
            if not item.valid_on(today):
                continue
            if item.election_id is not None and item.election_id != election_id:
                continue
            current = candidates.get(item.slug)
            if current is None or (current.election_id is None and item.election_id):
                candidates[item.slug] = item
        return candidates

    def search(
        self, question: str, *, election_id: int | None, today: date, strict: bool = False
    ) -> list[Match]:
        """Candidate entries for ``question``, best first, one per slug. ``strict``: every
        word the vocabulary does not know counts against the match (a question searched in
        another language than the one asked)."""
        query: list[str] = []
        for token in question_words(question, self.language, self.country):
            for word in self.expand(token):
                if word not in query:
                    query.append(word)
        if not query:
            return []
        candidates = self.candidates(election_id=election_id, today=today)
        if not candidates:
            return []
        matched = {q: self.matches(q) for q in query}
        known = {q: found for q, found in matched.items() if found}
        if not known:
            return []
        weights = {q: self._weight(found) for q, found in known.items()}
        unknown = [q for q, found in matched.items() if not found]
        if strict:
            unknown_weights = [UNKNOWN_OFF_TOPIC * self.max_idf] * len(unknown)
        else:
            unknown_weights = self._unknown_weights(unknown, known, weights)
        total_weight = sum(weights.values()) + sum(unknown_weights)
        plain = normalize(question)
        intents = set(plain.split()) & INTENT_WORDS.get(self.language, set())
        single_weak = len(query) == 1 and query[0] in WEAK_WORDS
        results = []
        for item in candidates.values():
            explained = 0.0
            hit_words: set[str] = set()
            for q, found in known.items():
                best = 0.0
                for word, similarity in found.items():
                    if word in item.tokens:
                        best = max(best, similarity)
                        hit_words.add(word)
                explained += best * weights[q]
            coverage = explained / total_weight
            phrase_recall = 0.0
            for phrase in item.phrases:
                weight = sum(self.idf.get(t, 0.0) for t in phrase) or 1.0
                covered = sum(self.idf.get(t, 0.0) for t in phrase if t in hit_words)
                phrase_recall = max(phrase_recall, covered / weight)
            resemblance = (
                max((fuzz.token_sort_ratio(plain, text) for text in item.plain), default=0.0) / 100
            )
            # "How", "when", "where": the entry asked the same way wins a near tie.
            intent = len(intents & item.intents) / len(intents) if intents else 1.0
            score = coverage * (0.55 + 0.3 * phrase_recall + 0.1 * resemblance + 0.05 * intent)
            if single_weak:
                score *= 0.5  # "what time is it": one vague word is not a question about voting
            results.append(Match(entry=item.entry, slug=item.slug, confidence=score))
        results.sort(key=lambda m: m.confidence, reverse=True)
        if len(results) > 1 and results[0].confidence - results[1].confidence < 0.02:
            results[0].confidence *= 0.85  # a near tie between two answers: unsure
        for result in results:
            result.confidence = round(max(0.0, min(1.0, result.confidence)), 3)
        return results

    def _unknown_weights(self, unknown, known, weights) -> list[float]:
        """What the words the knowledge base never uses weigh: little when the question is
        about voting ("je serai en vacances: procuration ?"), heavily when it is not, when it
        has several strong unknown words and no rare known one, or for a word of another
        topic ("weather")."""
        about_voting = any(
            is_about_voting(word)
            for found in known.values()
            for word, similarity in found.items()
            if similarity >= 0.85
        )
        strong = [q for q in unknown if len(q) >= 4 and not q.isdigit()]
        elsewhere = not about_voting or (len(strong) >= 2 and max(weights.values()) < self.rare_idf)
        heavy = UNKNOWN_OFF_TOPIC * self.max_idf
        # Context words add up slowly: a long, rambling question is not a vaguer one.
        light = UNKNOWN_SHARE * self.max_idf / math.sqrt(max(len(unknown), 1))
        return [heavy if elsewhere or q in OFF_TOPIC else light for q in unknown]

    def _weight(self, found: dict[str, float]) -> float:
        """How much a known question word tells: the rarity of its closest vocabulary word."""
        closest = max(found.values())
        return max(self.idf[word] for word, s in found.items() if s == closest)


_CACHE: dict[tuple, tuple[tuple, dict[str, Index]]] = {}
_LOCK = threading.Lock()


def indexes_for(*, organization, country: str) -> dict[str, Index]:
    """The cached indexes of the organization's published entries for the country, one per
    language, checked against the entries' version in one query."""
    rows = Entry.objects.filter(organization=organization, country=country)
    version = tuple(
        sorted(
            (row["language"], row["n"], row["last"])
            for row in rows.order_by()
            .values("language")
            .annotate(n=Count("id"), last=Max("updated_at"))
        )
    )
    key = (organization.pk, country)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    by_language: dict[str, list[Entry]] = {}
    for entry in rows.published():
        by_language.setdefault(entry.language, []).append(entry)
    indexes = {language: Index.build(items, language) for language, items in by_language.items()}
    with _LOCK:
        _CACHE[key] = (version, indexes)
    return indexes


def index_for(*, organization, country: str, language: str) -> Index:
    """The cached index of the organization's published entries for (country, language)."""
    indexes = indexes_for(organization=organization, country=country)
    return indexes.get(language) or Index(language=language, entries=[])


def best_match(
    *, organization, question: str, country: str, language: str, election=None, today: date
) -> Match | None:
    """The best entry in ``language`` for the question, or None when nothing reaches
    ``THRESHOLD``. A question that matches clearly better in another language of the
    country is answered with the same slug's entry in ``language``."""
    indexes = indexes_for(organization=organization, country=country)
    election_id = election.pk if election is not None else None
    own = indexes.get(language)
    if own is None:
        return None
    results = own.search(question, election_id=election_id, today=today)
    best = results[0] if results else None
    if best is None or best.confidence < CROSS_LANGUAGE_BELOW:
        floor = max(best.confidence if best else 0.0, THRESHOLD - CROSS_LANGUAGE_MARGIN)
        for other_language, other in indexes.items():
            if other_language == language:
                continue
            found = other.search(question, election_id=election_id, today=today, strict=True)
            if not found or found[0].confidence < floor + CROSS_LANGUAGE_MARGIN:
                continue
            item = own.candidates(election_id=election_id, today=today).get(found[0].slug)
            if item is not None:
                best = Match(entry=item.entry, slug=item.slug, confidence=found[0].confidence)
                floor = best.confidence - CROSS_LANGUAGE_MARGIN
    if best is None or best.confidence < THRESHOLD:
        return None
    return best
