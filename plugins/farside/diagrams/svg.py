"""Tiny helpers for writing accessible inline SVG with escaped text."""
from __future__ import annotations

from markdown_it.common.utils import escapeHtml


def text(x: float, y: float, content: str, cls: str = "fig-label", anchor: str = "start") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}">'
            f"{escapeHtml(content)}</text>")


def svg(figure_id: str, width: int, height: int, title: str, description: str, body: list[str]) -> str:
    """An <svg> with role=img and a title and description that screen readers announce."""
    return (f'<svg class="diagram" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{figure_id}-title {figure_id}-desc" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{figure_id}-title">{escapeHtml(title)}</title>'
            f'<desc id="{figure_id}-desc">{escapeHtml(description)}</desc>'
            + "".join(body) + "</svg>")
