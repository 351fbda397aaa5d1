"""A copy of a session where every participant's name reads "structure (territory)"."""

from __future__ import annotations

import dataclasses
import enum
import re

from facilitate.domain.cooperation import owner_participant
from facilitate.domain.records import Action, Participant, Record, SessionInfo
from facilitate.domain.session import Session
from facilitate.i18n import t

# Fields that hold identifiers or times, never a name.
_KEEP = frozenset({"slug", "at", "step", "due", "kind_name"})


def label_of(person: Participant, lang: str) -> str:
    """How an anonymised participant is named."""
    if person.structure and person.territory:
        return f"{person.structure} ({person.territory})"
    return person.structure or person.territory or t("report.anonymous", lang)


def anonymised(session: Session) -> Session:
    """Replace names in every record, free text included; the facilitator's name stays."""
    lang = session.info.lang
    labels = {p.name: label_of(p, lang) for p in session.participants if p.name}
    if not labels:
        return session
    names = sorted(labels, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")

    def text(value: str) -> str:
        if not value:
            return value
        if value in labels:
            return labels[value]
        return pattern.sub(lambda m: labels[m.group(1)], value)

    out = Session(info=SessionInfo.from_dict(session.info.to_dict()))
    for rec in session.iter_records():
        changes: dict[str, object] = {}
        for f in dataclasses.fields(rec):
            if f.name in _KEEP:
                continue
            value = getattr(rec, f.name)
            if isinstance(value, enum.Enum) or value is None:
                continue
            if isinstance(value, str) and value:
                new = text(value)
                if new != value:
                    changes[f.name] = new
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                changes[f.name] = [text(v) for v in value]
        if isinstance(rec, Participant):
            changes["name"] = labels.get(rec.name, rec.name)
            changes["notes"] = ""
        if isinstance(rec, Action):
            owner = owner_participant(session, rec.owner)
            if owner is not None:
                changes["owner"] = label_of(owner, lang)
        new_rec: Record = rec.replace(**changes) if changes else rec
        out.put(new_rec)
    return out
