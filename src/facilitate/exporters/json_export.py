"""Everything in one JSON object, with a schema version; `rebuild` turns it back into a Session."""

from __future__ import annotations

import json
from typing import Any

from facilitate.domain.records import SessionInfo
from facilitate.domain.session import RECORD_TYPES, Session

SCHEMA_VERSION = 1
KINDS = (
    "participants",
    "tables",
    "rounds",
    "contributions",
    "tensions",
    "proposals",
    "votes",
    "decisions",
    "actions",
    "events",
    "meaning",
    "positions",
    "arguments",
    "topics",
    "statements",
    "statement_answers",
    "matrix_items",
    "agreement_answers",
)


def to_data(session: Session, *, generated: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "generator": "facilitate"}
    if generated:
        data["generated"] = generated
    # The portal token and the key device ids are signed with are secrets of the running
    # session: they never leave in an export.
    data["session"] = {**session.info.to_dict(), "token": "", "device_secret": ""}
    for kind in KINDS:
        recs = sorted(session.records.get(kind, {}).values(), key=lambda r: r.id)
        data[kind] = [r.to_dict() for r in recs]
    return data


def dumps(data: dict[str, Any]) -> str:
    """Indented JSON with one record a line: as readable and diffable as a fully indented
    file, and written by the C encoder (indenting every field is 10 times slower)."""
    out = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        name = json.dumps(key, ensure_ascii=False)
        if isinstance(value, list) and value:
            rows = ",\n".join("    " + json.dumps(v, ensure_ascii=False) for v in value)
            out.append(f"  {name}: [\n{rows}\n  ]{comma}")
        elif isinstance(value, dict):  # the session: small, indented in full
            inner = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            out.append(f"  {name}: {inner}{comma}")
        else:
            out.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


def rebuild(data: dict[str, Any]) -> Session:
    """The session a JSON export describes (refuses a newer schema)."""
    version = data.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ValueError(
            f"unsupported schema_version {version!r} (this program reads up to {SCHEMA_VERSION})"
        )
    session = Session(info=SessionInfo.from_dict(data["session"]))
    for kind, rtype in RECORD_TYPES.items():
        for doc in data.get(kind, []):
            session.put(rtype.from_dict(doc))
    return session
