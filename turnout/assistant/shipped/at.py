"""Austria: the shipped knowledge base in French, English and German.

Rules, not dates: the dates of one election come from the ``Election`` row through the
placeholders (see ``turnout.assistant.facts``). In Austria the registration "deadline" is the
reference day (Stichtag) fixed in each election's official announcement; it is entered on the
election, never guessed. A part in square brackets is said only when every placeholder in it
is known.
"""

from datetime import date

COUNTRY = "AT"
LAST_VERIFIED = date(2026, 11, 24)
OFFICIAL_SITE = "https://www.bmi.gv.at/412/"

BMI = "Bundesministerium für Inneres"
OGV = "oesterreich.gv.at"
OGV_URL = "https://www.oesterreich.gv.at/themen/leben_in_oesterreich/wahlen.html"

ENTRIES = {
    "register-deadline": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Was ist der Stichtag für die Wahl in Österreich?",
            "variants": [
                "Bis wann muss ich in der Wählerevidenz stehen?",
                "Frist für die Eintragung ins Wählerverzeichnis in Österreich",
                "Stichtag Nationalratswahl",
                "Bis wann kann ich mich für die Wahl in Österreich registrieren?",
            ],
            "keywords": [
                "stichtag",
                "frist",
                "bis wann",
                "wählerevidenz",
                "zu spät",
                "registrieren",
                "eintragungsfrist",
            ],
            "answer": (
                "Wählen darf, wer am Stichtag mit Hauptwohnsitz in der Wählerevidenz einer "
                "Gemeinde steht. Den Stichtag legt die Wahlausschreibung fest. [Für "
                "{election_name} ist der Stichtag der {registration_deadline}.] Wer seinen "
                "Hauptwohnsitz gemeldet hat, wird automatisch eingetragen. Auslandsösterreicher "
                "beantragen die Eintragung am besten frühzeitig."
            ),
        },
        "en": {
            "question": "What is the registration cut-off (reference day) in Austria?",
            "variants": [
                "Deadline to be on the electoral register in Austria",
                "Austria voter registration deadline",
                "What is the Stichtag?",
                "Until when must I be registered to vote in Austria?",
            ],
            "keywords": [
                "stichtag",
                "reference day",
                "cut off",
                "cut-off",
                "deadline",
                "register",
                "registration",
                "too late",
            ],
            "answer": (
                "You can vote if, on the reference day (Stichtag), you are on the electoral "
                "register of a municipality with your main residence. The Stichtag is set in "
                "the official announcement of each election. [For {election_name}, it is "
                "{registration_deadline}.] Registering your main residence puts you on the "
                "register automatically. Austrians abroad should apply early."
            ),
        },
        "fr": {
            "question": "Quelle est la date limite d'inscription pour voter en Autriche ?",
            "variants": [
                "Date de référence (Stichtag) en Autriche",
                "Jusqu'à quand s'inscrire sur les listes en Autriche ?",
                "Délai d'inscription électorale autrichien",
                "Trop tard pour s'inscrire en Autriche ?",
            ],
            "keywords": [
                "stichtag",
                "date de référence",
                "date limite",
                "délai",
                "inscription",
                "autriche",
                "jusqu'à quand",
            ],
            "answer": (
                "En Autriche, peut voter qui figure au jour de référence (Stichtag) sur le "
                "registre électoral d'une commune, avec sa résidence principale. Ce jour est "
                "fixé par l'annonce officielle de chaque élection. [Pour {election_name}, "
                "c'est le {registration_deadline}.] La déclaration de résidence principale "
                "inscrit automatiquement. Les Autrichiens de l'étranger demandent leur "
                "inscription tôt."
            ),
        },
    },
    "register-how": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Muss ich mich in Österreich für die Wahl anmelden?",
            "variants": [
                "Wie komme ich in Österreich in die Wählerevidenz?",
                "Wie werde ich ins Wählerverzeichnis eingetragen?",
                "Registrierung zur Wahl in Österreich",
                "Anmeldung zur Wahl",
            ],
            "keywords": [
                "anmelden",
                "anmeldung",
                "registrierung",
                "eintragen",
                "wählerevidenz",
                "meldezettel",
                "hauptwohnsitz",
                "automatisch",
            ],
            "answer": (
                "Nein: Wer mit Hauptwohnsitz in einer österreichischen Gemeinde gemeldet ist, "
                "steht automatisch in der Wählerevidenz. Wichtig ist also eine korrekte "
                "Meldung (Meldezettel). Auslandsösterreicher beantragen die Eintragung bei "
                "ihrer letzten Wohnsitzgemeinde, online oder schriftlich; sie gilt 10 Jahre."
            ),
        },
        "en": {
            "question": "How do I get on the electoral register in Austria?",
            "variants": [
                "Do I need to register to vote in Austria?",
                "Voter registration Austria",
                "How to register to vote in Austria",
                "Sign up for the election in Austria",
            ],
            "keywords": [
                "register",
                "registration",
                "electoral register",
                "sign up",
                "main residence",
                "meldezettel",
                "automatic",
                "automatically",
            ],
            "answer": (
                "You do not need to: anyone registered with their main residence in an "
                "Austrian municipality is on the electoral register automatically, so keep "
                "your residence registration (Meldezettel) up to date. Austrians abroad apply "
                "to their last home municipality, online or in writing; it lasts 10 years."
            ),
        },
        "fr": {
            "question": "Comment s'inscrire pour voter en Autriche ?",
            "variants": [
                "Faut-il s'inscrire pour voter en Autriche ?",
                "Inscription sur les listes électorales autrichiennes",
                "Registre électoral autrichien",
                "Comment être sur la liste électorale en Autriche ?",
            ],
            "keywords": [
                "inscrire",
                "inscription",
                "registre",
                "liste électorale",
                "résidence principale",
                "automatique",
                "autriche",
            ],
            "answer": (
                "Rien à faire : toute personne déclarée avec sa résidence principale dans une "
                "commune autrichienne est inscrite automatiquement au registre électoral. "
                "Gardez votre déclaration de domicile (Meldezettel) à jour. Les Autrichiens de "
                "l'étranger demandent leur inscription à leur dernière commune ; elle vaut "
                "10 ans."
            ),
        },
    },
    "register-check": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Wie prüfe ich, ob ich im Wählerverzeichnis stehe?",
            "variants": [
                "Eintragung in der Wählerevidenz kontrollieren",
                "Einsicht ins Wählerverzeichnis",
                "Stehe ich auf der Wählerliste?",
                "Wählerverzeichnis überprüfen Österreich",
            ],
            "keywords": [
                "prüfen",
                "überprüfen",
                "einsicht",
                "eingetragen",
                "stehe ich",
                "bin ich",
                "selbstauskunft",
            ],
            "answer": (
                "Das Wählerverzeichnis liegt nach dem Stichtag einige Tage zur Einsicht im "
                "Gemeindeamt auf; online geht es mit ID Austria (Selbstauskunft). Vor der "
                "Wahl kommt außerdem die amtliche Wahlinformation per Post. Fehlt Ihr Name, "
                "beantragen Sie in dieser Frist die Berichtigung bei der Gemeinde."
            ),
        },
        "en": {
            "question": "How can I check that I am on the voter list in Austria?",
            "variants": [
                "Am I registered to vote in Austria?",
                "Check the electoral register",
                "Am I on the voter list?",
                "Inspect the voter register Austria",
            ],
            "keywords": [
                "check",
                "verify",
                "am i registered",
                "voter list",
                "inspect",
                "on the list",
                "registered",
            ],
            "answer": (
                "After the reference day the voter list is open for inspection at the "
                "municipal office for a few days; online you can check with ID Austria. "
                "Before the election you also get the official voting information by post. If "
                "you are missing, ask the municipality to correct it during that period."
            ),
        },
        "fr": {
            "question": "Comment vérifier que je suis inscrit pour voter en Autriche ?",
            "variants": [
                "Suis-je sur la liste électorale en Autriche ?",
                "Consulter le registre électoral autrichien",
                "Vérifier mon inscription en Autriche",
                "Je ne sais pas si je suis inscrit en Autriche",
            ],
            "keywords": [
                "vérifier",
                "consulter",
                "suis-je inscrit",
                "inscrit",
                "registre",
                "autriche",
            ],
            "answer": (
                "Après le jour de référence, la liste électorale est consultable quelques "
                "jours à la mairie (Gemeindeamt) ; en ligne avec ID Austria. Avant le vote, "
                "vous recevez aussi l'information électorale officielle par courrier. Si vous "
                "n'y êtes pas, demandez la correction à la commune pendant ce délai."
            ),
        },
    },
    "who-can-vote": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Wer darf in Österreich wählen?",
            "variants": [
                "Ab welchem Alter wählt man in Österreich?",
                "Ab welchem Alter darf ich abstimmen?",
                "Dürfen EU-Bürger in Österreich wählen?",
                "Wahlrecht Österreich",
            ],
            "keywords": [
                "wahlrecht",
                "wahlalter",
                "wer darf",
                "wahlberechtigt",
                "16",
                "eu-bürger",
                "staatsbürger",
                "alter",
            ],
            "answer": (
                "Wählen dürfen österreichische Staatsbürger, die spätestens am Wahltag 16 "
                "Jahre alt sind und nicht vom Wahlrecht ausgeschlossen sind. EU-Bürger mit "
                "Hauptwohnsitz in Österreich wählen bei der Europawahl und bei "
                "Gemeinderatswahlen mit (in Wien bei den Bezirksvertretungswahlen)."
            ),
        },
        "en": {
            "question": "Who can vote in Austria?",
            "variants": [
                "What is the voting age in Austria?",
                "Can 16 year olds vote in Austria?",
                "Can EU citizens vote in Austria?",
                "Am I allowed to vote in Austria?",
            ],
            "keywords": [
                "voting age",
                "who can",
                "eligible",
                "allowed",
                "16",
                "eu citizens",
                "citizen",
                "age",
            ],
            "answer": (
                "Austrian citizens who are 16 at the latest on election day and are not "
                "excluded from voting can vote. EU citizens whose main residence is in "
                "Austria vote in European elections and municipal council elections (in "
                "Vienna, in the district council elections)."
            ),
        },
        "fr": {
            "question": "Qui peut voter en Autriche ?",
            "variants": [
                "Peut-on voter dès 16 ans en Autriche ?",
                "Âge du droit de vote en Autriche",
                "Les Européens peuvent-ils voter en Autriche ?",
                "Droit de vote autrichien",
            ],
            "keywords": [
                "droit de vote",
                "âge",
                "16 ans",
                "qui peut",
                "européen",
                "citoyen",
                "autriche",
            ],
            "answer": (
                "Peuvent voter les citoyens autrichiens qui ont 16 ans au plus tard le jour "
                "du vote et ne sont pas privés du droit de vote. Les citoyens de l'UE qui ont "
                "leur résidence principale en Autriche votent aux élections européennes et "
                "municipales (à Vienne, aux élections d'arrondissement)."
            ),
        },
    },
    "first-time-voter": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Ich wähle in Österreich zum ersten Mal: Was brauche ich?",
            "variants": [
                "Erstwähler mit 16 in Österreich",
                "Ich bin 16, was muss ich für die Wahl tun?",
                "Erste Wahl, wie läuft das ab?",
                "Erstwählerin, was brauche ich?",
            ],
            "keywords": [
                "erstwähler",
                "erstwählerin",
                "zum ersten mal",
                "erste wahl",
                "16",
                "jung",
                "jugendliche",
            ],
            "answer": (
                "Ab 16 dürfen Sie wählen und stehen automatisch im Wählerverzeichnis, wenn Sie "
                "mit Hauptwohnsitz gemeldet sind. Vor der Wahl kommt die amtliche "
                "Wahlinformation mit Ihrem Wahllokal. Nehmen Sie einen amtlichen "
                "Lichtbildausweis mit. Sind Sie am Wahltag verhindert, beantragen Sie eine "
                "Wahlkarte."
            ),
        },
        "en": {
            "question": "I am voting for the first time in Austria: what do I need?",
            "variants": [
                "Now that I am 16, do I get to vote?",
                "First time voter Austria",
                "How does my first vote work in Austria?",
                "Young voter Austria",
            ],
            "keywords": ["first time", "first vote", "turned 16", "16", "young", "new voter"],
            "answer": (
                "From 16 you can vote, and you are on the register automatically if your main "
                "residence is registered. Before the election the official voting information "
                "arrives with your polling station. Bring an official photo ID. If you cannot "
                "go on the day, apply for a Wahlkarte (postal vote)."
            ),
        },
        "fr": {
            "question": "Je vote pour la première fois en Autriche : que faire ?",
            "variants": [
                "J'ai 16 ans en Autriche, je peux voter ?",
                "Premier vote en Autriche",
                "Jeune électeur autrichien",
                "Première élection en Autriche, comment ça marche ?",
            ],
            "keywords": ["première fois", "premier vote", "16 ans", "jeune", "autriche"],
            "answer": (
                "Dès 16 ans vous pouvez voter, et vous êtes inscrit automatiquement si votre "
                "résidence principale est déclarée. Avant le vote, vous recevez l'information "
                "électorale officielle avec votre bureau de vote. Apportez une pièce "
                "d'identité officielle avec photo. Empêché ce jour-là ? Demandez une "
                "Wahlkarte."
            ),
        },
    },
    "moved-house": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Ich bin umgezogen: Wo wähle ich in Österreich?",
            "variants": [
                "Umzug vor der Wahl, wo wählen?",
                "Neuer Hauptwohnsitz und Wahl",
                "Wohnung gewechselt, in welcher Gemeinde wähle ich?",
                "Ummeldung und Wählerverzeichnis",
            ],
            "keywords": [
                "umgezogen",
                "umzug",
                "hauptwohnsitz",
                "ummelden",
                "ummeldung",
                "neue wohnung",
                "neue adresse",
            ],
            "answer": (
                "Sie wählen in der Gemeinde, in der Sie am Stichtag mit Hauptwohnsitz gemeldet "
                "waren. Melden Sie einen Umzug binnen 3 Tagen. Sind Sie nach dem Stichtag "
                "umgezogen, wählen Sie noch in der alten Gemeinde: am einfachsten mit einer "
                "Wahlkarte, die Sie dort beantragen."
            ),
        },
        "en": {
            "question": "I moved: where do I vote in Austria?",
            "variants": [
                "Moved flat before the election, where do I vote?",
                "New main residence and voting",
                "Changed address in Austria, which municipality?",
                "Moving house Austria election",
            ],
            "keywords": [
                "moved",
                "moving",
                "move",
                "new address",
                "main residence",
                "flat",
                "apartment",
            ],
            "answer": (
                "You vote in the municipality where your main residence was registered on the "
                "reference day (Stichtag). Register a move within 3 days. If you moved after "
                "the Stichtag, you still vote in your old municipality: easiest with a "
                "Wahlkarte requested there."
            ),
        },
        "fr": {
            "question": "J'ai déménagé : où voter en Autriche ?",
            "variants": [
                "Déménagement avant l'élection en Autriche",
                "Nouvelle résidence principale en Autriche, je vote où ?",
                "Changement d'adresse Autriche élection",
                "J'ai changé de commune en Autriche",
            ],
            "keywords": [
                "déménagé",
                "déménagement",
                "nouvelle adresse",
                "résidence principale",
                "autriche",
                "changement d'adresse",
            ],
            "answer": (
                "Vous votez dans la commune où votre résidence principale était déclarée au "
                "jour de référence (Stichtag). Déclarez un déménagement sous 3 jours. Si vous "
                "avez déménagé après ce jour, vous votez encore dans l'ancienne commune, le "
                "plus simple avec une Wahlkarte demandée là-bas."
            ),
        },
    },
    "proxy-vote": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Kann ich in Österreich jemandem eine Vollmacht zum Wählen geben?",
            "variants": [
                "Kann jemand anderes für mich wählen?",
                "Stellvertretend wählen in Österreich",
                "Wählen per Vollmacht",
                "Ich bin nicht da, wer wählt für mich?",
            ],
            "keywords": [
                "vollmacht",
                "für mich wählen",
                "stellvertretend",
                "bevollmächtigt",
                "jemand anderes",
                "nicht da",
            ],
            "answer": (
                "Nein: In Österreich gibt es keine Stimmabgabe durch einen Stellvertreter, "
                "Sie wählen immer selbst. Wenn Sie am Wahltag nicht in Ihr Wahllokal können, "
                "beantragen Sie eine Wahlkarte und wählen per Brief. Eine bevollmächtigte "
                "Person darf die Wahlkarte für Sie abholen, aber nicht für Sie wählen."
            ),
        },
        "en": {
            "question": "Can someone vote on my behalf in Austria?",
            "variants": [
                "Proxy voting in Austria",
                "Can I give someone a proxy in Austria?",
                "Someone else votes for me Austria",
                "I will be away, can my partner vote for me?",
            ],
            "keywords": ["proxy", "on my behalf", "vote for me", "someone else", "away"],
            "answer": (
                "No: Austria has no proxy voting; you always vote yourself. If you cannot go "
                "to your polling station, apply for a Wahlkarte and vote by post. A person "
                "you authorise may collect the Wahlkarte for you, but may not vote for you."
            ),
        },
        "fr": {
            "question": "Peut-on voter par procuration en Autriche ?",
            "variants": [
                "Existe-t-il la procuration en Autriche ?",
                "Quelqu'un peut voter à ma place en Autriche ?",
                "Donner procuration Autriche",
                "Je serai absent, vote à ma place en Autriche",
            ],
            "keywords": ["procuration", "à ma place", "mandataire", "absent", "autriche"],
            "answer": (
                "Non : en Autriche, le vote par procuration n'existe pas, vous votez toujours "
                "vous-même. Si vous ne pouvez pas aller à votre bureau de vote, demandez une "
                "Wahlkarte et votez par correspondance. Une personne mandatée peut retirer la "
                "Wahlkarte pour vous, pas voter à votre place."
            ),
        },
    },
    "postal-vote": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Wie beantrage ich eine Wahlkarte für die Briefwahl?",
            "variants": [
                "Antrag auf eine Wahlkarte stellen",
                "Briefwahl in Österreich",
                "Letzter Termin für die Rücksendung der Wahlkarte",
                "Bis wann kann ich eine Wahlkarte beantragen?",
                "Wahlkarte online anfordern",
            ],
            "keywords": [
                "wahlkarte",
                "briefwahl",
                "beantragen",
                "per post",
                "zurückschicken",
                "wahlkartenantrag",
                "urlaub",
                "abwesend",
            ],
            "answer": (
                "Beantragen Sie die Wahlkarte bei Ihrer Gemeinde, online (oesterreich.gv.at), "
                "schriftlich bis zum 4. Tag vor der Wahl oder persönlich bis zum 2. Tag vor "
                "der Wahl, 12 Uhr; telefonisch geht es nicht. Die unterschriebene Wahlkarte "
                "muss am Wahltag bis 17 Uhr bei der Bezirkswahlbehörde sein, oder Sie geben "
                "sie in jedem Wahllokal ab."
            ),
        },
        "en": {
            "question": "How do I get a Wahlkarte to vote by post in Austria?",
            "variants": [
                "Postal vote in Austria",
                "Apply for a postal ballot in Austria",
                "Deadline to apply for a Wahlkarte",
                "By when must my postal vote arrive?",
            ],
            "keywords": [
                "wahlkarte",
                "postal",
                "postal vote",
                "postal ballot",
                "by post",
                "mail",
                "absentee",
                "holiday",
                "away",
            ],
            "answer": (
                "Apply for a Wahlkarte to your municipality: online (oesterreich.gv.at), in "
                "writing until the 4th day before the election, or in person until noon on the "
                "2nd day before; not by phone. The signed Wahlkarte must reach the district "
                "election authority by 5 pm on election day, or be handed in at any polling "
                "station."
            ),
        },
        "fr": {
            "question": "Comment voter par correspondance en Autriche (Wahlkarte) ?",
            "variants": [
                "Obtenir une Wahlkarte pour voter de loin",
                "Vote par courrier en Autriche",
                "Demander une Wahlkarte",
                "Date limite du vote par correspondance autrichien",
            ],
            "keywords": ["wahlkarte", "correspondance", "courrier", "par la poste", "autriche"],
            "answer": (
                "Demandez une Wahlkarte à votre commune : en ligne (oesterreich.gv.at), par "
                "écrit jusqu'au 4e jour avant le vote ou en personne jusqu'au 2e jour avant, "
                "à midi ; pas par téléphone. La Wahlkarte signée doit arriver à l'autorité "
                "électorale du district le jour du vote avant 17 h, ou être déposée dans "
                "n'importe quel bureau de vote."
            ),
        },
    },
    "voting-abroad": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Ich lebe im Ausland: Wie wähle ich als Auslandsösterreicher?",
            "variants": [
                "Stimmabgabe für Österreicher im Ausland",
                "Wählen aus dem Ausland Österreich",
                "Wahlkarte ins Ausland",
                "Im Ausland wohnen und in Österreich wählen",
                "vacances",
                "absent",
            ],
            "keywords": [
                "ausland",
                "auslandsösterreicher",
                "im ausland",
                "botschaft",
                "konsulat",
                "wählerevidenz",
            ],
            "answer": (
                "Lassen Sie sich in die Wählerevidenz Ihrer letzten österreichischen "
                "Wohnsitzgemeinde eintragen (die Eintragung gilt 10 Jahre) und beantragen Sie "
                "für jede Wahl eine Wahlkarte, auf Wunsch automatisch. Sie wählen dann per "
                "Brief; die Wahlkarte kann auch über eine österreichische Vertretung "
                "zurückgeschickt werden."
            ),
        },
        "en": {
            "question": "I live abroad: how do I vote as an Austrian citizen?",
            "variants": [
                "Voting as an Austrian expat",
                "Voting from abroad Austria",
                "Austrian expat election",
                "Wahlkarte sent abroad",
            ],
            "keywords": ["abroad", "overseas", "expat", "living abroad", "embassy", "consulate"],
            "answer": (
                "Ask to be entered on the electoral register of your last Austrian home "
                "municipality (valid for 10 years) and apply for a Wahlkarte for each "
                "election, automatically if you wish. You then vote by post; the Wahlkarte "
                "can also be returned through an Austrian embassy or consulate."
            ),
        },
        "fr": {
            "question": "J'habite à l'étranger : comment voter en Autriche ?",
            "variants": [
                "Autrichien à l'étranger, comment voter ?",
                "Voter depuis l'étranger en Autriche",
                "Expatrié autrichien élection",
                "Wahlkarte envoyée à l'étranger",
            ],
            "keywords": ["étranger", "expatrié", "ambassade", "consulat", "autriche"],
            "answer": (
                "Demandez votre inscription au registre électoral de votre dernière commune "
                "autrichienne (valable 10 ans) et une Wahlkarte pour chaque élection, "
                "automatiquement si vous le souhaitez. Vous votez alors par correspondance ; "
                "la Wahlkarte peut aussi être renvoyée par une ambassade ou un consulat "
                "d'Autriche."
            ),
        },
    },
    "polling-station": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Wo ist mein Wahllokal in Österreich?",
            "variants": [
                "Wo wähle ich?",
                "Wo muss ich wählen gehen?",
                "Adresse meines Wahllokals",
                "Wahllokal finden",
            ],
            "keywords": ["wahllokal", "wo wählen", "wahlsprengel", "adresse", "finden", "wo"],
            "answer": (
                "[Für Ihre Adresse: {polling_station}.] Ihr Wahllokal steht auf der amtlichen "
                "Wahlinformation, die Sie vor der Wahl per Post bekommen. Sonst fragen Sie "
                "Ihr Gemeindeamt oder sehen auf der Website Ihrer Gemeinde nach."
            ),
        },
        "en": {
            "question": "Where is my polling station in Austria?",
            "variants": [
                "Where do I vote in Austria?",
                "Where do I go to vote?",
                "Address of my polling place",
                "Find my polling station Austria",
            ],
            "keywords": [
                "polling station",
                "polling place",
                "where",
                "where to vote",
                "address",
                "find",
            ],
            "answer": (
                "[For your address: {polling_station}.] Your polling station is printed on the "
                "official voting information you receive by post before the election. "
                "Otherwise ask your municipal office or look on your municipality's website."
            ),
        },
        "fr": {
            "question": "Où est mon bureau de vote en Autriche ?",
            "variants": [
                "Où voter en Autriche ?",
                "Je vote où en Autriche ?",
                "Adresse du bureau de vote",
                "Trouver mon bureau de vote autrichien",
            ],
            "keywords": ["bureau de vote", "où voter", "adresse", "trouver", "où", "autriche"],
            "answer": (
                "[Pour votre adresse : {polling_station}.] Votre bureau de vote figure sur "
                "l'information électorale officielle reçue par courrier avant le vote. Sinon, "
                "demandez à votre commune ou consultez son site."
            ),
        },
    },
    "opening-hours": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Wann haben die Wahllokale in Österreich offen?",
            "variants": [
                "Öffnungszeiten Wahllokal",
                "Wann schließen die Wahllokale in Österreich?",
                "Bis wie viel Uhr kann ich wählen?",
                "Ab wann hat das Wahllokal offen?",
            ],
            "keywords": [
                "öffnungszeiten",
                "offen",
                "geöffnet",
                "zusperren",
                "schließt",
                "uhrzeit",
                "uhr",
                "wann",
            ],
            "answer": (
                "[Für {election_name} ist Ihr Wahllokal von {polls_open} bis {polls_close} "
                "geöffnet.] Die Öffnungszeiten legt jede Gemeinde fest; sie stehen auf der "
                "amtlichen Wahlinformation. Bei Nationalratswahlen schließen alle Wahllokale "
                "spätestens um 17 Uhr, viele schon früher."
            ),
        },
        "en": {
            "question": "What are the polling hours in Austria?",
            "variants": [
                "When do polling stations open in Austria?",
                "What time do polls close in Austria?",
                "Until what time can I vote?",
                "Polling station opening hours",
            ],
            "keywords": ["hours", "time", "open", "close", "closing", "opening", "what time"],
            "answer": (
                "[For {election_name}, your polling station is open from {polls_open} to "
                "{polls_close}.] Each municipality sets its own hours, printed on the official "
                "voting information. In national elections all polling stations close at 5 pm "
                "at the latest, many earlier."
            ),
        },
        "fr": {
            "question": "Quels sont les horaires des bureaux de vote en Autriche ?",
            "variants": [
                "À quelle heure ferment les bureaux de vote autrichiens ?",
                "Heure d'ouverture bureau de vote Autriche",
                "Jusqu'à quelle heure voter en Autriche ?",
                "Horaires de vote autrichiens",
            ],
            "keywords": ["horaires", "heure", "ouvre", "ferme", "fermeture", "autriche"],
            "answer": (
                "[Pour {election_name}, votre bureau est ouvert de {polls_open} à "
                "{polls_close}.] Chaque commune fixe ses horaires, indiqués sur l'information "
                "électorale officielle. Aux élections nationales, tous les bureaux ferment au "
                "plus tard à 17 h, souvent plus tôt."
            ),
        },
    },
    "id-documents": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Welchen Ausweis brauche ich zum Wählen in Österreich?",
            "variants": [
                "Lichtbildausweis bei der Wahl",
                "Welche Dokumente ins Wahllokal mitnehmen?",
                "Kann ich mit dem Führerschein wählen?",
                "Brauche ich die Wahlinformation zum Wählen?",
            ],
            "keywords": [
                "ausweis",
                "lichtbildausweis",
                "reisepass",
                "personalausweis",
                "führerschein",
                "dokument",
                "mitnehmen",
            ],
            "answer": (
                "Nehmen Sie einen amtlichen Lichtbildausweis mit, zum Beispiel Personalausweis, "
                "Reisepass oder Führerschein. Die amtliche Wahlinformation erleichtert das "
                "Finden im Wählerverzeichnis, ist aber nicht Pflicht."
            ),
        },
        "en": {
            "question": "What ID do I need to vote in Austria?",
            "variants": [
                "Photo ID for voting in Austria",
                "What documents should I bring to vote?",
                "Can I vote with my driving licence in Austria?",
                "Do I need the voting information letter?",
            ],
            "keywords": [
                "id",
                "photo id",
                "identity",
                "passport",
                "driving licence",
                "documents",
                "bring",
            ],
            "answer": (
                "Bring an official photo ID such as an identity card, passport or driving "
                "licence. The official voting information letter helps find you on the "
                "register but is not required."
            ),
        },
        "fr": {
            "question": "Quelle pièce d'identité pour voter en Autriche ?",
            "variants": [
                "Papiers pour voter en Autriche",
                "Faut-il une pièce d'identité avec photo en Autriche ?",
                "Permis de conduire pour voter en Autriche",
                "Quels documents apporter au bureau de vote autrichien ?",
            ],
            "keywords": [
                "pièce d'identité",
                "carte d'identité",
                "passeport",
                "permis",
                "papiers",
                "autriche",
            ],
            "answer": (
                "Apportez une pièce d'identité officielle avec photo : carte d'identité, "
                "passeport ou permis de conduire par exemple. L'information électorale "
                "officielle aide à vous trouver sur la liste mais n'est pas obligatoire."
            ),
        },
    },
    "lost-voter-card": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Ich habe die amtliche Wahlinformation verloren: Kann ich wählen?",
            "variants": [
                "Wahlinformation nicht bekommen",
                "Wahlkarte verloren",
                "Ohne Wahlinformation wählen",
                "Wo ist meine Wahlinformation hin, darf ich trotzdem wählen?",
            ],
            "keywords": [
                "wahlinformation",
                "verloren",
                "nicht bekommen",
                "nicht erhalten",
                "ohne",
                "weg",
            ],
            "answer": (
                "Ja: Die amtliche Wahlinformation ist nicht Pflicht. Gehen Sie mit einem "
                "amtlichen Lichtbildausweis in Ihr Wahllokal; Ihr Gemeindeamt nennt es Ihnen. "
                "Eine verlorene Wahlkarte wird dagegen nicht ersetzt."
            ),
        },
        "en": {
            "question": "I lost my official voting information letter: can I still vote?",
            "variants": [
                "Did not get my voting information in Austria",
                "Lost my Wahlkarte",
                "Vote without the voting information",
                "Lost voter card Austria",
            ],
            "keywords": [
                "voting information",
                "voter card",
                "lost",
                "not received",
                "never arrived",
                "without",
            ],
            "answer": (
                "Yes: the official voting information letter is not required. Go to your "
                "polling station with an official photo ID; your municipal office can tell "
                "you where it is. A lost Wahlkarte, however, is not replaced."
            ),
        },
        "fr": {
            "question": "J'ai perdu mon information électorale en Autriche : puis-je voter ?",
            "variants": [
                "Pas reçu l'information électorale autrichienne",
                "Wahlkarte perdue",
                "Voter sans l'information électorale",
                "Carte électorale perdue Autriche",
            ],
            "keywords": [
                "perdu",
                "perdue",
                "pas reçu",
                "information électorale",
                "carte électorale",
                "autriche",
            ],
            "answer": (
                "Oui : l'information électorale officielle n'est pas obligatoire. Allez à "
                "votre bureau de vote avec une pièce d'identité officielle avec photo ; votre "
                "commune vous l'indique. En revanche, une Wahlkarte perdue n'est pas "
                "remplacée."
            ),
        },
    },
    "accessibility": {
        "source_url": OGV_URL,
        "source_name": OGV,
        "de": {
            "question": "Ich habe eine Behinderung: Wie wähle ich in Österreich?",
            "variants": [
                "Ist das Wahllokal barrierefrei?",
                "Besuch der Wahlbehörde zu Hause, wenn ich nicht gehen kann",
                "Darf mich jemand in die Wahlzelle begleiten?",
                "Wählen im Rollstuhl",
            ],
            "keywords": [
                "barrierefrei",
                "behinderung",
                "gehbehindert",
                "rollstuhl",
                "fliegende wahlbehörde",
                "begleitperson",
                "blind",
                "schablone",
                "bettlägerig",
            ],
            "answer": (
                "Jede Gemeinde hat barrierefreie Wahllokale; welche, steht auf der amtlichen "
                "Wahlinformation. Wer körperlich oder sehbehindert ist, darf eine "
                "Begleitperson mitnehmen; für Blinde gibt es Stimmzettel-Schablonen. Wer "
                "bettlägerig ist, beantragt eine Wahlkarte mit Besuch der „fliegenden "
                "Wahlbehörde“."
            ),
        },
        "en": {
            "question": "I have a disability: how do I vote in Austria?",
            "variants": [
                "Is the polling station accessible in Austria?",
                "Wheelchair access polling station Austria",
                "Can someone help me in the voting booth?",
                "I cannot leave my bed, how can I vote?",
            ],
            "keywords": [
                "disability",
                "disabled",
                "wheelchair",
                "accessible",
                "blind",
                "help",
                "bedridden",
                "mobile",
            ],
            "answer": (
                "Every municipality has barrier-free polling stations, listed on the official "
                "voting information. Voters with a physical or visual impairment may bring a "
                "companion; blind voters can use ballot templates. If you cannot leave your "
                "bed, apply for a Wahlkarte with a visit of the mobile election board."
            ),
        },
        "fr": {
            "question": "Je suis en situation de handicap : comment voter en Autriche ?",
            "variants": [
                "Bureau de vote accessible en Autriche ?",
                "Fauteuil roulant bureau de vote autrichien",
                "Se faire accompagner pour voter en Autriche",
                "Je ne peux pas me déplacer, comment voter en Autriche ?",
            ],
            "keywords": [
                "handicap",
                "accessible",
                "fauteuil roulant",
                "accompagner",
                "aveugle",
                "autriche",
            ],
            "answer": (
                "Chaque commune a des bureaux de vote sans obstacles, indiqués sur "
                "l'information électorale officielle. Un électeur handicapé peut se faire "
                "accompagner ; des gabarits de bulletin existent pour les aveugles. Si vous "
                "ne pouvez pas vous déplacer, demandez une Wahlkarte avec la visite d'une "
                "commission électorale mobile."
            ),
        },
    },
    "election-dates": {
        "source_url": "https://www.bmi.gv.at/412/",
        "source_name": BMI,
        "de": {
            "question": "Wann ist die nächste Wahl in Österreich?",
            "variants": [
                "Wann wird gewählt?",
                "Countdown bis zum Wahltag",
                "Wahltermin Österreich",
                "Datum der Wahl",
            ],
            "keywords": [
                "wann",
                "wahltermin",
                "datum",
                "nächste wahl",
                "wahltag",
                "wie viele tage",
                "termin",
            ],
            "answer": (
                "[{election_name} findet am {election_date} statt, {days_left}.] In "
                "Österreich wird an einem Sonntag oder Feiertag gewählt; den Wahltag legt die "
                "Wahlausschreibung fest. Alle Termine veröffentlicht das Innenministerium."
            ),
        },
        "en": {
            "question": "When is the next election in Austria?",
            "variants": [
                "Austria election date",
                "How many days until the election in Austria?",
                "When do Austrians vote?",
                "Election day Austria",
            ],
            "keywords": [
                "when",
                "date",
                "next election",
                "election day",
                "how many days",
                "days left",
            ],
            "answer": (
                "[{election_name} takes place on {election_date}, {days_left}.] "
                "Austria votes on a Sunday or public holiday set in the official announcement "
                "of the election. The Ministry of the Interior publishes all dates."
            ),
        },
        "fr": {
            "question": "Quand a lieu la prochaine élection en Autriche ?",
            "variants": [
                "Date de l'élection autrichienne",
                "Combien de jours avant l'élection en Autriche ?",
                "On vote quand en Autriche ?",
                "Jour du scrutin en Autriche",
            ],
            "keywords": ["quand", "date", "prochaine élection", "combien de jours", "autriche"],
            "answer": (
                "[{election_name} a lieu le {election_date}, {days_left}.] En "
                "Autriche, on vote un dimanche ou un jour férié fixé par l'annonce officielle "
                "de l'élection. Le ministère de l'Intérieur publie toutes les dates."
            ),
        },
    },
    "results": {
        "source_url": "https://www.bmi.gv.at/412/",
        "source_name": BMI,
        "de": {
            "question": "Wo finde ich das Wahlergebnis in Österreich?",
            "variants": [
                "Wann gibt es die Ergebnisse?",
                "Ergebnis der Wahl in Österreich",
                "Hochrechnung und Endergebnis",
                "Wann werden die Wahlkarten ausgezählt?",
            ],
            "keywords": [
                "ergebnis",
                "ergebnisse",
                "wahlergebnis",
                "endergebnis",
                "hochrechnung",
                "auszählung",
                "wer hat gewonnen",
            ],
            "answer": (
                "Das vorläufige Ergebnis veröffentlicht das Innenministerium am Wahlabend auf "
                "bmi.gv.at. Die per Brief abgegebenen Wahlkarten werden zum Teil erst nach dem "
                "Wahltag ausgezählt, deshalb kann sich das Ergebnis noch ändern. Das "
                "Endergebnis verlautbart die Bundeswahlbehörde."
            ),
        },
        "en": {
            "question": "Where can I find the election results in Austria?",
            "variants": [
                "When are the results out in Austria?",
                "Austrian election results",
                "When are postal votes counted?",
                "Final result Austria",
            ],
            "keywords": ["results", "result", "final result", "count", "who won", "outcome"],
            "answer": (
                "The Ministry of the Interior publishes the provisional result on election "
                "night on bmi.gv.at. Some postal votes (Wahlkarten) are counted after election "
                "day, so the result can still change. The federal election board announces "
                "the final result."
            ),
        },
        "fr": {
            "question": "Où trouver les résultats des élections en Autriche ?",
            "variants": [
                "Résultats de l'élection autrichienne",
                "Quand aura-t-on les résultats en Autriche ?",
                "Résultat final en Autriche",
                "Dépouillement des votes par correspondance autrichiens",
            ],
            "keywords": ["résultats", "résultat", "dépouillement", "qui a gagné", "autriche"],
            "answer": (
                "Le ministère de l'Intérieur publie le résultat provisoire le soir du vote sur "
                "bmi.gv.at. Une partie des votes par correspondance (Wahlkarten) est comptée "
                "après le jour du vote, le résultat peut donc encore changer. L'autorité "
                "électorale fédérale proclame le résultat final."
            ),
        },
    },
}
