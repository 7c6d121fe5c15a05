"""Finding people who may be the same: the duplicate scan and its keys.

Three rules, each blocking on a key so that the scan stays linear in the size of the base
(100,000 people is a few seconds):

* same canonical email: lower-case, "+suffix" removed for every provider, dots removed for
  gmail.com / googlemail.com (which ignore them);
* same E.164 phone number;
* similar names (rapidfuzz ``token_sort_ratio`` of the accent- and case-folded "given family"
  at least ``NAME_THRESHOLD``) within the same postcode: names are only compared inside a
  postcode block.

A pair found by several rules adds up the points of each (capped at 100). Erased people and
dismissed pairs are never proposed; a rescan replaces the organization's candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from ..models import (
    DuplicateCandidate,
    DuplicateDismissal,
    EmailAddress,
    Person,
    PhoneNumber,
    PostalAddress,
)

GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}
NAME_THRESHOLD = 90
POINTS_EMAIL = 60
POINTS_PHONE = 50
POINTS_SIMILAR_NAME = 20  # names alike on a pair already found by email or phone
# A key shared by more people than this (an office switchboard, a family's shared address)
# says nothing about duplicates; such groups are skipped and counted in the report.
MAX_GROUP = 25
CHUNK = 5000

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def canonical_email(address: str) -> str:
    """The key two spellings of the same mailbox share: 'Jean.Dupont+news@googlemail.com'
    and 'jeandupont@gmail.com' give the same key."""
    value = (address or "").strip().lower()
    local, sep, domain = value.rpartition("@")
    if not sep or not local:
        return value
    plus = local.find("+")
    if plus > 0:
        local = local[:plus]
    if domain in GMAIL_DOMAINS:
        local = local.replace(".", "") or local
        domain = "gmail.com"
    return f"{local}@{domain}"


def normalize_name(given: str, family: str) -> str:
    """'Héloïse  LE-GOFF' -> 'heloise le goff': accents, case and punctuation ignored."""
    text = unicodedata.normalize("NFKD", f"{given or ''} {family or ''}")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _NON_ALNUM.sub(" ", text).strip()


def normalize_postcode(value: str) -> str:
    return re.sub(r"\s+", "", (value or "")).upper()


def name_ratio(a: str, b: str) -> int:
    if not a or not b:
        return 0
    return round(fuzz.token_sort_ratio(a, b))


def name_points(ratio: int) -> int:
    """30 points for a 90% likeness, up to 50 for identical names."""
    return 30 + 2 * (ratio - NAME_THRESHOLD)


def reason_text(reason: dict) -> str:
    """A reason stored on a candidate, for people."""
    code = reason.get("code")
    if code == "email":
        return _("Same email address (ignoring case, dots for Gmail and “+” suffixes)")
    if code == "phone":
        return _("Same phone number")
    if code == "name_postcode":
        return _("Similar names (%(ratio)s%%) in the same postcode") % {
            "ratio": reason.get("ratio", "")
        }
    if code == "similar_name":
        return _("Similar names (%(ratio)s%%)") % {"ratio": reason.get("ratio", "")}
    return str(code)


class _Pairs:
    """Pairs (low id, high id) with their reasons."""

    def __init__(self, excluded: set[tuple[int, int]]):
        self.excluded = excluded
        self.reasons: dict[tuple[int, int], dict[str, dict]] = defaultdict(dict)
        self.skipped_groups = 0

    def add_group(self, ids: Iterable[int], reason: dict) -> None:
        ids = sorted(set(ids))
        if len(ids) < 2:
            return
        if len(ids) > MAX_GROUP:
            self.skipped_groups += 1
            return
        for i, low in enumerate(ids):
            for high in ids[i + 1 :]:
                self.add(low, high, reason)

    def add(self, a: int, b: int, reason: dict) -> None:
        pair = (min(a, b), max(a, b))
        if pair in self.excluded or a == b:
            return
        current = self.reasons[pair].get(reason["code"])
        if current is None or current.get("points", 0) < reason["points"]:
            self.reasons[pair][reason["code"]] = reason


def _group(rows: Iterable[tuple[int, str]], key) -> dict[str, set[int]]:
    groups: dict[str, set[int]] = defaultdict(set)
    for person_id, value in rows:
        k = key(value)
        if k:
            groups[k].add(person_id)
    return groups


def _advance(progress, n: int) -> None:
    if progress is not None and n:
        progress.advance(n)


def duplicates_find(*, organization, progress=None) -> tuple[dict, dict]:
    """Compute every candidate pair of the organization: ({(low, high): [reasons]}, stats)."""
    active = {"person__erased_at__isnull": True}
    emails = EmailAddress.objects.for_organization(organization).filter(**active)
    phones = PhoneNumber.objects.for_organization(organization).filter(**active)
    addresses = (
        PostalAddress.objects.for_organization(organization)
        .filter(**active)
        .exclude(postal_code="")
    )
    if progress is not None:
        progress.set_total(emails.count() + phones.count() + addresses.count() + 1)
    excluded = set(
        DuplicateDismissal.objects.for_organization(organization).values_list(
            "person_low_id", "person_high_id"
        )
    )
    pairs = _Pairs(excluded)

    rows = []
    for row in emails.values_list("person_id", "address").iterator(chunk_size=CHUNK):
        rows.append(row)
        if len(rows) % CHUNK == 0:
            _advance(progress, CHUNK)
    _advance(progress, len(rows) % CHUNK)
    for ids in _group(rows, canonical_email).values():
        pairs.add_group(ids, {"code": "email", "points": POINTS_EMAIL})

    rows = list(phones.values_list("person_id", "number").iterator(chunk_size=CHUNK))
    _advance(progress, len(rows))
    for ids in _group(rows, str.strip).values():
        pairs.add_group(ids, {"code": "phone", "points": POINTS_PHONE})
    del rows

    # Names within a postcode: one block per postcode, each person once per block.
    blocks: dict[str, dict[int, str]] = defaultdict(dict)
    seen = 0
    for person_id, postcode, given, family in addresses.values_list(
        "person_id", "postal_code", "person__given_name", "person__family_name"
    ).iterator(chunk_size=CHUNK):
        seen += 1
        if given.strip() and family.strip():
            name = normalize_name(given, family)
            if name:
                blocks[normalize_postcode(postcode)][person_id] = name
    _advance(progress, seen)
    for block in blocks.values():
        if len(block) < 2:
            continue
        ids = list(block)
        names = [block[i] for i in ids]
        for i in range(len(ids) - 1):
            matches = process.extract(
                names[i],
                names[i + 1 :],
                scorer=fuzz.token_sort_ratio,
                score_cutoff=NAME_THRESHOLD,
                limit=None,
            )
            for _choice, score, index in matches:
                ratio = round(score)
                pairs.add(
                    ids[i],
                    ids[i + 1 + index],
                    {"code": "name_postcode", "ratio": ratio, "points": name_points(ratio)},
                )
    del blocks

    # Pairs found by email or phone whose names are also alike score higher.
    contact_only = [
        pair for pair, reasons in pairs.reasons.items() if "name_postcode" not in reasons
    ]
    names = {}
    for start in range(0, len(contact_only), CHUNK):
        chunk_ids = {i for pair in contact_only[start : start + CHUNK] for i in pair} - set(names)
        for pk, given, family in Person.objects.filter(pk__in=chunk_ids).values_list(
            "pk", "given_name", "family_name"
        ):
            names[pk] = normalize_name(given, family)
    for low, high in contact_only:
        ratio = name_ratio(names.get(low, ""), names.get(high, ""))
        if ratio >= NAME_THRESHOLD:
            pairs.add(
                low, high, {"code": "similar_name", "ratio": ratio, "points": POINTS_SIMILAR_NAME}
            )

    order = {"email": 0, "phone": 1, "name_postcode": 2, "similar_name": 3}
    found = {
        pair: sorted(reasons.values(), key=lambda r: order.get(r["code"], 9))
        for pair, reasons in pairs.reasons.items()
    }
    return found, {"skipped_groups": pairs.skipped_groups}


def score_of(reasons: list[dict]) -> int:
    return min(100, sum(r.get("points", 0) for r in reasons))


def duplicates_scan(*, organization, progress=None) -> dict:
    """Replace the organization's duplicate candidates with a fresh scan; return a report."""
    found, stats = duplicates_find(organization=organization, progress=progress)
    with transaction.atomic():
        existing = {
            (c.person_low_id, c.person_high_id): c
            for c in DuplicateCandidate.objects.for_organization(organization)
        }
        # People merged or erased while the scan ran are left out.
        ids = {i for pair in found for i in pair}
        alive = set()
        id_list = list(ids)
        for start in range(0, len(id_list), CHUNK):
            alive.update(
                Person.objects.for_organization(organization)
                .active()
                .filter(pk__in=id_list[start : start + CHUNK])
                .values_list("pk", flat=True)
            )
        found = {p: r for p, r in found.items() if p[0] in alive and p[1] in alive}
        stale = [c.pk for pair, c in existing.items() if pair not in found]
        for start in range(0, len(stale), CHUNK):
            DuplicateCandidate.objects.filter(pk__in=stale[start : start + CHUNK]).delete()
        changed, new = [], []
        for pair, reasons in found.items():
            score = score_of(reasons)
            candidate = existing.get(pair)
            if candidate is None:
                new.append(
                    DuplicateCandidate(
                        organization=organization,
                        person_low_id=pair[0],
                        person_high_id=pair[1],
                        score=score,
                        reasons=reasons,
                    )
                )
            elif candidate.score != score or candidate.reasons != reasons:
                candidate.score, candidate.reasons = score, reasons
                changed.append(candidate)
        DuplicateCandidate.objects.bulk_update(changed, ["score", "reasons"], batch_size=1000)
        DuplicateCandidate.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    _advance(progress, 1)
    return {
        "candidates": len(found),
        "new": len(new),
        "removed": len(stale),
        "skipped_groups": stats["skipped_groups"],
    }
