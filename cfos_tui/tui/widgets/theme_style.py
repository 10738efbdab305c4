"""A widget part's style from the theme's colours, worked out as Textual would.

A component class gives a part of a widget (a table's cursor, its heading) its own
CSS, but each one is styled like one more widget whenever the widget is mounted or
focused. The views' table and the roadmap panel have few parts, all in the theme's
colours, so they work them out here, laid over the widget's own style.
"""

from __future__ import annotations

from rich.errors import StyleSyntaxError
from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError
from textual.widget import Widget

Part = tuple[str, str, str]
"""A part's look: theme colours for its background and its text (each with an
opacity, as "name 40%" in Textual CSS; empty: the widget's), and a theme text style."""

CURSOR: Part = ("block-cursor-background", "block-cursor-foreground", "block-cursor-text-style")
BLURRED_CURSOR: Part = (
    "block-cursor-blurred-background",
    "block-cursor-blurred-foreground",
    "block-cursor-blurred-text-style",
)
HOVER: Part = ("block-hover-background", "", "")


def _percent(text: str, default: float) -> float:
    try:
        return float(text.rstrip("%")) / 100 if text else default
    except ValueError:
        return default


def theme_color(theme: dict[str, str], spec: str, default: Color) -> Color:
    """``spec`` ("name" or "name 40%") as a colour of the theme, else ``default``."""
    name, _, alpha = spec.partition(" ")
    try:
        color = Color.parse(theme[name])
    except (KeyError, ColorParseError):
        return default
    return color.multiply_alpha(_percent(alpha, 1.0))


def text_color_over(theme: dict[str, str], spec: str, background: Color, default: Color) -> Color:
    """The theme's text colour ``spec`` as it shows over ``background`` (a colour of
    "auto" contrasts with it, as Textual works it out)."""
    value = theme.get(spec.partition(" ")[0], "")
    if value.startswith("auto"):
        fore = background.get_contrast_text(_percent(value.partition(" ")[2], 0.95))
    else:
        fore = theme_color(theme, spec, default)
    return background + fore


def laid_over(widget: Widget, part: Part) -> Style:
    """``widget``'s style with ``part``'s colours and text style laid over it, as Textual
    lays a component class over its widget (a text colour of "auto" contrasts with
    the background)."""
    background, color, text_style = part
    theme = widget.app.theme_variables
    over = widget.background_colors[1] + theme_color(theme, background, Color(0, 0, 0, 0))
    fore = text_color_over(theme, color, over, widget.styles.color)
    try:
        text = Style.parse(theme.get(text_style, text_style)) if text_style else Style()
    except StyleSyntaxError:
        text = Style()
    return widget.rich_style + text + Style.from_color(fore.rich_color, over.rich_color)


def style_of(text: Text) -> Style:
    """A rich ``Text``'s own style (which ``Text.render`` leaves to its caller)."""
    return Style.parse(text.style) if isinstance(text.style, str) else text.style
