"""Partner perks: the pool of codes (paste or CSV, with what was refused), one code per
person (the assistant's contract), an empty pool, and redemptions."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from turnout.gotv.exceptions import PerkError, PoolEmpty
from turnout.gotv.models import PerkClaim, PerkCode, PerkOffer
from turnout.gotv.selectors import claims_by_day, offer_stats, open_perk_offers
from turnout.gotv.services import (
    claim_message,
    claim_redeem,
    codes_add,
    perk_claim,
    read_upload,
    redemptions_import,
)
from turnout.people.models import Activity

from .factories import PerkCodeFactory, PerkOfferFactory
from .helpers import voter

pytestmark = pytest.mark.django_db


def test_pasted_codes_report_blanks_repeats_and_codes_already_in_the_pool(org_a):
    offer = PerkOfferFactory(organization=org_a)
    PerkCodeFactory(offer=offer, code="OLD-1")
    text = "code\nA-1\n\nA-2\nA-1\n  \nOLD-1\n" + "X" * 101 + "\nA-3\n"
    report = codes_add(offer=offer, text=text, actor=None)
    assert report.added == 3
    assert report.blank_lines == 2
    assert report.duplicates == ["A-1"]
    assert report.already_in_pool == ["OLD-1"]
    assert report.refused == [(8, "longer than 100 characters")]
    assert set(PerkCode.objects.filter(offer=offer).values_list("code", flat=True)) == {
        "OLD-1", "A-1", "A-2", "A-3",
    }  # fmt: skip


def test_csv_upload_takes_the_first_column_and_refuses_binary_or_empty_files(org_a):
    offer = PerkOfferFactory(organization=org_a)
    upload = SimpleUploadedFile("codes.csv", b"code;valeur\nB-1;5\nB-2;5\n")
    assert codes_add(offer=offer, text=read_upload(upload), actor=None).added == 2
    with pytest.raises(PerkError) as error:
        read_upload(SimpleUploadedFile("codes.csv", b"\x89PNG\r\n\x1a\n\x00\x00"))
    assert error.value.code == "file"
    with pytest.raises(PerkError):
        read_upload(SimpleUploadedFile("codes.csv", b"  \n"))
    with pytest.raises(PerkError) as error:
        codes_add(offer=offer, text="", actor=None)
    assert error.value.code == "empty_input"


def test_one_code_per_person_and_the_second_claim_returns_the_first(org_a):
    offer = PerkOfferFactory(organization=org_a)
    for n in range(3):
        PerkCodeFactory(offer=offer, code=f"C-{n}")
    person = voter(org_a)
    first = perk_claim(offer=offer, person=person)
    assert first.created is True and first.code.code == "C-0"
    assert "C-0" in claim_message(first)
    second = perk_claim(offer=offer, person=person)
    assert second.created is False and second.pk == first.pk
    assert "already have a code" in claim_message(second)
    assert PerkClaim.objects.filter(offer=offer).count() == 1
    assert PerkCode.objects.filter(offer=offer, claimed_at__isnull=False).count() == 1
    assert Activity.objects.filter(person=person, kind="gotv.perk_claimed").count() == 1


def test_an_empty_pool_says_so_and_gives_nothing(org_a):
    offer = PerkOfferFactory(organization=org_a)
    PerkCodeFactory(offer=offer, code="ONLY")
    perk_claim(offer=offer, person=voter(org_a, 1))
    with pytest.raises(PoolEmpty) as error:
        perk_claim(offer=offer, person=voter(org_a, 2))
    assert "all the codes" in error.value.message
    assert PerkClaim.objects.count() == 1


def test_closed_or_future_offers_give_no_code(org_a):
    draft = PerkOfferFactory(organization=org_a, status=PerkOffer.Status.DRAFT)
    later = PerkOfferFactory(organization=org_a, starts_on=date(2026, 12, 1))
    for offer in (draft, later):
        PerkCodeFactory(offer=offer)
        with pytest.raises(PerkError) as error:
            perk_claim(offer=offer, person=voter(org_a))
        assert error.value.code == "closed"
    assert list(open_perk_offers(organization=org_a, country="fr")) == []
    opened = PerkOfferFactory(organization=org_a, starts_on=date(2026, 11, 1))
    assert list(open_perk_offers(organization=org_a, country="FR")) == [opened]
    assert list(open_perk_offers(organization=org_a, country="DE")) == []


def test_redemptions_from_the_partner_file_and_by_staff(org_a):
    offer = PerkOfferFactory(organization=org_a, low_stock_at=2)
    for n in range(4):
        PerkCodeFactory(offer=offer, code=f"R-{n}")
    claims = [perk_claim(offer=offer, person=voter(org_a, n)) for n in range(3)]
    text = "code,used_on\nR-0,2026-11-20\nR-1,\nR-3,\nNOPE,\nR-2,not a date\n"
    report = redemptions_import(offer=offer, text=text, actor=None)
    assert report.redeemed == 2
    assert report.unknown == ["NOPE"]
    assert report.not_given == ["R-3"]
    assert report.refused == [(6, "unreadable date “not a date”")]
    claims[0].refresh_from_db()
    assert timezone.localtime(claims[0].redeemed_at).date() == date(2026, 11, 20)
    assert claims[0].redeemed_via == "partner_file"
    assert redemptions_import(offer=offer, text="R-0\n", actor=None).already == 1
    assert claim_redeem(claim=claims[2], actor=None) is True
    assert claim_redeem(claim=claims[2], actor=None) is False
    stats = offer_stats(offer=offer)
    assert stats == {"pool": 4, "claimed": 3, "redeemed": 3, "left": 1, "low_stock": True}
    today = claims_by_day(offer=offer)[-1]
    assert today[1] == 3  # claimed today
