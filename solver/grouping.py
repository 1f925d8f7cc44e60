"""Independent parts of a round: departments linked by the visits they share.

networkx builds the bipartite graph department—visit (an edge for each slot)
and splits it into connected components. Two departments in different
components share no visit and no inspector, so each part is planned on its
own; inside a part, departments are still solved one at a time, and the
leader seat is what links them (see `solver.assignment.planner`).
"""

from __future__ import annotations

import networkx as nx

from solver.assignment.problem import Problem


def independent_parts(problem: Problem) -> list[list[str]]:
    """Departments grouped by connected component, each list sorted, parts in order of their first department."""
    graph = nx.Graph()
    graph.add_nodes_from(("dept", d) for d in problem.departments)
    for visit in problem.visits:
        for dept in visit.departments:
            graph.add_edge(("dept", dept), ("visit", visit.index))
    parts = [sorted(name for kind, name in component if kind == "dept") for component in nx.connected_components(graph)]
    return sorted((p for p in parts if p), key=lambda p: p[0])


def slots_by_department(problem: Problem) -> dict[str, list[int]]:
    """Slot indices of each department, ascending."""
    result: dict[str, list[int]] = {d: [] for d in problem.departments}
    for slot in problem.slots:
        result.setdefault(slot.department, []).append(slot.index)
    return result
