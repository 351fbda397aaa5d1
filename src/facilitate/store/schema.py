"""The session file's schema: every table, record and journal operation checked before use.

A file that parses as JSON is not yet a session: a wrong type (`title: 12`), a record that is
not an object (`participants: {"1": "bob"}`), a huge integer or a deep nesting would crash
whatever reads it later. Everything the store loads (snapshot, journal, backups) goes through
`check_tables` or `check_ops`, which raise `SchemaError` naming the table, record and field.
The reasons are messages (`facilitate.i18n.Message`, a key and values) worded where they are
shown, in the reader's language; a field's path (`tensions.3.status`) stays as it is. They are
built only when a value is refused: the checks of a sound session format nothing.
The record schemas are the domain dataclasses' own type hints, so a new field is checked the
day it is declared.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

from tinydb import Query, TinyDB

from facilitate.domain.records import Event, Placed, Round, SessionInfo, Step, Table
from facilitate.domain.session import RECORD_TYPES
from facilitate.i18n import Counted, LocalisedError, Message
from facilitate.session_formats import STEP_KINDS, STEP_SETTINGS

# Limits far above any real workshop (a 70,000-post session is a few MB) and far below what
# would exhaust memory or the interpreter's stack.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TEXT = 1_000_000  # characters in one string
MAX_ITEMS = 1_000_000  # entries in one list or object
MAX_DEPTH = 32  # nesting inside a free-form value (event data, step settings)
MAX_INT = 2**53  # JSON's safe integers
MAX_ID = 2**31
META_TABLES = ("_meta", "session")
STEP_EVENTS = ("step_", "round_", "statement_")  # events that always belong to a step


class SchemaError(LocalisedError):
    """A session document that does not match the schema: `where` is the place (a data path
    such as `tensions.3.status`, the same in every language; "" for the whole document),
    `reason` the message saying why; `message(lang)` words both, `str()` in English."""

    def __init__(self, where: str, reason: Message) -> None:
        self.where, self.reason = where, reason
        super().__init__(Message("schema.at", where=where, why=reason) if where else reason)


def _fail(where: str, why: Message) -> SchemaError:
    return SchemaError(where, why)


def _type_name(value: Any) -> Message | str:
    """What a refused value is, as a message ("text", "a list"), for "expected ..., got ..."."""
    if value is None:
        return Message("schema.type.null")
    if isinstance(value, bool):
        return Message("schema.type.bool")
    if isinstance(value, int):
        return Message("schema.type.int")
    if isinstance(value, float):
        return Message("schema.type.float")
    if isinstance(value, str):
        return Message("schema.type.text")
    if isinstance(value, list):
        return Message("schema.type.list")
    if isinstance(value, dict):
        return Message("schema.type.object")
    return type(value).__name__


def _check_int(value: Any, where: str, low: int = -MAX_INT, high: int = MAX_INT) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, Message("schema.expected_int", got=_type_name(value)))
    if not low <= value <= high:
        raise _fail(where, Message("schema.out_of_range", value=_short(value), low=low, high=high))
    return value


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, int) else str(value)
    return text if len(text) <= 24 else text[:20] + "..."


def check_json(value: Any, where: str, depth: int = 0) -> None:
    """Any JSON value, bounded in depth, length and integer size."""
    if depth > MAX_DEPTH:
        raise _fail(where, Message("schema.too_deep", max=MAX_DEPTH))
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        _check_int(value, where)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _fail(where, Message("schema.not_finite"))
    elif isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise _fail(where, Message("schema.text_too_long", max=MAX_TEXT))
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise _fail(where, Message("schema.too_many_items", max=MAX_ITEMS))
        for i, item in enumerate(value):
            check_json(item, f"{where}[{i}]", depth + 1)
    elif isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise _fail(where, Message("schema.too_many_entries", max=MAX_ITEMS))
        for key, item in value.items():
            if not isinstance(key, str):
                raise _fail(where, Message("schema.keys_not_text"))
            check_json(item, f"{where}.{key}", depth + 1)
    else:
        raise _fail(where, Message("schema.unexpected", got=_type_name(value)))


Checker = Callable[[Any], None]


class _Bad(Exception):
    """A value refused by a compiled checker; `path` is relative to where it was checked."""

    def __init__(self, why: Message, path: str = "") -> None:
        self.why, self.path = why, path


def _json_checker(value: Any) -> None:
    try:
        check_json(value, "")
    except SchemaError as exc:
        raise _Bad(exc.reason, exc.where) from None


def _compile(hint: Any) -> Checker:
    """A checker for values declared `hint`, built once per type (opening a 70,000-record
    session checks every field of every record)."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        optional = type(None) in get_args(hint)
        options = [_compile(a) for a in get_args(hint) if a is not type(None)]

        def check_union(value: Any) -> None:
            if value is None and optional:
                return
            first: _Bad | None = None
            for option in options:
                try:
                    option(value)
                    return
                except _Bad as bad:
                    first = first or bad
            assert first is not None
            raise first

        return check_union
    if hint is Any or hint is typing.Any:
        return _json_checker
    if hint is str:

        def check_str(value: Any) -> None:
            if type(value) is not str:
                raise _Bad(Message("schema.expected_text", got=_type_name(value)))
            if len(value) > MAX_TEXT:
                raise _Bad(Message("schema.text_too_long", max=MAX_TEXT))

        return check_str
    if hint is bool:

        def check_bool(value: Any) -> None:
            if type(value) is not bool:
                raise _Bad(Message("schema.expected_bool", got=_type_name(value)))

        return check_bool
    if hint is int:

        def check_int(value: Any) -> None:
            if type(value) is not int:
                raise _Bad(Message("schema.expected_int", got=_type_name(value)))
            if not -MAX_INT <= value <= MAX_INT:
                why = Message(
                    "schema.out_of_range", value=_short(value), low=-MAX_INT, high=MAX_INT
                )
                raise _Bad(why)

        return check_int
    if hint is float:

        def check_float(value: Any) -> None:
            if type(value) not in (int, float):
                raise _Bad(Message("schema.expected_number", got=_type_name(value)))
            _json_checker(value)

        return check_float
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        allowed = frozenset(m.value for m in hint)
        names = ", ".join(str(m.value) for m in hint)

        def check_enum(value: Any) -> None:
            if type(value) is not str or value not in allowed:
                raise _Bad(Message("schema.not_one_of", value=_short(value), names=names))

        return check_enum
    if origin in (list, tuple):
        item = _compile((get_args(hint) or (Any,))[0])

        def check_list(value: Any) -> None:
            if type(value) is not list:
                raise _Bad(Message("schema.expected_list", got=_type_name(value)))
            if len(value) > MAX_ITEMS:
                raise _Bad(Message("schema.too_many_items", max=MAX_ITEMS))
            for i, x in enumerate(value):
                try:
                    item(x)
                except _Bad as bad:
                    raise _Bad(bad.why, f"[{i}]{bad.path}") from None

        return check_list
    if origin is dict:
        entry = _compile((get_args(hint) or (str, Any))[1])

        def check_dict(value: Any) -> None:
            if type(value) is not dict:
                raise _Bad(Message("schema.expected_object", got=_type_name(value)))
            if len(value) > MAX_ITEMS:
                raise _Bad(Message("schema.too_many_entries", max=MAX_ITEMS))
            for key, x in value.items():
                try:
                    entry(x)
                except _Bad as bad:
                    raise _Bad(bad.why, f".{key}{bad.path}") from None

        return check_dict
    return _json_checker  # a type this schema does not know: plain, bounded JSON


_COMPILED: dict[Any, Checker] = {}


def _checker(hint: Any) -> Checker:
    try:
        return _COMPILED[hint]
    except KeyError:
        _COMPILED[hint] = checker = _compile(hint)
        return checker


def check_value(hint: Any, value: Any, where: str) -> None:
    """`value` as stored for a field declared `hint` (str, int, bool, enums, lists, dicts)."""
    try:
        _checker(hint)(value)
    except _Bad as bad:
        raise _fail(f"{where}{bad.path}", bad.why) from None


_FIELDS: dict[type, dict[str, Checker]] = {}


def _fields(cls: type) -> dict[str, Checker]:
    checkers = _FIELDS.get(cls)
    if checkers is None:
        every = get_type_hints(cls)
        checkers = {f.name: _checker(every[f.name]) for f in dataclasses.fields(cls)}
        _FIELDS[cls] = checkers
    return checkers


def _check_fields(cls: type, doc: Any, where: str, *, required: tuple[str, ...] = ()) -> None:
    if type(doc) is not dict:
        raise _fail(where, Message("schema.expected_object", got=_type_name(doc)))
    if len(doc) > 10_000:
        raise _fail(where, Message("schema.too_many_fields"))
    for name in required:
        if name not in doc:
            raise _fail(where, Message("schema.missing_field", name=name))
    checkers = _fields(cls)
    for name, value in doc.items():
        check = checkers.get(name) if type(name) is str else None
        if check is None:
            if type(name) is not str:
                raise _fail(where, Message("schema.field_names_not_text"))
            check = _json_checker  # a field this version does not read: kept, but bounded
        try:
            check(value)
        except _Bad as bad:
            raise _fail(f"{where}.{name}{bad.path}", bad.why) from None


def _check_id(key: Any, where: str) -> int:
    if isinstance(key, int) and not isinstance(key, bool):
        number = key
    elif isinstance(key, str) and key.isdigit() and len(key) <= 10:
        number = int(key)
    else:
        raise _fail(where, Message("schema.bad_id", value=_short(key)))
    if not 1 <= number <= MAX_ID:
        raise _fail(where, Message("schema.id_out_of_range", value=number, max=MAX_ID))
    return number


def _check_moment(value: Any, where: str, *, required: bool) -> None:
    """An ISO time stamp with its time zone (times are compared with each other)."""
    if value == "" and not required:
        return
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _fail(where, Message("schema.not_a_moment", value=_short(value))) from None
    if moment.tzinfo is None:
        raise _fail(where, Message("schema.no_time_zone", value=_short(value)))


def _check_date(value: Any, where: str) -> None:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _fail(where, Message("schema.not_a_date", value=_short(value))) from None


def check_meta(doc: Any) -> int:
    """The `_meta` document; returns its schema version."""
    where = "_meta.1"
    if not isinstance(doc, dict) or "schema_version" not in doc:
        raise _fail(where, Message("schema.no_version"))
    version = _check_int(doc["schema_version"], f"{where}.schema_version", 0, 10**6)
    _check_int(doc.get("journal_seq", 0), f"{where}.journal_seq", 0, MAX_INT)
    if not isinstance(doc.get("saved_at", ""), str):
        raise _fail(
            f"{where}.saved_at", Message("schema.expected_text", got=_type_name(doc["saved_at"]))
        )
    check_json(doc, where)
    return version


def check_step(doc: Any, where: str) -> None:
    _check_fields(Step, doc, where, required=("id", "kind"))
    if not doc["id"]:
        raise _fail(f"{where}.id", Message("schema.empty_step_id"))
    if doc["kind"] not in STEP_KINDS:
        raise _fail(f"{where}.kind", Message("schema.unknown_step_kind", kind=_short(doc["kind"])))
    _check_int(doc.get("minutes", 0), f"{where}.minutes", 0, 100_000)
    for name in ("title", "script"):
        for lang, text in doc.get(name, {}).items():
            if not isinstance(text, str):
                got = _type_name(text)
                raise _fail(f"{where}.{name}.{lang}", Message("schema.expected_text", got=got))
    spec = STEP_SETTINGS.get(doc["kind"], {})
    for key, value in doc.get("settings", {}).items():
        typ = spec.get(key, ("any", False))[0]
        field = f"{where}.settings.{key}"
        if typ == "int":
            _check_int(value, field, 0, 100_000)
        elif typ == "bool":
            check_value(bool, value, field)
        elif typ == "text":
            check_value(dict[str, str], value, field)
        elif typ == "texts":
            check_value(list[dict[str, str]], value, field)
        elif typ == "choice":  # a word among the format's (matrix preset, agreement scale)
            check_value(str, value, field)


def check_info(doc: Any) -> None:
    """The session description (`session.1`): title, date, steps..."""
    where = "session.1"
    _check_fields(SessionInfo, doc, where, required=("slug", "title", "date", "format_id"))
    steps = doc.get("steps", [])
    if not isinstance(steps, list):
        raise _fail(f"{where}.steps", Message("schema.expected_list", got=_type_name(steps)))
    seen: set[str] = set()
    for i, step in enumerate(steps):
        check_step(step, f"{where}.steps[{i}]")
        if step["id"] in seen:
            twice = Message("schema.step_twice", id=repr(step["id"]))
            raise _fail(f"{where}.steps[{i}].id", twice)
        seen.add(step["id"])
    for name in ("format_name", "checklist"):
        check_value(dict[str, Any], doc.get(name, {}), f"{where}.{name}")
    _check_date(doc["date"], f"{where}.date")
    _check_moment(doc.get("created_at", ""), f"{where}.created_at", required=False)


def check_record(kind: str, key: Any, doc: Any, *, where: str | None = None) -> None:
    """One document of a record table (`participants`, `contributions`...)."""
    where = where or f"{kind}.{key}"
    _check_id(key, where)
    cls = RECORD_TYPES.get(kind)
    if cls is None:  # a table of another TinyDB program: any bounded JSON objects
        if not isinstance(doc, dict):
            raise _fail(where, Message("schema.expected_object", got=_type_name(doc)))
        check_json(doc, where)
        return
    _check_fields(cls, doc, where)
    if "id" in doc and doc["id"] != int(key):
        stored = Message("schema.id_mismatch", value=_short(doc["id"]), key=key)
        raise _fail(f"{where}.id", stored)
    if cls is Round:
        _check_int(doc.get("number", 1), f"{where}.number", 1, 10_000)
    if cls is Table:
        _check_int(doc.get("capacity", 6), f"{where}.capacity", 0, 100_000)
    if issubclass(cls, Placed) and doc.get("round") is not None:
        _check_int(doc["round"], f"{where}.round", 0, 10_000)
    if issubclass(cls, Placed | Event):
        _check_moment(doc.get("at", ""), f"{where}.at", required=cls is Event)
    event_kind = str(doc.get("kind", "step_started"))
    if cls is Event and event_kind.startswith(STEP_EVENTS) and not doc.get("step"):
        raise _fail(f"{where}.step", Message("schema.event_needs_step", kind=event_kind))


def check_tables(tables: Any) -> None:
    """A whole session as read from `session.json` (after migration)."""
    if not isinstance(tables, dict):
        raise SchemaError("", Message("schema.not_a_session"))
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise _fail(str(name), Message("schema.expected_table", got=_type_name(table)))
    meta = tables.get("_meta", {}).get("1")
    check_meta(meta)
    if "1" not in tables.get("session", {}):
        raise _fail("session", Message("schema.no_description"))
    check_info(tables["session"]["1"])
    for name, table in tables.items():
        if name in META_TABLES:
            continue
        for key, doc in table.items():
            check_record(name, key, doc)
    check_references(tables)


def check_references(tables: dict[str, Any]) -> None:
    """Records that name a step must name one of the session's steps (a TinyDB query)."""
    from facilitate.store.storage import MemoryView  # the storage module imports this one

    steps = {s["id"] for s in tables["session"]["1"].get("steps", [])}
    elsewhere = Query().step.test(lambda step: step not in (None, "") and step not in steps)
    db = TinyDB(storage=MemoryView, tables=tables)
    for name in tables:
        if name in META_TABLES or name not in RECORD_TYPES:
            continue
        for doc in db.table(name, cache_size=0).search(elsewhere):
            nowhere = Message("schema.unknown_step", step=_short(doc["step"]))
            raise _fail(f"{name}.{doc.doc_id}.step", nowhere)


def check_ops(ops: Any) -> None:
    """A batch of journal operations: ["put", table, id, document] or ["del", table, id]."""
    if not isinstance(ops, list):
        raise _fail("", Message("schema.expected_ops", got=_type_name(ops)))
    for i, op in enumerate(ops):
        try:
            _check_op(op)
        except SchemaError as exc:
            raise _fail("", Message("schema.in_operation", n=i + 1, why=exc.why)) from None


def _check_op(op: Any) -> None:
    if not isinstance(op, list) or not op:
        raise _fail("", Message("schema.expected_op"))
    kind = op[0]
    if kind == "put" and len(op) == 4 or kind == "del" and len(op) == 3:
        pass
    elif kind in ("put", "del"):
        raise _fail("", Counted("schema.truncated_op", len(op) - 1, kind=kind))
    else:
        raise _fail("", Message("schema.unknown_op", kind=_short(kind)))
    name = op[1]
    if not isinstance(name, str) or not name or len(name) > 100:
        raise _fail("", Message("schema.bad_table_name", name=_short(name)))
    if name == "_meta":
        raise _fail("", Message("schema.meta_in_journal"))
    if kind == "del":
        if name == "session":
            raise _fail("", Message("schema.description_deleted"))
        _check_id(op[2], name)
    elif name == "session":
        if _check_id(op[2], name) != 1:
            raise _fail("", Message("schema.description_id"))
        check_info(op[3])
    else:
        check_record(name, op[2], op[3])
