# ruff: noqa: S608  (set-up SQL built only from this module's constants and integers)
"""Segment counts over a big supporter base (``make bench NAME=segments``).

Set-up: one organization with BENCH_PEOPLE people (1,000,000 on PostgreSQL, 100,000 on SQLite
unless told otherwise) and five activities per person on average, with tags, consents, emails,
phones, postal addresses and custom fields, plus a second small organization. The rows are
generated inside the database (``INSERT ... SELECT`` over ``generate_series`` on PostgreSQL, a
recursive CTE on SQLite) from a fixed seed: every run builds the same base. The per-person
activity counters (``ActivityCount``, docs/decisions/0033-activity-counters.md) are then filled
from the activities in one ``INSERT ... SELECT ... GROUP BY``, as the migration does.

Then ``people_matching(...).count()`` is timed (median of several runs) for six representative
segments: with the schema as migrated (figures ``*_noidx``), then after creating the indexes
proposed in ``PROPOSED_INDEXES`` (the main figures; indexes already in the schema are left alone
and reported as such). The baseline is ``Person.objects.filter(organization=...).count()``.

BENCH_PEOPLE scales the base; BENCH_REPEAT sets the runs per segment; BENCH_EXPLAIN=1 prints
the plans of the counts it times, with their buffers (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics

from django.db import DatabaseError, connection
from django.utils import timezone

from benchmarks.common import median_ms, stopwatch

DEFAULT_PEOPLE = {"postgresql": 1_000_000, "sqlite": 100_000}
ACTIVITIES_PER_PERSON = 5
SMALL_ORG_PEOPLE = 2_000
TAGS = 20
PRIME = 2_147_483_647
# One multiplier per generated attribute: (i * M) mod PRIME spreads consecutive ids.
MULTIPLIERS = {
    "created": 48_271,
    "given": 69_621,
    "family": 16_807,
    "language": 39_373,
    "support": 630_360_016,
    "dnc": 742_938_285,
    "erased": 950_706_376,
    "cf_empty": 1_226_874_159,
    "tshirt": 62_089_911,
    "member": 1_343_714_438,
    "score": 784_588_716,
    "joined": 397_204_094,
    "tag0": 1_583_458_089,
    "tag1": 784_306_273,
    "tag2": 1_058_580_863,
    "tag_pick": 1_291_394_886,
    "consent_email": 1_036_675_201,
    "consent_sms": 1_307_989_381,
    "email": 1_203_248_318,
    "phone": 1_595_443_483,
    "mobile": 1_686_907_783,
    "address": 1_105_879_993,
    "postcode": 1_257_406_981,
    "postcode2": 1_521_516_031,
    "country": 280_574_993,
    "town": 1_425_093_281,
    "station": 1_732_904_361,
    "bad_address": 1_440_224_977,
    "act_person": 1_145_151_371,
    "act_kind": 1_398_788_077,
    "act_time": 1_864_111_111,
    "act_source": 1_697_311_057,
}

# The indexes this benchmark proposes, created here with raw SQL to measure their effect. As
# Django ``Index`` definitions (what the models would declare):
#   Person:        Index(fields=["organization", "do_not_contact", "id"],
#                        condition=Q(erased_at__isnull=True), name="person_active_idx")
#   Consent:       Index(fields=["organization", "channel", "purpose", "status", "person"],
#                        condition=Q(current=True), name="consent_current_person_idx")
#                  (replaces consent_current_idx, its prefix)
#   Activity:      Index(fields=["organization", "kind", "occurred_at", "person"],
#                        name="activity_kind_time_person_idx")
#                  (replaces the index on organization, kind, occurred_at, its prefix)
#   PostalAddress: Index(fields=["organization", "postal_code"], name="address_postcode_idx",
#                        opclasses=["int8_ops", "varchar_pattern_ops"])
#                  (PostgreSQL: LIKE 'prefix%' under a non-C collation; replaces the plain one)
PROPOSED_INDEXES = {
    "person_active_idx": (
        "CREATE INDEX IF NOT EXISTS person_active_idx ON people_person "
        "(organization_id, do_not_contact, id) WHERE erased_at IS NULL"
    ),
    "consent_current_person_idx": (
        "CREATE INDEX IF NOT EXISTS consent_current_person_idx ON people_consent "
        "(organization_id, channel, purpose, status, person_id) WHERE current"
    ),
    "activity_kind_time_person_idx": (
        "CREATE INDEX IF NOT EXISTS activity_kind_time_person_idx ON people_activity "
        "(organization_id, kind, occurred_at, person_id)"
    ),
}
PROPOSED_INDEXES_POSTGRESQL = {
    "address_postcode_idx": (
        "CREATE INDEX IF NOT EXISTS address_postcode_idx ON people_postaladdress "
        "(organization_id, postal_code varchar_pattern_ops)"
    ),
}
# Tried and not proposed: a GIN index on Person.custom_fields (jsonb_path_ops) for the
# custom-field "is" test. Set BENCH_GIN=1 to measure it again.
GIN_INDEX = (
    "CREATE INDEX IF NOT EXISTS person_custom_fields_gin ON people_person "
    "USING gin (custom_fields jsonb_path_ops)"
)
LOADED_TABLES = [
    "people_person",
    "people_activity",
    "people_activitycount",
    "people_tagging",
    "people_consent",
    "people_emailaddress",
    "people_phonenumber",
    "people_postaladdress",
]


def h(name: str, column: str = "i") -> str:
    """A deterministic pseudo-random integer in [0, PRIME) for each row (the fixed seed)."""
    return f"(({column} * {MULTIPLIERS[name]}) % {PRIME})"


# --- Generation ---------------------------------------------------------------------------


class Generator:
    def __init__(self, ctx, now: dt.datetime):
        self.ctx = ctx
        self.pg = connection.vendor == "postgresql"
        self.now = now
        self.now_sql = now.strftime("%Y-%m-%d %H:%M:%S")

    def execute(self, sql: str, params=None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def series(self, start: int, stop: int, column: str = "i") -> str:
        if self.pg:
            return f"generate_series({start}::bigint, {stop}::bigint) AS s({column})"
        return (
            f"(WITH RECURSIVE s({column}) AS (SELECT {start} UNION ALL "
            f"SELECT {column} + 1 FROM s WHERE {column} < {stop}) SELECT {column} FROM s) AS s"
        )

    def ts_minus(self, amount_sql: str, unit: str) -> str:
        """``now`` minus an integer SQL expression of days or hours, as a timestamp."""
        if self.pg:
            return f"(TIMESTAMPTZ '{self.now_sql}+00' - ({amount_sql}) * INTERVAL '1 {unit}')"
        return f"datetime('{self.now_sql}', '-' || ({amount_sql}) || ' {unit}s')"

    def now_ts(self) -> str:
        return f"TIMESTAMPTZ '{self.now_sql}+00'" if self.pg else f"'{self.now_sql}'"

    def people(self, org_id: int, first: int, count: int) -> None:
        last = first + count - 1
        language = (
            f"CASE WHEN {h('language')} % 10 < 6 THEN 'fr' "
            f"WHEN {h('language')} % 10 < 9 THEN 'de' ELSE 'en' END"
        )
        tshirt = (
            f"(ARRAY['S','M','L','XL'])[(1 + {h('tshirt')} % 4)::int]"
            if self.pg
            else (
                f"CASE {h('tshirt')} % 4 WHEN 0 THEN 'S' WHEN 1 THEN 'M' WHEN 2 THEN 'L' "
                "ELSE 'XL' END"
            )
        )
        if self.pg:
            joined = f"to_char(DATE '2015-01-01' + ({h('joined')} % 3000)::int, 'YYYY-MM-DD')"
            custom = (
                f"CASE WHEN {h('cf_empty')} % 5 = 0 THEN '{{}}'::jsonb ELSE jsonb_build_object("
                f"'tshirt', {tshirt}, 'member', {h('member')} % 3 = 0, "
                f"'score', {h('score')} % 100, 'joined', {joined}) END"
            )
            uuid = "md5('bench-' || i)::uuid"
        else:
            joined = f"date('2015-01-01', '+' || ({h('joined')} % 3000) || ' days')"
            member = f"json(CASE WHEN {h('member')} % 3 = 0 THEN 'true' ELSE 'false' END)"
            custom = (
                f"CASE WHEN {h('cf_empty')} % 5 = 0 THEN '{{}}' ELSE json_object("
                f"'tshirt', {tshirt}, 'member', {member}, "
                f"'score', {h('score')} % 100, 'joined', {joined}) END"
            )
            uuid = "printf('%032x', i)"
        self.execute(
            f"""
            INSERT INTO people_person (id, created_at, updated_at, organization_id, uuid,
                given_name, family_name, additional_name, gender, birthdate, language, employer,
                support_level, organizer_id, notes, do_not_contact, custom_fields, origin_system,
                identifiers, last_activity_at, erased_at, source_import_id)
            SELECT i, {self.ts_minus(f"{h('created')} % 1500", "day")}, {self.now_ts()}, {org_id},
                {uuid}, 'Given' || ({h("given")} % 500), 'Family' || ({h("family")} % 5000),
                '', '', NULL, {language}, '',
                CASE WHEN {h("support")} % 10 < 3 THEN 1 + {h("support")} % 5 END, NULL, '',
                {h("dnc")} % 100 < 2, {custom}, 'bench', '[]', NULL,
                CASE WHEN {h("erased")} % 1000 < 5 THEN {self.now_ts()} END, NULL
            FROM {self.series(first, last)}
            """
        )

    def activities(self, org_id: int, first_person: int, people: int, first: int, count: int):
        last = first + count - 1
        kind = (
            f"CASE WHEN {h('act_kind', 'j')} % 100 < 25 THEN 'signature' "
            f"WHEN {h('act_kind', 'j')} % 100 < 55 THEN 'message.sent' "
            f"WHEN {h('act_kind', 'j')} % 100 < 60 THEN 'donation' "
            f"WHEN {h('act_kind', 'j')} % 100 < 68 THEN 'event.attended' "
            f"WHEN {h('act_kind', 'j')} % 100 < 75 THEN 'visit' "
            f"WHEN {h('act_kind', 'j')} % 100 < 80 THEN 'note' "
            f"WHEN {h('act_kind', 'j')} % 100 < 90 THEN 'tag.added' ELSE 'consent' END"
        )
        source = f"CAST({h('act_source', 'j')} % 50 AS {'text' if self.pg else 'TEXT'})"
        data = "'{}'::jsonb" if self.pg else "'{}'"
        self.execute(
            f"""
            INSERT INTO people_activity (id, created_at, updated_at, organization_id, person_id,
                kind, occurred_at, actor_id, source_type_id, source_id, summary, data, sensitive)
            SELECT j, {self.now_ts()}, {self.now_ts()}, {org_id},
                {first_person} + {h("act_person", "j")} % {people}, {kind},
                {self.ts_minus(f"{h('act_time', 'j')} % 24000", "hour")}, NULL, NULL,
                {source}, '', {data}, {"false" if self.pg else "0"}
            FROM {self.series(first, last, "j")}
            """
        )

    def relations(self, org_id: int, first: int, count: int, tag_ids: list[int]) -> None:
        last = first + count - 1
        rows = self.series(first, last)
        true = "true" if self.pg else "1"
        now = self.now_ts()
        for k, share in enumerate((60, 30, 15)):
            tag = f"{tag_ids[0]} + ({h('tag_pick')} + {7 * k}) % {len(tag_ids)}"
            self.execute(
                f"""
                INSERT INTO people_tagging (person_id, tag_id, created_at, added_by_id,
                    source_import_id)
                SELECT i, {tag}, {now}, NULL, NULL FROM {rows}
                WHERE {h(f"tag{k}")} % 100 < {share}
                """
            )
        consent = f"""
            INSERT INTO people_consent (created_at, updated_at, organization_id, person_id,
                channel, purpose, status, current, source, source_ref, notice_text, ip_address,
                recorded_by_id)
            SELECT {now}, {now}, {org_id}, i, '{{channel}}', 'campaigns', {{status}}, {true},
                'form', '', '', NULL, NULL FROM {rows} WHERE {{where}}
        """
        self.execute(
            consent.format(
                channel="email",
                status=f"CASE WHEN {h('consent_email')} % 100 < 55 THEN 'granted' "
                "ELSE 'withdrawn' END",
                where=f"{h('consent_email')} % 100 < 60",
            )
        )
        self.execute(
            consent.format(
                channel="sms", status="'granted'", where=f"{h('consent_sms')} % 100 < 20"
            )
        )
        self.execute(
            f"""
            INSERT INTO people_emailaddress (created_at, updated_at, organization_id, person_id,
                address, "primary", status)
            SELECT {now}, {now}, {org_id}, i, 'p' || i || '@example.org', {true},
                CASE WHEN {h("email")} % 100 < 3 THEN 'unsubscribed' ELSE 'subscribed' END
            FROM {rows} WHERE {h("email")} % 100 < 85
            """
        )
        number = "'+3361' || lpad(i::text, 8, '0')" if self.pg else "printf('+3361%08d', i)"
        self.execute(
            f"""
            INSERT INTO people_phonenumber (created_at, updated_at, organization_id, person_id,
                number, number_type, "primary", sms_capable, status)
            SELECT {now}, {now}, {org_id}, i, {number},
                CASE WHEN {h("mobile")} % 10 < 7 THEN 'mobile' ELSE 'landline' END, {true},
                {h("mobile")} % 10 < 7, 'subscribed'
            FROM {rows} WHERE {h("phone")} % 100 < 50
            """
        )
        code = f"(1 + {h('postcode')} % 95) * 1000 + {h('postcode2')} % 1000"
        postcode = f"lpad(({code})::text, 5, '0')" if self.pg else f"printf('%05d', {code})"
        self.execute(
            f"""
            INSERT INTO people_postaladdress (created_at, updated_at, organization_id, person_id,
                "primary", address_lines, locality, region, postal_code, country, latitude,
                longitude, polling_station, precinct, status)
            SELECT {now}, {now}, {org_id}, i, {true}, '', 'Town' || ({h("town")} % 200), '',
                {postcode},
                CASE WHEN {h("country")} % 10 < 7 THEN 'FR' WHEN {h("country")} % 10 < 9
                    THEN 'DE' ELSE 'AT' END,
                NULL, NULL, 'PS' || ({h("station")} % 2000), '',
                CASE WHEN {h("bad_address")} % 100 < 2 THEN 'bad' ELSE 'potential' END
            FROM {rows} WHERE {h("address")} % 100 < 90
            """
        )

    def last_activity(self) -> None:
        self.execute(
            """
            UPDATE people_person SET last_activity_at = a.last
            FROM (SELECT person_id, max(occurred_at) AS last FROM people_activity
                  GROUP BY person_id) AS a
            WHERE people_person.id = a.person_id
            """
        )

    def finish(self) -> None:
        if self.pg:
            for table in (
                "people_person",
                "people_activity",
                "people_activitycount",
                "people_consent",
                "people_emailaddress",
                "people_phonenumber",
                "people_postaladdress",
                "people_tagging",
            ):
                self.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            self.execute("VACUUM ANALYZE")
        else:
            self.execute("ANALYZE")


def generate(ctx, people: int):
    from turnout.organizations.models import Organization
    from turnout.people.models import ActivityCount, Tag
    from turnout.people.services.timeline import activity_counters_rebuild

    now = timezone.now().replace(microsecond=0)
    org = Organization.objects.create(name="Bench party", slug="bench-party", kind="party")
    small = Organization.objects.create(name="Bench NGO", slug="bench-ngo", kind="ngo")
    tags = Tag.objects.bulk_create(
        [Tag(organization=org, name=f"tag-{n:02d}") for n in range(TAGS)]
    )
    small_tags = Tag.objects.bulk_create(
        [Tag(organization=small, name=f"tag-{n:02d}") for n in range(TAGS)]
    )
    tag_ids = sorted(t.pk for t in Tag.objects.filter(organization=org))
    small_ids = sorted(t.pk for t in Tag.objects.filter(organization=small))
    assert tag_ids == list(range(tag_ids[0], tag_ids[0] + TAGS)), "tag ids must be contiguous"
    assert small_ids == list(range(small_ids[0], small_ids[0] + TAGS))
    del tags, small_tags
    from turnout.people.models import CustomField

    CustomField.objects.bulk_create(
        [
            CustomField(
                organization=org,
                key="tshirt",
                label="T-shirt",
                kind="choice",
                choices=["S", "M", "L", "XL"],
            ),
            CustomField(organization=org, key="member", label="Member", kind="boolean"),
            CustomField(organization=org, key="score", label="Score", kind="number"),
            CustomField(organization=org, key="joined", label="Joined", kind="date"),
        ]
    )
    gen = Generator(ctx, now)
    activities = people * ACTIVITIES_PER_PERSON
    dropped = drop_secondary_indexes()
    small_first = people + 1
    if gen.pg:
        try:  # no foreign-key triggers while loading (needs a superuser; optional)
            gen.execute("SET session_replication_role = replica")
        except DatabaseError:
            ctx.say("foreign keys checked while loading (not a superuser)")
    else:
        gen.execute("PRAGMA foreign_keys = OFF")
    try:
        with stopwatch() as took:
            gen.people(org.pk, 1, people)
            gen.people(small.pk, small_first, SMALL_ORG_PEOPLE)
        ctx.say(f"people: {people + SMALL_ORG_PEOPLE:,} rows in {took['seconds']:.1f} s")
        with stopwatch() as took:
            # In chunks, so that SQLite's recursive CTE and PostgreSQL's memory stay small.
            chunk = 1_000_000
            for start in range(1, activities + 1, chunk):
                gen.activities(org.pk, 1, people, start, min(chunk, activities - start + 1))
            gen.activities(
                small.pk,
                small_first,
                SMALL_ORG_PEOPLE,
                activities + 1,
                SMALL_ORG_PEOPLE * ACTIVITIES_PER_PERSON,
            )
        ctx.say(f"activities: {activities:,} rows in {took['seconds']:.1f} s")
        with stopwatch() as took:
            gen.relations(org.pk, 1, people, tag_ids)
            gen.relations(small.pk, small_first, SMALL_ORG_PEOPLE, small_ids)
            gen.last_activity()
        ctx.say(f"tags, consents, contact points, last activity in {took['seconds']:.1f} s")
        with stopwatch() as took:
            activity_counters_rebuild()
        counters = ActivityCount.objects.count()
        ctx.say(f"activity counters: {counters:,} rows in {took['seconds']:.1f} s")
    finally:
        if gen.pg:
            gen.execute("SET session_replication_role = DEFAULT")
        else:
            gen.execute("PRAGMA foreign_keys = ON")
    with stopwatch() as took:
        recreate_indexes(dropped)
    ctx.say(f"{len(dropped)} secondary indexes rebuilt in {took['seconds']:.1f} s")
    with stopwatch() as took:
        gen.finish()
    ctx.say(f"vacuum/analyze in {took['seconds']:.1f} s")
    return org, small, tag_ids, now


def drop_secondary_indexes() -> list[str]:
    """Drop the indexes that back no constraint on the loaded tables (they are rebuilt in one
    pass after the load, much faster than row by row). Returns their definitions."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                WHERE t.relname = ANY(%s) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """,
                [LOADED_TABLES],
            )
        else:
            marks = ", ".join("%s" for _ in LOADED_TABLES)
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                f"AND sql IS NOT NULL AND tbl_name IN ({marks})",
                LOADED_TABLES,
            )
        found = cursor.fetchall()
        for name, _sql in found:
            cursor.execute(f'DROP INDEX "{name}"' if '"' not in name else f"DROP INDEX {name}")
    return [sql for _name, sql in found]


def recreate_indexes(definitions: list[str]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '512MB'")
        for sql in definitions:
            cursor.execute(sql)


# --- Measuring ----------------------------------------------------------------------------


def representative_segments(tag_ids: list[int], now: dt.datetime) -> dict[str, dict]:
    ninety_days_ago = (now - dt.timedelta(days=90)).date().isoformat()
    a_year_ago = (now - dt.timedelta(days=365)).date().isoformat()
    return {
        "tag_and_consent": {
            "match": "all",
            "conditions": [
                {"field": "tag", "op": "has", "value": [tag_ids[0]]},
                {
                    "field": "consent",
                    "op": "granted",
                    "value": {"channel": "email", "purpose": "campaigns"},
                },
            ],
        },
        "activity_since": {
            "match": "all",
            "conditions": [
                {
                    "field": "activity",
                    "op": "done",
                    "value": {"kind": "signature", "since": ninety_days_ago},
                },
            ],
        },
        "activity_count_3": {
            "match": "all",
            "conditions": [
                {
                    "field": "activity_count",
                    "op": "at_least",
                    "value": {"kind": "signature", "min": 3},
                },
            ],
        },
        "postcode_recent": {
            "match": "all",
            "conditions": [
                {"field": "postal_code", "op": "starts_with", "value": ["29", "35"]},
                {"field": "last_activity_at", "op": "within_days", "value": 180},
            ],
        },
        "custom_field_eq": {
            "match": "all",
            "conditions": [
                {
                    "field": "custom_field",
                    "op": "matches",
                    "value": {"key": "tshirt", "op": "eq", "value": "M"},
                },
            ],
        },
        "any_group": {
            "match": "any",
            "conditions": [
                {"field": "tag", "op": "has", "value": [tag_ids[1]]},
                {
                    "field": "activity",
                    "op": "done",
                    "value": {"kind": "donation", "since": a_year_ago},
                },
                {
                    "group": {
                        "match": "all",
                        "conditions": [
                            {"field": "language", "op": "eq", "value": "de"},
                            {"field": "support_level", "op": "gte", "value": 4},
                        ],
                    }
                },
            ],
        },
    }


def measure(ctx, org, segments: dict, repeat: int, explain: bool) -> dict[str, float]:
    from turnout.people.segments.filters import people_matching

    results = {}
    for name, definition in segments.items():

        def count(definition=definition):
            return people_matching(organization=org, definition=definition).count()

        matched = count()
        results[name] = median_ms(count, repeat=repeat, warmup=1)
        ctx.say(f"  {name:<20} {results[name]:8.1f} ms   ({matched:,} people)")
        if explain and connection.vendor == "postgresql":
            ctx.say("\n".join("      " + line for line in count_plan(count).splitlines()))
    return results


def count_plan(count) -> str:
    """The plan PostgreSQL runs for ``count()``, the query that is timed (the plan of the
    queryset itself reads every column and can differ)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        count()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + queries.captured_queries[-1]["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


def existing_indexes() -> set[str]:
    with connection.cursor() as cursor:
        names = set()
        for table in LOADED_TABLES:
            for name, info in connection.introspection.get_constraints(cursor, table).items():
                if info.get("index"):
                    names.add(name)
        return names


def create_indexes(ctx, definitions: dict[str, str]) -> None:
    present = existing_indexes()
    for name, sql in definitions.items():
        if name in present:
            ctx.say(f"index {name} is already in the schema")
            continue
        with stopwatch() as took, connection.cursor() as cursor:
            cursor.execute(sql)
        ctx.say(f"created index {name} in {took['seconds']:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(ctx):
    from turnout.people.models import Activity, Person

    vendor = connection.vendor
    pg = vendor == "postgresql"
    people = int(os.environ.get("BENCH_PEOPLE") or DEFAULT_PEOPLE.get(vendor, 100_000))
    repeat = int(os.environ.get("BENCH_REPEAT") or 7)
    explain = os.environ.get("BENCH_EXPLAIN") == "1"
    if "BENCH_PEOPLE" not in os.environ and not pg:
        ctx.say(
            f"{vendor}: {people:,} people by default (set BENCH_PEOPLE=1000000 for the full "
            "size; PostgreSQL uses 1,000,000)"
        )
    with stopwatch() as took:
        org, _small, tag_ids, now = generate(ctx, people)
    ctx.say(f"set-up in {took['seconds']:.0f} s")
    counts = {
        "people": Person.objects.filter(organization=org).count(),
        "activities": Activity.objects.filter(organization=org).count(),
    }
    ctx.say(f"{counts['people']:,} people, {counts['activities']:,} activities")
    segments = representative_segments(tag_ids, now)

    def count_all():
        return Person.objects.filter(organization=org).count()

    count_all_ms = median_ms(count_all, repeat=repeat, warmup=1)
    ctx.say(f"baseline, count of all people: {count_all_ms:.1f} ms")

    ctx.say("schema as migrated:")
    passes = {"noidx": measure(ctx, org, segments, repeat, explain)}
    create_indexes(ctx, {**PROPOSED_INDEXES, **(PROPOSED_INDEXES_POSTGRESQL if pg else {})})
    if pg and os.environ.get("BENCH_GIN") == "1":
        create_indexes(ctx, {"person_custom_fields_gin": GIN_INDEX})
    ctx.say("with the proposed indexes:")
    passes["idx"] = measure(ctx, org, segments, repeat, explain)
    final = passes["idx"]

    median_all = statistics.median(final.values())
    figures = {
        "median_ms": round(median_all, 2),
        "max_ms": round(max(final.values()), 2),
        "people": counts["people"],
        "activities": counts["activities"],
    }
    figures.update({f"{name}_ms": round(value, 2) for name, value in final.items()})
    for label, results in passes.items():
        if results is final:
            continue
        figures[f"median_ms_{label}"] = round(statistics.median(results.values()), 2)
        figures.update({f"{name}_ms_{label}": round(v, 2) for name, v in results.items()})
    return {
        "figures": figures,
        "baseline": {"count_all_ms": round(count_all_ms, 2)},
        "ratios": {"median_vs_count_all": round(median_all / count_all_ms, 2)},
    }
