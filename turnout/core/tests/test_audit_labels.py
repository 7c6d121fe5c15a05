"""The audit log reads as sentences: every code a module records has a readable line."""

import re
from pathlib import Path

from turnout.core.audit import audit_labels, audit_record

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "organizations/templates/organizations/audit_action.html"
CODE = re.compile(r"""["']([a-z_]+\.[a-z_]+)["']""")


def recorded_codes() -> set[str]:
    """Literal codes passed to audit_record (directly or through a small helper)."""
    codes = set()
    for path in ROOT.glob("*/**/*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if "audit_record" not in text:
            continue
        for line in text.splitlines():
            if "action=" in line or "_audit(" in line or line.strip().startswith('"'):
                codes.update(
                    code for code in CODE.findall(line) if code.split(".")[0] in _prefixes()
                )
    return codes


def _prefixes() -> set[str]:
    return {
        "action", "broadcast", "texting", "messaging", "journey", "ladder", "organization",
        "invitation", "membership", "people", "person", "segment", "list", "suppression",
        "retention", "duplicate", "job",
    }  # fmt: skip


def test_every_recorded_code_has_a_readable_line():
    in_template = set(re.findall(r'event\.action == "([a-z_.]+)"', TEMPLATE.read_text()))
    missing = sorted(recorded_codes() - in_template - set(audit_labels()))
    assert missing == []


def test_the_audit_page_shows_the_sentence(client_a, org_a, owner_a):
    audit_record(organization=org_a, actor=owner_a, action="action.publish", target=org_a)
    page = client_a.get(f"/en/o/{org_a.slug}/audit/").content.decode()
    assert f"published the action “{org_a}”" in page
    assert "action.publish" not in page
