"""Lower bounds on repeated encounters and same-label tables, to know when to stop searching."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from facilitate.planning.instance import RotationInstance


def _pairs_spread(s: int, t: int) -> int:
    """Fewest pairs left together when s people are dealt over t tables."""
    q, r = divmod(s, t)
    return r * (q + 1) * q // 2 + (t - r) * q * (q - 1) // 2


def fixed_meetings(inst: RotationInstance) -> dict[tuple[int, int], int]:
    """How often each pair already shared a table in the rounds played."""
    met: dict[tuple[int, int], int] = {}
    for rnd in inst.fixed_rounds:
        for table in rnd:
            for a, b in combinations(sorted(table), 2):
                met[(a, b)] = met.get((a, b), 0) + 1
    return met


def _min_excess(base: int, cap: int, avail: list[int], units: int) -> int:
    """Least sum of max(0, base + extra_i - avail_i) when `units` extras are shared out."""
    fixed = sum(max(0, base - a) for a in avail)
    slack = sum(min(cap, max(0, a - base)) for a in avail)
    return fixed + max(0, units - slack)


def met_masks(n: int, rounds: Sequence[Sequence[Sequence[int]]]) -> tuple[list[int], int]:
    """Who met whom in these rounds, as bit sets: (mask of each person's table-mates, itself
    included once it sat; the number of meetings, a pair counted once per shared table).

    Bit sets, not pair lists: at 2,500 people a table, a round holds millions of pairs.
    """
    met = [0] * n
    if not rounds:
        return met, 0
    bit = [1 << p for p in range(n)]
    meetings = 0
    for rnd in rounds:
        for table in rnd:
            mask = 0
            for p in table:
                mask |= bit[p]
            for p in table:
                met[p] |= mask
            meetings += len(table) * (len(table) - 1) // 2
    return met, meetings


def distinct_pairs(met: list[int]) -> int:
    """Pairs that shared a table at least once, from `met_masks`."""
    return sum(max(0, m.bit_count() - 1) for m in met) // 2


def lower_bound(inst: RotationInstance) -> int:
    """A bound no plan can beat on repeats (pairs meeting m times count m - 1)."""
    met, meetings_played = met_masks(inst.people, inst.fixed_rounds)
    fixed_repeats = meetings_played - distinct_pairs(met)
    rounds = inst.free_rounds
    if rounds <= 0:
        return fixed_repeats
    present = inst.present
    is_present = set(present)
    n = len(present)
    sizes = inst.target_sizes()
    t = inst.groups
    host_of = inst.host_of()
    present_mask = 0
    for p in present:
        present_mask |= 1 << p
    hosts_mask = 0
    for h in host_of:
        hosts_mask |= 1 << h
    forbidden = [0] * inst.people
    for a, b in inst.forbidden:
        forbidden[a] |= 1 << b
        forbidden[b] |= 1 << a
    # the pairs of present people who cannot meet for the first time in the rounds to plan:
    # forbidden pairs, two hosts, pairs who met already
    avail = {}
    blocked = 0
    for p in present:
        mask = met[p] | forbidden[p] | (hosts_mask if p in host_of else 0)
        count = (mask & present_mask & ~(1 << p)).bit_count()
        avail[p] = n - 1 - count
        blocked += count
    blocked //= 2
    # counting: every meeting beyond the pairs still free to meet for the first time repeats
    meetings = rounds * sum(s * (s - 1) // 2 for s in sizes)
    first_meetings = n * (n - 1) // 2 - blocked
    by_count = max(0, meetings - first_meetings)
    # per person: more seat-neighbours than people still new to them
    used = [s for s in sizes if s > 0]
    smin, smax = (min(used), max(used)) if used else (0, 0)
    base, cap = rounds * (smin - 1), rounds * (smax - smin)
    excess = 0
    for h, k in host_of.items():
        excess += max(0, rounds * (sizes[k] - 1) - avail[h])
    guests = [avail[p] for p in present if p not in host_of]
    guest_units = rounds * sum(
        (s - smin) * (s - (1 if inst.hosts[k] in host_of else 0)) for k, s in enumerate(sizes)
    )
    excess += _min_excess(base, cap, guests, guest_units)
    by_person = (excess + 1) // 2
    # pigeonhole: a table of s > t people cannot be fully split up in the next round
    previous = (
        [sum(1 for p in tb if p in is_present) for tb in inst.fixed_rounds[-1]]
        if (inst.fixed_rounds)
        else None
    )
    by_pigeon = (rounds - 1) * sum(_pairs_spread(s, t) for s in sizes)
    if previous is not None:
        by_pigeon += sum(_pairs_spread(s, t) for s in previous)
    # required pairs meet every round: once each for free, the rest repeat (all of them when
    # the pair met already in the rounds played)
    by_required = 0
    for grp in inst.required_groups():
        mask = 0
        for p in grp:
            mask |= 1 << p
        pairs = len(grp) * (len(grp) - 1) // 2
        met_before = sum((met[p] & mask & ~(1 << p)).bit_count() for p in grp) // 2
        by_required += pairs * (rounds - 1) + met_before
    return fixed_repeats + max(by_count, by_person, by_pigeon, by_required)


def label_clash_bound(inst: RotationInstance) -> int:
    """Fewest (round, table) holding two people of one label, summed over label systems."""
    sizes = sorted(inst.target_sizes(), reverse=True)
    t = inst.groups
    present = inst.present
    total = 0
    for labels in inst.label_systems():
        counts: dict[str, int] = {}
        for p in present:
            lab = labels[p]
            if lab is not None:
                counts[lab] = counts.get(lab, 0) + 1
        per_round = 0
        for c in counts.values():
            m = seated = 0  # seated: sum(sizes[:m]), kept as m grows
            while m < t and (t - m) + seated < c:
                seated += sizes[m]
                m += 1
            if c > t:
                per_round = max(per_round, m)
        total += per_round * inst.free_rounds
    return total


def evenness_bound(inst: RotationInstance) -> int:
    """Sum over the rounds to plan of (largest - smallest table) at the most even sizes."""
    sizes = inst.target_sizes()
    return inst.free_rounds * (max(sizes) - min(sizes))
