"""SMS counting: known examples, invariants (Hypothesis) and the browser counter's tables."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from turnout.messaging.sms_text import (
    GSM_BASIC,
    GSM_EXTENSION,
    is_gsm_character,
    non_gsm_characters,
    sms_encoding,
    sms_normalize_newlines,
    sms_segments,
    sms_split,
)

JS_FILE = Path(__file__).resolve().parents[1] / "static" / "messaging" / "sms-counter.js"

# The GSM 03.38 default alphabet written out row by row from the 3GPP TS 23.038 table
# (columns 0x00..0x70, rows 0x0..0xF), independently of the module, as code points.
SPEC_BASIC = {
    0x40, 0xA3, 0x24, 0xA5, 0xE8, 0xE9, 0xF9, 0xEC, 0xF2, 0xC7, 0x0A, 0xD8, 0xF8, 0x0D, 0xC5, 0xE5,
    0x394, 0x5F, 0x3A6, 0x393, 0x39B, 0x3A9, 0x3A0, 0x3A8, 0x3A3, 0x398, 0x39E, 0xC6, 0xE6, 0xDF,
    0xC9, 0x20, 0x21, 0x22, 0x23, 0xA4, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E,
    0x2F, 0xA1, 0xC4, 0xD6, 0xD1, 0xDC, 0xA7, 0xBF, 0xE4, 0xF6, 0xF1, 0xFC, 0xE0,
    *range(0x30, 0x40), *range(0x41, 0x5B), *range(0x61, 0x7B),
}  # fmt: skip
SPEC_EXTENSION = {0x0C, 0x5E, 0x7B, 0x7D, 0x5C, 0x5B, 0x7E, 0x5D, 0x7C, 0x20AC}

gsm_text = st.text(alphabet=st.sampled_from(GSM_BASIC + GSM_EXTENSION), max_size=500)
any_text = st.one_of(
    gsm_text,
    st.text(max_size=400),
    st.text(alphabet=st.sampled_from("aé€ê😀👍🏽\u200d中"), max_size=300),
)


def test_the_tables_are_the_3gpp_ones():
    assert {ord(c) for c in GSM_BASIC} == SPEC_BASIC
    assert len(GSM_BASIC) == 127  # 128 codes minus the escape
    assert {ord(c) for c in GSM_EXTENSION} == SPEC_EXTENSION


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("é", "GSM-7"),
        ("ê", "UCS-2"),
        ("Rendez-vous à 18h, place de la République !", "GSM-7"),
        ("Grüße aus München", "GSM-7"),
        ("Fête de la musique", "UCS-2"),
        ("ç", "UCS-2"),
        ("Ç", "GSM-7"),
        ("€ [x] {y} ~ ^ | \\", "GSM-7"),
        ("Merci 🙏", "UCS-2"),
        ("", "GSM-7"),
        ("tab\there", "UCS-2"),
        ("‘quotes’", "UCS-2"),
    ],
)
def test_encoding_examples(text, encoding):
    assert sms_encoding(text) == encoding


def test_known_counts():
    assert sms_segments("a" * 160).segments == 1
    assert sms_segments("a" * 161).segments == 2
    assert sms_segments("ê" * 70).segments == 1
    assert sms_segments("ê" * 71).segments == 2
    euro = sms_segments("€")
    assert (euro.encoding, euro.characters, euro.units, euro.segments) == ("GSM-7", 1, 2, 1)
    assert euro.remaining_in_segment == 158
    assert sms_segments("€" * 80).segments == 1
    assert sms_segments("€" * 80 + "a").segments == 2
    empty = sms_segments("")
    assert (empty.segments, empty.units, empty.per_segment, empty.remaining_in_segment) == (
        0,
        0,
        160,
        160,
    )
    many = sms_segments("a" * 306)
    assert (many.segments, many.per_segment, many.remaining_in_segment) == (2, 153, 0)
    assert sms_segments("a" * 307).segments == 3
    emoji = sms_segments("😀" * 35)
    assert (emoji.characters, emoji.units, emoji.segments) == (35, 70, 1)
    assert sms_segments("😀" * 36).segments == 2


def test_an_extension_character_is_never_split():
    text = "a" * 152 + "€" + "b" * 10  # the € would straddle septets 153 and 154
    parts = sms_split(text)
    assert parts[0] == "a" * 152 and parts[1].startswith("€")
    assert sms_segments(text).segments == 2


def test_a_surrogate_pair_is_never_split():
    text = "ê" * 66 + "😀" + "ê" * 10
    parts = sms_split(text)
    assert parts[0] == "ê" * 66 and parts[1].startswith("😀")


def test_non_gsm_characters_are_listed_once_in_order():
    assert non_gsm_characters("Fête 🙏 fête ê") == ["ê", "🙏"]
    assert non_gsm_characters("plain €") == []


def test_newlines_are_normalized_like_the_browser():
    assert sms_normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"


@given(any_text)
@settings(max_examples=300)
def test_split_round_trips_and_matches_the_count(text):
    parts = sms_split(text)
    info = sms_segments(text)
    assert "".join(parts) == text
    assert len(parts) == info.segments
    assert info.characters == len(text)
    assert 0 <= info.remaining_in_segment <= info.per_segment


@given(any_text)
@settings(max_examples=300)
def test_every_part_fits_its_limit(text):
    info = sms_segments(text)
    parts = sms_split(text)
    if info.encoding == "GSM-7":
        cost = [sum(2 if c in GSM_EXTENSION else 1 for c in part) for part in parts]
        limit = 160 if len(parts) == 1 else 153
    else:
        cost = [len(part.encode("utf-16-le")) // 2 for part in parts]
        limit = 70 if len(parts) == 1 else 67
    assert all(0 < c <= limit for c in cost)
    assert sum(cost) == info.units
    # Greedy: each part but the last is full up to the one unit a 2-unit character may leave.
    assert all(c >= limit - 1 for c in cost[:-1])


@given(st.text(max_size=200))
def test_gsm_detection_matches_a_brute_force_check(text):
    brute = all(ord(c) in SPEC_BASIC or ord(c) in SPEC_EXTENSION for c in text)
    assert (sms_encoding(text) == "GSM-7") is brute
    assert all(is_gsm_character(c) == (ord(c) in SPEC_BASIC | SPEC_EXTENSION) for c in text)


# ---- the browser counter -------------------------------------------------------------------


def _js_string(name: str) -> str:
    """The value of ``var NAME = "..." + "...";`` in the counter script."""
    source = JS_FILE.read_text(encoding="utf-8")
    found = re.search(rf"var {name}\s*=\s*((?:\"(?:[^\"\\]|\\.)*\"\s*\+?\s*)+);", source)
    assert found, f"{name} not found in {JS_FILE}"
    literals = re.findall(r"\"(?:[^\"\\]|\\.)*\"", found.group(1))
    return "".join(json.loads(literal) for literal in literals)


def test_the_browser_counter_uses_the_same_tables():
    assert _js_string("GSM_BASIC") == GSM_BASIC
    assert _js_string("GSM_EXTENSION") == GSM_EXTENSION


def test_the_browser_counter_has_the_same_limits_and_no_english():
    source = JS_FILE.read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)
    assert "GSM_SINGLE = 160, GSM_PART = 153, UCS2_SINGLE = 70, UCS2_PART = 67" in code
    literals = [json.loads(literal) for literal in re.findall(r"\"(?:[^\"\\]|\\.)*\"", code)]
    assert "{n}" in literals and "data-label-" in literals
    # No sentence-like text: every label comes from the template's data attributes.
    assert [lit for lit in literals if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", lit)] == [
        "use strict"
    ]


NODE_HARNESS = r"""
const fs = require("fs");
const samples = JSON.parse(fs.readFileSync(0, "utf8"));
function element(attributes) {
  return {
    attributes, children: [], listeners: {}, hidden: false, textContent: "",
    getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; },
    hasAttribute(name) { return name in this.attributes; },
    setAttribute(name, value) { this.attributes[name] = value; },
    appendChild(child) { this.children.push(child); },
    addEventListener(type, listener) { this.listeners[type] = listener; },
  };
}
const output = element({
  "data-label-characters": "{n}", "data-label-segments": "{n}",
  "data-label-unicode": "{chars}", "aria-live": "polite",
});
const textarea = element({"data-sms-counter": "out"});
textarea.value = "";
globalThis.document = {
  readyState: "complete", documentElement: {lang: "en"},
  querySelectorAll: () => [textarea],
  getElementById: () => output,
  createElement: () => element({}),
  createTextNode: (text) => ({text}),
  addEventListener() {},
};
eval(fs.readFileSync(process.argv[1], "utf8"));
const results = samples.map((text) => {
  textarea.value = text;
  textarea.listeners.input();
  const found = /^(\S+) · (\S+) \((\S+)\)$/.exec(output.children[0].textContent);
  return [Number(found[1].replace(/\D/g, "")), Number(found[2].replace(/\D/g, "")), found[3]];
});
process.stdout.write(JSON.stringify(results));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
@settings(max_examples=20, deadline=None)
@given(st.lists(any_text, min_size=1, max_size=40))
def test_the_browser_counter_counts_like_python(samples):
    samples = [sms_normalize_newlines(s) for s in samples]
    result = subprocess.run(
        [shutil.which("node") or "node", "-e", NODE_HARNESS, str(JS_FILE)],
        input=json.dumps(samples),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    expected = []
    for text in samples:
        info = sms_segments(text)
        expected.append([info.characters, info.segments, info.encoding])
    assert json.loads(result.stdout) == expected
