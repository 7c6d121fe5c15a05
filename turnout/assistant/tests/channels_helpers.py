"""What the channel and conversation tests share: a small knowledge base and channels."""

from __future__ import annotations

from datetime import date

PROXY_ANSWER = "You can give a proxy to another voter of your commune at a police station."
PROXY_SOURCE = "https://www.service-public.fr/particuliers/vosdroits/F1604"
UNKNOWN_QUESTION = "What is the airspeed velocity of an unladen swallow?"


def knowledge_base(organization, *, language="en", country="FR"):
    """Two published entries (proxy vote, ID documents) in ``language``."""
    from turnout.assistant.tests.factories import EntryFactory

    texts = {
        "en": (
            ("proxy-vote", "How do I vote by proxy?", ["Can someone vote for me?"],
             ["proxy", "procuration"], PROXY_ANSWER),
            ("id-documents", "Which ID documents do I need to vote?", ["What ID to bring?"],
             ["identity", "passport"], "Bring an identity document with a photo."),
        ),
        "fr": (
            ("proxy-vote", "Comment voter par procuration ?", ["Quelqu'un peut voter pour moi ?"],
             ["procuration"], "Vous pouvez donner procuration à un autre électeur."),
            ("id-documents", "Quelle pièce d'identité pour voter ?", ["Quels papiers apporter ?"],
             ["identité", "passeport"], "Apportez une pièce d'identité avec photo."),
        ),
    }  # fmt: skip
    entries = []
    for slug, question, variants, keywords, answer in texts[language]:
        entries.append(
            EntryFactory(
                organization=organization,
                country=country,
                language=language,
                slug=slug,
                question=question,
                variants=variants,
                keywords=keywords,
                answer=answer,
                source_url=PROXY_SOURCE,
                source_name="Service-Public.fr",
                last_verified=date(2026, 10, 1),
            )
        )
    return entries


def channel(organization, channel: str, external_id: str, **extra):
    from turnout.assistant.tests.factories import ChannelAccountFactory

    return ChannelAccountFactory(
        organization=organization,
        channel=channel,
        external_id=external_id,
        country=extra.pop("country", "FR"),
        language=extra.pop("language", "en"),
        **extra,
    )
