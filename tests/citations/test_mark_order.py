"""Numbers in one cluster of marks read in ascending order, on every built page (body text,
key facts, comparison and timeline alike): "1, 6", never "6, 1"."""
from __future__ import annotations

from support.site import BuildResult, parse


def test_every_cluster_of_marks_is_in_ascending_order(built_site: BuildResult) -> None:
    clusters = 0
    wrong = []
    for path in built_site.html_files():
        for cluster in parse(path).select("sup.cites"):
            numbers = [int(a.get_text(strip=True)) for a in cluster.select("a.cite")]
            clusters += 1
            if numbers != sorted(numbers) or len(numbers) != len(set(numbers)):
                wrong.append(f"{path.relative_to(built_site.output)}: {numbers}")
    assert clusters, "the site has citation marks"
    assert not wrong, "marks out of order:\n" + "\n".join(wrong[:20])
