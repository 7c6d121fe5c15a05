"""Public pages under /<lang>/perks/: the reminder opt-in of an election, the claim page of a
partner perk, and the tracked link of a media placement. Rate limited per connection; a bot
filling the hidden field gets the thank-you page and nothing is recorded."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from turnout.assistant.models import Election
from turnout.campaigns.views_wall import landing_url
from turnout.messaging import single
from turnout.people.models import Channel, Purpose
from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonData, PersonRefused, person_upsert

from . import selectors
from .exceptions import GotvError, PerkError
from .forms import ContactForm
from .legal import legal_note
from .models import PerkClaim, PerkOffer, Placement, ReminderSubscription
from .services import perk_claim, placement_click, reminder_subscribe
from .services.placements import campaign_participation

RATE_LIMIT = (10, 600)  # posts per connection and page, seconds (TURNOUT_GOTV_RATE_LIMIT)


def _language() -> str:
    return (translation.get_language() or "fr")[:2]


def over_rate_limit(request, scope: str) -> bool:
    limit, window = getattr(settings, "TURNOUT_GOTV_RATE_LIMIT", RATE_LIMIT)
    key = f"gotv:rate:{scope}:{request.META.get('REMOTE_ADDR')}"
    try:
        return cache.incr(key) > limit
    except ValueError:
        if not cache.add(key, 1, window):
            return cache.incr(key) > limit
        return False


def _person(organization, form: ContactForm, language: str):
    """The person of the form's email or phone (created or matched); errors go on the form."""
    data = form.cleaned_data
    try:
        person, _created = person_upsert(
            organization=organization,
            data=PersonData(
                email=data.get("email") or "", phone=(data.get("phone") or "").strip(),
                language=language,
            ),
            source="gotv",
            ip_address=None,
        )  # fmt: skip
    except InvalidContact as exc:
        form.add_error("phone" if data.get("phone") else "email", str(exc))
        return None
    except PersonRefused as exc:
        form.add_error(None, str(exc))
        return None
    return person


# --- Reminder opt-in --------------------------------------------------------------------------


def remind_consent_text(election: Election) -> str:
    return _(
        "Remind me on the eve and on the day of %(election)s, by email or SMS to the address "
        "I give here. %(organization)s uses it for these reminders only. I can stop them at "
        "any time."
    ) % {"election": election.name_text(), "organization": election.organization.name}


class RemindView(View):
    template_name = "gotv/public/remind.html"

    def election(self, organization: str, election: str) -> Election:
        found = (
            Election.objects.select_related("organization")
            .filter(organization__slug=organization, slug=election)
            .first()
        )
        if found is None:
            raise Http404
        return found

    def render_page(self, request, election, form, status=200, done=None):
        program = selectors.reminder_program_for(
            organization=election.organization, election=election
        )
        over = election.date < timezone.localdate() or (
            program is not None and program.status == "finished"
        )
        return render(
            request,
            self.template_name,
            {"election": election, "form": form, "over": over, "done": done},
            status=status,
        )

    def get(self, request, organization, election):
        election = self.election(organization, election)
        return self.render_page(
            request, election, ContactForm(consent_text=remind_consent_text(election))
        )

    def post(self, request, organization, election):
        election = self.election(organization, election)
        form = ContactForm(request.POST, consent_text=remind_consent_text(election))
        if form.is_bot():
            return self.render_page(request, election, form, done=[])
        if over_rate_limit(request, f"remind:{election.pk}"):
            form.add_error(None, _("Too many requests from your connection. Try again later."))
            return self.render_page(request, election, form, 429)
        if not form.is_valid():
            return self.render_page(request, election, form, 400)
        person = _person(election.organization, form, _language())
        if person is None:
            return self.render_page(request, election, form, 400)
        done = []
        wanted = [("email", "email")] if form.cleaned_data.get("email") else []
        if (form.cleaned_data.get("phone") or "").strip():
            wanted.append(("sms", "phone"))
        for channel, field in wanted:
            try:
                done.append(
                    reminder_subscribe(
                        organization=election.organization,
                        person=person,
                        election=election,
                        channel=channel,
                        source=ReminderSubscription.Source.WEB,
                        consent_text=form.consent_text,
                    )
                )
            except GotvError as exc:
                form.add_error(field, exc.message)
        if not done:
            return self.render_page(request, election, form, 400)
        return self.render_page(request, election, form, done=done)


# --- Perk claim -------------------------------------------------------------------------------


def claim_consent_text(offer: PerkOffer) -> str:
    return _(
        "I agree that %(organization)s keeps my email or phone number to give me one code "
        "from %(partner)s and to make sure each person gets only one."
    ) % {"organization": offer.organization.name, "partner": offer.partner_name}


def _email_code(claim: PerkClaim, language: str) -> None:
    """Send the code to the email address given (a service message the person asked for)."""
    with translation.override(language):
        code = claim.code.code.replace("{", "{{").replace("}", "}}")
        content = {
            language: {
                "subject": _("Your code from %(partner)s") % {"partner": claim.offer.partner_name},
                "body": _("Here is your code from %(partner)s: %(code)s") % {
                    "partner": claim.offer.partner_name, "code": code,
                },
            }
        }  # fmt: skip
    single.message_queue_one(
        person=claim.person,
        channel=Channel.EMAIL,
        purpose=Purpose.CAMPAIGNS,
        content=content,
        idempotency_key=f"gotv-perk:{claim.pk}:{timezone.localdate().isoformat()}",
        default_language=language,
        transactional=True,
    )


class ClaimView(View):
    template_name = "gotv/public/claim.html"

    def offer(self, organization: str, offer: str) -> PerkOffer:
        try:
            return selectors.offer_public_get(organization_slug=organization, slug=offer)
        except PerkOffer.DoesNotExist as exc:
            raise Http404 from exc

    def render_page(self, request, offer, form, status=200, **extra):
        return render(
            request,
            self.template_name,
            {
                "offer": offer,
                "form": form,
                "open": offer.is_open(timezone.localdate()),
                "note": legal_note(offer.country),
                "language": _language(),
                **extra,
            },
            status=status,
        )

    def get(self, request, organization, offer):
        offer = self.offer(organization, offer)
        return self.render_page(request, offer, ContactForm(consent_text=claim_consent_text(offer)))

    def post(self, request, organization, offer):
        offer = self.offer(organization, offer)
        form = ContactForm(request.POST, consent_text=claim_consent_text(offer))
        if form.is_bot():
            return self.render_page(request, offer, form, bot=True)
        if over_rate_limit(request, f"claim:{offer.pk}"):
            form.add_error(None, _("Too many requests from your connection. Try again later."))
            return self.render_page(request, offer, form, 429)
        if not form.is_valid():
            return self.render_page(request, offer, form, 400)
        person = _person(offer.organization, form, _language())
        if person is None:
            return self.render_page(request, offer, form, 400)
        try:
            claim = perk_claim(
                offer=offer, person=person, source=PerkClaim.Source.WEB,
                consent_text=form.consent_text,
            )  # fmt: skip
        except PerkError as exc:
            form.add_error(None, exc.message)
            return self.render_page(request, offer, form, 409 if exc.code == "pool_empty" else 400)
        emailed = bool(form.cleaned_data.get("email"))
        if emailed:
            _email_code(claim, _language())
        # A second claim never shows the code on the page (anyone may type an address): it
        # is emailed again to that address.
        return self.render_page(request, offer, form, claim=claim, emailed=emailed)


# --- Tracked link of a placement ---------------------------------------------------------------


@never_cache
def placement_go(request, code):
    try:
        placement = selectors.placement_public_get(code=code)
    except Placement.DoesNotExist as exc:
        raise Http404 from exc
    url = placement.destination_url
    campaign = placement.campaign
    if not url and campaign is not None and campaign.status != "draft":
        participation = campaign_participation(placement)
        url = landing_url(campaign, code=participation.link_code if participation else "")
    if not url:
        raise Http404
    placement_click(placement=placement)
    return HttpResponseRedirect(url)
