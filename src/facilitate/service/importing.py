"""Importing a participant list: merged with the people already there, saved in one batch.

Re-importing an updated list updates the people already in the session (matched by e-mail,
else by name and structure), adds the new ones and changes nobody twice. Cells left blank never
erase what is there; a kind of power the facilitator typed or confirmed is never replaced by a
suggestion. Participants and the tables they host are saved as one batch of store operations:
killed at any moment, the import is all there or not at all.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from facilitate.domain.powers import suggest_power
from facilitate.domain.records import Participant, PowerKind, Record, Table
from facilitate.domain.text import fold
from facilitate.importers import ImportReport, ImportResult, Row, Update
from facilitate.paths import make_slug
from facilitate.service.core import ValidationError
from facilitate.service.setup import SetupMixin

# Fields a row sets on a participant when its cell is filled, in the order changes are told.
MERGED = ("name", "structure", "territory", "function", "email", "phone")


def _mail(value: str) -> str:
    return fold(value)


class ImportingMixin(SetupMixin):
    """`import_participants`: the one import the command line and the TUI both call."""

    async def import_participants(
        self, parsed: ImportResult, *, dry_run: bool = False
    ) -> ImportReport:
        """Merge `parsed` into the session and save it in one batch; with `dry_run`, or when
        the file has errors, nothing is written and the report says what would happen."""
        report = ImportReport(parsed=parsed, session=self.info.title)
        ids = dict(self._last_id)
        try:
            records = self._plan_import(parsed, report)
        except ValidationError:
            self._last_id = ids
            raise
        if dry_run or parsed.errors:
            self._last_id = ids  # nothing saved: the next record takes the same ids
            return report
        if records:
            await self.save(*records)
        report.saved = True
        return report

    # -- the plan ------------------------------------------------------------------------

    def _plan_import(self, parsed: ImportResult, report: ImportReport) -> list[Record]:
        people: dict[int, Participant] = {p.id: p for p in self.session.participants}
        tables: dict[int, Table] = {tb.id: tb for tb in self.session.all(Table)}
        changed: dict[tuple[str, int], Record] = {}
        matches = match_rows(parsed.rows, list(people.values()))
        person_of_row: dict[int, int] = {}
        added: set[int] = set()
        for row in parsed.rows:
            current = matches.get(row.line)
            if current is None:
                person = self._new_person(row, report)
                report.added.append(person.name)
                added.add(row.line)
            else:
                person, fields = self._merged_person(current, row, report)
                if not fields:
                    person_of_row[row.line] = person.id
                    continue
                report.updated.append(Update(person.name, row.line, fields))
            people[person.id] = person
            changed["participants", person.id] = person
            person_of_row[row.line] = person.id
        self._seat_hosts(parsed, person_of_row, people, tables, changed, report, added)
        report.unchanged = len(parsed.rows) - len(report.added) - len(report.updated)
        report.not_in_file = len(self.session.participants) - len(matches)
        return list(changed.values())

    @staticmethod
    def _power(
        row: Row, fields: dict[str, Any], current: Participant | None, report: ImportReport
    ) -> tuple[PowerKind | None, str]:
        """The kind of power and the word it was suggested by: the file's Pouvoir column wins,
        then a power typed or confirmed in the session, then a suggestion from Fonction and
        structure (a suggestion made by an earlier import is made again from the new values)."""
        if row.power:
            report.from_file += 1
            return PowerKind(row.power), ""
        if current is not None and current.power is not None and not current.power_suggested_by:
            report.kept += 1
            return current.power, ""
        found = suggest_power(fields["function"], fields["structure"])
        if found is None:
            report.without += 1
            return None, ""
        report.suggested[found.power.value] = report.suggested.get(found.power.value, 0) + 1
        return found.power, found.word

    def _new_person(self, row: Row, report: ImportReport) -> Participant:
        power, by = self._power(row, row.fields, None, report)
        return self.participant(
            **row.fields,
            power=power.value if power else None,
            power_suggested_by=by,
            role=row.role or None,
        )

    def _merged_person(
        self, current: Participant, row: Row, report: ImportReport
    ) -> tuple[Participant, list[str]]:
        """`current` with the row's filled cells, and the fields that changed."""
        doc = current.to_dict()
        changed = []
        for key in MERGED:
            value = row.fields[key]
            if value and value != doc[key]:
                doc[key] = value
                changed.append(key)
        new_notes = row.fields["notes"]
        if new_notes and new_notes not in current.notes:
            doc["notes"] = f"{current.notes}\n{new_notes}".strip()
            changed.append("notes")
        if row.role and row.role != doc["role"]:
            doc["role"] = row.role
            changed.append("role")
        power, by = self._power(row, doc, current, report)
        if power != current.power or by != current.power_suggested_by:
            doc["power"], doc["power_suggested_by"] = power.value if power else None, by
            changed.append("power")
        if not changed:
            return current, []
        return self.participant(**doc), changed

    def _seat_hosts(
        self,
        parsed: ImportResult,
        person_of_row: dict[int, int],
        people: dict[int, Participant],
        tables: dict[int, Table],
        changed: dict[tuple[str, int], Record],
        report: ImportReport,
        added: set[int],
    ) -> None:
        """Each row with a Hôte cell hosts the table it names (made if missing), or a new one."""
        by_name = {fold(tb.name): tb.id for tb in tables.values()}
        slugs = {tb.slug for tb in tables.values()}

        def put(record: Participant | Table) -> None:
            if isinstance(record, Table):
                tables[record.id] = record
            else:
                people[record.id] = record
            changed[record.kind_name, record.id] = record

        for row in parsed.rows:
            if row.host_table is None:
                continue
            person = people[person_of_row[row.line]]
            name = row.host_table
            if not name:
                if person.host_of is not None and person.host_of in tables:
                    continue
                number = len(tables) + 1
                while fold(f"Table {number}") in by_name:
                    number += 1
                name = f"Table {number}"
            table_id = by_name.get(fold(name))
            if table_id is not None and tables[table_id].host == person.id:
                continue
            if table_id is None:
                slug = _unique_slug(name, slugs)
                table = Table(id=self.new_id("tables"), slug=slug, name=name)
                by_name[fold(name)], slugs = table.id, slugs | {slug}
                report.tables_created.append(name)
            else:
                table = tables[table_id]
                former = people.get(table.host) if table.host is not None else None
                if former is not None and former.id != person.id:
                    put(former.replace(host_of=None))
            if person.host_of is not None and person.host_of in tables:
                before = tables[person.host_of]
                if before.id != table.id and before.host == person.id:
                    put(before.replace(host=None))
            put(table.replace(host=person.id))
            put(person.replace(host_of=table.id))
            if row.line not in added:
                _note_host_change(report, row, person)


def _note_host_change(report: ImportReport, row: Row, person: Participant) -> None:
    for up in report.updated:
        if up.line == row.line:
            if "host" not in up.fields:
                up.fields.append("host")
            return
    report.updated.append(Update(person.name, row.line, ["host"]))


def _unique_slug(name: str, taken: set[str]) -> str:
    slug = base = make_slug(name, max_length=40)
    n = 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def match_rows(rows: list[Row], people: list[Participant]) -> dict[int, Participant]:
    """Which participant already in the session each row is (by the row's line), in passes:
    e-mail and name; e-mail alone when only one row and one person have it (a new name); name
    and structure, e-mails not contradicting; name alone when one side has neither structure
    nor e-mail. Nobody is matched twice; a session of thousands is indexed, not scanned."""
    keys = {p.id: (fold(p.name), _mail(p.email), fold(p.structure)) for p in people}
    index: dict[tuple[str, ...], list[Participant]] = {}
    for person in people:
        name, mail, structure = keys[person.id]
        for key in (("nm", name, mail), ("m", mail), ("ns", name, structure), ("n", name)):
            index.setdefault(key, []).append(person)
    matched: dict[int, Participant] = {}
    claimed: set[int] = set()

    def free(key: tuple[str, ...], mail: str = "") -> list[Participant]:
        """Unclaimed people under `key` whose e-mail does not contradict `mail`."""
        return [
            p
            for p in index.get(key, [])
            if p.id not in claimed and not (mail and keys[p.id][1] and keys[p.id][1] != mail)
        ]

    def claim(row: Row, person: Participant) -> None:
        matched[row.line] = person
        claimed.add(person.id)

    rows_keys = {
        r.line: (fold(r.name), _mail(r.fields["email"]), fold(r.fields["structure"])) for r in rows
    }
    for row in rows:  # 1: the same e-mail and the same name
        name, mail, _ = rows_keys[row.line]
        found = free(("nm", name, mail)) if mail else []
        if found:
            claim(row, found[0])
    mail_count = Counter(rows_keys[r.line][1] for r in rows if r.line not in matched)
    for row in [r for r in rows if r.line not in matched]:  # 2: one e-mail, a new name
        _, mail, _ = rows_keys[row.line]
        found = free(("m", mail)) if mail and mail_count[mail] == 1 else []
        if len(found) == 1:
            claim(row, found[0])
    for row in [r for r in rows if r.line not in matched]:  # 3: name and structure
        name, mail, structure = rows_keys[row.line]
        found = free(("ns", name, structure), mail)
        if found:
            claim(row, found[0])
    name_count = Counter(rows_keys[r.line][0] for r in rows if r.line not in matched)
    for row in [r for r in rows if r.line not in matched]:  # 4: one namesake, one side bare
        name, mail, structure = rows_keys[row.line]
        found = free(("n", name), mail) if name_count[name] == 1 else []
        if len(found) != 1:
            continue
        person = found[0]
        if not (structure or mail) or not (keys[person.id][1] or keys[person.id][2]):
            claim(row, person)
    return matched
