# ruff: noqa: E501  (long lines of prose in three languages; French typography)
"""The texts of the shipped modules. Lessons use the plain format of ``render.py``: paragraphs
separated by a blank line, lines starting with "- " as a list, **bold**."""

CANVASSING = {
    "slug": "canvassing-basics",
    "skill": "canvassing",
    "badge": "people",
    "points": 20,
    "pass_mark": 80,
    "title": {
        "fr": "Les bases du porte-à-porte",
        "en": "Canvassing basics",
        "de": "Grundlagen des Haustürwahlkampfs",
    },
    "summary": {
        "fr": "Sécurité, binômes, se présenter, un message non partisan pour aller voter, ce qu'on note et ce qu'on ne note pas.",
        "en": "Safety, pairs, introducing yourself, a non-partisan get-out-the-vote script, what to record and what not.",
        "de": "Sicherheit, Zweierteams, sich vorstellen, ein überparteilicher Aufruf zur Wahl, was man notiert und was nicht.",
    },
    "lessons": [
        {
            "title": {
                "fr": "Sécurité et binômes",
                "en": "Safety and pairs",
                "de": "Sicherheit und Zweierteams",
            },
            "body": {
                "fr": "On ne fait jamais de porte-à-porte seul : on part **en binôme**, chacun reste en vue de l'autre et on garde son téléphone chargé.\n\nAvant de partir :\n- dites à votre référent quel secteur vous prenez et quand vous pensez finir ;\n- portez des chaussures confortables et prenez de l'eau ;\n- n'entrez jamais dans un logement, même si on vous y invite.\n\nSi une situation vous met mal à l'aise, partez. Aucune porte ne vaut un risque.",
                "en": "Never canvass alone: go **in pairs**, stay within sight of each other and keep your phone charged.\n\nBefore you set off:\n- tell your organizer which turf you take and when you expect to finish;\n- wear comfortable shoes and bring water;\n- never go inside a home, even when invited.\n\nIf a situation makes you uneasy, leave. No door is worth a risk.",
                "de": "Niemals allein von Tür zu Tür: Geht **zu zweit**, bleibt in Sichtweite und haltet das Handy geladen.\n\nVor dem Start:\n- sagt eurer Ansprechperson, welches Gebiet ihr übernehmt und wann ihr fertig sein wollt;\n- tragt bequeme Schuhe und nehmt Wasser mit;\n- betretet nie eine Wohnung, auch nicht auf Einladung.\n\nWenn euch eine Situation unangenehm ist, geht. Keine Tür ist ein Risiko wert.",
            },
        },
        {
            "title": {
                "fr": "Se présenter à la porte",
                "en": "Introducing yourself at the door",
                "de": "Sich an der Tür vorstellen",
            },
            "body": {
                "fr": "Sonnez, reculez d'un pas et souriez. Dites tout de suite qui vous êtes : votre prénom, l'association, et pourquoi vous venez.\n\nExemple : « Bonjour, je m'appelle Yanis, je suis bénévole pour Voix Citoyennes. Nous passons dans le quartier pour rappeler la date des élections. Vous avez une minute ? »\n\nMontrez votre badge si vous en avez un. Soyez bref : deux ou trois minutes par porte suffisent.",
                "en": 'Ring, step back and smile. Say at once who you are: your first name, the organization, and why you came.\n\nFor example: "Hello, I\'m Yanis, a volunteer with Voix Citoyennes. We are going round the neighbourhood to remind people of the election date. Do you have a minute?"\n\nShow your badge if you have one. Keep it short: two or three minutes per door is enough.',
                "de": "Klingeln, einen Schritt zurücktreten, lächeln. Sagt sofort, wer ihr seid: Vorname, Organisation und warum ihr kommt.\n\nZum Beispiel: „Guten Tag, ich heiße Yanis und bin ehrenamtlich bei Voix Citoyennes. Wir sind im Viertel unterwegs und erinnern an den Wahltermin. Haben Sie eine Minute?“\n\nZeigt euren Ausweis, wenn ihr einen habt. Fasst euch kurz: zwei bis drei Minuten pro Tür reichen.",
            },
        },
        {
            "title": {
                "fr": "Un message non partisan pour aller voter",
                "en": "A non-partisan get-out-the-vote script",
                "de": "Ein überparteilicher Aufruf zur Wahl",
            },
            "body": {
                "fr": "Une campagne de mobilisation civique ne dit pas pour qui voter. Elle aide chacun à **aller voter** :\n- la date et les horaires du scrutin ;\n- le bureau de vote de la personne ;\n- les pièces à apporter, et la procuration si elle ne peut pas se déplacer.\n\nPosez une question ouverte : « Vous savez déjà comment vous irez voter ? » Écoutez la réponse. Si on vous demande votre opinion politique, répondez que vous êtes là pour la participation, pas pour un candidat.",
                "en": 'A civic turnout campaign does not say whom to vote for. It helps everyone **go and vote**:\n- the date and opening hours of the election;\n- the person\'s polling station;\n- what to bring, and voting by proxy if they cannot go.\n\nAsk an open question: "Do you already know how you will go and vote?" Listen to the answer. If someone asks for your political opinion, say you are there for turnout, not for a candidate.',
                "de": "Eine überparteiliche Kampagne sagt nicht, wen man wählen soll. Sie hilft allen, **wählen zu gehen**:\n- Wahltag und Öffnungszeiten;\n- das Wahllokal der Person;\n- was mitzubringen ist, und die Briefwahl, wenn sie nicht hingehen kann.\n\nStellt eine offene Frage: „Wissen Sie schon, wie Sie wählen gehen?“ Hört zu. Fragt jemand nach eurer politischen Meinung, sagt, dass ihr für die Wahlbeteiligung da seid, nicht für eine Kandidatin oder einen Kandidaten.",
            },
        },
        {
            "title": {
                "fr": "Ce qu'on note, et le consentement",
                "en": "What to record, and consent",
                "de": "Was man notiert, und die Einwilligung",
            },
            "body": {
                "fr": "Après chaque porte, notez dans l'application le **résultat de la visite** : absent, a ouvert, refus, à revoir. C'est tout ce qu'il faut pour organiser la suite.\n\nNe notez un nom, un numéro ou un e-mail que si la personne **accepte clairement** d'être recontactée, après lui avoir dit par qui et pour quoi. Ne notez jamais ce que la personne pense d'un parti ou d'un candidat : c'est une donnée sensible.\n\nPas de photos des personnes ni des logements.",
                "en": "After each door, record the **outcome of the visit** in the app: not home, opened, refused, come back. That is all that is needed to plan the next steps.\n\nRecord a name, a number or an email only if the person **clearly agrees** to be contacted again, after you have told them by whom and what for. Never record what the person thinks of a party or a candidate: it is sensitive data.\n\nNo photos of people or homes.",
                "de": "Nach jeder Tür tragt ihr in der App das **Ergebnis des Besuchs** ein: nicht da, geöffnet, abgelehnt, später wieder. Mehr braucht es für die Planung nicht.\n\nNotiert Namen, Nummer oder E-Mail nur, wenn die Person **ausdrücklich zustimmt**, wieder kontaktiert zu werden, nachdem ihr gesagt habt, von wem und wozu. Notiert nie, was die Person von einer Partei oder Kandidatur hält: Das sind sensible Daten.\n\nKeine Fotos von Menschen oder Wohnungen.",
            },
        },
        {
            "title": {
                "fr": "Partir quand on vous le demande",
                "en": "Leaving when asked",
                "de": "Gehen, wenn man darum gebeten wird",
            },
            "body": {
                "fr": "Si la personne dit non, remerciez-la et partez tout de suite, sans insister ni argumenter. Notez « refus » : personne ne repassera chez elle pendant cette campagne.\n\nRespectez les mentions « pas de démarchage » sur les portes et les boîtes aux lettres. Ne laissez pas de tract dans une boîte qui l'interdit.\n\nUne porte fermée poliment aujourd'hui, c'est une personne qui écoutera peut-être demain.",
                "en": 'If the person says no, thank them and leave at once, without insisting or arguing. Record "refused": nobody will knock there again during this campaign.\n\nRespect "no canvassing" signs on doors and letterboxes. Do not leave a leaflet in a letterbox that forbids it.\n\nA door closed politely today is a person who may listen tomorrow.',
                "de": "Sagt die Person nein, bedankt euch und geht sofort, ohne zu drängen oder zu diskutieren. Tragt „abgelehnt“ ein: In dieser Kampagne klingelt dort niemand mehr.\n\nBeachtet Hinweise wie „Keine Werbung“ an Türen und Briefkästen. Werft keinen Flyer in einen Briefkasten, der das verbietet.\n\nEine heute höflich geschlossene Tür ist eine Person, die vielleicht morgen zuhört.",
            },
        },
    ],
    "questions": [
        {
            "text": {
                "fr": "Avec qui fait-on du porte-à-porte ?",
                "en": "Who do you canvass with?",
                "de": "Mit wem geht man von Tür zu Tür?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Seul, pour couvrir plus de portes",
                        "en": "Alone, to cover more doors",
                        "de": "Allein, um mehr Türen zu schaffen",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "En binôme, chacun en vue de l'autre",
                        "en": "In pairs, within sight of each other",
                        "de": "Zu zweit, in Sichtweite",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Avec la personne qui ouvre, chez elle",
                        "en": "With the person who opens, inside their home",
                        "de": "Mit der Person, die öffnet, in ihrer Wohnung",
                    },
                ),
            ],
            "correct": ["b"],
            "explanation": {
                "fr": "On part toujours en binôme et on n'entre jamais dans un logement.",
                "en": "Always go in pairs and never go inside a home.",
                "de": "Immer zu zweit, und niemals eine Wohnung betreten.",
            },
        },
        {
            "text": {
                "fr": "Quelqu'un vous demande pour qui voter. Que répondez-vous ?",
                "en": "Someone asks you whom to vote for. What do you answer?",
                "de": "Jemand fragt, wen er wählen soll. Was antwortet ihr?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Je donne mon avis personnel",
                        "en": "I give my personal opinion",
                        "de": "Ich sage meine persönliche Meinung",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "Je suis là pour la participation, pas pour un candidat",
                        "en": "I am here for turnout, not for a candidate",
                        "de": "Ich bin für die Wahlbeteiligung da, nicht für eine Kandidatur",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Je lui conseille de ne pas voter",
                        "en": "I advise them not to vote",
                        "de": "Ich rate, nicht zu wählen",
                    },
                ),
            ],
            "correct": ["b"],
            "explanation": {
                "fr": "Le message est non partisan : date, bureau de vote, procuration.",
                "en": "The script is non-partisan: date, polling station, proxy vote.",
                "de": "Der Aufruf ist überparteilich: Termin, Wahllokal, Briefwahl.",
            },
        },
        {
            "text": {
                "fr": "Que notez-vous après une porte ? (plusieurs réponses)",
                "en": "What do you record after a door? (several answers)",
                "de": "Was notiert ihr nach einer Tür? (mehrere Antworten)",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Le résultat de la visite",
                        "en": "The outcome of the visit",
                        "de": "Das Ergebnis des Besuchs",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "Le parti que la personne préfère",
                        "en": "The party the person prefers",
                        "de": "Die Lieblingspartei der Person",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Son e-mail, si elle accepte clairement d'être recontactée",
                        "en": "Their email, if they clearly agree to be contacted again",
                        "de": "Ihre E-Mail, wenn sie ausdrücklich einer weiteren Kontaktaufnahme zustimmt",
                    },
                ),
                (
                    "d",
                    {
                        "fr": "Une photo de la façade",
                        "en": "A photo of the house",
                        "de": "Ein Foto des Hauses",
                    },
                ),
            ],
            "correct": ["a", "c"],
            "explanation": {
                "fr": "Le résultat, et un contact seulement avec un accord clair. Jamais d'opinion politique ni de photo.",
                "en": "The outcome, and contact details only with clear agreement. Never a political opinion or a photo.",
                "de": "Das Ergebnis, Kontaktdaten nur mit klarer Zustimmung. Nie politische Meinungen oder Fotos.",
            },
        },
        {
            "text": {
                "fr": "La personne dit qu'elle ne veut pas parler. Que faites-vous ?",
                "en": "The person says they do not want to talk. What do you do?",
                "de": "Die Person möchte nicht reden. Was tut ihr?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "J'insiste avec un meilleur argument",
                        "en": "I insist with a better argument",
                        "de": "Ich versuche es mit einem besseren Argument",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "Je remercie, je pars et je note « refus »",
                        "en": 'I thank them, leave and record "refused"',
                        "de": "Ich bedanke mich, gehe und notiere „abgelehnt“",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Je repasse une heure plus tard",
                        "en": "I come back an hour later",
                        "de": "Ich komme eine Stunde später wieder",
                    },
                ),
            ],
            "correct": ["b"],
            "explanation": {
                "fr": "Un refus se respecte tout de suite, et on ne repasse pas.",
                "en": "A refusal is respected at once, and nobody comes back.",
                "de": "Eine Ablehnung wird sofort respektiert, und niemand kommt wieder.",
            },
        },
        {
            "text": {
                "fr": "Que dites-vous en premier à la porte ?",
                "en": "What do you say first at the door?",
                "de": "Was sagt ihr zuerst an der Tür?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Qui je suis, pour quelle association et pourquoi je viens",
                        "en": "Who I am, for which organization and why I came",
                        "de": "Wer ich bin, für welche Organisation und warum ich komme",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "Je demande directement son nom et son téléphone",
                        "en": "I ask straight away for their name and phone number",
                        "de": "Ich frage sofort nach Name und Telefonnummer",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Rien, je laisse un tract",
                        "en": "Nothing, I leave a leaflet",
                        "de": "Nichts, ich lasse einen Flyer da",
                    },
                ),
            ],
            "correct": ["a"],
            "explanation": {
                "fr": "Se présenter clairement met en confiance et respecte la personne.",
                "en": "Introducing yourself clearly builds trust and respects the person.",
                "de": "Eine klare Vorstellung schafft Vertrauen und respektiert die Person.",
            },
        },
    ],
}

TEXTING = {
    "slug": "texting-basics",
    "skill": "texting",
    "badge": "megaphone",
    "points": 15,
    "pass_mark": 80,
    "title": {
        "fr": "Les bases des SMS militants",
        "en": "Texting basics",
        "de": "Grundlagen des SMS-Versands",
    },
    "summary": {
        "fr": "Le ton, les désinscriptions appliquées tout de suite, pas de réponse pendant les heures calmes, à qui passer les questions difficiles.",
        "en": "Tone, opt-outs honoured at once, no replies during quiet hours, who to pass hard questions to.",
        "de": "Tonfall, Abmeldungen sofort beachten, keine Antworten in den Ruhezeiten, schwierige Fragen weitergeben.",
    },
    "lessons": [
        {
            "title": {"fr": "Le bon ton", "en": "The right tone", "de": "Der richtige Ton"},
            "body": {
                "fr": "Vous écrivez à une vraie personne, depuis le numéro de l'association. Restez **court, poli et personnel** : utilisez le prénom, une idée par message, pas de majuscules ni de points d'exclamation en série.\n\nNe promettez rien au nom de l'association que vous ne savez pas tenir. Si la personne est agacée, excusez-vous du dérangement et proposez de ne plus lui écrire.",
                "en": "You are writing to a real person, from the organization's number. Keep it **short, polite and personal**: use the first name, one idea per message, no capitals or strings of exclamation marks.\n\nDo not promise anything on the organization's behalf that you cannot keep. If the person is annoyed, apologise for the disturbance and offer not to write again.",
                "de": "Ihr schreibt einem echten Menschen, von der Nummer der Organisation. Bleibt **kurz, höflich und persönlich**: Vorname, ein Gedanke pro Nachricht, keine Großbuchstaben und keine Ausrufezeichen-Ketten.\n\nVersprecht im Namen der Organisation nichts, was ihr nicht halten könnt. Ist die Person verärgert, entschuldigt euch und bietet an, nicht mehr zu schreiben.",
            },
        },
        {
            "title": {
                "fr": "STOP veut dire stop",
                "en": "STOP means stop",
                "de": "STOP heißt Stopp",
            },
            "body": {
                "fr": "Quand une personne répond STOP, « arrêtez », « ne m'écrivez plus » ou toute formule de ce genre, sa demande s'applique **tout de suite**. Turnout enregistre automatiquement les réponses STOP ; pour une autre formule, utilisez la réponse type de désinscription.\n\nN'essayez pas de la convaincre et ne lui écrivez plus, même pour dire au revoir : la confirmation est envoyée automatiquement.",
                "en": 'When someone replies STOP, "stop", "don\'t text me again" or anything like it, their request applies **at once**. Turnout records STOP replies by itself; for other wordings, use the opt-out canned response.\n\nDo not try to change their mind and do not write again, not even to say goodbye: the confirmation is sent automatically.',
                "de": "Antwortet jemand STOP, „aufhören“, „schreiben Sie mir nicht mehr“ oder Ähnliches, gilt das **sofort**. Turnout erfasst STOP-Antworten selbst; für andere Formulierungen nutzt die vorbereitete Abmelde-Antwort.\n\nVersucht nicht zu überzeugen und schreibt nicht mehr, auch nicht zum Abschied: Die Bestätigung wird automatisch verschickt.",
            },
        },
        {
            "title": {"fr": "Les heures calmes", "en": "Quiet hours", "de": "Ruhezeiten"},
            "body": {
                "fr": "On n'écrit pas aux gens la nuit ni tôt le matin. Pendant les **heures calmes** de l'association, Turnout garde les messages et les envoie à la fin de la plage ; ne contournez pas cette règle en écrivant depuis votre propre téléphone.\n\nSi une réponse arrive tard le soir, répondez le lendemain matin.",
                "en": "We do not text people at night or early in the morning. During the organization's **quiet hours**, Turnout holds messages and sends them when the quiet hours end; never get round this by texting from your own phone.\n\nIf a reply arrives late in the evening, answer it the next morning.",
                "de": "Nachts und früh morgens schreibt man niemandem. Während der **Ruhezeiten** der Organisation hält Turnout Nachrichten zurück und schickt sie danach; umgeht das nie mit dem eigenen Handy.\n\nKommt spätabends eine Antwort, antwortet am nächsten Morgen.",
            },
        },
        {
            "title": {
                "fr": "Passer la main sur les questions difficiles",
                "en": "Passing hard questions on",
                "de": "Schwierige Fragen weitergeben",
            },
            "body": {
                "fr": "Certaines réponses dépassent votre rôle :\n- une question juridique ou sur une situation personnelle ;\n- un journaliste ou un élu ;\n- une personne en détresse ou menaçante.\n\nNe devinez pas. Répondez que vous transmettez à l'équipe, puis prévenez votre référent avec le lien de la conversation. En cas d'urgence vitale, la personne doit appeler le 112.",
                "en": "Some replies go beyond your role:\n- a legal question or one about a personal situation;\n- a journalist or an elected official;\n- a person in distress or making threats.\n\nDo not guess. Answer that you pass it on to the team, then tell your organizer with the link to the conversation. In a life-threatening emergency, the person should call 112.",
                "de": "Manche Antworten gehen über eure Rolle hinaus:\n- rechtliche Fragen oder Fragen zu einer persönlichen Lage;\n- Journalistinnen, Journalisten oder Mandatsträger;\n- Menschen in Not oder Drohungen.\n\nNicht raten. Antwortet, dass ihr es ans Team weitergebt, und informiert eure Ansprechperson mit dem Link zum Gespräch. Im Notfall soll die Person die 112 anrufen.",
            },
        },
    ],
    "questions": [
        {
            "text": {
                "fr": "Une personne répond « ne m'écrivez plus ». Que faites-vous ?",
                "en": 'Someone replies "don\'t text me again". What do you do?',
                "de": "Jemand antwortet „schreiben Sie mir nicht mehr“. Was tut ihr?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Je la désinscris tout de suite avec la réponse type",
                        "en": "I opt them out at once with the canned response",
                        "de": "Ich melde die Person sofort mit der vorbereiteten Antwort ab",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "Je lui explique pourquoi c'est important",
                        "en": "I explain why it matters",
                        "de": "Ich erkläre, warum es wichtig ist",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "J'attends la fin de la campagne",
                        "en": "I wait until the campaign ends",
                        "de": "Ich warte bis zum Ende der Kampagne",
                    },
                ),
            ],
            "correct": ["a"],
            "explanation": {
                "fr": "Toute demande d'arrêt s'applique immédiatement, quelle que soit la formule.",
                "en": "Any request to stop applies immediately, whatever the wording.",
                "de": "Jede Bitte aufzuhören gilt sofort, egal wie sie formuliert ist.",
            },
        },
        {
            "text": {
                "fr": "Une réponse arrive à 23 h. Quand répondez-vous ?",
                "en": "A reply arrives at 11 pm. When do you answer?",
                "de": "Um 23 Uhr kommt eine Antwort. Wann antwortet ihr?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Tout de suite, depuis mon téléphone personnel",
                        "en": "At once, from my personal phone",
                        "de": "Sofort, vom privaten Handy",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "Le lendemain matin, après les heures calmes",
                        "en": "The next morning, after quiet hours",
                        "de": "Am nächsten Morgen, nach den Ruhezeiten",
                    },
                ),
                ("c", {"fr": "Jamais", "en": "Never", "de": "Nie"}),
            ],
            "correct": ["b"],
            "explanation": {
                "fr": "Pas de messages pendant les heures calmes, et jamais depuis un téléphone personnel.",
                "en": "No messages during quiet hours, and never from a personal phone.",
                "de": "Keine Nachrichten in den Ruhezeiten, und nie vom privaten Handy.",
            },
        },
        {
            "text": {
                "fr": "Quelles questions transmettez-vous à votre référent ? (plusieurs réponses)",
                "en": "Which questions do you pass to your organizer? (several answers)",
                "de": "Welche Fragen gebt ihr an eure Ansprechperson weiter? (mehrere Antworten)",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Un journaliste qui demande une interview",
                        "en": "A journalist asking for an interview",
                        "de": "Eine Journalistin bittet um ein Interview",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "« C'est quand, l'élection ? »",
                        "en": '"When is the election?"',
                        "de": "„Wann ist die Wahl?“",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Une question juridique sur une situation personnelle",
                        "en": "A legal question about a personal situation",
                        "de": "Eine Rechtsfrage zu einer persönlichen Lage",
                    },
                ),
            ],
            "correct": ["a", "c"],
            "explanation": {
                "fr": "La date de l'élection, vous pouvez la donner ; la presse et le juridique vont à l'équipe.",
                "en": "You can give the election date yourself; press and legal questions go to the team.",
                "de": "Den Wahltermin könnt ihr selbst nennen; Presse und Rechtsfragen gehen ans Team.",
            },
        },
        {
            "text": {
                "fr": "Quel message a le bon ton ?",
                "en": "Which message has the right tone?",
                "de": "Welche Nachricht hat den richtigen Ton?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "« VOTEZ DIMANCHE !!! »",
                        "en": '"VOTE ON SUNDAY!!!"',
                        "de": "„WÄHLT AM SONNTAG!!!“",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "« Bonjour Léa, c'est Yanis de Voix Citoyennes : vous savez où se trouve votre bureau de vote dimanche ? »",
                        "en": '"Hi Léa, it\'s Yanis from Voix Citoyennes: do you know where your polling station is on Sunday?"',
                        "de": "„Hallo Léa, hier ist Yanis von Voix Citoyennes: Wissen Sie, wo am Sonntag Ihr Wahllokal ist?“",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "« Si vous ne votez pas, ne vous plaignez pas. »",
                        "en": "\"If you don't vote, don't complain.\"",
                        "de": "„Wer nicht wählt, soll sich nicht beschweren.“",
                    },
                ),
            ],
            "correct": ["b"],
            "explanation": {
                "fr": "Court, poli, personnel, une seule idée.",
                "en": "Short, polite, personal, one idea.",
                "de": "Kurz, höflich, persönlich, ein Gedanke.",
            },
        },
    ],
}

DATA_PROTECTION = {
    "slug": "data-protection-basics",
    "skill": "data_protection",
    "badge": "building",
    "points": 15,
    "pass_mark": 80,
    "title": {
        "fr": "Les bases de la protection des données",
        "en": "Data protection basics",
        "de": "Grundlagen des Datenschutzes",
    },
    "summary": {
        "fr": "Le RGPD pour les bénévoles : le minimum de données, le consentement, l'opinion politique donnée sensible, pas de captures ni d'exports sur un appareil personnel, que faire en cas de fuite.",
        "en": "The GDPR for volunteers: minimum data, consent, political opinion as sensitive data, no screenshots or exports on personal devices, what to do on a data leak.",
        "de": "Die DSGVO für Ehrenamtliche: so wenig Daten wie möglich, Einwilligung, politische Meinung als sensible Daten, keine Screenshots oder Exporte auf privaten Geräten, was bei einer Datenpanne zu tun ist.",
    },
    "lessons": [
        {
            "title": {
                "fr": "Le minimum de données",
                "en": "Minimum data",
                "de": "So wenig Daten wie möglich",
            },
            "body": {
                "fr": "Le RGPD demande de ne collecter que **ce qui sert vraiment** à un but précis, et de ne pas le garder plus longtemps que nécessaire.\n\nAvant de noter une information, demandez-vous : « À quoi va-t-elle servir ? » Si vous ne savez pas répondre, ne la notez pas.",
                "en": 'The GDPR asks us to collect only **what is really needed** for a clear purpose, and not to keep it longer than necessary.\n\nBefore you write something down, ask yourself: "What will this be used for?" If you cannot answer, do not write it down.',
                "de": "Die DSGVO verlangt, nur zu erheben, **was für einen klaren Zweck wirklich nötig ist**, und es nicht länger als nötig aufzubewahren.\n\nFragt euch vor jeder Notiz: „Wofür wird das gebraucht?“ Wenn ihr es nicht wisst, notiert es nicht.",
            },
        },
        {
            "title": {"fr": "Le consentement", "en": "Consent", "de": "Die Einwilligung"},
            "body": {
                "fr": "Pour recontacter quelqu'un par e-mail ou SMS, il faut son **accord libre, précis et éclairé** : la personne sait qui la contactera, par quel moyen et pourquoi. Une case pré-cochée ou un silence ne valent pas accord.\n\nLa personne peut retirer son accord à tout moment, aussi simplement qu'elle l'a donné.",
                "en": "To contact someone again by email or text, you need their **free, specific and informed agreement**: the person knows who will contact them, how and why. A pre-ticked box or silence is not agreement.\n\nThe person may withdraw their agreement at any time, as easily as they gave it.",
                "de": "Um jemanden erneut per E-Mail oder SMS zu kontaktieren, braucht es eine **freiwillige, bestimmte und informierte Einwilligung**: Die Person weiß, wer sie wie und wozu kontaktiert. Ein vorangekreuztes Kästchen oder Schweigen ist keine Einwilligung.\n\nDie Person kann ihre Einwilligung jederzeit so einfach widerrufen, wie sie sie gegeben hat.",
            },
        },
        {
            "title": {
                "fr": "L'opinion politique, une donnée sensible",
                "en": "Political opinion is sensitive data",
                "de": "Politische Meinung sind sensible Daten",
            },
            "body": {
                "fr": "Les opinions politiques font partie des **catégories particulières** de données (article 9 du RGPD), comme la santé ou la religion. Leur traitement est en principe interdit, sauf exceptions strictes.\n\nN'écrivez donc jamais « vote pour tel parti », « plutôt à gauche » ou « militant de… » dans une note, un message ou un tableau, même pour vous aider.",
                "en": 'Political opinions are one of the **special categories** of data (GDPR article 9), like health or religion. Processing them is forbidden in principle, with strict exceptions.\n\nSo never write "votes for this party", "rather left-wing" or "activist of…" in a note, a message or a spreadsheet, not even as a memory aid.',
                "de": "Politische Meinungen gehören zu den **besonderen Kategorien** personenbezogener Daten (Art. 9 DSGVO), wie Gesundheit oder Religion. Ihre Verarbeitung ist grundsätzlich verboten, mit engen Ausnahmen.\n\nSchreibt also nie „wählt Partei X“, „eher links“ oder „aktiv bei …“ in eine Notiz, Nachricht oder Tabelle, auch nicht als Gedächtnisstütze.",
            },
        },
        {
            "title": {
                "fr": "Vos appareils, et que faire en cas de fuite",
                "en": "Your devices, and what to do on a leak",
                "de": "Eure Geräte, und was bei einer Datenpanne zu tun ist",
            },
            "body": {
                "fr": "Les données restent dans Turnout :\n- pas de captures d'écran de fiches ou de listes ;\n- pas d'export ni de copie sur un ordinateur ou un téléphone personnel ;\n- verrouillez votre téléphone et ne prêtez pas votre compte.\n\nUn téléphone perdu, une liste envoyée à la mauvaise personne, un compte piraté ? **Prévenez immédiatement** votre référent ou le contact données de l'association. Elle a 72 heures pour prévenir l'autorité de protection des données si nécessaire : chaque heure compte, et personne ne vous reprochera d'avoir signalé.",
                "en": "The data stays in Turnout:\n- no screenshots of records or lists;\n- no exports or copies on a personal computer or phone;\n- lock your phone and never lend your account.\n\nA lost phone, a list sent to the wrong person, a hacked account? **Tell your organizer or the organization's data contact at once.** The organization has 72 hours to notify the data protection authority when needed: every hour counts, and nobody will blame you for reporting.",
                "de": "Die Daten bleiben in Turnout:\n- keine Screenshots von Datensätzen oder Listen;\n- keine Exporte oder Kopien auf privaten Computern oder Handys;\n- sperrt euer Handy und verleiht euer Konto nie.\n\nHandy verloren, Liste an die falsche Person geschickt, Konto gehackt? **Sagt sofort eurer Ansprechperson oder der Datenschutz-Kontaktperson Bescheid.** Die Organisation hat 72 Stunden, um die Datenschutzbehörde zu informieren, wenn nötig: Jede Stunde zählt, und niemand macht euch einen Vorwurf, wenn ihr es meldet.",
            },
        },
    ],
    "questions": [
        {
            "text": {
                "fr": "Quelle information ne notez-vous jamais ?",
                "en": "Which information do you never write down?",
                "de": "Welche Information notiert ihr nie?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Que la personne était absente",
                        "en": "That the person was not home",
                        "de": "Dass die Person nicht da war",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "Le parti pour lequel elle dit voter",
                        "en": "The party they say they vote for",
                        "de": "Die Partei, die sie angeblich wählt",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Qu'elle a refusé de parler",
                        "en": "That they refused to talk",
                        "de": "Dass sie nicht reden wollte",
                    },
                ),
            ],
            "correct": ["b"],
            "explanation": {
                "fr": "L'opinion politique est une donnée sensible (article 9 du RGPD).",
                "en": "Political opinion is sensitive data (GDPR article 9).",
                "de": "Politische Meinungen sind sensible Daten (Art. 9 DSGVO).",
            },
        },
        {
            "text": {
                "fr": "Qu'est-ce qu'un consentement valable ?",
                "en": "What is valid consent?",
                "de": "Was ist eine gültige Einwilligung?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Une case déjà cochée que la personne n'a pas décochée",
                        "en": "A pre-ticked box the person did not untick",
                        "de": "Ein vorangekreuztes Kästchen, das nicht entfernt wurde",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "Un accord libre et précis, en sachant qui contactera et pourquoi",
                        "en": "A free, specific agreement, knowing who will make contact and why",
                        "de": "Eine freiwillige, bestimmte Zustimmung, im Wissen, wer wozu kontaktiert",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Le fait que la personne ait ouvert sa porte",
                        "en": "The fact that the person opened the door",
                        "de": "Dass die Person die Tür geöffnet hat",
                    },
                ),
            ],
            "correct": ["b"],
            "explanation": {
                "fr": "Le consentement est libre, spécifique, éclairé et actif.",
                "en": "Consent is free, specific, informed and given actively.",
                "de": "Die Einwilligung ist freiwillig, bestimmt, informiert und aktiv.",
            },
        },
        {
            "text": {
                "fr": "Que n'avez-vous pas le droit de faire ? (plusieurs réponses)",
                "en": "What must you not do? (several answers)",
                "de": "Was dürft ihr nicht tun? (mehrere Antworten)",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Faire une capture d'écran d'une liste de contacts",
                        "en": "Take a screenshot of a contact list",
                        "de": "Einen Screenshot einer Kontaktliste machen",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "Exporter une liste sur mon ordinateur personnel",
                        "en": "Export a list to my personal computer",
                        "de": "Eine Liste auf meinen privaten Computer exportieren",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Consulter mon secteur dans l'application Turnout",
                        "en": "Look at my turf in the Turnout app",
                        "de": "Mein Gebiet in der Turnout-App ansehen",
                    },
                ),
            ],
            "correct": ["a", "b"],
            "explanation": {
                "fr": "Les données restent dans Turnout, jamais sur un appareil personnel.",
                "en": "The data stays in Turnout, never on a personal device.",
                "de": "Die Daten bleiben in Turnout, nie auf privaten Geräten.",
            },
        },
        {
            "text": {
                "fr": "Vous avez perdu le téléphone avec lequel vous faites du porte-à-porte. Que faites-vous ?",
                "en": "You lost the phone you canvass with. What do you do?",
                "de": "Ihr habt das Handy verloren, mit dem ihr unterwegs seid. Was tut ihr?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "Je préviens mon référent tout de suite",
                        "en": "I tell my organizer at once",
                        "de": "Ich sage sofort meiner Ansprechperson Bescheid",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "J'attends de voir s'il réapparaît",
                        "en": "I wait to see whether it turns up",
                        "de": "Ich warte, ob es wieder auftaucht",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Je n'en parle pas pour ne pas être gêné",
                        "en": "I keep quiet to avoid embarrassment",
                        "de": "Ich sage nichts, weil es mir peinlich ist",
                    },
                ),
            ],
            "correct": ["a"],
            "explanation": {
                "fr": "L'association a 72 heures pour notifier l'autorité si nécessaire : il faut prévenir immédiatement.",
                "en": "The organization has 72 hours to notify the authority when needed: report at once.",
                "de": "Die Organisation hat 72 Stunden für eine Meldung an die Behörde: sofort Bescheid sagen.",
            },
        },
        {
            "text": {
                "fr": "Avant de noter une information, quelle question vous posez-vous ?",
                "en": "Before writing information down, what do you ask yourself?",
                "de": "Was fragt ihr euch, bevor ihr etwas notiert?",
            },
            "choices": [
                (
                    "a",
                    {
                        "fr": "À quoi va-t-elle servir ?",
                        "en": "What will it be used for?",
                        "de": "Wofür wird das gebraucht?",
                    },
                ),
                (
                    "b",
                    {
                        "fr": "Est-ce qu'elle pourrait servir un jour ?",
                        "en": "Could it be useful some day?",
                        "de": "Könnte das irgendwann nützlich sein?",
                    },
                ),
                (
                    "c",
                    {
                        "fr": "Est-ce que quelqu'un me verra la noter ?",
                        "en": "Will anyone see me write it?",
                        "de": "Sieht mich jemand dabei?",
                    },
                ),
            ],
            "correct": ["a"],
            "explanation": {
                "fr": "Minimisation : uniquement ce qui sert un but précis.",
                "en": "Data minimisation: only what serves a clear purpose.",
                "de": "Datenminimierung: nur, was einem klaren Zweck dient.",
            },
        },
    ],
}
