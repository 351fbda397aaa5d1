"""The world café rotation instance: parsing, validation and the seats each round offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitate.planning import InfeasibleError, InstanceError

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
        for _ in range(len(self.present)):
            open_tables = [t for t in range(self.groups) if sizes[t] < caps[t]]
            t = min(open_tables, key=lambda k: (sizes[k], -caps[k], k))
            sizes[t] += 1
        return sizes

    def label_systems(self) -> list[tuple[str | None, ...]]:
        """Org then territory labels, when given."""
        return [x for x in (self.org, self.territory) if x is not None]

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


def _int(data: dict[str, Any], key: str, minimum: int) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InstanceError(f"{key}: expected an integer, got {value!r}")
    if value < minimum:
        raise InstanceError(f"{key}: must be at least {minimum}, got {value}")
    return value


def _person(value: Any, n: int, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < n:
        raise InstanceError(f"{where}: {value!r} is not a person id in 0..{n - 1}")
    return value


def _labels(data: dict[str, Any], key: str, n: int) -> tuple[str | None, ...] | None:
    raw = data.get(key)
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) != n:
        raise InstanceError(f"{key}: expected a list of {n} labels, one per person")
    out: list[str | None] = []
    for i, x in enumerate(raw):
        if x is None or x == "":
            out.append(None)
        elif isinstance(x, (str, int)) and not isinstance(x, bool):
            out.append(str(x))
        else:
            raise InstanceError(f"{key}[{i}]: expected a string label or null, got {x!r}")
    return tuple(out)


def _groups(data: dict[str, Any], key: str, n: int) -> list[tuple[int, ...]]:
    raw = data.get(key) or []
    if not isinstance(raw, list):
        raise InstanceError(f"{key}: expected a list of [a, b] pairs")
    out = []
    for i, grp in enumerate(raw):
        if not isinstance(grp, list) or len(grp) < 2:
            raise InstanceError(f"{key}[{i}]: expected a list of at least two person ids")
        ids = tuple(_person(x, n, f"{key}[{i}]") for x in grp)
        if len(set(ids)) != len(ids):
            raise InstanceError(f"{key}[{i}]: a person is listed twice")
        out.append(ids)
    return out


def _seating(raw: Any, n: int, t: int, where: str) -> tuple[tuple[int, ...], ...]:
    if not isinstance(raw, list) or len(raw) > t:
        raise InstanceError(f"{where}: expected a list of at most {t} tables")
    seen: set[int] = set()
    tables = []
    for k, table in enumerate(raw):
        if not isinstance(table, list):
            raise InstanceError(f"{where}[{k}]: expected a list of person ids")
        ids = tuple(_person(x, n, f"{where}[{k}]") for x in table)
        for p in ids:
            if p in seen:
                raise InstanceError(f"{where}: person {p} is seated twice")
            seen.add(p)
        tables.append(ids)
    tables += [()] * (t - len(tables))
    return tuple(tables)


def parse_instance(data: dict[str, Any]) -> RotationInstance:
    """Validate the bench instance JSON (plus territory, fixed_rounds, absent)."""
    if not isinstance(data, dict):
        raise InstanceError("instance: expected a JSON object")
    n = _int(data, "people", 1)
    t = _int(data, "groups", 1)
    rounds = _int(data, "rounds", 1)
    hosts_raw = data.get("hosts") or []
    if not isinstance(hosts_raw, list) or len(hosts_raw) > t:
        raise InstanceError(f"hosts: expected a list of at most {t} person ids (host k at table k)")
    hosts: list[int | None] = []
    for k, h in enumerate(hosts_raw):
        if h is None:
            hosts.append(None)
            continue
        h = _person(h, n, f"hosts[{k}]")
        if h in hosts:
            raise InstanceError(f"hosts: person {h} is listed for tables {hosts.index(h)} and {k}")
        hosts.append(h)
    hosts += [None] * (t - len(hosts))
    forbidden = set()
    for grp in _groups(data, "forbidden", n):
        for i, a in enumerate(grp):
            for b in grp[i + 1 :]:
                forbidden.add((min(a, b), max(a, b)))
    required = _groups(data, "required", n)
    sizes_raw = data.get("table_sizes")
    sizes: tuple[int, ...] | None = None
    if sizes_raw is not None:
        if not isinstance(sizes_raw, list) or len(sizes_raw) != t:
            raise InstanceError(f"table_sizes: expected a list of {t} sizes, one per table")
        for k, s in enumerate(sizes_raw):
            if not isinstance(s, int) or isinstance(s, bool) or s < 0:
                raise InstanceError(f"table_sizes[{k}]: expected a size >= 0, got {s!r}")
        sizes = tuple(sizes_raw)
    fixed_raw = data.get("fixed_rounds") or []
    if not isinstance(fixed_raw, list) or len(fixed_raw) > rounds:
        raise InstanceError(f"fixed_rounds: expected a list of at most {rounds} rounds")
    fixed = tuple(_seating(r, n, t, f"fixed_rounds[{i}]") for i, r in enumerate(fixed_raw))
    absent_raw = data.get("absent") or []
    if not isinstance(absent_raw, list):
        raise InstanceError("absent: expected a list of person ids")
    absent = frozenset(_person(x, n, "absent") for x in absent_raw)
    name = data.get("name", "")
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
    )
    return inst


def check_feasible(inst: RotationInstance) -> None:
    """Raise InfeasibleError with the reason when the hard constraints cannot all hold."""
    caps = inst.capacities()
    present = len(inst.present)
    if sum(caps) < present:
        raise InfeasibleError(f"{present} people but only {sum(caps)} seats at the tables")
    host_of = inst.host_of()
    for k, h in enumerate(inst.hosts):
        if h is not None and h not in inst.absent and caps[k] < 1:
            raise InfeasibleError(f"host {h} is fixed to table {k}, which has no seat")
    forbidden = set(inst.forbidden)
    for grp in inst.required_groups():
        largest = max(caps)
        for i, a in enumerate(grp):
            for b in grp[i + 1 :]:
                if (min(a, b), max(a, b)) in forbidden:
                    raise InfeasibleError(
                        f"forbidden pair {min(a, b)}-{max(a, b)} is also required"
                    )
        fixed_hosts = sorted((host_of[p], p) for p in grp if p in host_of)
        if len(fixed_hosts) > 1:
            (k1, h1), (k2, h2) = fixed_hosts[:2]
            raise InfeasibleError(
                f"hosts {h1} and {h2} must sit together (required) but host tables {k1} and {k2}"
            )
        if fixed_hosts:
            k, h = fixed_hosts[0]
            if len(grp) > caps[k]:
                raise InfeasibleError(
                    f"required group of {len(grp)} with host {h} does not fit table {k} ({caps[k]})"
                )
        elif len(grp) > largest:
            raise InfeasibleError(
                f"required group of {len(grp)} does not fit the largest table ({largest})"
            )
    # two people forced to one table (by hosting or a required group) yet forbidden together
    pinned: dict[int, int] = {}
    for grp in inst.required_groups():
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
                f"forbidden pair {a}-{b}: both are fixed to table {pinned[a]} (host or required)"
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
                f"table {k} has {caps[k]} seats but {caps[k] - f} people fixed to it"
            )
    groups = sorted(
        (len(g) for g in inst.required_groups() if not any(p in pinned for p in g)), reverse=True
    )
    nodes = 0

    def fits(i: int) -> bool:
        nonlocal nodes
        nodes += 1
        if i == len(groups) or nodes > 100_000:
            return True
        tried = set()
        for k in range(len(free)):
            if free[k] >= groups[i] and free[k] not in tried:
                tried.add(free[k])
                free[k] -= groups[i]
                ok = fits(i + 1)
                free[k] += groups[i]
                if ok:
                    return True
        return False

    if not fits(0):
        raise InfeasibleError(
            "required groups do not fit in the seats left beside the hosts "
            f"(groups of {', '.join(map(str, groups))}; free seats per table {free})"
        )
