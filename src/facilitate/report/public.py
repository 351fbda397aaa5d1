"""What may leave the laptop: a session without its secrets and, for data files, without the
records the facilitator hid (moderated) from the phones and the report."""

from __future__ import annotations

import dataclasses

from facilitate.domain.records import AgreementAnswer, Proposal, Record, SessionInfo, Vote
from facilitate.domain.session import Session

# SessionInfo fields that are secrets of the running session (the portal's address, the key
# that signs device ids): never in an export.
SECRET_FIELDS = ("token", "device_secret")
MASK = "…"


def without_secrets(session: Session, *, keep_hidden: bool = True) -> Session:
    """A copy with the portal token (and any other secret) blanked and masked wherever a text
    quotes it (a join address pasted in a contribution); without hidden records unless
    `keep_hidden` (the facilitator's notes list them in the moderation log)."""
    info = session.info.to_dict()
    secrets = [str(info[f]) for f in SECRET_FIELDS if info.get(f)]
    for f in SECRET_FIELDS:
        if f in info:
            info[f] = ""
    out = Session(info=SessionInfo.from_dict(info))
    hidden_proposals = {p.id for p in session.all(Proposal) if p.hidden}
    for rec in session.iter_records():
        if not keep_hidden and (
            getattr(rec, "hidden", False)
            or (isinstance(rec, Vote) and rec.proposal in hidden_proposals)
        ):
            continue
        out.put(_masked(rec, secrets) if secrets else rec)
    return out


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type[Record]) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def without_hidden(session: Session) -> Session:
    """A copy without the records the facilitator hid (and the votes on hidden proposals)."""
    hidden_proposals = {p.id for p in session.all(Proposal) if p.hidden}
    out = Session(info=session.info)
    for rec in session.iter_records():
        if getattr(rec, "hidden", False) or (
            isinstance(rec, Vote | AgreementAnswer) and rec.proposal in hidden_proposals
        ):
            continue
        out.put(rec)
    return out


def _masked(rec: Record, secrets: list[str]) -> Record:
    changes: dict[str, object] = {}
    for name in _field_names(type(rec)):
        value = getattr(rec, name)
        if value is None or isinstance(value, int | float):
            continue
        if isinstance(value, str) and any(s in value for s in secrets):
            changes[name] = _mask(value, secrets)
        elif isinstance(value, list) and any(
            isinstance(v, str) and any(s in v for s in secrets) for v in value
        ):
            changes[name] = [_mask(v, secrets) if isinstance(v, str) else v for v in value]
        elif isinstance(value, dict) and any(
            isinstance(v, str) and any(s in v for s in secrets) for v in value.values()
        ):
            changes[name] = {
                k: _mask(v, secrets) if isinstance(v, str) else v for k, v in value.items()
            }
    return rec.replace(**changes) if changes else rec


def _mask(text: str, secrets: list[str]) -> str:
    for s in secrets:
        text = text.replace(s, MASK)
    return text
