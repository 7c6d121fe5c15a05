"""The filter builder's form: rows of plain inputs that work without JavaScript.

Each condition is a row of inputs named ``c-<n>-<name>`` (``c-3-field``, ``c-3-op``,
``c-3-tags``...), with ``c-<n>-group`` naming the group it belongs to (empty at the top level);
each group has ``g-<k>-match``. The rows are read back from any POST, so rows added in the
browser by segments.js are read the same way as rows added by the "Add" buttons. This module
converts between that flat form and the JSON definition; ``filters.validate_definition`` does
all the checking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.core.exceptions import ValidationError

from .conditions import CUSTOM_FIELD_OPS, FIELDS

ROW_RE = re.compile(r"^c-(\d{1,4})-field$")
GROUP_RE = re.compile(r"^g-(\d{1,3})-match$")
SPLIT_RE = re.compile(r"[,;\n]+")
MAX_ROWS = 60
SCALARS = (
    "op",
    "kind",
    "since",
    "until",
    "source_id",
    "min",
    "channel",
    "purpose",
    "flag",
    "text",
    "date",
    "days",
    "key",
    "cf_op",
    "cf_value",
    "level",
    "language",
)
MULTI = ("tags", "lists")
LIST_TEXT_FIELDS = {"country", "postal_code", "polling_station"}
DATE_FIELDS = {"created_at", "last_activity_at"}


def _split(text: str) -> list[str]:
    return [part.strip() for part in SPLIT_RE.split(text or "") if part.strip()]


@dataclass
class Row:
    index: int
    group: str = ""
    field: str = ""
    data: dict = dc_field(default_factory=dict)
    position: str = ""
    errors: list[str] = dc_field(default_factory=list)

    @property
    def key(self) -> str:
        """The row's number in input names; ``__n__`` in the templates segments.js copies."""
        return str(self.index) if self.index else "__n__"

    @property
    def prefix(self) -> str:
        return f"c-{self.key}"

    @property
    def op(self) -> str:
        return self.data.get("op", "")

    @property
    def op_choices(self) -> list[tuple[str, str]]:
        spec = FIELDS.get(self.field)
        if spec is None or self.field == "custom_field":
            return []
        return list(spec.ops.items())

    @property
    def selected(self) -> set[str]:
        return {str(v) for name in MULTI for v in self.data.get(name, [])}

    def condition(self) -> dict | None:
        """The JSON condition for this row (unchecked), or None for a row left blank."""
        name, d = self.field, self.data
        if not name:
            return None
        if name not in FIELDS:
            return {"field": name, "op": d.get("op", "")}
        op = d.get("op") or next(iter(FIELDS[name].ops))
        condition: dict = {"field": name, "op": op}
        if name == "tag":
            condition["value"] = d.get("tags", [])
        elif name == "list":
            condition["value"] = d.get("lists", [])
        elif name in ("activity", "activity_count"):
            keys = ("kind", "since", "until", "source_id")
            if name == "activity_count":
                keys = ("kind", "min", "since", "until")
            condition["value"] = {k: d[k] for k in keys if d.get(k, "") != ""}
        elif name == "consent":
            condition["value"] = {"channel": d.get("channel", ""), "purpose": d.get("purpose", "")}
        elif name == "do_not_contact":
            condition["value"] = d.get("flag", "")
        elif name in LIST_TEXT_FIELDS:
            condition["value"] = _split(d.get("text", ""))
        elif name == "locality":
            condition["value"] = d.get("text", "")
        elif name in DATE_FIELDS:
            condition["value"] = d.get("date" if op in ("before", "after") else "days", "")
        elif name == "custom_field":
            condition["value"] = {
                "key": d.get("key", ""),
                "op": d.get("cf_op", ""),
                "value": d.get("cf_value", ""),
            }
        elif name == "support_level":
            condition["value"] = d.get("level", "")
        elif name == "language":
            condition["value"] = d.get("language", "")
        return condition

    @classmethod
    def from_condition(cls, index: int, condition: dict, group: str = "") -> Row:
        name = condition.get("field", "")
        value = condition.get("value")
        data: dict = {"op": condition.get("op", "")}
        if name == "tag":
            data["tags"] = [str(v) for v in value or []]
        elif name == "list":
            data["lists"] = [str(v) for v in value or []]
        elif name in ("activity", "activity_count", "consent") and isinstance(value, dict):
            data.update({k: str(v) for k, v in value.items()})
        elif name == "do_not_contact":
            data["flag"] = "true" if value is True or value == "true" else "false"
        elif name in LIST_TEXT_FIELDS:
            data["text"] = ", ".join(str(v) for v in value or [])
        elif name == "locality":
            data["text"] = str(value or "")
        elif name in DATE_FIELDS:
            data["date" if data["op"] in ("before", "after") else "days"] = str(value or "")
        elif name == "custom_field" and isinstance(value, dict):
            data["key"] = str(value.get("key", ""))
            data["cf_op"] = str(value.get("op", ""))
            raw = value.get("value", "")
            data["cf_value"] = "true" if raw is True else "false" if raw is False else str(raw)
        elif name == "support_level":
            data["level"] = str(value or "")
        elif name == "language":
            data["language"] = str(value or "")
        return cls(index=index, group=group, field=name, data=data)


@dataclass
class Group:
    key: str
    match: str = "any"
    rows: list[Row] = dc_field(default_factory=list)
    position: str = ""
    errors: list[str] = dc_field(default_factory=list)


@dataclass
class Builder:
    match: str = "all"
    rows: list[Row] = dc_field(default_factory=list)
    groups: list[Group] = dc_field(default_factory=list)
    errors: list[str] = dc_field(default_factory=list)

    # --- Reading -------------------------------------------------------------------------

    @classmethod
    def from_post(cls, data) -> Builder:
        builder = cls(match="any" if data.get("match") == "any" else "all")
        groups: dict[str, Group] = {}
        for name in sorted(data.keys()):
            found = GROUP_RE.match(name)
            if found:
                key = found.group(1)
                groups[key] = Group(key=key, match="all" if data.get(name) == "all" else "any")
        indexes = sorted(int(m.group(1)) for m in map(ROW_RE.match, data.keys()) if m)
        for index in indexes[:MAX_ROWS]:
            prefix = f"c-{index}-"
            group = data.get(prefix + "group", "") or ""
            row = Row(
                index=index,
                group=group if group.isdigit() and len(group) <= 3 else "",
                field=data.get(prefix + "field", "") or "",
            )
            for name in SCALARS:
                if prefix + name in data:
                    row.data[name] = (data.get(prefix + name) or "").strip()
            for name in MULTI:
                if prefix + name in data:
                    row.data[name] = data.getlist(prefix + name)
            if row.group:
                groups.setdefault(row.group, Group(key=row.group)).rows.append(row)
            else:
                builder.rows.append(row)
        builder.groups = [groups[k] for k in sorted(groups, key=int)]
        return builder

    @classmethod
    def from_definition(cls, definition: dict | None) -> Builder:
        definition = definition or {}
        builder = cls(match="any" if definition.get("match") == "any" else "all")
        index = 0
        for item in definition.get("conditions", []):
            if "group" in item:
                group = Group(key=str(len(builder.groups) + 1))
                group.match = "all" if item["group"].get("match") == "all" else "any"
                for condition in item["group"].get("conditions", []):
                    index += 1
                    group.rows.append(Row.from_condition(index, condition, group.key))
                builder.groups.append(group)
            else:
                index += 1
                builder.rows.append(Row.from_condition(index, item))
        return builder

    # --- Buttons of the no-JavaScript form -----------------------------------------------

    @property
    def next_index(self) -> int:
        return max([r.index for r in self.all_rows()] or [0]) + 1

    def all_rows(self) -> list[Row]:
        return self.rows + [r for g in self.groups for r in g.rows]

    def apply(self, data) -> bool:
        """Apply the "add", "add group" and "remove" buttons. Returns True if one was pressed."""
        if "add" in data:
            target = data.get("add") or "top"
            new_field = data.get(f"new-field-{target}", "")
            new_field = new_field if new_field in FIELDS else ""
            group = next((g for g in self.groups if g.key == target), None)
            row = Row(index=self.next_index, field=new_field, group=group.key if group else "")
            (group.rows if group else self.rows).append(row)
            return True
        if "add_group" in data:
            key = str(max([int(g.key) for g in self.groups] or [0]) + 1)
            new_field = data.get("new-field-group", "")
            row = Row(
                index=self.next_index, field=new_field if new_field in FIELDS else "", group=key
            )
            self.groups.append(Group(key=key, rows=[row]))
            return True
        if "remove" in data:
            wanted = str(data.get("remove"))
            self.rows = [r for r in self.rows if str(r.index) != wanted]
            for group in self.groups:
                group.rows = [r for r in group.rows if str(r.index) != wanted]
            return True
        if "remove_group" in data:
            self.groups = [g for g in self.groups if g.key != data.get("remove_group")]
            return True
        return False

    # --- Writing ---------------------------------------------------------------------------

    def definition(self) -> dict:
        """The definition the rows describe; blank rows and empty groups are left out, and
        the positions used in error messages are numbered the same way."""
        for row in self.all_rows():
            row.position = ""
        conditions: list[dict] = []
        for row in self.rows:
            condition = row.condition()
            if condition is not None:
                conditions.append(condition)
                row.position = str(len(conditions))
        for group in self.groups:
            group.position = ""
            inner = []
            for row in group.rows:
                condition = row.condition()
                if condition is not None:
                    inner.append(condition)
                    row.position = f"{len(conditions) + 1}.{len(inner)}"
            if inner:
                conditions.append({"group": {"match": group.match, "conditions": inner}})
                group.position = str(len(conditions))
        return {"match": self.match, "conditions": conditions}

    def attach_errors(self, error: ValidationError) -> None:
        """Put each message next to the row (or group) it is about, and all of them on top."""
        rows = {r.position: r for r in self.all_rows() if r.position}
        groups = {g.position: g for g in self.groups if g.position}
        for item in error.error_list:
            message = item.message % item.params if item.params else item.message
            self.errors.append(str(message))
            position = (item.params or {}).get("position", "")
            target = rows.get(position) or groups.get(position)
            if target is not None:
                target.errors.append(str(message))


CUSTOM_OP_CHOICES = list(CUSTOM_FIELD_OPS.items())
