"""The MSPDI vocabulary and a small XML reader bound to one file (private).

Constants of Microsoft Project's XML format (namespace, link type codes, lag
formats, the custom fields where the course keeps its ids) shared by
:mod:`pmcourse.formats.mspdi` and :mod:`pmcourse.formats._mspdi_writer`, and
:class:`Reader`, whose helpers read typed values and name the file in every
error.

Used in: lesson 03, scheduling (bring your own plan).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pandas as pd

from pmcourse.formats._common import file_label

NS = "http://schemas.microsoft.com/project"
#: MSPDI link type codes
LINK_TYPE_NAMES = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
LINK_TYPE_CODES = {name: code for code, name in LINK_TYPE_NAMES.items()}
#: LagFormat codes of elapsed time (calendar time, not working time)
ELAPSED = {4, 6, 8, 10, 12, 36, 38, 40, 42, 44}
#: LagFormat codes of a percentage of the predecessor's duration
PERCENT = {19, 20, 51, 52}
#: custom fields Text1 of tasks and of resources, where our ids are kept
TASK_ID_FIELD = "188743731"
RESOURCE_ID_FIELD = "205520904"
ID_ALIAS = "pmcourse id"
#: MS Project's ResourceUID for "no resource" on an assignment
NO_RESOURCE = -65535
RESOURCE_TYPES = {0: "material", 1: "work", 2: "cost"}

DURATION_RE = re.compile(
    r"^(?P<sign>-)?P(?:(?P<Y>\d+(?:\.\d*)?)Y)?(?:(?P<Mo>\d+(?:\.\d*)?)M)?"
    r"(?:(?P<D>\d+(?:\.\d*)?)D)?"
    r"(?:T(?:(?P<H>\d+(?:\.\d*)?)H)?(?:(?P<Mi>\d+(?:\.\d*)?)M)?"
    r"(?:(?P<S>\d+(?:\.\d*)?)S)?)?$"
)


class Reader:
    """Small helpers bound to one file, so every error names it."""

    def __init__(self, label: str, ns: str) -> None:
        self.label = label
        self.q = f"{{{ns}}}" if ns else ""

    def fail(self, where: str, message: str) -> ValueError:
        return ValueError(f"{self.label}: {where}: {message}")

    def text(self, elem: ET.Element, tag: str) -> str | None:
        child = elem.find(self.q + tag)
        if child is None or child.text is None or not child.text.strip():
            return None
        return child.text.strip()

    def integer(self, elem: ET.Element, tag: str, where: str, default=None):
        raw = self.text(elem, tag)
        if raw is None:
            if default is None:
                raise self.fail(where, f"<{tag}> is missing")
            return default
        try:
            return int(raw)
        except ValueError:
            raise self.fail(where, f"<{tag}> is {raw!r}, not a whole number") from None

    def number(self, elem: ET.Element, tag: str, where: str, default: float) -> float:
        raw = self.text(elem, tag)
        if raw is None:
            return default
        try:
            return float(raw)
        except ValueError:
            raise self.fail(where, f"<{tag}> is {raw!r}, not a number") from None

    def flag(self, elem: ET.Element, tag: str) -> bool:
        return (self.text(elem, tag) or "0").lower() in {"1", "true"}

    def date(self, elem: ET.Element, tag: str, where: str) -> pd.Timestamp:
        raw = self.text(elem, tag)
        if raw is None:
            return pd.NaT
        try:
            return pd.Timestamp(raw)
        except ValueError:
            raise self.fail(where, f"<{tag}> is {raw!r}, not a date") from None

    def hours(self, elem: ET.Element, tag: str, where: str) -> float | None:
        """Return an ISO 8601 duration element in hours (None when absent)."""
        raw = self.text(elem, tag)
        if raw is None:
            return None
        m = DURATION_RE.match(raw)
        if not m or raw.endswith(("P", "T")):
            raise self.fail(
                where, f"<{tag}> is {raw!r}, not an ISO 8601 duration like PT8H0M0S"
            )
        if m["Y"] or m["Mo"]:
            raise self.fail(
                where,
                f"<{tag}> {raw!r} counts years or months, whose length in working "
                "days is not defined; save the file with durations in hours",
            )
        parts = {k: float(m[k]) if m[k] else 0.0 for k in ("D", "H", "Mi", "S")}
        hours = 24 * parts["D"] + parts["H"] + parts["Mi"] / 60 + parts["S"] / 3600
        return -hours if m["sign"] else hours

    def ids_by_alias(self, root: ET.Element, field_id: str) -> bool:
        """Return whether the file defines ``field_id`` with our alias."""
        for ea in root.iterfind(
            f"{self.q}ExtendedAttributes/{self.q}ExtendedAttribute"
        ):
            if self.text(ea, "FieldID") == field_id:
                return self.text(ea, "Alias") == ID_ALIAS
        return False

    def field_value(self, elem: ET.Element, field_id: str) -> str | None:
        for ea in elem.iterfind(self.q + "ExtendedAttribute"):
            if self.text(ea, "FieldID") == field_id:
                return self.text(ea, "Value")
        return None


def parse(path: str | os.PathLike[str]) -> tuple[Reader, ET.Element]:
    label = file_label(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        line, col = err.position
        raise ValueError(
            f"{label}: line {line}, column {col}: not well-formed XML ({err})"
        ) from None
    tag = root.tag
    ns = tag[1:].split("}")[0] if tag.startswith("{") else ""
    local = tag.split("}")[-1]
    if local != "Project":
        raise ValueError(
            f"{label}: the root element is <{local}>; an MSPDI file starts with "
            f'<Project xmlns="{NS}">'
        )
    return Reader(label, ns), root
