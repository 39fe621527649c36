"""The co-occurrence graph of an actor or place: it in the middle, the entities named in
the same articles around it, each edge as thick as the number of articles they share."""

import math
from dataclasses import dataclass

# Small enough that a phone (a graph some 356px wide) draws the 20px labels at 12px or more.
SIZE = 560
# The nodes stand on an upright ellipse: the labels beside them need the width (one reaches
# WIDTH_RADIUS + LABEL_GAP + its width from the centre), and the height spreads them apart.
WIDTH_RADIUS = 90
HEIGHT_RADIUS = 190
LABEL_GAP = 14
MAX_EDGE_WIDTH = 8
# How far a label's baseline moves up above a node at the top, and down below one at the
# bottom: past the dot (radius 7) and the label's own descent (above) or height (below), at
# the 20px labels are drawn in (archive.css).
LABEL_RISE = 22
# The letters a label beside a node holds, its name and its count: the room left of the
# ellipse is 176 of its 560 units, and a letter at 20px some 8.
LABEL_LETTERS = 22


@dataclass(frozen=True)
class Node:
    entity: object
    x: float
    y: float
    shared: int
    edge_width: float
    kind: str  # actor or place, for colouring
    label_x: float
    label_y: float
    anchor: str  # labels point away from the centre, so neighbours' labels do not collide
    label: str  # the name, shortened with … where it would run off the graph beside its node


@dataclass(frozen=True)
class Graph:
    size: int
    centre: float
    nodes: tuple[Node, ...]


def companion_graph(companions: list[tuple[object, str]]) -> Graph | None:
    """Lay out `companions` ((entity with a `shared` count, kind) pairs) on an upright ellipse."""
    if not companions:
        return None
    most = max(entity.shared for entity, _ in companions)
    centre = SIZE / 2
    nodes = []
    for index, (entity, kind) in enumerate(companions):
        angle = 2 * math.pi * index / len(companions) - math.pi / 2
        side = math.cos(angle)
        # Centred only straight above or below the centre: two nodes either side of the bottom
        # of an odd ring, centred, drew their labels over each other.
        anchor = "middle" if abs(side) < 0.01 else ("start" if side > 0 else "end")
        x, y = centre + WIDTH_RADIUS * side, centre + HEIGHT_RADIUS * math.sin(angle)
        nodes.append(
            Node(
                entity=entity,
                x=round(x, 1),
                y=round(y, 1),
                shared=entity.shared,
                edge_width=round(1 + (MAX_EDGE_WIDTH - 1) * entity.shared / most, 1),
                kind=kind,
                label_x=round(x if anchor == "middle" else x + math.copysign(LABEL_GAP, side), 1),
                label_y=round(y + LABEL_RISE * math.sin(angle) + 6, 1),
                anchor=anchor,
                label=_shortened(entity.name, LABEL_LETTERS - len(f" ({entity.shared})")) if anchor != "middle" else entity.name,
            )
        )
    return Graph(SIZE, centre, tuple(nodes))


def _shortened(name: str, letters: int) -> str:
    """`name`, or as many of its first words as fit in `letters` with a … after them (the page
    gives it whole on hover), or its first letters where its first word does not fit."""
    if len(name) <= letters:
        return name
    words = name.split()
    kept = words[0]
    for word in words[1:]:
        if len(kept) + 1 + len(word) + 1 > letters:
            break
        kept += " " + word
    return (kept if len(kept) < letters else kept[: letters - 1]) + "…"
