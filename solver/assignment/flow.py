"""Min-cost flow for one department's pure assignment (OR-Tools `SimpleMinCostFlow`).

Network: source → inspector (capacity: the per-round cap) → inspector-day
(the per-day cap) → slot (1 per inspector, cost = drawn rank position) →
sink (`team_size`). A slot that must provide the visit's leader routes its
`can_lead` inspectors through a leader node whose first unit earns a bonus
larger than any rank cost, so the flow seats a leader wherever it can.

Forbidden pairs and "whole team or nobody" are ignored, so the flow is a
relaxation: its maximum is an upper bound on the staffed inspector seats, it
answers "can cap c still staff everything?" in milliseconds (the effective
cap search), and its solution is the hint for CP-SAT.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.graph.python import min_cost_flow

from solver.assignment.model import tiebreak_order
from solver.assignment.problem import Problem


@dataclass
class FlowResult:
    """Seats routed, their rank cost, and the inspectors routed to each slot."""

    units: int
    cost: int
    teams: dict[int, list[str]]
    leaders: int = 0

    def integral(self, problem: Problem, slot_ids: list[int], leader_slots: frozenset[int]) -> bool:
        """True when the flow is itself a valid plan: whole teams, leader seats filled, no forbidden pair.

        Then it is optimal for the CP-SAT model too: every model solution is
        a flow with all seats and leader seats filled, so it costs no less.
        """
        return not self.broken(problem, slot_ids, leader_slots)

    def broken(self, problem: Problem, slot_ids: list[int], leader_slots: frozenset[int]) -> list[int]:
        """Slots whose flow team is not a valid team (partial, leader seat empty, or a forbidden pair)."""
        bad = []
        for si in slot_ids:
            team = self.teams[si]
            if (len(team) != problem.team_size
                    or (si in leader_slots and not any(problem.inspectors[i].can_lead for i in team))
                    or any(j in problem.pair_partners.get(i, ()) for i in team for j in team)):
                bad.append(si)
        return bad


def candidates(problem: Problem, slot_ids: list[int], dates: list[int]) -> dict[int, list[str]]:
    """Eligible inspectors of each slot on its visit's date, best drawn rank first."""
    result = {}
    for si in slot_ids:
        slot = problem.slots[si]
        t = dates[slot.visit]
        result[si] = [] if t < 0 else problem.eligible_ranked(slot, t)
    return result


class FlowNetwork:
    """One department's network, built once and re-solved for several caps."""

    def __init__(self, problem: Problem, slot_ids: list[int], dates: list[int],
                 cands: dict[int, list[str]], leader_slots: frozenset[int], *, tiebreak: bool = True) -> None:
        self.problem, self.slot_ids = problem, slot_ids
        self.nodes: dict[tuple, int] = {("source",): 0, ("sink",): 1}
        self.tails: list[int] = []
        self.heads: list[int] = []
        self.caps: list[int] = []
        self.costs: list[int] = []
        self.seat_arcs: list[tuple[int, int, str]] = []
        self.bonus_arcs: list[int] = []
        self.source_arcs: list[int] = []
        self._build(dates, cands, leader_slots, tiebreak)
        self.flow = min_cost_flow.SimpleMinCostFlow()
        if self.tails:
            self.flow.add_arcs_with_capacity_and_unit_cost(self.tails, self.heads, self.caps, self.costs)

    def _node(self, key: tuple) -> int:
        if key not in self.nodes:
            self.nodes[key] = len(self.nodes)
        return self.nodes[key]

    def _arc(self, tail: int, head: int, capacity: int, cost: int) -> int:
        self.tails.append(tail)
        self.heads.append(head)
        self.caps.append(capacity)
        self.costs.append(cost)
        return len(self.tails) - 1

    def _build(self, dates, cands, leader_slots, tiebreak: bool) -> None:
        problem = self.problem
        widest = max((len(c) for c in cands.values()), default=0) + 1
        # Cost of a seat = rank position × scale + tie-break order: the scale exceeds any
        # total of tie-break orders, so the minimum is lexicographic (drawn order first).
        order = tiebreak_order(problem, cands) if tiebreak else {}
        scale = problem.team_size * len(self.slot_ids) * widest + 1 if tiebreak else 1
        bonus = scale * problem.team_size * (max((len(problem.slots[si].ranking) for si in self.slot_ids),
                                                 default=0) + 1) + 1
        for si in self.slot_ids:
            slot = problem.slots[si]
            t = dates[slot.visit]
            collector = self._node(("slot", si))
            self._arc(collector, 1, problem.team_size, 0)
            lead_node = None
            if si in leader_slots:
                lead_node = self._node(("lead", si))
                self.bonus_arcs.append(self._arc(lead_node, collector, 1, -bonus))
                self._arc(lead_node, collector, problem.team_size - 1, 0)
            via = self._pair_gates(si, cands[si], lead_node is not None)
            self._seats(slot, si, t, cands[si], collector, lead_node, via, scale, order)
        for key in sorted(k for k in self.nodes if k[0] == "day"):
            self._arc(self._node(("ins", key[1])), self.nodes[key], problem.day_cap, 0)
        for key in sorted(k for k in self.nodes if k[0] == "ins"):
            self.source_arcs.append(self._arc(0, self.nodes[key], problem.round_cap, 0))

    def _seats(self, slot, si, t, cands, collector, lead_node, via, scale, order) -> None:
        """One arc per candidate from its inspector-day node to the slot (hot loop: locals only)."""
        nodes, inspectors = self.nodes, self.problem.inspectors
        tails, heads, caps, costs, seat_arcs = self.tails, self.heads, self.caps, self.costs, self.seat_arcs
        gates: dict[str, int] = {}
        for i in cands:
            key = ("day", i, t)
            day_node = nodes.get(key)
            if day_node is None:
                day_node = nodes[key] = len(nodes)
            head = lead_node if lead_node is not None and inspectors[i].can_lead else collector
            if i in via:
                if via[i] not in gates:
                    gates[via[i]] = self._node(("gate", si, via[i]))
                    self._arc(gates[via[i]], head, 1, 0)
                head = gates[via[i]]
            seat_arcs.append((len(tails), si, i))
            tails.append(day_node)
            heads.append(head)
            caps.append(1)
            costs.append(slot.position[i] * scale + order.get((si, i), 0))

    def _pair_gates(self, si: int, cands: list[str], has_lead_node: bool) -> dict[str, str]:
        """Forbidden pairs among a slot's candidates that the flow can model exactly.

        Both members of a pair pass through one gate of capacity 1, so at most
        one of them is seated. This works for pairs that share no member and
        route to the same head (both or neither `can_lead` where the slot
        seats the leader); any other pair is left to CP-SAT.
        """
        problem = self.problem
        members = set(cands)
        via: dict[str, str] = {}
        for i in cands:
            for j in sorted(problem.pair_partners.get(i, frozenset()) & members):
                same_head = not has_lead_node or problem.inspectors[i].can_lead == problem.inspectors[j].can_lead
                if i < j and i not in via and j not in via and same_head:
                    via[i] = via[j] = i
        return via

    def solve(self, cap: int) -> FlowResult:
        """Max flow at least cost with every inspector's round capacity set to `cap`."""
        problem = self.problem
        if not self.seat_arcs:
            return FlowResult(0, 0, {si: [] for si in self.slot_ids})
        for index in self.source_arcs:
            self.flow.set_arc_capacity(index, cap)
        total = problem.team_size * len(self.slot_ids)
        self.flow.set_node_supply(0, total)
        self.flow.set_node_supply(1, -total)
        status = self.flow.solve_max_flow_with_min_cost()
        if status != self.flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
        teams: dict[int, list[str]] = {si: [] for si in self.slot_ids}
        units = cost = 0
        for index, si, i in self.seat_arcs:
            if self.flow.flow(index) > 0:
                teams[si].append(i)
                units += 1
                cost += problem.slots[si].position[i]
        for si in self.slot_ids:
            teams[si].sort(key=problem.slots[si].position.__getitem__)
        return FlowResult(units, cost, teams, sum(self.flow.flow(a) for a in self.bonus_arcs))


def smallest_cap(network: FlowNetwork) -> tuple[int, FlowResult]:
    """The least per-round cap whose flow routes as many seats and leader seats as the scenario's cap.

    Binary search; the flow is monotone in the cap, and routing the same
    number of seats with the same number of leader seats is necessary for
    staffing as many slots, so the result is a lower bound that CP-SAT confirms.
    """
    round_cap = network.problem.round_cap
    top = network.solve(round_cap)
    members = max(1, len(network.source_arcs))
    low, high = -(-top.units // members), round_cap
    best = top
    while low < high:
        mid = (low + high) // 2
        trial = network.solve(mid)
        if (trial.units, trial.leaders) == (top.units, top.leaders):
            high, best = mid, trial
        else:
            low = mid + 1
    return high, best if best.units == top.units else network.solve(high)
