"""The legal limits as they stand, as dated configuration (a change is a new row with a later
``valid_from``). Amounts in euro cents. Sources: the official texts linked on each row; check
them before relying on a figure, as a rule change needs a new row here or in the admin."""

import datetime

from django.db import migrations

LEGIFRANCE_PARTIES = "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000006524479"
LEGIFRANCE_CANDIDATES = "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038533012"
PARTG_DE = "https://www.gesetze-im-internet.de/partg/__25.html"
PARTG_AT = "https://www.ris.bka.gv.at/GeltendeFassung.wxe?Abfrage=Bundesnormen&Gesetzesnummer=20007889"

LIMITS = [
    # French parties and financing associations (loi 88-227, art. 11-4): natural persons
    # only; 7,500 EUR per person and calendar year for all parties together, membership fees
    # included; above 150 EUR only by traceable means (cheque, transfer, card, direct debit).
    ("fr_party", "yearly_cap_per_person", 750_000, datetime.date(2018, 1, 1), LEGIFRANCE_PARTIES),
    ("fr_party", "cash_max", 15_000, datetime.date(2018, 1, 1), LEGIFRANCE_PARTIES),
    # French candidates (code électoral, art. L52-8): 4,600 EUR per person per election, for
    # all candidates of that election; above 150 EUR only by traceable means.
    ("fr_candidate", "election_cap_per_person", 460_000, datetime.date(2011, 4, 16),
     LEGIFRANCE_CANDIDATES),
    ("fr_candidate", "cash_max", 15_000, datetime.date(2011, 4, 16), LEGIFRANCE_CANDIDATES),
    # German parties (Parteiengesetz, § 25): cash above 1,000 EUR, anonymous above 500 EUR and
    # foreign donations above 1,000 EUR (from non-EU foreigners) may not be accepted; donors of
    # more than 10,000 EUR in a year are named in the annual report; single donations above
    # 35,000 EUR are reported at once to the President of the Bundestag (50,000 EUR before 2024).
    ("de_party", "cash_max", 100_000, datetime.date(2002, 7, 1), PARTG_DE),
    ("de_party", "anonymous_max", 50_000, datetime.date(2002, 7, 1), PARTG_DE),
    ("de_party", "foreign_max", 100_000, datetime.date(2002, 7, 1), PARTG_DE),
    ("de_party", "report_yearly_over", 1_000_000, datetime.date(2002, 7, 1), PARTG_DE),
    ("de_party", "report_at_once_over", 5_000_000, datetime.date(2002, 7, 1), PARTG_DE),
    ("de_party", "report_at_once_over", 3_500_000, datetime.date(2024, 1, 1), PARTG_DE),
    # Austrian parties (Parteiengesetz 2012 as amended in 2019 and 2022): 7,500 EUR per donor
    # and year; cash, anonymous and foreign donations above 500 EUR may not be accepted;
    # donations above 2,500 EUR are reported at once to the Court of Audit.
    ("at_party", "yearly_cap_per_person", 750_000, datetime.date(2019, 7, 9), PARTG_AT),
    ("at_party", "cash_max", 50_000, datetime.date(2022, 7, 1), PARTG_AT),
    ("at_party", "anonymous_max", 50_000, datetime.date(2022, 7, 1), PARTG_AT),
    ("at_party", "foreign_max", 50_000, datetime.date(2019, 7, 9), PARTG_AT),
    ("at_party", "report_at_once_over", 250_000, datetime.date(2019, 7, 9), PARTG_AT),
]


def forwards(apps, schema_editor):
    LegalLimit = apps.get_model("donations", "LegalLimit")
    for kind, key, amount, valid_from, source in LIMITS:
        LegalLimit.objects.get_or_create(
            kind=kind,
            key=key,
            valid_from=valid_from,
            defaults={"amount_cents": amount, "source": source},
        )
    # A later row ends the earlier one of the same rule.
    previous = {}
    for row in LegalLimit.objects.order_by("kind", "key", "valid_from"):
        earlier = previous.get((row.kind, row.key))
        if earlier is not None and earlier.valid_until is None:
            earlier.valid_until = row.valid_from - datetime.timedelta(days=1)
            earlier.save(update_fields=["valid_until"])
        previous[(row.kind, row.key)] = row


class Migration(migrations.Migration):
    dependencies = [("donations", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
