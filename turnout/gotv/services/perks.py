"""Partner perks: offers, their pool of codes, claims (one code per person and offer) and
redemptions.

``perk_claim`` takes one free code under a row lock that other claimers skip
(``select_for_update(skip_locked=True)``), marks it given and inserts the claim in the same
transaction; the unique (offer, person) and the one-to-one claim-code make a code go to one
person only and a person get one code only, however many claims run at once (decision 0089).
"""

from __future__ import annotations

import csv
import io
import time as pytime
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.people.activity_kinds import PERK_CLAIMED
from turnout.people.services import activity_record

from ..exceptions import PerkError, PoolEmpty
from ..models import PerkClaim, PerkCode, PerkOffer

MAX_CODE_LENGTH = 100
MAX_CODES_PER_UPLOAD = 100_000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SAMPLES = 10  # how many of each problem the report names
_BUSY_RETRIES = 40
HEADERS = ("code", "codes", "code promo", "gutschein", "gutscheincode")


class _Busy(Exception):
    """Every free code is locked by claims still deciding: try again in a moment."""


@transaction.atomic
def offer_save(*, offer: PerkOffer, actor) -> PerkOffer:
    created = offer.pk is None
    offer.save()
    audit_record(
        organization=offer.organization, actor=actor,
        action="gotv.offer_create" if created else "gotv.offer_update", target=offer,
    )  # fmt: skip
    return offer


# --- The pool of codes ------------------------------------------------------------------------


@dataclass
class PoolImport:
    added: int = 0
    blank_lines: int = 0
    duplicates: list = field(default_factory=list)  # repeated within what was given
    already_in_pool: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (line, reason)

    @property
    def problems(self) -> int:
        return len(self.duplicates) + len(self.already_in_pool) + len(self.refused)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise PerkError("file", _("This file is not a text or CSV file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PerkError("file", _("This file could not be read as text."))  # pragma: no cover


def read_upload(upload) -> str:
    """The text of an uploaded CSV file; PerkError for a binary, empty or too big file."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise PerkError(
            "file",
            _("The file is too big (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // 2**20},
        )
    text = _decode(upload.read())
    if not text.strip():
        raise PerkError("file", _("The file is empty."))
    return text


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number in the file, CSV row), comma or semicolon as sniffed; the header row is
    left out when its first cell says "code"."""
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise PerkError("file", _("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    numbered = list(enumerate(rows, start=1))
    if rows and rows[0] and rows[0][0].strip().lower() in HEADERS:
        numbered = numbered[1:]
    return numbered


def _code_problem(code: str) -> str:
    if len(code) > MAX_CODE_LENGTH:
        return _("longer than %(n)s characters") % {"n": MAX_CODE_LENGTH}
    if any(ord(c) < 32 or ord(c) == 127 for c in code):
        return _("contains control characters")
    return ""


@transaction.atomic
def codes_add(*, offer: PerkOffer, text: str, actor) -> PoolImport:
    """Add the codes of ``text`` (one per line, or the first column of a CSV) to the pool.
    Blank lines, repeats within the text, codes already in the pool and unusable codes are
    counted and named in the report, never added. PerkError when nothing usable is given."""
    report = PoolImport()
    seen: set[str] = set()
    candidates: list[str] = []
    for number, row in _rows(text):
        code = (row[0] if row else "").strip()
        if not code:
            report.blank_lines += 1
            continue
        problem = _code_problem(code)
        if problem:
            report.refused.append((number, problem))
            continue
        if code in seen:
            report.duplicates.append(code)
            continue
        seen.add(code)
        candidates.append(code)
    if len(candidates) > MAX_CODES_PER_UPLOAD:
        raise PerkError(
            "too_many",
            _("At most %(n)s codes at a time: split the file.") % {"n": MAX_CODES_PER_UPLOAD},
        )
    existing: set[str] = set()
    for start in range(0, len(candidates), 5000):
        chunk = candidates[start : start + 5000]
        existing |= set(
            PerkCode.objects.filter(offer=offer, code__in=chunk).values_list("code", flat=True)
        )
    new = [c for c in candidates if c not in existing]
    report.already_in_pool = [c for c in candidates if c in existing]
    if not new and not report.problems and not report.blank_lines:
        raise PerkError("empty_input", _("Paste the codes or choose a CSV file."))
    created = PerkCode.objects.bulk_create(
        [PerkCode(offer=offer, code=c) for c in new], batch_size=2000, ignore_conflicts=True
    )
    report.added = len(created)
    audit_record(
        organization=offer.organization, actor=actor, action="gotv.codes_add", target=offer,
        data={"added": report.added, "duplicates": len(report.duplicates),
              "already_in_pool": len(report.already_in_pool), "refused": len(report.refused)},
    )  # fmt: skip
    return report


# --- Claims -----------------------------------------------------------------------------------


def _existing(offer: PerkOffer, person) -> PerkClaim | None:
    claim = PerkClaim.objects.filter(offer=offer, person=person).select_related("code").first()
    if claim is not None:
        claim.created = False
    return claim


def _take_code(offer: PerkOffer, person, source: str, consent_text: str) -> PerkClaim:
    with transaction.atomic():
        code = (
            PerkCode.objects.select_for_update(skip_locked=True)
            .filter(offer=offer, claimed_at__isnull=True)
            .order_by("id")
            .first()
        )
        if code is None:
            if PerkCode.objects.filter(offer=offer, claimed_at__isnull=True).exists():
                raise _Busy
            raise PoolEmpty(
                _(
                    "Sorry, all the codes of this offer have been given out. Thank you for "
                    "your interest."
                )
            )
        code.claimed_at = timezone.now()
        code.save(update_fields=["claimed_at"])
        claim = PerkClaim.objects.create(
            organization_id=offer.organization_id,
            offer=offer,
            person=person,
            code=code,
            source=source,
            consent_text=consent_text,
        )
        activity_record(
            person=person,
            kind=PERK_CLAIMED,
            summary=f"{offer.partner_name}: {offer.title_text()}",
            data={"offer": offer.slug, "source": source},
        )
    return claim


def perk_claim(
    *, offer: PerkOffer, person, source: str = PerkClaim.Source.ASSISTANT, consent_text: str = ""
) -> PerkClaim:
    """Give ``person`` one unused code of ``offer``. At most one code per person and offer: a
    second claim returns the first one with ``claim.created`` False. Raises ``PoolEmpty``
    when every code is given out, ``PerkError`` when the offer is not open or the person
    cannot take part; the messages are translated and meant for the person."""
    existing = _existing(offer, person)
    if existing is not None:
        return existing
    if person.organization_id != offer.organization_id:
        raise PerkError("organization", _("This offer is not available."))
    if person.erased_at is not None:
        raise PerkError("erased", _("This person asked for their data to be erased."))
    if not offer.is_open(timezone.localdate()):
        raise PerkError("closed", _("This offer is not open at the moment."))
    for _attempt in range(_BUSY_RETRIES):
        try:
            return _take_code(offer, person, source, consent_text)
        except IntegrityError:
            # The same person claiming twice at the same moment: their first claim won.
            existing = _existing(offer, person)
            if existing is None:
                raise
            return existing
        except _Busy:
            pytime.sleep(0.02)
    raise PoolEmpty(_("The codes of this offer are all being given out. Try again in a minute."))


def claim_message(claim: PerkClaim) -> str:
    """What the person is told (the assistant says it; the claim page says it too)."""
    if claim.created:
        return _("Here is your code from %(partner)s: %(code)s") % {
            "partner": claim.offer.partner_name,
            "code": claim.code.code,
        }
    return _("You already have a code from %(partner)s (one per person): %(code)s") % {
        "partner": claim.offer.partner_name,
        "code": claim.code.code,
    }


# --- Redemptions -----------------------------------------------------------------------------


@transaction.atomic
def claim_redeem(*, claim: PerkClaim, actor, when: datetime | None = None) -> bool:
    """Staff "mark redeemed". False when it was redeemed already."""
    updated = PerkClaim.objects.filter(pk=claim.pk, redeemed_at__isnull=True).update(
        redeemed_at=when or timezone.now(), redeemed_via=PerkClaim.RedeemedVia.STAFF
    )
    if updated:
        audit_record(
            organization=claim.organization, actor=actor, action="gotv.claim_redeem",
            target=claim.offer, data={"claim": claim.pk},
        )  # fmt: skip
    return bool(updated)


@dataclass
class RedemptionImport:
    redeemed: int = 0
    already: int = 0
    unknown: list = field(default_factory=list)  # codes not in the pool
    not_given: list = field(default_factory=list)  # in the pool but never given out
    refused: list = field(default_factory=list)  # (line, reason)


def _when(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            return None
        moment = datetime.combine(day, datetime.min.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@transaction.atomic
def redemptions_import(*, offer: PerkOffer, text: str, actor) -> RedemptionImport:
    """The partner's file of redeemed codes: the code in the first column, optionally the
    date of use in the second (ISO, e.g. 2026-06-14 or 2026-06-14T10:20)."""
    report = RedemptionImport()
    wanted: dict[str, datetime | None] = {}
    for number, row in _rows(text):
        code = (row[0] if row else "").strip()
        if not code:
            continue
        problem = _code_problem(code)
        if problem:
            report.refused.append((number, problem))
            continue
        when = _when(row[1]) if len(row) > 1 and row[1].strip() else None
        if len(row) > 1 and row[1].strip() and when is None:
            report.refused.append(
                (number, _("unreadable date “%(value)s”") % {"value": row[1][:40]})
            )
            continue
        wanted[code] = when
    if not wanted and not report.refused:
        raise PerkError("empty_input", _("The file holds no code."))
    codes = {
        c.code: c
        for c in PerkCode.objects.filter(offer=offer, code__in=list(wanted)).select_related("claim")
    }
    now = timezone.now()
    for code_text, when in wanted.items():
        code = codes.get(code_text)
        if code is None:
            report.unknown.append(code_text)
            continue
        claim = getattr(code, "claim", None)
        if claim is None:
            report.not_given.append(code_text)
            continue
        if claim.redeemed_at is not None:
            report.already += 1
            continue
        claim.redeemed_at = when or now
        claim.redeemed_via = PerkClaim.RedeemedVia.PARTNER_FILE
        claim.save(update_fields=["redeemed_at", "redeemed_via", "updated_at"])
        report.redeemed += 1
    audit_record(
        organization=offer.organization, actor=actor, action="gotv.redemptions_import",
        target=offer, data={"redeemed": report.redeemed, "unknown": len(report.unknown),
                            "not_given": len(report.not_given)},
    )  # fmt: skip
    return report
