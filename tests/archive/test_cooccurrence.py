from types import SimpleNamespace

from libya_archive.archive.cooccurrence import companion_graph

DOT_RADIUS = 7
LABEL_SIZE = 20  # px, as archive.css draws them; a descent of about a third of it


def test_no_label_is_drawn_over_its_own_dot():
    companions = [(SimpleNamespace(name="سرت", shared=12 - number), "actor" if number % 2 else "place") for number in range(12)]
    graph = companion_graph(companions)
    assert len(graph.nodes) == 12
    for node in graph.nodes:
        if node.anchor == "middle":  # above or below its dot: the text clears it vertically
            top, bottom = node.label_y - LABEL_SIZE * 0.8, node.label_y + LABEL_SIZE * 0.3
            assert bottom < node.y - DOT_RADIUS or top > node.y + DOT_RADIUS, node
        else:  # beside it: the text starts past it
            assert abs(node.label_x - node.x) > DOT_RADIUS, node


LETTER_WIDTH = 8  # px, about, of an Arabic letter at LABEL_SIZE (7.4 measured in Chromium)


def test_a_long_name_beside_its_node_is_shortened_to_stay_inside_the_graph():
    long_name = "المؤسسة الوطنية للنفط"
    companions = [(SimpleNamespace(name=long_name, shared=5 if number % 2 else 1234), "actor") for number in range(12)]
    graph = companion_graph(companions)
    for node in graph.nodes:
        drawn = f"{node.label} ({node.shared})"
        if node.anchor == "end":
            assert node.label_x - LETTER_WIDTH * len(drawn) >= 0, drawn
        elif node.anchor == "start":
            assert node.label_x + LETTER_WIDTH * len(drawn) <= graph.size, drawn
        else:  # above or below the centre: the whole width is its room
            assert node.label == long_name
    assert {node.label for node in graph.nodes if node.anchor != "middle"} == {"المؤسسة الوطنية…", "المؤسسة…"}


def label_box(node) -> tuple[float, float, float, float]:
    """Where a node's label is drawn, about: left, top, right, bottom."""
    width = LETTER_WIDTH * len(f"{node.label} ({node.shared})")
    left = {"start": node.label_x, "end": node.label_x - width, "middle": node.label_x - width / 2}[node.anchor]
    return left, node.label_y - LABEL_SIZE * 0.8, left + width, node.label_y + LABEL_SIZE * 0.3


def test_no_two_labels_are_drawn_over_each_other_however_many_companions():
    for count in range(1, 13):
        companions = [(SimpleNamespace(name=["الجزائر", "تونس", "مصر", "فرنسا"][n % 4], shared=1), "place") for n in range(count)]
        boxes = [label_box(node) for node in companion_graph(companions).nodes]
        for n, (left, top, right, bottom) in enumerate(boxes):
            for other_left, other_top, other_right, other_bottom in boxes[n + 1 :]:
                apart = right <= other_left or other_right <= left or bottom <= other_top or other_bottom <= top
                assert apart, f"{count} companions: labels {n} and another overlap"
