"""A copy of a session that names nobody: participants become "structure (territory)" labels.

Replaced everywhere: a participant's full name (either order, any case, with or without
accents), a title and surname ("Mme Morel"), initials with the surname ("C. Morel"), a
distinctive surname alone, and every name a field holds (authors and phone pseudonyms,
voters, conveners, actors, action owners). E-mail addresses and phone numbers in free text go
too. Ordinary words are left alone: a surname that is also an ordinary word, a place or
someone's first name ("avant Noël", "le car Blanc"), and a first name without its surname,
are kept and listed as doubts for the facilitator to confirm. Structure, territory, table and
venue names are never rewritten, even when they contain a surname ("Entreprise Robin").
"""

from __future__ import annotations

import dataclasses
import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from facilitate.domain.cooperation import owner_participant
from facilitate.domain.records import Action, Participant, Record, SessionInfo
from facilitate.domain.session import Session
from facilitate.i18n import t
from facilitate.report.model import Doubt

# Fields that hold identifiers, times or public names (tables, structures), never a person.
_KEEP = frozenset({"slug", "at", "step", "due", "kind_name", "name", "structure", "territory"})
# Fields that hold a person's name (or a phone's pseudonym) and nothing else.
_NAME_FIELDS = frozenset({"author_name", "voter", "convener", "actor"})
_NAME_LISTS = frozenset({"attendance", "interested"})
# Surnames that are also ordinary words, feasts or places: replaced alone only when confirmed.
_COMMON = """
    blanc blanche brun brune roux rousse noir petit petite grand grande gros fort bon bel
    belle beau fontaine bonnet chevalier marchand boucher boulanger meunier berger masson
    mercier moine robin noël noel pâques paques toussaint martin rose lebrun leroy roy roi
    prince comte duc baron bois pont rivière riviere moulin mas mont lac vallée vallee champ
    pré pre forêt foret lion loup renard lièvre lievre coq pigeon mouton poisson cordier
    charpentier fabre lefort legrand lenoir leblanc vidal bouvier vacher barbier tisserand
    serre grange chapelle croix page march may day long little young white black brown green
    king hill wood stone bell hope church street lane park field
"""
COMMON_WORDS = frozenset(_COMMON.split())
_TITLES = r"(?:M\.|MM\.|Mme|Mmes|Mlle|Madame|Monsieur|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Docteure?|Maître|Me)"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n•\-–—]\s*|\(\s*)$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_TOKEN = re.compile(r"[^\W\d_]{2,}")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


def label_of(person: Participant, lang: str) -> str:
    """How an anonymised participant is named (before numbering within the structure)."""
    if person.structure and person.territory:
        return f"{person.structure} ({person.territory})"
    return person.structure or person.territory or t("report.anonymous", lang)


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """A word as names are compared: without accents, case folded."""
    return _strip(word).casefold()


def _loose(word: str) -> str:
    """A regex matching `word` with or without its accents, in any case."""
    out = []
    for c in word:
        base = _strip(c).lower()
        if c in " \u00a0":
            out.append(r"[\s\u00a0]+")
        elif c.isalpha() and base:
            variants = {c.lower(), base, *_ACCENTED.get(base, "")}
            variants |= {v.upper() for v in variants}
            out.append("[" + "".join(sorted(re.escape(v) for v in variants)) + "]")
        else:
            out.append(re.escape(c))
    return "".join(out)


_ACCENTED = {"a": "àâä", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç", "y": "ÿ"}


@dataclass
class _Person:
    participant: Participant
    label: str
    first: str
    surname: str


def _split(name: str) -> tuple[str, str]:
    """(first name, surname): "LE GALL Marie" and "Marie Le Gall" both give ("Marie", "Le Gall")."""
    words = name.split()
    if len(words) < 2:
        return "", name
    upper = [w for w in words if w.isupper() and len(w) > 1]
    if upper and len(upper) < len(words):
        return " ".join(w for w in words if w not in upper), " ".join(upper).title()
    return words[0], " ".join(words[1:])


class _Namer:
    """Finds and replaces participants' names in one session's text."""

    def __init__(self, session: Session) -> None:
        lang = session.info.lang
        self.lang = lang
        people = [p for p in session.participants if p.name.strip()]
        base = {p.id: label_of(p, lang) for p in people}
        counts: dict[str, int] = {}
        for label in base.values():
            counts[label] = counts.get(label, 0) + 1
        seen: dict[str, int] = {}
        self.people: list[_Person] = []
        for p in people:
            label = base[p.id]
            if counts[label] > 1:  # two people of one structure stay two people
                seen[label] = seen.get(label, 0) + 1
                label = f"{label} {seen[label]}"
            first, surname = _split(p.name.strip())
            self.people.append(_Person(p, label, first, surname))
        self.by_id = {x.participant.id: x for x in self.people}
        self.pseudonyms: dict[str, str] = {}
        self.doubts: list[Doubt] = []
        self._doubted: set[tuple[str, str]] = set()
        self.protected = self._protected(session)
        self.lowercase = self._lowercase_words(session)
        firsts = {_strip(x.first).casefold() for x in self.people if x.first}
        by_fold: dict[str, list[_Person]] = {}
        for x in self.people:
            by_fold.setdefault(_strip(x.participant.name).casefold(), []).append(x)
            if x.first:
                by_fold.setdefault(_strip(x.first).casefold(), []).append(x)
        self.by_fold = by_fold
        sure: list[tuple[str, str]] = []  # (regex, label)
        surnames: dict[str, str | None] = {}
        first_names: set[str] = set()
        for x in self.people:
            label = x.label
            if x.first and x.surname:
                f, s = _loose(x.first), _loose(x.surname)
                initial = re.escape(x.first[0])
                sure += [
                    (rf"{f}[\s\u00a0]+{s}", label),
                    (rf"{s}[\s\u00a0]+{f}", label),
                    (rf"{initial}\.[\s\u00a0]*{s}", label),
                    (rf"{f}[\s\u00a0]+{re.escape(x.surname[0])}\.", label),
                ]
                first_names.add(x.first)
            elif x.surname:
                sure.append((_loose(x.surname), label))
            if x.surname:
                sure.append((rf"{_TITLES}[\s\u00a0]+{_loose(x.surname)}", label))
                key = x.surname
                surnames[key] = None if key in surnames else label  # shared: nobody
        sure.sort(key=lambda pair: -len(pair[0]))
        self.sure_labels = [label for _, label in sure]
        self.sure = re.compile(
            r"(?<![\w-])(?:" + "|".join(f"({rx})" for rx, _ in sure) + r")(?![\w-])"
        )
        self.surnames = surnames
        self.firsts = firsts
        self.first_names = first_names
        alone = sorted({*surnames, *first_names}, key=len, reverse=True)
        self.alone = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in alone) + r")(?![\w-])")
            if alone
            else None
        )
        self.tokens = {
            _strip(w).casefold()
            for x in self.people
            for w in _TOKEN.findall(f"{x.first} {x.surname}")
        }
        # what a secretariat's list may give (sessions made before it have none)
        self.emails = {getattr(x.participant, "email", "") for x in self.people} - {""}
        self.phones = {getattr(x.participant, "phone", "") for x in self.people} - {""}

    # -- what is never rewritten, and which words are ordinary -------------------------------

    @staticmethod
    def _protected(session: Session) -> list[str]:
        info = session.info
        names = {info.title, info.venue, info.venue_host, info.project}
        for p in session.participants:
            names |= {p.structure, p.territory}
        for table in session.tables:
            names.add(table.name)
        return sorted((n for n in names if n), key=len, reverse=True)

    @staticmethod
    def _lowercase_words(session: Session) -> set[str]:
        words: set[str] = set()
        for rec in session.iter_records():
            for f in ("text", "about", "outcome", "topic", "purpose", "serves", "reason"):
                value = getattr(rec, f, "")
                if isinstance(value, str) and value:
                    words.update(w for w in _WORD.findall(value) if w.islower())
        return words

    def _ordinary(self, word: str) -> bool:
        low = word.casefold()
        if low in COMMON_WORDS or _strip(low) in COMMON_WORDS or low in self.lowercase:
            return True
        if _strip(low) in self.firsts:
            return True
        return any(word in p for p in self.protected)

    def _doubt(self, word: str, text: str, start: int, why: str) -> None:
        if (word, why) in self._doubted or len(self.doubts) >= 200:
            return
        self._doubted.add((word, why))
        lo, hi = max(0, start - 40), min(len(text), start + len(word) + 40)
        context = (
            ("…" if lo else "") + text[lo:hi].replace("\n", " ") + ("…" if hi < len(text) else "")
        )
        self.doubts.append(Doubt(word, context, why))

    # -- rewriting ------------------------------------------------------------------------------

    def pseudonym(self, value: str) -> str:
        """The label for a name field: the participant it names, else a numbered "Anonyme"."""
        value = value.strip()
        if not value:
            return value
        found = self.by_fold.get(_strip(value).casefold(), [])
        if len({x.participant.id for x in found}) == 1:
            return found[0].label
        rewritten = self.text(value)
        if rewritten != value:
            return rewritten
        if value not in self.pseudonyms:
            self.pseudonyms[value] = t("report.pseudonym", self.lang, n=len(self.pseudonyms) + 1)
        return self.pseudonyms[value]

    def text(self, value: str) -> str:
        """Free text with names, e-mail addresses and phone numbers replaced."""
        if not value or not _LETTER.search(value):
            return value
        for secret in (*self.emails, *self.phones):  # before the names: doubts quote the text
            if secret in value:
                value = value.replace(secret, "…")
        if "@" in value:
            value = _EMAIL.sub(t("report.email_hidden", self.lang), value)
        if _DIGIT.search(value):
            value = _PHONE.sub(t("report.phone_hidden", self.lang), value)
        words = {_key(w) for w in _TOKEN.findall(value)}
        if words & self.tokens:  # most texts name nobody: the big pattern only runs on the rest
            spans = self._spans(value)
            out, last = [], 0
            for m in self.sure.finditer(value):
                if self._inside(m.start(), m.end(), spans):
                    continue
                label = self.sure_labels[(m.lastindex or 1) - 1]
                out += [value[last : m.start()], label]
                last = m.end()
            value = "".join(out) + value[last:] if out else value
            if self.alone is not None:
                value = self._alone(value)
        return value

    def _spans(self, value: str) -> list[tuple[int, int]]:
        spans = []
        for name in self.protected:
            start = value.find(name)
            while start >= 0:
                spans.append((start, start + len(name)))
                start = value.find(name, start + 1)
        return spans

    @staticmethod
    def _inside(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
        return any(a <= start and end <= b for a, b in spans)

    def _alone(self, value: str) -> str:
        """A surname or first name on its own: replaced only when it can only be a name."""
        assert self.alone is not None
        spans = self._spans(value)
        out, last = [], 0
        for m in self.alone.finditer(value):
            word = m.group(1)
            if not word[0].isupper() or self._inside(m.start(), m.end(), spans):
                continue
            label = self.surnames.get(word)
            at_start = _SENTENCE_START.search(value[: m.start()]) is not None
            if word in self.surnames and label is not None and not self._ordinary(word):
                out += [value[last : m.start()], label]
                last = m.end()
            elif word in self.surnames and label is not None:
                self._doubt(word, value, m.start(), "sentence_start" if at_start else "common_word")
            elif word in self.first_names:
                self._doubt(word, value, m.start(), "first_name")
        return "".join(out) + value[last:] if out else value


def anonymise(session: Session) -> tuple[Session, list[Doubt]]:
    """The session with names replaced in every record, and the doubtful words left alone.

    The facilitator's name stays (it is on the cover of the report they sign)."""
    namer = _Namer(session)
    if not namer.people and not session.participants:
        return session, []
    out = Session(info=SessionInfo.from_dict(session.info.to_dict()))
    for rec in sorted(session.iter_records(), key=lambda r: (r.kind_name, r.id)):
        changes: dict[str, object] = {}
        for f in dataclasses.fields(rec):
            if f.name in _KEEP:
                continue
            value = getattr(rec, f.name)
            if isinstance(value, enum.Enum) or value is None:
                continue
            if isinstance(value, str) and value:
                new = namer.pseudonym(value) if f.name in _NAME_FIELDS else namer.text(value)
                if new != value:
                    changes[f.name] = new
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                rewrite = namer.pseudonym if f.name in _NAME_LISTS else namer.text
                changes[f.name] = [rewrite(v) for v in value]
        if isinstance(rec, Participant):
            person = namer.by_id.get(rec.id)
            changes["name"] = person.label if person else rec.name
            # what reaches a person (or names them, like "Maire" of one commune) goes too
            changes.update(notes="", email="", phone="", function="", power_suggested_by="")
        elif isinstance(rec, Action):
            owner = owner_participant(session, rec.owner)
            if owner is not None and owner.id in namer.by_id:
                changes["owner"] = namer.by_id[owner.id].label
        known = {f.name for f in dataclasses.fields(rec)}
        new_rec: Record = (
            rec.replace(**{k: v for k, v in changes.items() if k in known}) if changes else rec
        )
        out.put(new_rec)
    return out, namer.doubts


def anonymised(session: Session) -> Session:
    """Replace names in every record, free text included; the facilitator's name stays."""
    return anonymise(session)[0]
