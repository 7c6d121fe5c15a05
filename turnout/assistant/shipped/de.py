"""Germany: the shipped knowledge base in French, English and German (federal rules).

Rules, not dates: the dates of one election come from the ``Election`` row through the
placeholders (see ``turnout.assistant.facts``). Voting ages and EU citizens' rights differ in
state and municipal elections: the entries say so rather than give one state's rule. A part
in square brackets is said only when every placeholder in it is known.
"""

from datetime import date

COUNTRY = "DE"
LAST_VERIFIED = date(2026, 11, 24)
OFFICIAL_SITE = "https://www.bundeswahlleiterin.de/"

BWL = "Die Bundeswahlleiterin"
BWL_URL = "https://www.bundeswahlleiterin.de/"
GLOSSAR = "https://www.bundeswahlleiterin.de/service/glossar.html"

ENTRIES = {
    "register-deadline": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Bis wann muss ich im Wählerverzeichnis eingetragen sein?",
            "variants": [
                "Frist für die Eintragung ins Wählerverzeichnis",
                "Bis wann kann ich die Eintragung ins Wählerverzeichnis beantragen?",
                "Ist es zu spät, mich für die Wahl anzumelden?",
                "Stichtag Wählerverzeichnis",
            ],
            "keywords": [
                "frist",
                "bis wann",
                "stichtag",
                "eintragung",
                "wählerverzeichnis",
                "zu spät",
                "antrag",
                "eintragen",
                "registrieren",
            ],
            "answer": (
                "Wer am 42. Tag vor der Wahl mit Wohnung gemeldet ist, steht automatisch im "
                "Wählerverzeichnis. Wer nicht automatisch eingetragen ist (zum Beispiel "
                "Deutsche im Ausland), muss die Eintragung spätestens am 21. Tag vor der Wahl "
                "beantragen. [Für {election_name} ist das der {registration_deadline}.]"
            ),
        },
        "en": {
            "question": "What is the deadline to get on the electoral roll in Germany?",
            "variants": [
                "Germany voter registration deadline",
                "Until when can I apply to be on the voter register in Germany?",
                "Is it too late to register to vote in Germany?",
                "Last day to register Germany",
            ],
            "keywords": [
                "deadline",
                "register",
                "registration",
                "electoral roll",
                "too late",
                "last day",
                "cut off",
                "apply",
            ],
            "answer": (
                "Anyone registered as a resident on the 42nd day before the election is on "
                "the electoral roll automatically. People not entered automatically (for "
                "example Germans abroad) must apply by the 21st day before the election. [For "
                "{election_name}, that is {registration_deadline}.]"
            ),
        },
        "fr": {
            "question": "Quelle est la date limite d'inscription pour voter en Allemagne ?",
            "variants": [
                "Dernier jour pour demander l'inscription sur le registre allemand",
                "Jusqu'à quand s'inscrire pour voter en Allemagne ?",
                "Délai d'inscription sur le registre électoral allemand",
                "Trop tard pour s'inscrire en Allemagne ?",
            ],
            "keywords": [
                "date limite",
                "délai",
                "inscription",
                "jusqu'à quand",
                "allemagne",
                "trop tard",
            ],
            "answer": (
                "Toute personne déclarée à son domicile le 42e jour avant l'élection est "
                "inscrite automatiquement. Celles qui ne le sont pas (par exemple les "
                "Allemands de l'étranger) doivent demander leur inscription au plus tard le "
                "21e jour avant l'élection. [Pour {election_name}, c'est le "
                "{registration_deadline}.]"
            ),
        },
    },
    "register-how": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Wie komme ich ins Wählerverzeichnis?",
            "variants": [
                "Muss ich mich zur Wahl anmelden?",
                "Wie registriere ich mich als Wähler?",
                "Eintragung ins Wählerverzeichnis",
                "Anmeldung zur Wahl in Deutschland",
            ],
            "keywords": [
                "anmelden",
                "anmeldung",
                "registrieren",
                "eintragung",
                "eintragen",
                "wählerverzeichnis",
                "melderegister",
                "automatisch",
            ],
            "answer": (
                "In Deutschland müssen Sie sich nicht extra anmelden: Die Gemeinde trägt alle "
                "Wahlberechtigten, die bei der Meldebehörde gemeldet sind, automatisch ins "
                "Wählerverzeichnis ein. Sie bekommen dann eine Wahlbenachrichtigung per Post. "
                "Deutsche im Ausland stellen dafür einen Antrag."
            ),
        },
        "en": {
            "question": "How do I register to vote in Germany?",
            "variants": [
                "Do I need to register to vote in Germany?",
                "How to get on the electoral register in Germany",
                "Voter registration Germany",
                "Sign up to vote Germany",
            ],
            "keywords": [
                "register",
                "registration",
                "sign up",
                "electoral register",
                "automatic",
                "automatically",
                "residence registration",
            ],
            "answer": (
                "In Germany you do not register separately: the municipality puts everyone "
                "entitled to vote who is registered as a resident on the electoral roll "
                "automatically. You then receive a polling card (Wahlbenachrichtigung) by "
                "post. Germans abroad have to apply."
            ),
        },
        "fr": {
            "question": "Comment s'inscrire pour voter en Allemagne ?",
            "variants": [
                "Faut-il s'inscrire pour voter en Allemagne ?",
                "Inscription sur le registre électoral allemand",
                "Liste électorale en Allemagne",
                "Comment être inscrit pour voter en Allemagne ?",
            ],
            "keywords": [
                "inscrire",
                "inscription",
                "registre",
                "liste électorale",
                "automatique",
                "allemagne",
            ],
            "answer": (
                "En Allemagne, pas d'inscription à faire : la commune inscrit automatiquement "
                "toute personne ayant le droit de vote et déclarée à son domicile. Vous "
                "recevez alors une carte d'électeur (Wahlbenachrichtigung) par courrier. Les "
                "Allemands de l'étranger doivent en faire la demande."
            ),
        },
    },
    "register-check": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Wie prüfe ich, ob ich im Wählerverzeichnis stehe?",
            "variants": [
                "Stehe ich im Wählerverzeichnis?",
                "Einsicht ins Wählerverzeichnis",
                "Bin ich zur Wahl eingetragen?",
                "Wählerverzeichnis überprüfen",
            ],
            "keywords": [
                "prüfen",
                "überprüfen",
                "einsicht",
                "stehe ich",
                "bin ich",
                "eingetragen",
                "kontrollieren",
            ],
            "answer": (
                "Die Wahlbenachrichtigung, die spätestens am 21. Tag vor der Wahl ankommt, "
                "zeigt, dass Sie eingetragen sind. Vom 20. bis 16. Tag vor der Wahl können "
                "Sie das Wählerverzeichnis bei Ihrer Gemeinde einsehen und bei einem Fehler "
                "Einspruch einlegen."
            ),
        },
        "en": {
            "question": "How do I check that I am on the electoral roll in Germany?",
            "variants": [
                "Am I registered to vote in Germany?",
                "Check the voter register Germany",
                "Am I on the voter list?",
                "Inspect the electoral roll",
            ],
            "keywords": [
                "check",
                "verify",
                "am i registered",
                "voter list",
                "inspect",
                "registered",
            ],
            "answer": (
                "The polling card, which arrives by the 21st day before the election, shows "
                "that you are registered. From the 20th to the 16th day before the election "
                "you can inspect the electoral roll at your municipality and object to a "
                "mistake."
            ),
        },
        "fr": {
            "question": "Comment vérifier mon inscription électorale en Allemagne ?",
            "variants": [
                "Suis-je inscrit pour voter en Allemagne ?",
                "Consulter le registre électoral allemand",
                "Vérifier la liste électorale en Allemagne",
                "Je ne sais pas si je suis inscrit en Allemagne",
            ],
            "keywords": ["vérifier", "consulter", "inscrit", "suis-je", "allemagne"],
            "answer": (
                "La carte d'électeur (Wahlbenachrichtigung), qui arrive au plus tard le 21e "
                "jour avant l'élection, montre que vous êtes inscrit. Du 20e au 16e jour avant "
                "l'élection, vous pouvez consulter la liste à la mairie et contester une "
                "erreur."
            ),
        },
    },
    "who-can-vote": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Wer darf in Deutschland wählen?",
            "variants": [
                "Ab welchem Alter darf ich abstimmen?",
                "Ab wann darf man wählen?",
                "Dürfen EU-Bürger in Deutschland wählen?",
                "Wahlalter Deutschland",
                "Bin ich wahlberechtigt?",
            ],
            "keywords": [
                "wahlrecht",
                "wahlberechtigt",
                "wer darf",
                "wahlalter",
                "16",
                "18",
                "eu-bürger",
                "staatsangehörigkeit",
                "alter",
            ],
            "answer": (
                "Bei der Bundestagswahl wählen Deutsche ab 18, die seit mindestens 3 Monaten "
                "in Deutschland wohnen. Bei der Europawahl gilt 16 Jahre, und EU-Bürger mit "
                "Wohnsitz in Deutschland dürfen mitwählen. Bei Landtags- und Kommunalwahlen "
                "gelten in mehreren Ländern 16 Jahre; EU-Bürger wählen bei Kommunalwahlen. "
                "Die Regeln Ihres Landes nennt Ihre Gemeinde."
            ),
        },
        "en": {
            "question": "Who can vote in Germany?",
            "variants": [
                "Minimum age to vote in Germany",
                "What is the voting age in Germany?",
                "Can EU citizens vote in Germany?",
                "Am I eligible to vote in Germany?",
            ],
            "keywords": [
                "voting age",
                "eligible",
                "who can",
                "allowed",
                "16",
                "18",
                "eu citizens",
                "citizen",
                "age",
            ],
            "answer": (
                "In federal elections Germans aged 18 who have lived in Germany for at least "
                "3 months vote. In European elections the age is 16, and EU citizens living "
                "in Germany can vote. In state and municipal elections several states allow "
                "voting from 16, and EU citizens vote in municipal elections. Your "
                "municipality knows your state's rules."
            ),
        },
        "fr": {
            "question": "Qui peut voter en Allemagne ?",
            "variants": [
                "Âge du droit de vote en Allemagne",
                "Peut-on voter à 16 ans en Allemagne ?",
                "Les Européens peuvent-ils voter en Allemagne ?",
                "Droit de vote allemand",
            ],
            "keywords": [
                "droit de vote",
                "âge",
                "16 ans",
                "18 ans",
                "qui peut",
                "européen",
                "allemagne",
            ],
            "answer": (
                "Aux élections fédérales votent les Allemands de 18 ans qui vivent en "
                "Allemagne depuis au moins 3 mois. Aux européennes, l'âge est de 16 ans et les "
                "citoyens de l'UE résidant en Allemagne votent. Aux élections régionales et "
                "municipales, plusieurs Länder permettent de voter dès 16 ans ; les citoyens "
                "de l'UE votent aux municipales."
            ),
        },
    },
    "first-time-voter": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Ich bin Erstwähler: Was muss ich tun?",
            "variants": [
                "Zum ersten Mal wählen",
                "Erstwählerin, wie läuft die Wahl ab?",
                "Ich bin 18 geworden, muss ich mich anmelden?",
                "Erste Wahl, was brauche ich?",
            ],
            "keywords": [
                "erstwähler",
                "erstwählerin",
                "zum ersten mal",
                "erste wahl",
                "18",
                "jung",
                "neu",
            ],
            "answer": (
                "Sie müssen nichts beantragen: Wenn Sie gemeldet sind, stehen Sie automatisch "
                "im Wählerverzeichnis und bekommen eine Wahlbenachrichtigung mit Ihrem "
                "Wahllokal. Nehmen Sie am Wahltag Ihren Personalausweis oder Reisepass mit. "
                "Wenn Sie verhindert sind, beantragen Sie Briefwahl."
            ),
        },
        "en": {
            "question": "I am a first-time voter in Germany: what do I do?",
            "variants": [
                "First time voting in Germany",
                "I just turned 18 in Germany, do I need to register?",
                "How does my first vote work in Germany?",
                "Young voter Germany",
            ],
            "keywords": ["first time", "first vote", "turned 18", "young", "new voter"],
            "answer": (
                "You do not need to apply: if you are registered as a resident you are on the "
                "electoral roll automatically and get a polling card with your polling "
                "station. Bring your identity card or passport on election day. If you cannot "
                "go, request a postal vote."
            ),
        },
        "fr": {
            "question": "Je vote pour la première fois en Allemagne : que faire ?",
            "variants": [
                "Premier vote en Allemagne",
                "J'ai 18 ans en Allemagne, dois-je m'inscrire ?",
                "Jeune électeur en Allemagne",
                "Première élection allemande",
            ],
            "keywords": ["première fois", "premier vote", "18 ans", "jeune", "allemagne"],
            "answer": (
                "Rien à demander : si vous êtes déclaré à votre domicile, vous êtes inscrit "
                "automatiquement et recevez une carte d'électeur avec votre bureau de vote. "
                "Le jour du vote, apportez votre carte d'identité ou votre passeport. Si vous "
                "êtes empêché, demandez le vote par correspondance."
            ),
        },
    },
    "moved-house": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Ich bin umgezogen: Wo wähle ich?",
            "variants": [
                "Umzug vor der Wahl",
                "Neue Adresse, in welchem Wahllokal wähle ich?",
                "Umgemeldet, wo bin ich im Wählerverzeichnis?",
                "Ummelden und wählen",
            ],
            "keywords": [
                "umgezogen",
                "umzug",
                "ummelden",
                "umgemeldet",
                "neue adresse",
                "neue wohnung",
                "zugezogen",
            ],
            "answer": (
                "Melden Sie sich innerhalb von 2 Wochen am neuen Wohnort an. Wer am 42. Tag "
                "vor der Wahl dort gemeldet ist, steht im neuen Wählerverzeichnis. Bei einem "
                "späteren Umzug bleiben Sie meist im alten Wählerverzeichnis, außer Sie "
                "beantragen bis zum 21. Tag die Eintragung am neuen Ort. Die "
                "Wahlbenachrichtigung zeigt, wo Sie wählen; Briefwahl geht immer."
            ),
        },
        "en": {
            "question": "I moved house: where do I vote in Germany?",
            "variants": [
                "Moved before the election in Germany",
                "New address, which polling station?",
                "I moved city in Germany, am I on the new register?",
                "Moving and voting Germany",
            ],
            "keywords": ["moved", "moving", "move", "new address", "new flat", "relocated"],
            "answer": (
                "Register at your new address within 2 weeks. If you are registered there on "
                "the 42nd day before the election, you are on the new roll. After a later "
                "move you usually stay on the old roll, unless you apply to the new "
                "municipality by the 21st day. Your polling card shows where you vote; postal "
                "voting always works."
            ),
        },
        "fr": {
            "question": "J'ai déménagé : où voter en Allemagne ?",
            "variants": [
                "Déménagement avant l'élection en Allemagne",
                "Nouvelle adresse en Allemagne, quel bureau de vote ?",
                "Changement d'adresse et vote en Allemagne",
                "J'ai changé de ville en Allemagne",
            ],
            "keywords": [
                "déménagé",
                "déménagement",
                "nouvelle adresse",
                "changement d'adresse",
                "allemagne",
            ],
            "answer": (
                "Déclarez votre nouvelle adresse dans les 2 semaines. Si vous y êtes déclaré "
                "le 42e jour avant l'élection, vous êtes sur la nouvelle liste. Après un "
                "déménagement plus tardif, vous restez en général sur l'ancienne, sauf demande "
                "à la nouvelle commune avant le 21e jour. La carte d'électeur indique où "
                "voter ; le vote par correspondance reste possible."
            ),
        },
    },
    "proxy-vote": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Kann jemand anderes für mich wählen?",
            "variants": [
                "Wählen mit Vollmacht",
                "Stellvertretend wählen in Deutschland",
                "Kann mein Partner für mich abstimmen?",
                "Ich bin nicht da, kann jemand für mich wählen?",
            ],
            "keywords": [
                "vollmacht",
                "für mich wählen",
                "stellvertretend",
                "jemand anderes",
                "bevollmächtigen",
                "nicht da",
            ],
            "answer": (
                "Nein: In Deutschland gibt es keine Stimmabgabe per Vollmacht, Sie wählen "
                "selbst, im Wahllokal oder per Briefwahl. Mit schriftlicher Vollmacht darf "
                "jemand Ihre Briefwahlunterlagen abholen. Wer wegen einer Behinderung nicht "
                "allein wählen kann, darf eine Hilfsperson mitnehmen."
            ),
        },
        "en": {
            "question": "Can someone vote for me in Germany?",
            "variants": [
                "Proxy voting in Germany",
                "Can I give someone a proxy in Germany?",
                "Vote on my behalf Germany",
                "I will be away, can my partner vote for me?",
            ],
            "keywords": ["proxy", "on my behalf", "vote for me", "someone else", "away"],
            "answer": (
                "No: Germany has no proxy voting; you vote yourself, at the polling station or "
                "by post. With a written authorisation someone may collect your postal voting "
                "papers. A voter who cannot vote alone because of a disability may bring a "
                "helper."
            ),
        },
        "fr": {
            "question": "Peut-on voter par procuration en Allemagne ?",
            "variants": [
                "Procuration en Allemagne",
                "Quelqu'un peut voter à ma place en Allemagne ?",
                "Donner procuration pour une élection allemande",
                "Absent le jour du vote en Allemagne",
            ],
            "keywords": ["procuration", "à ma place", "mandataire", "absent", "allemagne"],
            "answer": (
                "Non : l'Allemagne ne connaît pas le vote par procuration ; vous votez "
                "vous-même, au bureau de vote ou par correspondance. Avec une autorisation "
                "écrite, quelqu'un peut retirer vos documents de vote par correspondance. Un "
                "électeur handicapé peut se faire aider."
            ),
        },
    },
    "postal-vote": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Wie beantrage ich Briefwahl?",
            "variants": [
                "Briefwahlunterlagen anfordern",
                "Bis wann kann ich Briefwahl beantragen?",
                "Wahlschein beantragen",
                "Bis wann muss der Wahlbrief ankommen?",
                "Briefwahl online beantragen",
            ],
            "keywords": [
                "briefwahl",
                "wahlschein",
                "briefwahlunterlagen",
                "wahlbrief",
                "per post",
                "beantragen",
                "anfordern",
                "urlaub",
                "abwesend",
                "verreist",
            ],
            "answer": (
                "Beantragen Sie den Wahlschein mit Briefwahlunterlagen bei Ihrer Gemeinde: "
                "online, schriftlich, per E-Mail oder persönlich (nicht telefonisch), mit den "
                "Angaben auf der Wahlbenachrichtigung, bis Freitag vor der Wahl, 18 Uhr. Der "
                "rote Wahlbrief muss am Wahltag bis 18 Uhr ankommen; im Inland ist er "
                "portofrei. Schicken Sie ihn einige Tage vorher ab."
            ),
        },
        "en": {
            "question": "How do I request a postal vote in Germany?",
            "variants": [
                "Postal ballot Germany",
                "Vote by mail in Germany",
                "Deadline for postal voting Germany",
                "By when must my postal vote arrive?",
            ],
            "keywords": [
                "postal",
                "postal vote",
                "postal ballot",
                "by post",
                "mail",
                "by mail",
                "absentee",
                "briefwahl",
                "holiday",
                "away",
            ],
            "answer": (
                "Request a voting certificate with postal voting papers from your "
                "municipality: online, in writing, by email or in person (not by phone), "
                "using the details on your polling card, by 6 pm on the Friday before the "
                "election. The red envelope must arrive by 6 pm on election day; within "
                "Germany postage is free. Send it a few days ahead."
            ),
        },
        "fr": {
            "question": "Comment voter par correspondance en Allemagne ?",
            "variants": [
                "Vote par courrier en Allemagne",
                "Demander le vote par correspondance (Briefwahl)",
                "Date limite du vote par correspondance en Allemagne",
                "Briefwahl comment faire",
            ],
            "keywords": ["correspondance", "courrier", "briefwahl", "par la poste", "allemagne"],
            "answer": (
                "Demandez à votre commune le certificat d'électeur et les documents de vote "
                "par correspondance : en ligne, par écrit, par e-mail ou sur place (pas par "
                "téléphone), avec les données de votre carte d'électeur, jusqu'au vendredi "
                "avant le vote à 18 h. L'enveloppe rouge doit arriver le jour du vote avant "
                "18 h ; en Allemagne, l'envoi est gratuit."
            ),
        },
    },
    "voting-abroad": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Ich wohne im Ausland: Wie kann ich wählen?",
            "variants": [
                "Wählen als Auslandsdeutscher",
                "Deutsche im Ausland Wahl",
                "Antrag auf Eintragung ins Wählerverzeichnis aus dem Ausland",
                "Aus dem Ausland wählen",
                "vacances",
                "absent",
            ],
            "keywords": [
                "ausland",
                "auslandsdeutsche",
                "im ausland",
                "botschaft",
                "konsulat",
                "auswandern",
            ],
            "answer": (
                "Deutsche, die im Ausland leben und in Deutschland nicht gemeldet sind, "
                "beantragen mit dem Formular der Bundeswahlleiterin die Eintragung ins "
                "Wählerverzeichnis ihrer letzten Gemeinde, spätestens am 21. Tag vor der "
                "Wahl, und wählen dann per Brief. Wer noch in Deutschland gemeldet ist, "
                "beantragt einfach Briefwahl."
            ),
        },
        "en": {
            "question": "I am a German citizen living abroad: how do I vote?",
            "variants": [
                "German abroad voting",
                "Vote from abroad Germany",
                "German expat election",
                "Register to vote from abroad Germany",
            ],
            "keywords": ["abroad", "overseas", "expat", "living abroad", "embassy", "consulate"],
            "answer": (
                "Germans who live abroad and are not registered in Germany apply, with the "
                "Federal Returning Officer's form, to be entered on the roll of their last "
                "municipality by the 21st day before the election, then vote by post. If you "
                "are still registered in Germany, just request a postal vote."
            ),
        },
        "fr": {
            "question": "J'habite à l'étranger : comment voter aux élections allemandes ?",
            "variants": [
                "Allemand à l'étranger, comment voter ?",
                "Voter depuis l'étranger en Allemagne",
                "Expatrié allemand élection",
                "Inscription depuis l'étranger Allemagne",
            ],
            "keywords": ["étranger", "expatrié", "ambassade", "consulat", "allemagne"],
            "answer": (
                "Les Allemands qui vivent à l'étranger sans être déclarés en Allemagne "
                "demandent, avec le formulaire de la Bundeswahlleiterin, leur inscription "
                "dans leur dernière commune au plus tard le 21e jour avant l'élection, puis "
                "votent par correspondance. S'ils sont encore déclarés en Allemagne, ils "
                "demandent simplement le vote par correspondance."
            ),
        },
    },
    "polling-station": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Wo ist mein Wahllokal?",
            "variants": [
                "Wo wähle ich?",
                "Wo muss ich wählen gehen?",
                "Adresse meines Wahlraums",
                "Wahllokal finden",
            ],
            "keywords": ["wahllokal", "wahlraum", "wo wählen", "adresse", "finden", "wo"],
            "answer": (
                "[Für Ihre Adresse: {polling_station}.] Ihr Wahllokal steht auf Ihrer "
                "Wahlbenachrichtigung. Viele Gemeinden zeigen die Wahllokale auch auf ihrer "
                "Website; sonst fragen Sie das Wahlamt Ihrer Gemeinde."
            ),
        },
        "en": {
            "question": "Where is my polling station in Germany?",
            "variants": [
                "Which polling place is mine in Germany?",
                "Where do I go to vote?",
                "Address of my polling place",
                "Find my polling station",
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
                "[For your address: {polling_station}.] Your polling station is printed on "
                "your polling card (Wahlbenachrichtigung). Many municipalities also list them "
                "on their website; otherwise ask your municipality's election office."
            ),
        },
        "fr": {
            "question": "Où est mon bureau de vote en Allemagne ?",
            "variants": [
                "Où voter en Allemagne ?",
                "Je vote où en Allemagne ?",
                "Adresse de mon bureau de vote allemand",
                "Trouver mon bureau de vote en Allemagne",
            ],
            "keywords": ["bureau de vote", "où voter", "adresse", "trouver", "où", "allemagne"],
            "answer": (
                "[Pour votre adresse : {polling_station}.] Votre bureau de vote figure sur "
                "votre carte d'électeur (Wahlbenachrichtigung). Beaucoup de communes les "
                "indiquent aussi sur leur site ; sinon, demandez au service des élections."
            ),
        },
    },
    "opening-hours": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Wann haben die Wahllokale geöffnet?",
            "variants": [
                "Wie lange kann ich am Wahltag noch wählen?",
                "Öffnungszeiten Wahllokal",
                "Ab wann kann ich wählen?",
                "Wann schließen die Wahllokale?",
            ],
            "keywords": [
                "öffnungszeiten",
                "geöffnet",
                "offen",
                "schließen",
                "uhr",
                "uhrzeit",
                "bis wann",
                "wieviel uhr",
            ],
            "answer": (
                "[Für {election_name} sind die Wahllokale von {polls_open} bis {polls_close} "
                "geöffnet.] Bei Bundestags- und Europawahlen sind die Wahllokale von 8 bis "
                "18 Uhr geöffnet. Wer um 18 Uhr im Wahlraum ist, darf noch wählen."
            ),
        },
        "en": {
            "question": "What time are polling stations open in Germany?",
            "variants": [
                "Polling hours Germany",
                "What time do polls close in Germany?",
                "Until what time can I vote?",
                "When do polling stations open?",
            ],
            "keywords": ["hours", "time", "open", "close", "closing", "opening", "what time"],
            "answer": (
                "[For {election_name}, polling stations are open from {polls_open} to "
                "{polls_close}.] In federal and European elections polling stations are open "
                "from 8 am to 6 pm. Anyone inside the polling room at 6 pm may still vote."
            ),
        },
        "fr": {
            "question": "Quels sont les horaires des bureaux de vote en Allemagne ?",
            "variants": [
                "À quelle heure ferment les bureaux de vote allemands ?",
                "Heure d'ouverture bureau de vote Allemagne",
                "Jusqu'à quelle heure voter en Allemagne ?",
                "Horaires de vote en Allemagne",
            ],
            "keywords": ["horaires", "heure", "ouvre", "ferme", "fermeture", "allemagne"],
            "answer": (
                "[Pour {election_name}, les bureaux sont ouverts de {polls_open} à "
                "{polls_close}.] Aux élections fédérales et européennes, les bureaux de vote "
                "sont ouverts de 8 h à 18 h. Qui est dans la salle à 18 h peut encore voter."
            ),
        },
    },
    "id-documents": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Welchen Ausweis brauche ich zum Wählen?",
            "variants": [
                "Muss ich den Personalausweis mitnehmen?",
                "Was muss ich ins Wahllokal mitbringen?",
                "Kann ich mit dem Reisepass wählen?",
                "Brauche ich die Wahlbenachrichtigung zum Wählen?",
            ],
            "keywords": [
                "ausweis",
                "personalausweis",
                "reisepass",
                "pass",
                "mitnehmen",
                "mitbringen",
                "dokumente",
            ],
            "answer": (
                "Bringen Sie Ihre Wahlbenachrichtigung und Ihren Personalausweis oder "
                "Reisepass mit: Der Wahlvorstand kann verlangen, dass Sie sich ausweisen. "
                "Ohne Wahlbenachrichtigung können Sie trotzdem wählen, wenn Sie im "
                "Wählerverzeichnis stehen."
            ),
        },
        "en": {
            "question": "What ID do I need to vote in Germany?",
            "variants": [
                "Is a passport needed at the polling station?",
                "What should I bring to the polling station?",
                "Identity card for voting Germany",
                "Do I need my polling card to vote?",
            ],
            "keywords": ["id", "identity card", "passport", "bring", "documents", "identity"],
            "answer": (
                "Bring your polling card and your identity card or passport: the election "
                "board may ask you to prove who you are. Without the polling card you can "
                "still vote if you are on the electoral roll."
            ),
        },
        "fr": {
            "question": "Quelle pièce d'identité pour voter en Allemagne ?",
            "variants": [
                "Documents à présenter au bureau de vote en Allemagne",
                "Faut-il sa carte d'identité pour voter en Allemagne ?",
                "Passeport pour voter en Allemagne",
                "Quoi apporter au bureau de vote en Allemagne ?",
            ],
            "keywords": [
                "pièce d'identité",
                "carte d'identité",
                "passeport",
                "papiers",
                "apporter",
                "allemagne",
            ],
            "answer": (
                "Apportez votre carte d'électeur (Wahlbenachrichtigung) et votre carte "
                "d'identité ou passeport : le bureau peut vous demander de prouver votre "
                "identité. Sans la carte d'électeur, vous pouvez quand même voter si vous "
                "êtes inscrit."
            ),
        },
    },
    "lost-voter-card": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Ich habe meine Wahlbenachrichtigung verloren: Was tun?",
            "variants": [
                "Mir fehlt die Benachrichtigung zur Wahl",
                "Wahlbenachrichtigung verloren",
                "Ohne Wahlbenachrichtigung wählen",
                "Wahlbenachrichtigung ist nicht angekommen",
            ],
            "keywords": [
                "wahlbenachrichtigung",
                "verloren",
                "nicht bekommen",
                "nicht angekommen",
                "ohne",
                "weg",
            ],
            "answer": (
                "Sie können trotzdem in Ihrem Wahllokal wählen, mit Personalausweis oder "
                "Reisepass, wenn Sie im Wählerverzeichnis stehen. Haben Sie bis zum 21. Tag "
                "vor der Wahl keine Benachrichtigung bekommen, fragen Sie Ihre Gemeinde und "
                "prüfen Sie das Wählerverzeichnis bis zum 16. Tag vor der Wahl."
            ),
        },
        "en": {
            "question": "I lost my polling card in Germany: what do I do?",
            "variants": [
                "I did not receive my polling card",
                "Lost Wahlbenachrichtigung",
                "Can I vote without my polling card?",
                "My voter card never arrived",
            ],
            "keywords": [
                "polling card",
                "voter card",
                "lost",
                "not received",
                "never arrived",
                "without",
                "wahlbenachrichtigung",
            ],
            "answer": (
                "You can still vote at your polling station with your identity card or "
                "passport if you are on the electoral roll. If no polling card arrived by the "
                "21st day before the election, ask your municipality and check the roll by "
                "the 16th day before the election."
            ),
        },
        "fr": {
            "question": "J'ai perdu ma carte d'électeur allemande : que faire ?",
            "variants": [
                "Pas reçu ma Wahlbenachrichtigung",
                "Carte électorale perdue en Allemagne",
                "Voter sans carte d'électeur en Allemagne",
                "Ma carte d'électeur allemande n'est pas arrivée",
            ],
            "keywords": [
                "carte d'électeur",
                "carte électorale",
                "perdu",
                "perdue",
                "pas reçu",
                "wahlbenachrichtigung",
                "allemagne",
            ],
            "answer": (
                "Vous pouvez quand même voter à votre bureau avec votre carte d'identité ou "
                "passeport si vous êtes inscrit. Si rien n'est arrivé le 21e jour avant "
                "l'élection, contactez votre commune et vérifiez la liste au plus tard le 16e "
                "jour avant le vote."
            ),
        },
    },
    "accessibility": {
        "source_url": GLOSSAR,
        "source_name": BWL,
        "de": {
            "question": "Ist das Wahllokal barrierefrei?",
            "variants": [
                "Wählen mit Behinderung",
                "Darf mir jemand beim Wählen helfen?",
                "Stimmzettelschablone für Blinde",
                "Wahllokal mit Rollstuhl erreichbar?",
            ],
            "keywords": [
                "barrierefrei",
                "behinderung",
                "rollstuhl",
                "hilfsperson",
                "blind",
                "schablone",
                "sehbehindert",
                "rollstuhlgerecht",
            ],
            "answer": (
                "Auf der Wahlbenachrichtigung steht, ob Ihr Wahllokal barrierefrei ist. Ist es "
                "das nicht, können Sie mit Wahlschein in einem barrierefreien Wahllokal Ihres "
                "Wahlkreises oder per Brief wählen. Sie dürfen eine Hilfsperson mitnehmen; "
                "blinde Menschen erhalten Stimmzettelschablonen bei den Blindenverbänden."
            ),
        },
        "en": {
            "question": "I have a disability: how do I vote in Germany?",
            "variants": [
                "Wheelchair access at the polling place",
                "Ballot template for blind voters",
                "Can someone help me vote?",
                "Accessible polling station Germany",
            ],
            "keywords": [
                "disability",
                "disabled",
                "wheelchair",
                "accessible",
                "blind",
                "template",
                "help",
                "helper",
                "visually impaired",
            ],
            "answer": (
                "Your polling card says whether your polling station is barrier-free. If not, "
                "you can vote with a voting certificate at a barrier-free station in your "
                "constituency, or by post. You may bring a helper; blind voters get ballot "
                "templates from the associations of the blind."
            ),
        },
        "fr": {
            "question": "Je suis en situation de handicap : comment voter en Allemagne ?",
            "variants": [
                "Bureau de vote accessible en Allemagne ?",
                "Gabarit de bulletin pour aveugles en Allemagne",
                "Se faire aider pour voter en Allemagne",
                "Fauteuil roulant bureau de vote allemand",
            ],
            "keywords": [
                "handicap",
                "accessible",
                "fauteuil roulant",
                "aveugle",
                "aider",
                "allemagne",
            ],
            "answer": (
                "La carte d'électeur indique si votre bureau est accessible. Sinon, vous "
                "pouvez voter avec un certificat d'électeur dans un bureau accessible de votre "
                "circonscription, ou par correspondance. Vous pouvez venir avec une personne "
                "qui vous aide ; les aveugles reçoivent des gabarits de bulletin auprès de "
                "leurs associations."
            ),
        },
    },
    "election-dates": {
        "source_url": BWL_URL,
        "source_name": BWL,
        "de": {
            "question": "Wann ist die nächste Wahl?",
            "variants": [
                "Countdown bis zum Wahltag",
                "Wahltermin",
                "Wann wird gewählt?",
                "Datum der Bundestagswahl",
            ],
            "keywords": [
                "wann",
                "wahltermin",
                "datum",
                "nächste wahl",
                "wahltag",
                "wie viele tage",
                "termin",
                "noch",
            ],
            "answer": (
                "[{election_name} findet am {election_date} statt, {days_left}.] In "
                "Deutschland wird an einem Sonntag oder gesetzlichen Feiertag gewählt. Den "
                "Termin der Bundestagswahl bestimmt der Bundespräsident; die "
                "Bundeswahlleiterin veröffentlicht ihn."
            ),
        },
        "en": {
            "question": "When is the next election in Germany?",
            "variants": [
                "Countdown to election day",
                "Election date Germany",
                "When do Germans vote?",
                "Date of the federal election",
            ],
            "keywords": [
                "when",
                "date",
                "next election",
                "election day",
                "how many days",
                "days left",
                "until",
            ],
            "answer": (
                "[{election_name} takes place on {election_date}, {days_left}.] "
                "Germany votes on a Sunday or public holiday. The Federal President sets the "
                "date of the federal election and the Federal Returning Officer publishes it."
            ),
        },
        "fr": {
            "question": "Quand a lieu la prochaine élection en Allemagne ?",
            "variants": [
                "Date de l'élection allemande",
                "Combien de jours avant l'élection en Allemagne ?",
                "On vote quand en Allemagne ?",
                "Date des élections fédérales",
            ],
            "keywords": ["quand", "date", "prochaine élection", "combien de jours", "allemagne"],
            "answer": (
                "[{election_name} a lieu le {election_date}, {days_left}.] En "
                "Allemagne, on vote un dimanche ou un jour férié. Le président fédéral fixe "
                "la date des élections fédérales, publiée par la Bundeswahlleiterin."
            ),
        },
    },
    "results": {
        "source_url": BWL_URL,
        "source_name": BWL,
        "de": {
            "question": "Wann gibt es die Wahlergebnisse?",
            "variants": [
                "Wo finde ich das Wahlergebnis?",
                "Vorläufiges Ergebnis",
                "Endgültiges Wahlergebnis",
                "Ergebnisse der Wahl",
            ],
            "keywords": [
                "ergebnis",
                "ergebnisse",
                "wahlergebnis",
                "hochrechnung",
                "endergebnis",
                "wer hat gewonnen",
                "auszählung",
            ],
            "answer": (
                "Nach Schließung der Wahllokale um 18 Uhr wird öffentlich ausgezählt. Das "
                "vorläufige Ergebnis veröffentlicht die Bundeswahlleiterin in der Wahlnacht "
                "auf bundeswahlleiterin.de; das endgültige Ergebnis stellt der "
                "Bundeswahlausschuss einige Wochen später fest."
            ),
        },
        "en": {
            "question": "Where can I see the election results in Germany?",
            "variants": [
                "When are the results out in Germany?",
                "German election results",
                "Provisional result",
                "Final election result Germany",
            ],
            "keywords": [
                "results",
                "result",
                "provisional",
                "final result",
                "who won",
                "count",
                "outcome",
            ],
            "answer": (
                "Votes are counted in public after polling stations close at 6 pm. The "
                "Federal Returning Officer publishes the provisional result on election night "
                "on bundeswahlleiterin.de; the federal electoral committee confirms the final "
                "result a few weeks later."
            ),
        },
        "fr": {
            "question": "Où trouver les résultats des élections en Allemagne ?",
            "variants": [
                "Résultats de l'élection allemande",
                "Quand aura-t-on les résultats en Allemagne ?",
                "Résultat provisoire en Allemagne",
                "Résultat définitif des élections fédérales",
            ],
            "keywords": ["résultats", "résultat", "dépouillement", "qui a gagné", "allemagne"],
            "answer": (
                "Le dépouillement est public, après la fermeture des bureaux à 18 h. La "
                "Bundeswahlleiterin publie le résultat provisoire le soir même sur "
                "bundeswahlleiterin.de ; le résultat définitif est arrêté quelques semaines "
                "plus tard."
            ),
        },
    },
}
