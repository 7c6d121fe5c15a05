"""France: the shipped knowledge base in French, English and German.

Rules, not dates: the dates of one election come from the ``Election`` row through the
placeholders (see ``turnout.assistant.facts``). A part in square brackets is said only when
every placeholder in it is known.
"""

from datetime import date

COUNTRY = "FR"
LAST_VERIFIED = date(2026, 11, 24)
OFFICIAL_SITE = "https://www.service-public.fr/particuliers/vosdroits/N47"

SP = "Service-Public.fr"
MI = "Ministère de l'Intérieur"

ENTRIES = {
    "register-deadline": {
        "source_url": "https://www.service-public.fr/particuliers/vosdroits/F1367",
        "source_name": SP,
        "fr": {
            "question": "Jusqu'à quand puis-je m'inscrire sur les listes électorales ?",
            "variants": [
                "Quelle est la date limite d'inscription sur les listes électorales ?",
                "Est-il trop tard pour m'inscrire pour voter ?",
                "Jusqu'à quelle date peut-on s'inscrire pour l'élection ?",
                "Dernier délai pour s'inscrire sur la liste électorale",
                "C'est quand la fin des inscriptions pour voter ?",
            ],
            "keywords": [
                "date limite",
                "délai",
                "inscription",
                "trop tard",
                "dernier jour",
                "jusqu'à quand",
                "limite",
            ],
            "answer": (
                "Vous pouvez vous inscrire en ligne jusqu'au 6e mercredi et en mairie ou par "
                "courrier jusqu'au 6e vendredi avant le jour du scrutin. [Pour {election_name}, "
                "la date limite est le {registration_deadline}.] Certaines personnes (jeunes "
                "devenus majeurs, déménagement pour raison professionnelle, acquisition de la "
                "nationalité...) peuvent s'inscrire plus tard, jusqu'au 10e jour avant le "
                "scrutin."
            ),
        },
        "en": {
            "question": "What is the deadline to register to vote in France?",
            "variants": [
                "Until when can I register on the electoral roll?",
                "Is it too late to register to vote?",
                "Final date for voter registration",
                "When do voter registrations close?",
            ],
            "keywords": [
                "deadline",
                "register",
                "registration",
                "too late",
                "last day",
                "cut off",
                "closing date",
            ],
            "answer": (
                "You can register online until the 6th Wednesday, and at the town hall or by "
                "post until the 6th Friday, before election day. [For {election_name}, the "
                "deadline is {registration_deadline}.] Some people (turning 18, moving for "
                "work, new citizens...) can still register up to the 10th day before the vote."
            ),
        },
        "de": {
            "question": "Bis wann kann ich mich in Frankreich in die Wählerliste eintragen?",
            "variants": [
                "Was ist die Anmeldefrist für die Wählerliste in Frankreich?",
                "Ist es zu spät, mich für die Wahl in Frankreich einzutragen?",
                "Letzter Tag für die Eintragung in die Wählerliste",
                "Frist Eintragung Wählerverzeichnis Frankreich",
            ],
            "keywords": [
                "frist",
                "anmeldefrist",
                "eintragungsfrist",
                "bis wann",
                "zu spät",
                "letzter tag",
                "wählerliste",
                "frankreich",
            ],
            "answer": (
                "In Frankreich können Sie sich online bis zum 6. Mittwoch und im Rathaus oder "
                "per Post bis zum 6. Freitag vor dem Wahltag eintragen. [Für {election_name} "
                "ist der letzte Tag der {registration_deadline}.] Manche Personen (wer gerade "
                "18 wird, beruflich umzieht oder neu eingebürgert ist) können sich bis zum "
                "10. Tag vor der Wahl eintragen."
            ),
        },
    },
    "register-how": {
        "source_url": "https://www.service-public.fr/particuliers/vosdroits/F1367",
        "source_name": SP,
        "fr": {
            "question": "Comment m'inscrire sur les listes électorales ?",
            "variants": [
                "Comment s'inscrire pour voter ?",
                "Inscription sur la liste électorale en ligne",
                "Quels papiers pour s'inscrire sur les listes électorales ?",
                "Je veux m'inscrire pour voter, je fais comment ?",
            ],
            "keywords": [
                "inscrire",
                "inscription",
                "liste électorale",
                "en ligne",
                "mairie",
                "justificatif de domicile",
                "cerfa",
                "s'inscrire",
            ],
            "answer": (
                "Inscrivez-vous en ligne sur service-public.fr, à la mairie ou par courrier. "
                "Il faut un justificatif d'identité et un justificatif de domicile de moins de "
                "3 mois (ou la preuve que vous payez des impôts locaux dans la commune depuis "
                "2 ans). L'inscription est gratuite."
            ),
        },
        "en": {
            "question": "How do I register to vote in France?",
            "variants": [
                "How to get on the electoral roll",
                "Register to vote online",
                "What documents do I need to register to vote?",
                "Sign up to vote",
            ],
            "keywords": [
                "register",
                "registration",
                "sign up",
                "electoral roll",
                "voter list",
                "online",
                "town hall",
                "proof of address",
            ],
            "answer": (
                "Register online on service-public.fr, at your town hall or by post. You need "
                "proof of identity and proof of address less than 3 months old (or proof that "
                "you have paid local taxes in the commune for 2 years). Registration is free."
            ),
        },
        "de": {
            "question": "Wie trage ich mich in Frankreich in die Wählerliste ein?",
            "variants": [
                "Wie melde ich mich in Frankreich zur Wahl an?",
                "Eintragung in die Wählerliste online",
                "Welche Unterlagen brauche ich für die Eintragung?",
                "Anmeldung Wählerliste Frankreich",
            ],
            "keywords": [
                "eintragen",
                "eintragung",
                "anmelden",
                "anmeldung",
                "wählerliste",
                "online",
                "rathaus",
                "wohnsitznachweis",
            ],
            "answer": (
                "Tragen Sie sich online auf service-public.fr, im Rathaus (mairie) oder per "
                "Post ein. Sie brauchen einen Identitätsnachweis und einen Wohnsitznachweis, "
                "der höchstens 3 Monate alt ist (oder den Nachweis, dass Sie seit 2 Jahren "
                "Gemeindesteuern zahlen). Die Eintragung ist kostenlos."
            ),
        },
    },
    "register-check": {
        "source_url": (
            "https://www.service-public.fr/particuliers/vosdroits/services-en-ligne-et-"
            "formulaires/ISE"
        ),
        "source_name": SP,
        "fr": {
            "question": "Comment vérifier que je suis bien inscrit sur les listes électorales ?",
            "variants": [
                "Suis-je inscrit pour voter ?",
                "Contrôler mon inscription sur la liste",
                "Comment savoir si je suis inscrit sur la liste électorale ?",
                "Je ne sais pas si je suis inscrit",
            ],
            "keywords": [
                "vérifier",
                "savoir si",
                "suis-je inscrit",
                "bien inscrit",
                "situation électorale",
                "vérification",
                "inscrit",
            ],
            "answer": (
                "Utilisez le service « Interroger sa situation électorale » sur "
                "service-public.fr : il indique votre commune d'inscription et votre bureau "
                "de vote. Si vous n'y figurez pas, contactez votre mairie ou inscrivez-vous "
                "avant la date limite."
            ),
        },
        "en": {
            "question": "How can I check that I am registered to vote?",
            "variants": [
                "Am I registered to vote?",
                "Check my voter registration",
                "How do I know if I am on the electoral roll?",
                "Verify registration status",
            ],
            "keywords": [
                "check",
                "verify",
                "am i registered",
                "registration status",
                "on the list",
                "registered",
            ],
            "answer": (
                'Use the "Interroger sa situation électorale" service on service-public.fr: '
                "it shows the commune where you are registered and your polling station. If "
                "you are not listed, contact your town hall or register before the deadline."
            ),
        },
        "de": {
            "question": "Wie prüfe ich, ob ich in Frankreich in der Wählerliste stehe?",
            "variants": [
                "Bin ich in Frankreich als Wähler eingetragen?",
                "Eintragung in die Wählerliste überprüfen",
                "Wie sehe ich, ob ich wählen darf?",
                "Stehe ich im Wählerverzeichnis?",
            ],
            "keywords": [
                "prüfen",
                "überprüfen",
                "nachsehen",
                "eingetragen",
                "stehe ich",
                "bin ich",
            ],
            "answer": (
                "Nutzen Sie den Dienst „Interroger sa situation électorale“ auf "
                "service-public.fr: Er zeigt Ihre Gemeinde und Ihr Wahllokal. Wenn Sie dort "
                "nicht stehen, wenden Sie sich an Ihr Rathaus oder tragen Sie sich vor Ablauf "
                "der Frist ein."
            ),
        },
    },
    "who-can-vote": {
        "source_url": "https://www.service-public.fr/particuliers/vosdroits/F1367",
        "source_name": SP,
        "fr": {
            "question": "Qui a le droit de voter en France ?",
            "variants": [
                "Qui peut voter ?",
                "Je suis européen, est-ce que je peux voter ?",
                "À quel âge peut-on voter ?",
                "Les étrangers peuvent-ils voter aux municipales ?",
                "Conditions pour voter",
            ],
            "keywords": [
                "droit de vote",
                "qui peut",
                "âge",
                "nationalité",
                "européen",
                "étranger",
                "conditions",
                "18 ans",
                "citoyen",
            ],
            "answer": (
                "Pour voter, il faut être Français, avoir 18 ans la veille du scrutin, jouir "
                "de ses droits civils et politiques et être inscrit sur les listes "
                "électorales. Les citoyens d'un autre pays de l'Union européenne qui vivent "
                "en France peuvent voter aux élections municipales et européennes, après "
                "inscription sur une liste complémentaire."
            ),
        },
        "en": {
            "question": "Who can vote in France?",
            "variants": [
                "Am I allowed to vote?",
                "Can EU citizens vote in France?",
                "What is the voting age in France?",
                "Can foreigners vote in local elections?",
            ],
            "keywords": [
                "eligible",
                "eligibility",
                "who can",
                "allowed",
                "voting age",
                "citizen",
                "eu citizens",
                "foreigner",
                "nationality",
            ],
            "answer": (
                "To vote you must be French, be 18 by the day before the election, have your "
                "civil and political rights and be on the electoral roll. Citizens of another "
                "EU country living in France can vote in municipal and European elections "
                "once registered on a supplementary list."
            ),
        },
        "de": {
            "question": "Wer darf in Frankreich wählen?",
            "variants": [
                "Darf ich in Frankreich wählen?",
                "Dürfen EU-Bürger in Frankreich wählen?",
                "Ab welchem Alter wählt man in Frankreich?",
                "Wahlrecht für Ausländer in Frankreich",
            ],
            "keywords": [
                "wahlrecht",
                "wer darf",
                "wahlberechtigt",
                "alter",
                "eu-bürger",
                "ausländer",
                "staatsangehörigkeit",
            ],
            "answer": (
                "Wählen darf, wer Franzose ist, am Vortag der Wahl 18 Jahre alt ist, seine "
                "bürgerlichen Rechte besitzt und in der Wählerliste steht. Bürgerinnen und "
                "Bürger anderer EU-Staaten, die in Frankreich leben, wählen bei Kommunal- und "
                "Europawahlen mit, wenn sie in einer Zusatzliste eingetragen sind."
            ),
        },
    },
    "first-time-voter": {
        "source_url": "https://www.service-public.fr/particuliers/vosdroits/F1367",
        "source_name": SP,
        "fr": {
            "question": "Je vais voter pour la première fois, que dois-je faire ?",
            "variants": [
                "J'ai 18 ans, suis-je inscrit automatiquement ?",
                "Premier vote : comment ça se passe ?",
                "Inscription d'office à 18 ans",
                "Jeune électeur, quelles démarches ?",
            ],
            "keywords": [
                "première fois",
                "premier vote",
                "18 ans",
                "jeune",
                "majeur",
                "inscription d'office",
                "automatique",
                "recensement",
                "primo-votant",
            ],
            "answer": (
                "Si vous avez fait votre recensement citoyen à 16 ans, vous êtes inscrit "
                "automatiquement à 18 ans dans la commune où vous vous êtes fait recenser. "
                "Vérifiez-le avec le service « Interroger sa situation électorale ». Le jour "
                "du vote, venez avec une pièce d'identité ; la carte électorale arrive par "
                "courrier mais n'est pas obligatoire."
            ),
        },
        "en": {
            "question": "I am voting for the first time: what do I need to do?",
            "variants": [
                "I just turned 18, am I registered automatically?",
                "First time voter in France",
                "How does my first vote work?",
                "Young voter, what steps?",
            ],
            "keywords": [
                "first time",
                "first vote",
                "turned 18",
                "young",
                "new voter",
                "automatic",
                "automatically",
            ],
            "answer": (
                "If you did your citizenship census at 16, you are registered automatically "
                'at 18 in the commune where you were counted. Check it with the "Interroger '
                'sa situation électorale" service. On the day, bring an ID; the voter card '
                "comes by post but is not required."
            ),
        },
        "de": {
            "question": "Ich wähle in Frankreich zum ersten Mal: Was muss ich tun?",
            "variants": [
                "Ich bin 18, bin ich automatisch eingetragen?",
                "Erstwähler in Frankreich",
                "Wie läuft meine erste Wahl ab?",
                "Erste Wahl, was brauche ich?",
            ],
            "keywords": [
                "erstwähler",
                "erstwählerin",
                "zum ersten mal",
                "erste wahl",
                "18",
                "jung",
                "automatisch",
            ],
            "answer": (
                "Wer mit 16 an der Bürgererfassung (recensement citoyen) teilgenommen hat, "
                "wird mit 18 automatisch in der Gemeinde der Erfassung eingetragen. Prüfen Sie "
                "es mit dem Dienst „Interroger sa situation électorale“. Am Wahltag bringen Sie "
                "einen Ausweis mit; die Wählerkarte kommt per Post, ist aber nicht Pflicht."
            ),
        },
    },
    "moved-house": {
        "source_url": "https://www.service-public.fr/particuliers/vosdroits/F1367",
        "source_name": SP,
        "fr": {
            "question": "J'ai déménagé : où est-ce que je vote ?",
            "variants": [
                "J'ai changé d'adresse, que faire pour voter ?",
                "Je viens de déménager, dois-je me réinscrire ?",
                "Nouvelle adresse, je vote où ?",
                "Déménagement dans une autre commune et élections",
            ],
            "keywords": [
                "déménagé",
                "déménagement",
                "changement d'adresse",
                "nouvelle adresse",
                "réinscrire",
                "nouvelle commune",
                "déménager",
            ],
            "answer": (
                "Après un déménagement, inscrivez-vous dans votre nouvelle commune (ou signalez "
                "votre nouvelle adresse à votre mairie si vous restez dans la même commune) "
                "avant la date limite. Votre ancienne inscription est alors supprimée "
                "automatiquement. Sinon, vous restez inscrit à votre ancienne adresse."
            ),
        },
        "en": {
            "question": "I moved house: where do I vote?",
            "variants": [
                "I moved, do I need to register again?",
                "Change of address and the electoral roll",
                "New address, where do I vote now?",
                "Moving to another town before the election",
            ],
            "keywords": [
                "moved",
                "moving",
                "move",
                "new address",
                "change of address",
                "reregister",
                "re-register",
                "relocated",
            ],
            "answer": (
                "After a move, register in your new commune (or tell your town hall your new "
                "address if you stayed in the same commune) before the deadline. Your old "
                "registration is then removed automatically. Otherwise you stay registered at "
                "your old address."
            ),
        },
        "de": {
            "question": "Ich bin in Frankreich umgezogen: Wo wähle ich?",
            "variants": [
                "Umzug und Wählerliste in Frankreich",
                "Muss ich mich nach dem Umzug neu eintragen?",
                "Neue Adresse, wo wähle ich jetzt?",
                "Adressänderung Wählerliste",
            ],
            "keywords": [
                "umgezogen",
                "umzug",
                "neue adresse",
                "adressänderung",
                "neu eintragen",
                "ummelden",
            ],
            "answer": (
                "Tragen Sie sich nach einem Umzug vor Ablauf der Frist in Ihrer neuen Gemeinde "
                "ein (oder melden Sie Ihrem Rathaus die neue Adresse, wenn Sie in derselben "
                "Gemeinde bleiben). Die alte Eintragung wird dann automatisch gelöscht. "
                "Sonst bleiben Sie an der alten Adresse eingetragen."
            ),
        },
    },
    "proxy-vote": {
        "source_url": "https://www.service-public.fr/particuliers/vosdroits/F1604",
        "source_name": SP,
        "fr": {
            "question": "Comment voter par procuration ?",
            "variants": [
                "Démarche pour établir une procuration",
                "Absent le jour de l'élection, comment confier mon vote à un proche ?",
                "Donner procuration en ligne",
                "Faire voter quelqu'un pour moi",
                "Procuration pour l'élection",
            ],
            "keywords": [
                "procuration",
                "mandataire",
                "à ma place",
                "pas là",
                "absent",
                "maprocuration",
                "voter pour moi",
                "mandant",
                "vacances",
            ],
            "answer": (
                "Faites votre demande sur maprocuration.gouv.fr, puis validez-la en personne "
                "au commissariat, à la gendarmerie ou au consulat (ou entièrement en ligne "
                "avec une identité numérique certifiée). La personne qui vote pour vous peut "
                "être inscrite dans une autre commune, mais elle vote dans votre bureau de "
                "vote. Faites-le tôt : la mairie doit la recevoir avant le scrutin."
            ),
        },
        "en": {
            "question": "How do I vote by proxy in France?",
            "variants": [
                "Authorise another voter to vote for me",
                "I can't be there on election day, can someone vote for me?",
                "Proxy vote online",
                "Let someone else vote on my behalf",
            ],
            "keywords": [
                "proxy",
                "on my behalf",
                "vote for me",
                "someone else",
                "away",
                "absent",
                "not there",
                "procuration",
                "holiday",
            ],
            "answer": (
                "Apply on maprocuration.gouv.fr, then confirm in person at a police station, "
                "gendarmerie or consulate (or fully online with a certified digital ID). The "
                "person voting for you may be registered in another commune but votes at your "
                "polling station. Do it early: your town hall must receive it before the vote."
            ),
        },
        "de": {
            "question": "Wie wähle ich in Frankreich per Vollmacht?",
            "variants": [
                "Kann jemand in Frankreich für mich wählen?",
                "Vollmacht zum Wählen erteilen",
                "Stellvertretende Stimmabgabe Frankreich",
                "Ich bin am Wahltag nicht da, wer wählt für mich?",
            ],
            "keywords": [
                "vollmacht",
                "bevollmächtigen",
                "für mich wählen",
                "stellvertretung",
                "procuration",
                "nicht da",
                "abwesend",
                "urlaub",
            ],
            "answer": (
                "Stellen Sie den Antrag auf maprocuration.gouv.fr und bestätigen Sie ihn "
                "persönlich bei Polizei, Gendarmerie oder Konsulat (oder ganz online mit einer "
                "zertifizierten digitalen Identität). Die bevollmächtigte Person kann in einer "
                "anderen Gemeinde eingetragen sein, wählt aber in Ihrem Wahllokal. Beantragen "
                "Sie die Vollmacht früh."
            ),
        },
    },
    "postal-vote": {
        "source_url": "https://www.service-public.fr/particuliers/vosdroits/F1604",
        "source_name": SP,
        "fr": {
            "question": "Peut-on voter par correspondance ?",
            "variants": [
                "Est-ce qu'on peut voter par courrier ?",
                "Vote par correspondance en France",
                "Voter par la poste",
                "Vote à distance possible ?",
            ],
            "keywords": [
                "correspondance",
                "courrier",
                "par la poste",
                "postal",
                "à distance",
                "par lettre",
            ],
            "answer": (
                "Non : en France, le vote par correspondance n'existe pas pour voter depuis la "
                "France. Si vous ne pouvez pas aller voter, donnez procuration à un électeur "
                "de confiance (maprocuration.gouv.fr). Les Français de l'étranger peuvent, "
                "pour certaines élections, voter par correspondance ou par internet."
            ),
        },
        "en": {
            "question": "Can I vote by post in France?",
            "variants": [
                "Can I vote by mail?",
                "Postal vote in France",
                "Mail-in ballot",
                "Absentee ballot France",
            ],
            "keywords": ["postal", "post", "mail", "by mail", "mail-in", "absentee"],
            "answer": (
                "No: France has no postal voting for voters in France. If you cannot go to "
                "vote, give a proxy to a voter you trust (maprocuration.gouv.fr). French "
                "citizens living abroad can, for some elections, vote by post or online."
            ),
        },
        "de": {
            "question": "Gibt es in Frankreich Briefwahl?",
            "variants": [
                "Kann ich in Frankreich per Brief wählen?",
                "Briefwahl Frankreich",
                "Per Post wählen in Frankreich",
                "Briefwahlunterlagen Frankreich",
            ],
            "keywords": ["briefwahl", "per brief", "per post", "briefwahlunterlagen"],
            "answer": (
                "Nein: In Frankreich gibt es für Wähler im Inland keine Briefwahl. Wer nicht "
                "ins Wahllokal gehen kann, erteilt einer Person seines Vertrauens eine "
                "Vollmacht (maprocuration.gouv.fr). Im Ausland lebende Franzosen können bei "
                "manchen Wahlen per Brief oder online wählen."
            ),
        },
    },
    "voting-abroad": {
        "source_url": (
            "https://www.diplomatie.gouv.fr/fr/services-aux-francais/voter-a-l-etranger/"
        ),
        "source_name": "France Diplomatie",
        "fr": {
            "question": "J'habite à l'étranger : comment voter ?",
            "variants": [
                "Voter depuis l'étranger",
                "Français de l'étranger, comment voter ?",
                "Expatrié, je vote au consulat ?",
                "Liste électorale consulaire",
            ],
            "keywords": [
                "étranger",
                "expatrié",
                "consulat",
                "ambassade",
                "consulaire",
                "hors de france",
                "français de l'étranger",
            ],
            "answer": (
                "Inscrivez-vous sur la liste électorale consulaire de votre pays de résidence "
                "(en ligne ou au consulat). Vous votez alors au consulat ou à l'ambassade, "
                "par procuration, et pour certaines élections par internet ou par "
                "correspondance. Vous pouvez aussi rester inscrit dans une commune en France "
                "pour les élections locales."
            ),
        },
        "en": {
            "question": "I live abroad: how can I vote?",
            "variants": [
                "Voting from abroad",
                "French citizen living overseas, how do I vote?",
                "Expat voting at the consulate",
                "Consular electoral list",
            ],
            "keywords": [
                "abroad",
                "overseas",
                "expat",
                "consulate",
                "embassy",
                "living abroad",
                "outside france",
            ],
            "answer": (
                "Register on the consular electoral list of your country of residence (online "
                "or at the consulate). You then vote at the consulate or embassy, by proxy, "
                "and for some elections online or by post. You may also stay registered in a "
                "French commune for local elections."
            ),
        },
        "de": {
            "question": "Ich lebe im Ausland: Wie wähle ich in Frankreich?",
            "variants": [
                "Wählen aus dem Ausland für Franzosen",
                "Franzose im Ausland, wie wählen?",
                "Wählen im Konsulat",
                "Konsularische Wählerliste",
            ],
            "keywords": ["ausland", "konsulat", "botschaft", "auswanderer", "im ausland"],
            "answer": (
                "Tragen Sie sich in die konsularische Wählerliste Ihres Wohnlandes ein (online "
                "oder im Konsulat). Dann wählen Sie im Konsulat oder in der Botschaft, per "
                "Vollmacht und bei manchen Wahlen online oder per Brief. Für Kommunalwahlen "
                "können Sie auch in einer französischen Gemeinde eingetragen bleiben."
            ),
        },
    },
    "polling-station": {
        "source_url": (
            "https://www.service-public.fr/particuliers/vosdroits/services-en-ligne-et-"
            "formulaires/ISE"
        ),
        "source_name": SP,
        "fr": {
            "question": "Où est mon bureau de vote ?",
            "variants": [
                "Où dois-je aller voter ?",
                "Dans quel bureau dois-je voter ?",
                "Adresse de mon bureau de vote",
                "Trouver mon bureau de vote",
            ],
            "keywords": ["bureau de vote", "où voter", "adresse", "lieu de vote", "trouver", "où"],
            "answer": (
                "[Pour votre adresse : {polling_station}.] Votre bureau de vote est indiqué "
                "sur votre carte électorale. Vous le trouvez aussi avec le service "
                "« Interroger sa situation électorale » sur service-public.fr, ou auprès de "
                "votre mairie."
            ),
        },
        "en": {
            "question": "Where is my polling station?",
            "variants": [
                "Where do I go to vote?",
                "Where do I vote?",
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
                'your voter card. You can also find it with the "Interroger sa situation '
                'électorale" service on service-public.fr, or ask your town hall.'
            ),
        },
        "de": {
            "question": "Wo ist mein Wahllokal in Frankreich?",
            "variants": [
                "Wo muss ich wählen gehen?",
                "Wo wähle ich?",
                "Adresse meines Wahllokals",
                "Wahllokal finden",
            ],
            "keywords": ["wahllokal", "wo wählen", "wahlraum", "adresse", "finden", "wo"],
            "answer": (
                "[Für Ihre Adresse: {polling_station}.] Ihr Wahllokal steht auf Ihrer "
                "Wählerkarte. Sie finden es auch mit dem Dienst „Interroger sa situation "
                "électorale“ auf service-public.fr oder bei Ihrem Rathaus."
            ),
        },
    },
    "opening-hours": {
        "source_url": "https://www.elections.interieur.gouv.fr/",
        "source_name": MI,
        "fr": {
            "question": "À quelle heure ouvrent et ferment les bureaux de vote ?",
            "variants": [
                "Horaires des bureaux de vote",
                "Heure de fermeture des bureaux de vote",
                "Jusqu'à quelle heure peut-on voter ?",
                "À partir de quelle heure on peut voter ?",
            ],
            "keywords": [
                "heure",
                "horaires",
                "ouvre",
                "ferme",
                "fermeture",
                "ouverture",
                "jusqu'à quelle heure",
                "18h",
                "20h",
            ],
            "answer": (
                "[Pour {election_name}, les bureaux sont ouverts de {polls_open} à "
                "{polls_close}.] En général, les bureaux de vote ouvrent à 8 h et ferment à "
                "18 h ; dans certaines grandes villes, le préfet peut les faire fermer jusqu'à "
                "20 h. L'heure exacte est indiquée par votre mairie."
            ),
        },
        "en": {
            "question": "What time do polling stations open and close?",
            "variants": [
                "Polling station opening hours",
                "Closing time of polling stations",
                "Until what time can I vote?",
                "When do the polls open?",
            ],
            "keywords": [
                "time",
                "hours",
                "open",
                "close",
                "closing",
                "opening",
                "until",
                "what time",
                "polls",
            ],
            "answer": (
                "[For {election_name}, polling stations are open from {polls_open} to "
                "{polls_close}.] Usually polling stations open at 8 am and close at 6 pm; in "
                "some large cities the prefect may keep them open until 8 pm. Your town hall "
                "gives the exact time."
            ),
        },
        "de": {
            "question": "Wann haben die Wahllokale in Frankreich geöffnet?",
            "variants": [
                "Öffnungszeiten der Wahllokale",
                "Bis wie viel Uhr kann man wählen?",
                "Wann schließt das Wahllokal?",
                "Ab wann kann ich wählen?",
            ],
            "keywords": [
                "uhrzeit",
                "öffnungszeiten",
                "geöffnet",
                "offen",
                "schließt",
                "bis wann",
                "uhr",
            ],
            "answer": (
                "[Für {election_name} sind die Wahllokale von {polls_open} bis {polls_close} "
                "geöffnet.] In der Regel öffnen die Wahllokale um 8 Uhr und schließen um "
                "18 Uhr; in manchen Großstädten bis 20 Uhr. Die genaue Zeit nennt Ihr "
                "Rathaus."
            ),
        },
    },
    "id-documents": {
        "source_url": "https://www.service-public.fr/particuliers/vosdroits/F1361",
        "source_name": SP,
        "fr": {
            "question": "Quelle pièce d'identité faut-il pour voter ?",
            "variants": [
                "Est-ce que la carte d'identité est obligatoire au bureau de vote ?",
                "Quels papiers apporter au bureau de vote ?",
                "Peut-on voter avec un passeport périmé ?",
                "Permis de conduire accepté pour voter ?",
            ],
            "keywords": [
                "pièce d'identité",
                "carte d'identité",
                "papiers",
                "passeport",
                "permis de conduire",
                "carte vitale",
                "justificatif",
                "identité",
            ],
            "answer": (
                "Dans les communes de 1 000 habitants et plus, présentez une pièce d'identité "
                "avec photo : carte d'identité ou passeport (valides ou périmés depuis moins de "
                "5 ans), permis de conduire, carte Vitale avec photo... La carte électorale "
                "n'est pas une pièce d'identité et n'est pas obligatoire. Une photocopie ou "
                "une photo sur téléphone n'est pas acceptée."
            ),
        },
        "en": {
            "question": "What ID do I need to vote in France?",
            "variants": [
                "Do I need my ID card to vote?",
                "What documents should I bring to the polling station?",
                "Can I vote with an expired passport?",
                "Is a driving licence accepted to vote?",
            ],
            "keywords": [
                "id",
                "identity",
                "id card",
                "passport",
                "driving licence",
                "documents",
                "bring",
                "photo id",
            ],
            "answer": (
                "In communes of 1,000 inhabitants or more, show a photo ID: identity card or "
                "passport (valid or expired less than 5 years ago), driving licence, Carte "
                "Vitale with photo... The voter card is not an ID and is not required. "
                "Photocopies or photos on a phone are not accepted."
            ),
        },
        "de": {
            "question": "Welchen Ausweis brauche ich in Frankreich zum Wählen?",
            "variants": [
                "Brauche ich meinen Personalausweis zum Wählen?",
                "Welche Papiere bringe ich ins Wahllokal mit?",
                "Kann ich mit abgelaufenem Pass wählen?",
                "Führerschein als Ausweis bei der Wahl?",
            ],
            "keywords": [
                "ausweis",
                "personalausweis",
                "reisepass",
                "pass",
                "führerschein",
                "papiere",
                "lichtbildausweis",
                "dokumente",
            ],
            "answer": (
                "In Gemeinden ab 1 000 Einwohnern zeigen Sie einen Lichtbildausweis: "
                "Personalausweis oder Reisepass (gültig oder seit weniger als 5 Jahren "
                "abgelaufen), Führerschein, Carte Vitale mit Foto... Die Wählerkarte ist kein "
                "Ausweis und keine Pflicht. Kopien oder Fotos auf dem Handy gelten nicht."
            ),
        },
    },
    "lost-voter-card": {
        "source_url": "https://www.service-public.fr/particuliers/vosdroits/F1361",
        "source_name": SP,
        "fr": {
            "question": "J'ai perdu ma carte électorale, puis-je voter ?",
            "variants": [
                "Je n'ai pas reçu ma carte d'électeur",
                "Carte électorale perdue",
                "Peut-on voter sans carte électorale ?",
                "Ma carte d'électeur n'est pas arrivée",
            ],
            "keywords": [
                "carte électorale",
                "carte d'électeur",
                "perdu",
                "perdue",
                "pas reçu",
                "sans carte",
                "oubliée",
            ],
            "answer": (
                "Oui : la carte électorale n'est pas obligatoire. Si vous êtes inscrit, vous "
                "pouvez voter avec une pièce d'identité. Une carte non distribuée est souvent "
                "gardée au bureau de vote : demandez-la le jour du scrutin. Votre bureau est "
                "indiqué par le service « Interroger sa situation électorale »."
            ),
        },
        "en": {
            "question": "I lost my voter card: can I still vote?",
            "variants": [
                "I did not receive my voter card",
                "Lost voter card",
                "Can I vote without my voter card?",
                "My polling card never arrived",
            ],
            "keywords": [
                "voter card",
                "polling card",
                "lost",
                "never arrived",
                "not received",
                "without card",
                "elector card",
            ],
            "answer": (
                "Yes: the voter card is not required. If you are registered, you can vote with "
                "an ID. A card that could not be delivered is often kept at the polling "
                'station: ask for it on the day. The "Interroger sa situation électorale" '
                "service shows your polling station."
            ),
        },
        "de": {
            "question": "Ich habe meine französische Wählerkarte verloren: Kann ich wählen?",
            "variants": [
                "Wählerkarte nicht erhalten",
                "Wählerkarte verloren",
                "Kann ich ohne Wählerkarte wählen?",
                "Meine Wahlbenachrichtigung ist nicht angekommen",
            ],
            "keywords": [
                "wählerkarte",
                "wahlbenachrichtigung",
                "verloren",
                "nicht erhalten",
                "nicht bekommen",
                "ohne karte",
            ],
            "answer": (
                "Ja: Die Wählerkarte ist keine Pflicht. Wer eingetragen ist, wählt mit einem "
                "Ausweis. Eine nicht zugestellte Karte liegt oft im Wahllokal bereit: fragen "
                "Sie am Wahltag danach. Ihr Wahllokal zeigt der Dienst „Interroger sa "
                "situation électorale“."
            ),
        },
    },
    "accessibility": {
        "source_url": "https://www.elections.interieur.gouv.fr/",
        "source_name": MI,
        "fr": {
            "question": "Je suis en situation de handicap : comment voter ?",
            "variants": [
                "Le bureau de vote est-il accessible en fauteuil roulant ?",
                "Être accompagné dans l'isoloir quand on est handicapé",
                "Accessibilité des bureaux de vote",
                "Je suis malvoyant, comment voter ?",
            ],
            "keywords": [
                "handicap",
                "handicapé",
                "fauteuil roulant",
                "accessible",
                "accessibilité",
                "aider",
                "malvoyant",
                "aveugle",
                "mobilité réduite",
            ],
            "answer": (
                "Les bureaux de vote doivent être accessibles, avec au moins un isoloir adapté. "
                "Un électeur handicapé peut se faire accompagner par l'électeur de son choix "
                "dans l'isoloir et pour signer. Si vous ne pouvez pas vous déplacer, la "
                "procuration peut être établie à domicile : demandez-la au commissariat ou à "
                "la gendarmerie."
            ),
        },
        "en": {
            "question": "I have a disability: how can I vote?",
            "variants": [
                "Wheelchair access at the polling place",
                "Can a disabled person get help to vote?",
                "Polling station accessibility",
                "I am visually impaired, how do I vote?",
            ],
            "keywords": [
                "disability",
                "disabled",
                "wheelchair",
                "accessible",
                "accessibility",
                "help",
                "blind",
                "visually impaired",
                "reduced mobility",
            ],
            "answer": (
                "Polling stations must be accessible, with at least one adapted booth. A "
                "disabled voter may be helped by a voter of their choice in the booth and to "
                "sign. If you cannot travel, a police officer can come to your home to take "
                "your proxy: ask the police station or gendarmerie."
            ),
        },
        "de": {
            "question": "Ich habe eine Behinderung: Wie wähle ich in Frankreich?",
            "variants": [
                "Ist das Wahllokal barrierefrei?",
                "Darf mir jemand beim Wählen helfen?",
                "Barrierefreiheit im Wahllokal",
                "Rollstuhl und Wahllokal",
            ],
            "keywords": [
                "behinderung",
                "barrierefrei",
                "rollstuhl",
                "hilfe",
                "helfen",
                "blind",
                "sehbehindert",
                "gehbehindert",
            ],
            "answer": (
                "Wahllokale müssen barrierefrei sein, mit mindestens einer angepassten "
                "Wahlkabine. Wähler mit Behinderung dürfen sich von einem Wähler ihrer Wahl in "
                "die Kabine und beim Unterschreiben begleiten lassen. Wer nicht mobil ist, "
                "kann die Vollmacht zu Hause aufnehmen lassen."
            ),
        },
    },
    "election-dates": {
        "source_url": "https://www.elections.interieur.gouv.fr/",
        "source_name": MI,
        "fr": {
            "question": "Quand ont lieu les prochaines élections ?",
            "variants": [
                "Date du prochain scrutin",
                "Dans combien de temps a lieu l'élection ?",
                "Quelle est la date du scrutin ?",
                "On vote quand ?",
            ],
            "keywords": [
                "quand",
                "date",
                "prochaine élection",
                "prochain scrutin",
                "combien de jours",
                "jour du vote",
                "calendrier",
            ],
            "answer": (
                "[{election_name} a lieu le {election_date}, {days_left}.] En "
                "France, on vote le dimanche ; la date de chaque élection est fixée par décret "
                "et publiée sur le site du ministère de l'Intérieur."
            ),
        },
        "en": {
            "question": "When is the next election?",
            "variants": [
                "What is the date of the election?",
                "How many days until the election?",
                "When do we vote?",
                "Election day date",
            ],
            "keywords": [
                "when",
                "date",
                "next election",
                "election day",
                "how many days",
                "days left",
                "calendar",
            ],
            "answer": (
                "[{election_name} takes place on {election_date}, {days_left}.] In "
                "France, people vote on Sundays; the date of each election is set by decree "
                "and published by the Ministry of the Interior."
            ),
        },
        "de": {
            "question": "Wann ist die nächste Wahl in Frankreich?",
            "variants": [
                "Wann wird gewählt?",
                "Countdown bis zum Wahltag",
                "Datum der Wahl",
                "Wahltermin",
            ],
            "keywords": [
                "wann",
                "datum",
                "nächste wahl",
                "wahltag",
                "wahltermin",
                "wie viele tage",
                "termin",
            ],
            "answer": (
                "[{election_name} findet am {election_date} statt, {days_left}.] In "
                "Frankreich wird sonntags gewählt; der Termin jeder Wahl wird per Dekret "
                "festgelegt und vom Innenministerium veröffentlicht."
            ),
        },
    },
    "results": {
        "source_url": "https://www.resultats-elections.interieur.gouv.fr/",
        "source_name": MI,
        "fr": {
            "question": "Où trouver les résultats de l'élection ?",
            "variants": [
                "Heure de publication des résultats",
                "Résultats du vote",
                "À quelle heure les résultats sont annoncés ?",
                "Résultats dans ma commune",
            ],
            "keywords": [
                "résultats",
                "résultat",
                "score",
                "qui a gagné",
                "annonce",
                "dépouillement",
            ],
            "answer": (
                "Les premières estimations sont publiées le soir du vote, à la fermeture des "
                "derniers bureaux. Les résultats officiels, commune par commune, sont publiés "
                "au fur et à mesure par le ministère de l'Intérieur sur "
                "resultats-elections.interieur.gouv.fr. Le dépouillement est public."
            ),
        },
        "en": {
            "question": "Where can I find the election results?",
            "variants": [
                "Publication time of the results",
                "Election results",
                "What time are the results announced?",
                "Results in my town",
            ],
            "keywords": ["results", "result", "outcome", "who won", "count", "announced"],
            "answer": (
                "The first estimates come out on election night, when the last polling "
                "stations close. The official results, commune by commune, are published as "
                "they come in by the Ministry of the Interior on "
                "resultats-elections.interieur.gouv.fr. The count is public."
            ),
        },
        "de": {
            "question": "Wo finde ich die Wahlergebnisse in Frankreich?",
            "variants": [
                "Wann gibt es die Ergebnisse?",
                "Wahlergebnis",
                "Um wie viel Uhr kommen die Ergebnisse?",
                "Ergebnisse in meiner Gemeinde",
            ],
            "keywords": [
                "ergebnis",
                "ergebnisse",
                "wahlergebnis",
                "wer hat gewonnen",
                "auszählung",
                "hochrechnung",
            ],
            "answer": (
                "Erste Hochrechnungen gibt es am Wahlabend, wenn die letzten Wahllokale "
                "schließen. Die amtlichen Ergebnisse je Gemeinde veröffentlicht das "
                "Innenministerium laufend auf resultats-elections.interieur.gouv.fr. Die "
                "Auszählung ist öffentlich."
            ),
        },
    },
}
