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

from solver.assignment.problem import Problem


@dataclass
class FlowResult:
    """Seats routed, their rank cost, and the inspectors routed to each slot."""

    units: int
    cost: int
    teams: dict[int, list[str]]
    leaders: int = 0


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
                 cands: dict[int, list[str]], leader_slots: frozenset[int]) -> None:
        self.problem, self.slot_ids = problem, slot_ids
        self.nodes: dict[tuple, int] = {("source",): 0, ("sink",): 1}
        self.tails: list[int] = []
        self.heads: list[int] = []
        self.caps: list[int] = []
        self.costs: list[int] = []
        self.seat_arcs: list[tuple[int, int, str]] = []
        self.bonus_arcs: list[int] = []
        self.source_arcs: list[int] = []
        self._build(dates, cands, leader_slots)
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

    def _build(self, dates, cands, leader_slots) -> None:
        problem = self.problem
        bonus = problem.team_size * (max((len(c) for c in cands.values()), default=0) + 1) + 1
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
            for i in cands[si]:
                day_node = self._node(("day", i, t))
                head = lead_node if lead_node is not None and problem.inspectors[i].can_lead else collector
                self.seat_arcs.append((self._arc(day_node, head, 1, slot.position[i]), si, i))
        for key in sorted(k for k in self.nodes if k[0] == "day"):
            self._arc(self._node(("ins", key[1])), self.nodes[key], problem.day_cap, 0)
        for key in sorted(k for k in self.nodes if k[0] == "ins"):
            self.source_arcs.append(self._arc(0, self.nodes[key], problem.round_cap, 0))

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
