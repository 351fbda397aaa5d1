"""The world café rotation instance: parsing, validation and the seats each round offers."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from facilitate.i18n import Counted
from facilitate.planning import InfeasibleError, InstanceError
from facilitate.planning.limits import (
    MAX_FORBIDDEN_PAIRS,
    MAX_GROUP_ENTRIES,
    MAX_GROUPS,
    MAX_PEOPLE,
    MAX_ROUNDS,
    MAX_TABLE_SIZE,
    MAX_TEXT,
    at_most,
    count_at_most,
    items_at_most,
    pairs_at_most,
    shown,
    text_at_most,
)

Seating = list[list[list[int]]]


@dataclass(frozen=True)
class RotationInstance:
    """Who sits, at how many tables, for how many rounds, under which constraints."""

    people: int
    groups: int
    rounds: int
    hosts: tuple[int | None, ...] = ()
    org: tuple[str | None, ...] | None = None
    territory: tuple[str | None, ...] | None = None
    forbidden: tuple[tuple[int, int], ...] = ()
    required: tuple[tuple[int, ...], ...] = ()
    table_sizes: tuple[int, ...] | None = None
    fixed_rounds: tuple[tuple[tuple[int, ...], ...], ...] = ()
    absent: frozenset[int] = frozenset()
    name: str = ""
    # mix the labels (territories, structures) first: fewer same-label tables before fewer
    # repeated encounters
    spread_first: bool = False

    @property
    def present(self) -> list[int]:
        """People seated in the rounds still to plan."""
        return [p for p in range(self.people) if p not in self.absent]

    @property
    def free_rounds(self) -> int:
        """Rounds still to plan."""
        return self.rounds - len(self.fixed_rounds)

    def host_of(self) -> dict[int, int]:
        """Present host -> the table they never leave."""
        return {h: k for k, h in enumerate(self.hosts) if h is not None and h not in self.absent}

    def capacities(self) -> list[int]:
        """Seats at each table: `table_sizes`, else the balanced split of everyone."""
        if self.table_sizes is not None:
            return list(self.table_sizes)
        return balanced_sizes(self.people, self.groups)

    def target_sizes(self) -> list[int]:
        """The most even table sizes for the present people within the capacities."""
        caps = self.capacities()
        sizes = [0] * self.groups
        # each person goes to the open table least filled, then largest, then first: a heap
        # keyed the same way gives that table in log time
        heap = [(0, -caps[k], k) for k in range(self.groups) if caps[k] > 0]
        heapq.heapify(heap)
        for _ in range(len(self.present)):
            if not heap:
                raise ValueError("more people present than seats")
            size, neg_cap, k = heapq.heappop(heap)
            sizes[k] = size + 1
            if size + 1 < -neg_cap:
                heapq.heappush(heap, (size + 1, neg_cap, k))
        return sizes

    def label_systems(self) -> list[tuple[str | None, ...]]:
        """Org then territory labels, when given and someone has one (all unknown: none)."""
        return [
            x
            for x in (self.org, self.territory)
            if x is not None and any(label is not None for label in x)
        ]

    def dealing_key(self) -> list[tuple[str, ...]]:
        """Each person's labels as a sort key, the system with the largest group first.

        Constructions and the layered seating deal people in this order into sets that never
        meet (a design's rows, a layer): same-label people side by side sit apart. A large
        territory then fills one set; small structures, left to chance, rarely meet.
        """
        systems = self.label_systems()

        def largest(labels: tuple[str | None, ...]) -> int:
            counts: dict[str, int] = {}
            for x in labels:
                if x is not None:
                    counts[x] = counts.get(x, 0) + 1
            return max(counts.values(), default=0)

        systems.sort(key=largest, reverse=True)
        return [tuple(s[p] or "" for s in systems) for p in range(self.people)]

    def required_groups(self) -> list[list[int]]:
        """Present people who must always share a table, merged transitively."""
        parent = list(range(self.people))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for grp in self.required:
            for a, b in zip(grp, grp[1:], strict=False):
                parent[find(a)] = find(b)
        groups: dict[int, list[int]] = {}
        for p in self.present:
            groups.setdefault(find(p), []).append(p)
        return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def balanced_sizes(n: int, t: int) -> list[int]:
    """n people over t tables as evenly as possible, larger tables first."""
    q, r = divmod(n, t)
    return [q + 1] * r + [q] * (t - r)


def _int(data: dict[str, Any], key: str, minimum: int, maximum: int) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InstanceError("planning.expected_integer_got", key=key, value=shown(value))
    if value < minimum:
        raise InstanceError(
            "planning.must_be_at_least_got", key=key, minimum=minimum, value=shown(value)
        )
    at_most(key, value, maximum)
    return value


def _person(value: Any, n: int, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < n:
        raise InstanceError(
            "planning.not_person_id_in", where=where, value=shown(value), last=n - 1
        )
    return value


def _labels(data: dict[str, Any], key: str, n: int) -> tuple[str | None, ...] | None:
    raw = data.get(key)
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) != n:
        raise InstanceError(Counted("planning.expected_list_labels_one_per", n, key=key))
    out: list[str | None] = []
    for i, x in enumerate(raw):
        if x is None or x == "":
            out.append(None)
        elif isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 4 * MAX_TEXT:
            # a number label that long is refused like text, without printing it whole
            text_at_most(f"{key}[{i}]", "0" * (int(x.bit_length() * 0.30103) + 1))
        elif isinstance(x, (str, int)) and not isinstance(x, bool):
            label = str(x)
            text_at_most(f"{key}[{i}]", label)
            out.append(label)
        else:
            raise InstanceError("planning.expected_string_label_null_got", key=key, i=i, x=shown(x))
    # labels that are all unknown are no labels: the instance stays plain
    return tuple(out) if any(x is not None for x in out) else None


def _groups(data: dict[str, Any], key: str, n: int) -> list[tuple[int, ...]]:
    raw = data.get(key) or []
    if not isinstance(raw, list):
        raise InstanceError("planning.expected_list_b_pairs", key=key)
    items_at_most(key, raw, MAX_GROUP_ENTRIES)
    out = []
    for i, grp in enumerate(raw):
        if not isinstance(grp, list) or len(grp) < 2:
            raise InstanceError("planning.expected_list_at_least_two", key=key, i=i)
        items_at_most(f"{key}[{i}]", grp, n)
        ids = tuple(_person(x, n, f"{key}[{i}]") for x in grp)
        if len(set(ids)) != len(ids):
            raise InstanceError("planning.person_listed_twice", key=key, i=i)
        out.append(ids)
    return out


def _seating(raw: Any, n: int, t: int, where: str) -> tuple[tuple[int, ...], ...]:
    if not isinstance(raw, list) or len(raw) > t:
        raise InstanceError(Counted("planning.expected_list_at_most_tables", t, where=where))
    seen: set[int] = set()
    tables = []
    for k, table in enumerate(raw):
        if not isinstance(table, list):
            raise InstanceError("planning.expected_list_person_ids", where=where, k=k)
        items_at_most(f"{where}[{k}]", table, n)
        ids = tuple(_person(x, n, f"{where}[{k}]") for x in table)
        for p in ids:
            if p in seen:
                raise InstanceError("planning.person_seated_twice", where=where, p=p)
            seen.add(p)
        tables.append(ids)
    tables += [()] * (t - len(tables))
    return tuple(tables)


def parse_instance(data: dict[str, Any]) -> RotationInstance:
    """Validate the bench instance JSON (plus territory, fixed_rounds, absent)."""
    if not isinstance(data, dict):
        raise InstanceError("planning.instance_expected_json_object")
    # the sizes first: an instance above the limits is refused before anything is built
    n = _int(data, "people", 1, MAX_PEOPLE)
    t = _int(data, "groups", 1, MAX_GROUPS)
    rounds = _int(data, "rounds", 1, MAX_ROUNDS)
    hosts_raw = data.get("hosts") or []
    if not isinstance(hosts_raw, list) or len(hosts_raw) > t:
        raise InstanceError(Counted("planning.hosts_expected_list_at_most", t))
    hosts: list[int | None] = []
    for k, h in enumerate(hosts_raw):
        if h is None:
            hosts.append(None)
            continue
        h = _person(h, n, f"hosts[{k}]")
        if h in hosts:
            raise InstanceError(
                "planning.hosts_person_listed_for_tables", h=h, first=hosts.index(h), k=k
            )
        hosts.append(h)
    hosts += [None] * (t - len(hosts))
    forbidden = set()
    forbidden_groups = _groups(data, "forbidden", n)
    pairs_at_most(
        "forbidden",
        sum(len(g) * (len(g) - 1) // 2 for g in forbidden_groups),
        MAX_FORBIDDEN_PAIRS,
    )
    for grp in forbidden_groups:
        for i, a in enumerate(grp):
            for b in grp[i + 1 :]:
                forbidden.add((min(a, b), max(a, b)))
    required = _groups(data, "required", n)
    sizes_raw = data.get("table_sizes")
    sizes: tuple[int, ...] | None = None
    if sizes_raw is not None:
        if not isinstance(sizes_raw, list) or len(sizes_raw) != t:
            raise InstanceError(Counted("planning.table_sizes_expected_list_sizes", t))
        for k, s in enumerate(sizes_raw):
            if not isinstance(s, int) or isinstance(s, bool) or s < 0:
                raise InstanceError("planning.table_sizes_expected_size_got", k=k, s=shown(s))
            at_most(f"table_sizes[{k}]", s, MAX_TABLE_SIZE)
        sizes = tuple(sizes_raw)
    fixed_raw = data.get("fixed_rounds") or []
    if not isinstance(fixed_raw, list) or len(fixed_raw) > rounds:
        raise InstanceError(Counted("planning.fixed_rounds_expected_list_at", rounds))
    fixed = tuple(_seating(r, n, t, f"fixed_rounds[{i}]") for i, r in enumerate(fixed_raw))
    absent_raw = data.get("absent") or []
    if not isinstance(absent_raw, list):
        raise InstanceError("planning.absent_expected_list_person_ids")
    items_at_most("absent", absent_raw, MAX_PEOPLE)
    absent = frozenset(_person(x, n, "absent") for x in absent_raw)
    name = data.get("name", "")
    if isinstance(name, str):
        text_at_most("name", name)
    spread = data.get("spread_first", False)
    if not isinstance(spread, bool):
        raise InstanceError("planning.spread_first_expected_true_false", spread=shown(spread))
    inst = RotationInstance(
        people=n,
        groups=t,
        rounds=rounds,
        hosts=tuple(hosts),
        org=_labels(data, "org", n),
        territory=_labels(data, "territory", n),
        forbidden=tuple(sorted(forbidden)),
        required=tuple(required),
        table_sizes=sizes,
        fixed_rounds=fixed,
        absent=absent,
        name=name if isinstance(name, str) else "",
        spread_first=spread,
    )
    return inst


def check_limits(inst: RotationInstance) -> None:
    """Refuse an instance built in code above the limits parse_instance enforces."""
    at_most("people", inst.people, MAX_PEOPLE)
    at_most("groups", inst.groups, MAX_GROUPS)
    at_most("rounds", inst.rounds, MAX_ROUNDS)
    pairs_at_most("forbidden", len(inst.forbidden), MAX_FORBIDDEN_PAIRS)
    count_at_most("required", len(inst.required), MAX_GROUP_ENTRIES)
    for k, s in enumerate(inst.table_sizes or ()):
        at_most(f"table_sizes[{k}]", s, MAX_TABLE_SIZE)
    if inst.table_sizes is not None and len(inst.table_sizes) != inst.groups:
        raise InstanceError(Counted("planning.table_sizes_expected_list_sizes", inst.groups))
    if len(inst.fixed_rounds) > inst.rounds:
        raise InstanceError(Counted("planning.fixed_rounds_expected_list_at", inst.rounds))
    for i, rnd in enumerate(inst.fixed_rounds):
        if len(rnd) > inst.groups:
            raise InstanceError(
                Counted("planning.fixed_rounds_expected_list_at_3", inst.groups, i=i)
            )
    for i, grp in enumerate(inst.required):
        count_at_most(f"required[{i}]", len(grp), inst.people)


def check_feasible(inst: RotationInstance) -> None:
    """Raise InfeasibleError with the reason when the hard constraints cannot all hold."""
    caps = inst.capacities()
    present = len(inst.present)
    if sum(caps) < present:
        raise InfeasibleError(
            Counted(
                "planning.people_only_seats_at_tables",
                present,
                seats=Counted("planning.n_seats", sum(caps)),
            )
        )
    host_of = inst.host_of()
    for k, h in enumerate(inst.hosts):
        if h is not None and h not in inst.absent and caps[k] < 1:
            raise InfeasibleError("planning.host_fixed_table_which_has", h=h, k=k)
    groups = inst.required_groups()
    group_of = {p: g for g, grp in enumerate(groups) for p in grp}
    # the first forbidden pair inside each required group, in the order of its members (a
    # group can hold thousands of people: its pairs are never listed, the forbidden ones are)
    inside: dict[int, tuple[int, int]] = {}
    for a, b in inst.forbidden:
        g = group_of.get(a)
        if a < b and g is not None and group_of.get(b) == g:
            inside[g] = min(inside.get(g, (a, b)), (a, b))
    largest = max(caps)
    for g, grp in enumerate(groups):
        if g in inside:
            a, b = inside[g]
            raise InfeasibleError("planning.forbidden_pair_also_required", a=a, b=b)
        fixed_hosts = sorted((host_of[p], p) for p in grp if p in host_of)
        if len(fixed_hosts) > 1:
            (k1, h1), (k2, h2) = fixed_hosts[:2]
            raise InfeasibleError(
                "planning.hosts_must_sit_together_required", h1=h1, h2=h2, k1=k1, k2=k2
            )
        if fixed_hosts:
            k, h = fixed_hosts[0]
            if len(grp) > caps[k]:
                raise InfeasibleError(
                    Counted(
                        "planning.required_group_with_host_does", caps[k], size=len(grp), h=h, k=k
                    )
                )
        elif len(grp) > largest:
            raise InfeasibleError(
                Counted("planning.required_group_does_not_fit", largest, size=len(grp))
            )
    # two people forced to one table (by hosting or a required group) yet forbidden together
    pinned: dict[int, int] = {}
    for grp in groups:
        table = next((host_of[p] for p in grp if p in host_of), None)
        if table is not None:
            for p in grp:
                pinned[p] = table
    for h, k in host_of.items():
        pinned.setdefault(h, k)
    _check_packing(inst, caps, pinned)
    for a, b in inst.forbidden:
        if a in pinned and b in pinned and pinned[a] == pinned[b]:
            raise InfeasibleError(
                "planning.forbidden_pair_both_fixed_table", a=a, b=b, pinned_a=pinned[a]
            )


def _check_packing(inst: RotationInstance, caps: list[int], pinned: dict[int, int]) -> None:
    """Required groups must fit in the seats left beside hosts (small exact search)."""
    free = list(caps)
    for p in inst.present:
        if p in pinned:
            free[pinned[p]] -= 1
    for k, f in enumerate(free):
        if f < 0:
            raise InfeasibleError(
                Counted(
                    "planning.table_has_seats_people_fixed",
                    caps[k] - f,
                    k=k,
                    seats=Counted("planning.n_seats", caps[k]),
                )
            )
    groups = sorted(
        (len(g) for g in inst.required_groups() if not any(p in pinned for p in g)), reverse=True
    )
    # depth-first over the groups, largest first, each into a table with room (one table per
    # distinct free count); past 100,000 nodes (fewer with many tables: each node scans them
    # all) the packing is taken as possible. An explicit stack: thousands of groups would
    # overflow Python's recursion.
    node_limit = len(groups) + min(100_000, max(1_000, 2_000_000 // len(free)))
    # a table with f free seats holds at most f // g groups of g people or more: when the
    # groups of some size outnumber those places, no packing exists (and the search, whose
    # node budget ends first with thousands of groups, need not say so)
    for g in sorted(set(groups)):
        if sum(1 for x in groups if x >= g) > sum(f // g for f in free if f > 0):
            raise InfeasibleError(
                "planning.required_groups_do_not_fit", few_groups=_few(groups), few_free=_few(free)
            )

    def fits() -> bool:
        if _first_fit(groups, free):
            # the search's first descent, in log time per group: it succeeds, so would the search
            return True
        nodes = 0
        options: list[list[int]] = []  # per depth entered: the tables still to try there
        chosen: list[int] = []  # the table of each group placed so far
        while True:
            i = len(chosen)
            nodes += 1
            if i == len(groups) or nodes > node_limit:
                for depth, k in enumerate(chosen):
                    free[k] += groups[depth]
                return True
            tried: set[int] = set()
            here = []
            for k in range(len(free)):
                if free[k] >= groups[i] and free[k] not in tried:
                    tried.add(free[k])
                    here.append(k)
            options.append(here[::-1])
            while not options[-1]:
                options.pop()
                if not chosen:
                    return False
                k = chosen.pop()
                free[k] += groups[len(chosen)]
            k = options[-1].pop()
            free[k] -= groups[len(chosen)]
            chosen.append(k)

    if not fits():
        raise InfeasibleError(
            "planning.required_groups_do_not_fit", few_groups=_few(groups), few_free=_few(free)
        )


def _first_fit(groups: list[int], free: list[int]) -> bool:
    """True when each group, in turn, fits the first table with room for it.

    A max segment tree over the free seats finds that table in log time.
    """
    size = 1
    while size < len(free):
        size *= 2
    tree = [-1] * (2 * size)
    tree[size : size + len(free)] = free
    for i in range(size - 1, 0, -1):
        tree[i] = max(tree[2 * i], tree[2 * i + 1])
    for g in groups:
        if tree[1] < g:
            return False
        i = 1
        while i < size:
            i = 2 * i if tree[2 * i] >= g else 2 * i + 1
        tree[i] -= g
        i //= 2
        while i:
            tree[i] = max(tree[2 * i], tree[2 * i + 1])
            i //= 2
    return True


def _few(values: list[int], most: int = 12) -> str:
    """The first values of a list for a message, cut after `most`."""
    shown_values = ", ".join(map(str, values[:most]))
    return shown_values + (", …" if len(values) > most else "")
